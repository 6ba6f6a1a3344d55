"""The one place that talks HTTP: an httpx transport adding retries, rate-limit waits, the per-attempt
total timeout, logging and typed errors around the real connection pool.

Endpoint functions call ``httpx.Client.request``; the client's transport is a :class:`RetryTransport`
that forwards each attempt to the shared connection pool (an ``httpx.HTTPTransport``, or the caller's own
``httpx.Client`` given as ``http_client=``) and only ever returns 2xx
responses: everything else becomes an :class:`~ampeco.APIStatusError` before the generated parser runs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from types import ModuleType

import httpx

from ampeco._body import BodyReader, BodyTooLarge, BodyUndecodable, DeadlineExpired
from ampeco._config import Timeout
from ampeco._deadline import Deadline, attempt_deadline
from ampeco._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    ResponseTooLargeError,
    describe_request,
    request_id_of,
    status_error_from_response,
)
from ampeco._logs import logger
from ampeco._retry import Throttle, backoff_delay, server_wait, should_retry_exception, should_retry_status

OPERATION_EXTENSION = "ampeco_operation"
# A per-call ``ampeco.Timeout`` (the resource layer's ``timeout=``) overriding the client's for one request.
TIMEOUT_EXTENSION = "ampeco_timeout"
CLOSED_MESSAGE = (
    "this AMPECO client has been closed; create a new one (closing a client closes its copies too)"
)


@dataclass(frozen=True, slots=True)
class RetrySettings:
    """What one client (or one ``with_options`` copy) asks of every request it sends."""

    max_retries: int
    timeout: Timeout
    max_rate_limit_wait: float
    throttle: Throttle | None
    max_response_bytes: int

    def httpx_timeout(self) -> httpx.Timeout:
        total = self.timeout.total
        return httpx.Timeout(total, connect=min(self.timeout.connect, total))

    def for_request(self, request: httpx.Request) -> RetrySettings:
        """These settings, with the request's own timeout (``TIMEOUT_EXTENSION``) if it carries one."""
        timeout = request.extensions.get(TIMEOUT_EXTENSION)
        if isinstance(timeout, Timeout) and timeout != self.timeout:
            return replace(self, timeout=timeout)
        return self


