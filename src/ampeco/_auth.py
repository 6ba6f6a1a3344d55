"""Bearer authentication that keeps the token out of reprs, off foreign hosts and out of the registry
of redacted tokens once no client needs it."""

from __future__ import annotations

import weakref
from collections.abc import Generator

import httpx

from ampeco._logs import register_secret, release_secret
from ampeco._secret import Secret


class BearerAuth(httpx.Auth):
    """Adds ``Authorization: Bearer <token>`` to requests for the configured tenant only.

    A request to another origin (an absolute URL typed by hand, a link from a response) goes out without
    the token, so a mistake cannot hand the credential to a third party. The token stays registered for
    redaction until :meth:`release` (the client's ``close``) or until this object is collected.
    """

    __slots__ = ("_header", "_origin", "_release")

    def __init__(self, token: Secret, base_url: str) -> None:
        url = httpx.URL(base_url)
        self._origin = (url.scheme, url.host, url.port)
        self._header = Secret(f"Bearer {token.reveal()}")
        register_secret(token)
        self._release = weakref.finalize(self, release_secret, token)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if (request.url.scheme, request.url.host, request.url.port) == self._origin:
            request.headers["Authorization"] = self._header.reveal()
        yield request

    def release(self) -> None:
        """Stop scrubbing the token for this holder (idempotent; other clients with it keep it)."""
        self._release()

    def __repr__(self) -> str:
        return "BearerAuth(token='***')"

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("BearerAuth holds an API token and cannot be pickled")
