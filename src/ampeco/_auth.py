"""Bearer authentication that keeps the token out of reprs and off foreign hosts."""

from __future__ import annotations

from collections.abc import Generator

import httpx

from ampeco._logs import register_secret


class BearerAuth(httpx.Auth):
    """Adds ``Authorization: Bearer <token>`` to requests for the configured tenant only.

    A request to another origin (an absolute URL typed by hand, a link from a response) goes out without
    the token, so a mistake cannot hand the credential to a third party.
    """

    __slots__ = ("_header", "_origin")

    def __init__(self, token: str, base_url: str) -> None:
        register_secret(token)
        self._header = f"Bearer {token}"
        url = httpx.URL(base_url)
        self._origin = (url.scheme, url.host, url.port)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if (request.url.scheme, request.url.host, request.url.port) == self._origin:
            request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "BearerAuth(token='***')"

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("BearerAuth holds an API token and cannot be pickled")