class _Attempts:
    """Bookkeeping and decisions shared by the sync and async transports (no I/O here)."""

    __slots__ = ("attempt", "method", "operation", "request", "settings", "started")

    def __init__(self, request: httpx.Request, settings: RetrySettings) -> None:
        self.request = request
        self.settings = settings
        self.method = request.method
        operation = request.extensions.get(OPERATION_EXTENSION)
        self.operation = operation if isinstance(operation, str) else None
        self.attempt = 0
        self.started = 0.0

    @property
    def total(self) -> int:
        return self.settings.max_retries + 1

    def begin(self) -> None:
        self.attempt += 1
        self.started = time.perf_counter()

    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self.started) * 1000.0

    def _fields(self) -> dict[str, object]:
        return {
            "ampeco_operation": self.operation,
            "ampeco_method": self.method,
            "ampeco_path": self.request.url.path,
            "ampeco_attempt": self.attempt,
        }

    def log_response(self, response: httpx.Response) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        request_id = request_id_of(response.headers)
        elapsed = self.elapsed_ms()
        logger.debug(
            "%s %s -> %d in %.1f ms (attempt %d of %d%s%s)",
            self.method,
            self.request.url.path,
            response.status_code,
            elapsed,
            self.attempt,
            self.total,
            f", request id {request_id}" if request_id else "",
            f", {self.operation}" if self.operation else "",
            extra={
                **self._fields(),
                "ampeco_status": response.status_code,
                "ampeco_elapsed_ms": elapsed,
                "ampeco_request_id": request_id,
            },
        )

    def log_retry(self, reason: str, wait: float) -> None:
        logger.info(
            "Retrying %s %s in %.3f s after %s (attempt %d of %d failed%s)",
            self.method,
            self.request.url.path,
            wait,
            reason,
            self.attempt,
            self.total,
            f", {self.operation}" if self.operation else "",
            extra={**self._fields(), "ampeco_wait": wait, "ampeco_reason": reason},
        )

    def log_throttle(self, wait: float) -> None:
        logger.debug(
            "Throttling %s %s for %.3f s (requests_per_second=%g)",
            self.method,
            self.request.url.path,
            wait,
            self.settings.throttle.rate if self.settings.throttle else 0,
            extra={**self._fields(), "ampeco_throttle_wait": wait},
        )

    def on_exception(self, exc: Exception) -> float:
        """Seconds to wait before retrying after a transport failure, or raise the typed error."""
        if self.attempt < self.total and should_retry_exception(exc, self.method):
            wait = backoff_delay(self.attempt)
            self.log_retry(type(exc).__name__, wait)
            return wait
        where = describe_request(self.request, self.operation)
        tries = f" after {self.attempt} attempts" if self.attempt > 1 else ""
        if isinstance(exc, httpx.TimeoutException):
            raise APITimeoutError(
                f"{where} timed out ({type(exc).__name__}, timeout {self.settings.timeout.total:g} s){tries}",
                request=self.request,
                operation=self.operation,
                attempts=self.attempt,
            ) from exc
        detail = str(exc) or type(exc).__name__
        raise APIConnectionError(
            f"{where} failed: {detail}{tries}",
            request=self.request,
            operation=self.operation,
            attempts=self.attempt,
        ) from exc

    def on_body_error(
        self, exc: BodyTooLarge | BodyUndecodable
    ) -> APIConnectionError | ResponseTooLargeError:
        """The typed error for a body that is too large or cannot be decoded (never retried: the
        same request would get the same body)."""
        where = describe_request(self.request, self.operation)
        if isinstance(exc, BodyTooLarge):
            coding = f" after {exc.encoding} decoding" if exc.encoding else ""
            return ResponseTooLargeError(
                f"{where} response body is larger than max_response_bytes={exc.limit}{coding}; "
                "pass a larger max_response_bytes= to the client if such bodies are expected",
                request=self.request,
                operation=self.operation,
                attempts=self.attempt,
                limit=exc.limit,
            )
        return APIConnectionError(
            f"{where} response body cannot be read: {exc.detail}",
            request=self.request,
            operation=self.operation,
            attempts=self.attempt,
        )

    def on_status(self, response: httpx.Response) -> float:
        """Seconds to wait before retrying a non-2xx response, or raise its typed error."""
        status = response.status_code
        wait = server_wait(response.headers)
        if self.attempt < self.total and should_retry_status(status, self.method):
            if wait is None:
                wait = backoff_delay(self.attempt)
            elif wait > self.settings.max_rate_limit_wait:
                raise self._status_error(response, wait, waited_too_long=True)
            self.log_retry(str(status), wait)
            return wait
        raise self._status_error(response, wait, waited_too_long=False)

    def _status_error(
        self, response: httpx.Response, wait: float | None, *, waited_too_long: bool
    ) -> APIStatusError:
        error = status_error_from_response(
            response,
            operation=self.operation,
            attempts=self.attempt,
            retry_after=wait,
        )
        if waited_too_long and wait is not None:
            error.message = (
                f"{error.message} (server asked to wait {wait:g} s, more than max_rate_limit_wait="
                f"{self.settings.max_rate_limit_wait:g} s)"
            )
            error.args = (error.message,)
        return error


def _timed_out(request: httpx.Request, deadline: Deadline) -> httpx.ReadTimeout:
    return httpx.ReadTimeout(deadline.message(), request=request)


