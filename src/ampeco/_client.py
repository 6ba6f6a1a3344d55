"""``ampeco.Client`` and ``ampeco.AsyncClient``: what users pass as ``client=`` to generated endpoints.

Each client owns one connection pool. ``with_options`` returns a cheap copy with other timeouts or retry
counts that sends through the same pool; closing any of them closes the pool they share.
"""

from __future__ import annotations

import importlib
import platform
import threading
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, Generic, Self, TypeVar

import httpx

from ampeco._auth import BearerAuth
from ampeco._body import ACCEPT_ENCODING
from ampeco._config import (
    Timeout,
    is_loopback,
    resolve_base_url,
    resolve_max_response_bytes,
    resolve_max_retries,
    resolve_rate,
    resolve_seconds,
    resolve_timeout,
    resolve_token,
)
from ampeco._constants import (
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_KEEPALIVE_CONNECTIONS,
    DEFAULT_MAX_RATE_LIMIT_WAIT,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
)
from ampeco._exceptions import ConfigurationError
from ampeco._retry import Throttle
from ampeco._secret import Secret
from ampeco._transport import CLOSED_MESSAGE, AsyncRetryTransport, RetrySettings, RetryTransport
from ampeco._version import __api_version__, __version__

__all__ = ["AsyncClient", "Client", "user_agent"]

if TYPE_CHECKING:
    # What type checkers and IDEs see: one typed, read-only attribute per resource (client.cdrs, ...).
    from ampeco_public_api.resources import AsyncResources as _AsyncResources
    from ampeco_public_api.resources import SyncResources as _SyncResources
else:

    class _ResourceAccess:
        """``client.cdrs`` and the other resources: the generated class, imported and bound on first use.

        Hidden from type checkers (they see the generated ``SyncResources``/``AsyncResources``), so a
        misspelt attribute stays a type error. Resources are cached as the instance's public attributes.
        """

        _resource_table = ""

        def __getattr__(self, name: str) -> Any:
            if name.startswith("_"):
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            table = getattr(importlib.import_module("ampeco_public_api.resources"), self._resource_table)
            found = table.get(name)
            if found is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            module, class_name = found
            resource_class = getattr(
                importlib.import_module(f"ampeco_public_api.resources.{module}"), class_name
            )
            resource = resource_class(self)
            self.__dict__[name] = resource
            return resource

        def __dir__(self) -> list[str]:
            table = getattr(importlib.import_module("ampeco_public_api.resources"), self._resource_table)
            return sorted(set(super().__dir__()) | set(table))

    class _SyncResources(_ResourceAccess):
        _resource_table = "SYNC_RESOURCES"

    class _AsyncResources(_ResourceAccess):
        _resource_table = "ASYNC_RESOURCES"