class RetryTransport(httpx.BaseTransport):
    """Sync transport: sends through ``pool`` (the connection pool's transport, or a caller's own
    ``httpx.Client``), retrying as :mod:`ampeco._retry` says."""

    def __init__(
        self,
        pool: httpx.Client | httpx.BaseTransport,
        settings: RetrySettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        is_closed: Callable[[], bool] = lambda: False,
    ) -> None:
        self._pool = pool
        self.settings = settings
        self._sleep = sleep
        self._is_closed = is_closed

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._is_closed():
            raise RuntimeError(CLOSED_MESSAGE)
        settings = self.settings.for_request(request)
        state = _Attempts(request, settings)
        throttle = settings.throttle
        while True:
            if throttle is not None:
                delay = throttle.reserve()
                if delay > 0:
                    state.log_throttle(delay)
                    self._sleep(delay)
            state.begin()
            try:
                response = self._send_once(request, settings.timeout.total)
            except httpx.TransportError as exc:
                self._sleep(state.on_exception(exc))
                continue
            except (BodyTooLarge, BodyUndecodable) as exc:
                raise state.on_body_error(exc) from None
            state.log_response(response)
            if 200 <= response.status_code < 300:
                return response
            self._sleep(state.on_status(response))

    def _send_once(self, request: httpx.Request, total: float) -> httpx.Response:
        """One attempt, body included, within the total timeout.

        Every socket operation of our pool gets only what remains of the budget (``_deadline``), so a
        server dribbling header bytes cannot hold the attempt; decoding is checked against it too.
        """
        with attempt_deadline(total) as deadline:
            pool = self._pool
            if isinstance(pool, httpx.Client):
                response = pool.send(request, stream=True)
            else:
                response = pool.handle_request(request)
            if response.is_stream_consumed:  # a transport that answered with content already read
                return response
            try:
                reader = BodyReader(
                    response.headers, limit=self.settings.max_response_bytes, deadline=deadline
                )
                for chunk in response.iter_raw():
                    reader.feed(chunk)
                body = reader.finish()
            except DeadlineExpired:
                raise _timed_out(request, deadline) from None
            finally:
                response.close()
        return _buffered(response, request, body)

    def close(self) -> None:
        """The pool belongs to the client, which closes it; copies made by ``with_options`` share it."""

    def __repr__(self) -> str:
        return f"RetryTransport(max_retries={self.settings.max_retries})"


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Async twin of :class:`RetryTransport`; the total timeout is a hard cancel scope."""

    def __init__(
        self,
        pool: httpx.AsyncClient | httpx.AsyncBaseTransport,
        settings: RetrySettings,
        *,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        is_closed: Callable[[], bool] = lambda: False,
    ) -> None:
        self._pool = pool
        self.settings = settings
        self._sleep = sleep if sleep is not None else _anyio().sleep
        self._is_closed = is_closed

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._is_closed():
            raise RuntimeError(CLOSED_MESSAGE)
        settings = self.settings.for_request(request)
        state = _Attempts(request, settings)
        throttle = settings.throttle
        while True:
            if throttle is not None:
                delay = throttle.reserve()
                if delay > 0:
                    state.log_throttle(delay)
                    await self._sleep(delay)
            state.begin()
            try:
                response = await self._send_once(request, settings.timeout.total)
            except httpx.TransportError as exc:
                await self._sleep(state.on_exception(exc))
                continue
            except (BodyTooLarge, BodyUndecodable) as exc:
                raise state.on_body_error(exc) from None
            state.log_response(response)
            if 200 <= response.status_code < 300:
                return response
            await self._sleep(state.on_status(response))

    async def _send_once(self, request: httpx.Request, total: float) -> httpx.Response:
        deadline = Deadline(total)
        try:
            with _anyio().fail_after(deadline.total):
                pool = self._pool
                if isinstance(pool, httpx.AsyncClient):
                    response = await pool.send(request, stream=True)
                else:
                    response = await pool.handle_async_request(request)
                if response.is_stream_consumed:  # a transport that answered with content already read
                    return response
                try:
                    reader = BodyReader(
                        response.headers, limit=self.settings.max_response_bytes, deadline=deadline
                    )
                    async for chunk in response.aiter_raw():
                        reader.feed(chunk)
                    body = reader.finish()
                finally:
                    await response.aclose()
        except (TimeoutError, DeadlineExpired):
            raise _timed_out(request, deadline) from None
        return _buffered(response, request, body)

    async def aclose(self) -> None:
        """The pool belongs to the client, which closes it; copies made by ``with_options`` share it."""

    def __repr__(self) -> str:
        return f"AsyncRetryTransport(max_retries={self.settings.max_retries})"


def _buffered(response: httpx.Response, request: httpx.Request, body: bytes) -> httpx.Response:
    """A fully read copy of ``response`` holding the decoded ``body``, so error messages can quote it and
    the outer client finds the content ready. Its headers are the ones received (``Content-Encoding``
    included); the content is already decoded and is not decoded again."""
    buffered = httpx.Response(
        response.status_code, content=body, request=request, extensions=response.extensions
    )
    buffered.headers = response.headers
    return buffered


def _anyio() -> ModuleType:
    """anyio, imported when the first async transport is built: sync-only programs never load it."""
    import anyio

    return anyio