class _NotGiven:
    """Marks an omitted ``with_options`` argument (``None`` can be a meaningful value)."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = _NotGiven()

_HttpxT = TypeVar("_HttpxT", httpx.Client, httpx.AsyncClient)


def user_agent() -> str:
    version = platform.python_version_tuple()
    return f"ampeco-public-api/{__version__} (api {__api_version__}; python {version[0]}.{version[1]})"


_PoolT = TypeVar("_PoolT")


class _Pool(Generic[_PoolT]):
    """The connection pool shared by a client and its ``with_options`` copies: our own httpx transport,
    created on first use, or the ``httpx`` client the caller brought (which the caller keeps owning)."""

    __slots__ = ("_lock", "_pool", "closed", "owned")

    def __init__(self, given: _PoolT | None) -> None:
        self._pool: _PoolT | None = given
        self.owned = given is None
        self.closed = False
        self._lock = threading.Lock()

    def get(self, factory: Callable[[], _PoolT]) -> _PoolT:
        if self._pool is None:
            with self._lock:
                if self._pool is None:
                    self._pool = factory()
        return self._pool

    def take_for_close(self) -> _PoolT | None:
        """Mark closed and return what to close, if this pool created it."""
        self.closed = True
        return self._pool if self.owned else None

    def is_closed(self) -> bool:
        # Handed to the transports instead of a client method, so they do not keep the client alive.
        return self.closed


def _limits() -> httpx.Limits:
    return httpx.Limits(
        max_connections=DEFAULT_MAX_CONNECTIONS,
        max_keepalive_connections=DEFAULT_MAX_KEEPALIVE_CONNECTIONS,
    )


def _env_proxy(base_url: str) -> str | None:
    """The proxy ``HTTPS_PROXY``/``ALL_PROXY`` (minus ``NO_PROXY``) selects for the tenant, as httpx would;
    loopback tenants are always reached directly."""
    url = httpx.URL(base_url)
    host = url.host
    import urllib.request  # only when a pool is built: it costs as much as importing httpx's models

    if is_loopback(host) or urllib.request.proxy_bypass(host):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(url.scheme) or proxies.get("all") or None


class _BaseClient(Generic[_HttpxT, _PoolT]):
    _pool: _Pool[_PoolT]
    _httpx: _HttpxT | None

    def __init__(
        self,
        base_url: str | None = None,
        *,
        token: str | Secret | None = None,
        timeout: float | Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_rate_limit_wait: float = DEFAULT_MAX_RATE_LIMIT_WAIT,
        requests_per_second: float | None = None,
        headers: Mapping[str, str] | None = None,
        http_client: _HttpxT | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        # First line: from here on the token is a Secret in every frame (tracebacks with locals, debuggers).
        token = Secret.hide(token)
        self._base_url = resolve_base_url(base_url)
        secret = resolve_token(token)
        rate = resolve_rate(requests_per_second)
        self._settings = RetrySettings(
            max_retries=resolve_max_retries(max_retries),
            timeout=resolve_timeout(timeout),
            max_rate_limit_wait=_seconds("max_rate_limit_wait", max_rate_limit_wait),
            throttle=Throttle(rate) if rate is not None else None,
            max_response_bytes=resolve_max_response_bytes(max_response_bytes),
        )
        self._headers = _default_headers(headers)
        if http_client is not None and not isinstance(http_client, self._httpx_class()):
            raise ConfigurationError(
                f"http_client must be an {self._httpx_class().__module__}.{self._httpx_class().__name__}"
                f" for {type(self).__name__}, got {type(http_client).__name__}"
            )
        self._pool = _Pool(http_client)  # type: ignore[arg-type]  # _PoolT always includes _HttpxT
        self._httpx = None
        self._lock = threading.Lock()
        # Last, once nothing can fail: the token lives only inside the auth object, whose repr hides it
        # and which keeps it registered for redaction until the client is closed or collected.
        self._auth = BearerAuth(secret, self._base_url)

    @classmethod
    def _httpx_class(cls) -> type[_HttpxT]:
        raise NotImplementedError

    # -- public read-only view ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def timeout(self) -> Timeout:
        return self._settings.timeout

    @property
    def max_retries(self) -> int:
        return self._settings.max_retries

    @property
    def max_rate_limit_wait(self) -> float:
        return self._settings.max_rate_limit_wait

    @property
    def requests_per_second(self) -> float | None:
        throttle = self._settings.throttle
        return throttle.rate if throttle is not None else None

    @property
    def max_response_bytes(self) -> int:
        return self._settings.max_response_bytes

    @property
    def is_closed(self) -> bool:
        return self._pool.closed

    def _close_pool(self) -> _PoolT | None:
        """Mark the shared pool closed, stop registering the token, and return what to close."""
        self._auth.release()
        return self._pool.take_for_close()

    def with_options(
        self,
        *,
        timeout: float | Timeout | _NotGiven = NOT_GIVEN,
        max_retries: int | _NotGiven = NOT_GIVEN,
        max_rate_limit_wait: float | _NotGiven = NOT_GIVEN,
        max_response_bytes: int | _NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with other per-request settings, sharing this client's pool, token and throttle."""
        settings = RetrySettings(
            max_retries=self._settings.max_retries
            if isinstance(max_retries, _NotGiven)
            else resolve_max_retries(max_retries),
            timeout=self._settings.timeout if isinstance(timeout, _NotGiven) else resolve_timeout(timeout),
            max_rate_limit_wait=self._settings.max_rate_limit_wait
            if isinstance(max_rate_limit_wait, _NotGiven)
            else _seconds("max_rate_limit_wait", max_rate_limit_wait),
            throttle=self._settings.throttle,
            max_response_bytes=self._settings.max_response_bytes
            if isinstance(max_response_bytes, _NotGiven)
            else resolve_max_response_bytes(max_response_bytes),
        )
        copy = object.__new__(type(self))
        # Public instance attributes are resources bound to this client; the copy binds its own.
        copy.__dict__.update({name: value for name, value in self.__dict__.items() if name.startswith("_")})
        copy._settings = settings
        copy._httpx = None
        copy._lock = threading.Lock()
        return copy

    def _build_httpx(self, transport: httpx.BaseTransport | httpx.AsyncBaseTransport) -> dict[str, Any]:
        return {
            "base_url": self._base_url,
            "headers": self._headers,
            "auth": self._auth,
            "timeout": self._settings.httpx_timeout(),
            "transport": transport,
            "follow_redirects": False,
            # Proxies and certificates come from the pool's client; the outer one must not route around
            # the retry transport through environment proxy mounts.
            "trust_env": False,
        }

    def __repr__(self) -> str:
        # Safe on a half-built client (a constructor that raised, seen by a traceback with locals).
        settings: RetrySettings | None = getattr(self, "_settings", None)
        if settings is None:
            return f"{type(self).__name__}(<not initialized>)"
        return (
            f"{type(self).__name__}(base_url={getattr(self, '_base_url', None)!r}, token='***', "
            f"timeout={settings.timeout}, max_retries={settings.max_retries})"
        )

    def __reduce__(self) -> str | tuple[Any, ...]:
        raise TypeError(
            f"{type(self).__name__} holds an API token and open connections; it cannot be pickled"
        )


def _seconds(name: str, value: object) -> float:
    seconds = resolve_seconds(name, value)
    assert seconds is not None
    return seconds


def _default_headers(extra: Mapping[str, str] | None) -> dict[str, str]:
    # Only the codings ampeco._body inflates within max_response_bytes.
    headers = {"User-Agent": user_agent(), "Accept": "application/json", "Accept-Encoding": ACCEPT_ENCODING}
    for name, value in (extra or {}).items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise ConfigurationError(
                f"headers must map strings to strings, got {name!r}: {type(value).__name__}"
            )
        if name.lower() == "authorization":
            raise ConfigurationError("Pass the API token as token= (or AMPECO_API_TOKEN), not as a header")
        headers[name] = value
    return headers


class Client(_BaseClient[httpx.Client, httpx.Client | httpx.BaseTransport], _SyncResources):
    """Synchronous AMPECO client: ``client.cdrs.list(...)``, ``client.charge_points.read(1)``, ...

    Every resource of the API is an attribute (see ``api.md``); the generated module functions take it
    as ``client=`` too.

    ``base_url`` falls back to ``AMPECO_BASE_URL`` and ``token`` to ``AMPECO_API_TOKEN``. Use it as a
    context manager (or call ``close()``) to release connections. ``http_client`` lets you bring an
    ``httpx.Client`` configured with proxies or certificates; you keep ownership of it.

    ``timeout`` bounds each attempt as a whole, headers included: every socket operation gets only what
    remains of it (``ampeco._deadline``). On an ``http_client`` this holds for its ``httpx.HTTPTransport``
    transports (the default); a transport of another kind is only checked between body chunks.
    ``max_response_bytes`` caps a response body after decoding (``ResponseTooLargeError``).
    """

    @classmethod
    def _httpx_class(cls) -> type[httpx.Client]:
        return httpx.Client

    def get_httpx_client(self) -> httpx.Client:
        """The ``httpx.Client`` the generated endpoint functions send through."""
        if self._httpx is None:
            with self._lock:
                if self._httpx is None:
                    if self._pool.closed:
                        raise RuntimeError(CLOSED_MESSAGE)
                    pool = self._pool.get(self._own_pool)
                    if isinstance(pool, httpx.Client):
                        from ampeco._deadline_backend import enforce_deadlines_on_client

                        # The caller's client: its httpx.HTTPTransport(s) learn our deadlines too (they
                        # apply to our requests only); other transports get the between-chunks check.
                        enforce_deadlines_on_client(pool)
                    transport = RetryTransport(pool, self._settings, is_closed=self._pool.is_closed)
                    self._httpx = httpx.Client(**self._build_httpx(transport))
        return self._httpx

    def _own_pool(self) -> httpx.HTTPTransport:
        from ampeco._deadline_backend import enforce_deadlines

        transport = httpx.HTTPTransport(limits=_limits(), proxy=_env_proxy(self._base_url))
        enforce_deadlines(transport)
        return transport

    def close(self) -> None:
        """Close the connection pool shared with every ``with_options`` copy."""
        client = self._close_pool()
        if client is not None:
            client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClient(
    _BaseClient[httpx.AsyncClient, httpx.AsyncClient | httpx.AsyncBaseTransport], _AsyncResources
):
    """Asynchronous AMPECO client: ``await client.cdrs.read(1)``, ``async for cdr in client.cdrs.list()``.

    The same resources as :class:`Client`; the generated ``asyncio*`` module functions take it as ``client=``.

    Same options as :class:`Client`; close it with ``await client.aclose()`` or ``async with``.
    """

    @classmethod
    def _httpx_class(cls) -> type[httpx.AsyncClient]:
        return httpx.AsyncClient

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """The ``httpx.AsyncClient`` the generated endpoint functions send through."""
        if self._httpx is None:
            with self._lock:
                if self._httpx is None:
                    if self._pool.closed:
                        raise RuntimeError(CLOSED_MESSAGE)
                    pool = self._pool.get(
                        lambda: httpx.AsyncHTTPTransport(limits=_limits(), proxy=_env_proxy(self._base_url))
                    )
                    transport = AsyncRetryTransport(pool, self._settings, is_closed=self._pool.is_closed)
                    self._httpx = httpx.AsyncClient(**self._build_httpx(transport))
        return self._httpx

    async def aclose(self) -> None:
        """Close the connection pool shared with every ``with_options`` copy."""
        client = self._close_pool()
        if client is not None:
            await client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
