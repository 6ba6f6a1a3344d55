"""Every error the client raises, one class per failure a caller may want to handle differently.

All of them share :class:`AmpecoError`, so ``except ampeco.AmpecoError`` catches everything the
runtime and the generated code raise on purpose.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from ampeco._constants import MAX_ERROR_MESSAGE_CHARS, REQUEST_ID_HEADERS
from ampeco._logs import redact
from ampeco._pickling import PicklableError

if TYPE_CHECKING:
    import httpx


__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AmpecoError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidParameterError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "UnexpectedStatus",
    "UnprocessableEntityError",
    "status_error_from_response",
]


class AmpecoError(PicklableError):
    """Root of every exception raised by the AMPECO client (runtime and generated code).

    Every subclass pickles as itself, without credentials (see :mod:`ampeco._pickling`)."""


class InvalidParameterError(AmpecoError, ValueError):
    """A parameter value the request cannot carry: wrong type, empty, or one that would change the route.

    Raised before anything is sent; names the operation, the parameter and the value.
    """

    def __init__(self, operation: str, parameter: str, value: Any, reason: str) -> None:
        self.operation = operation
        self.parameter = parameter
        self.value = value
        self.reason = reason
        super().__init__(f"{operation}: {reason}")


class UnexpectedStatus(AmpecoError):
    """The server answered with a status code the spec does not document for this operation."""

    def __init__(self, status_code: int, content: bytes, operation: str = "") -> None:
        self.status_code = status_code
        self.content = content
        self.operation = operation
        where = f"{operation}: " if operation else ""
        text = content.decode(errors="ignore")[:2000]
        super().__init__(redact(f"{where}unexpected status code: {status_code}\n\nResponse content:\n{text}"))


class ResponseValidationError(AmpecoError):
    """A 2xx response body breaks the spec: names the operation, the JSON path and the value.

    The raw ``response`` is attached so nothing the server sent is lost.
    """

    def __init__(self, operation: str, path: str, value: Any, reason: str, response: httpx.Response) -> None:
        self.operation = operation
        self.path = path
        self.value = value
        self.reason = reason
        self.response = response
        self.status_code = response.status_code
        shown = repr(value)
        if len(shown) > 200:
            shown = shown[:200] + "..."
        suffix = "" if reason.startswith("required field missing") else f" (value: {shown})"
        super().__init__(redact(f"{operation}: response does not match the spec at {path}: {reason}{suffix}"))


class ConfigurationError(AmpecoError, ValueError):
    """The client was given (or found in the environment) a missing or malformed setting."""


class PaginationError(AmpecoError):
    """A listing cannot be paged safely, e.g. the server returned a cursor it had already returned."""


class APIError(AmpecoError):
    """A request to the API failed; carries what was asked and how many attempts were made."""

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None,
        operation: str | None = None,
        attempts: int = 1,
    ) -> None:
        message = redact(message)
        super().__init__(message)
        self.message = message
        self.request = request
        self.operation = operation
        self.attempts = attempts

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class APIConnectionError(APIError):
    """No usable response: the connection failed, broke or the TLS handshake failed."""


class APITimeoutError(APIConnectionError):
    """The request did not complete within the client's timeout."""


class ResponseTooLargeError(APIError):
    """The response body, once decoded, is larger than the client's ``max_response_bytes``.

    ``limit`` is that cap in bytes. Reading stopped as soon as the body passed it, so a compressed body
    that would inflate to gigabytes never fills memory. Not retried: the same request would get the same
    body.
    """

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None,
        limit: int,
        operation: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message, request=request, operation=operation, attempts=attempts)
        self.limit = limit


class APIStatusError(APIError):
    """The API answered with a non-2xx status.

    ``body`` is the parsed JSON (or the text when it is not JSON); ``errors`` maps field names to
    messages when the API reports validation errors (always for 422).
    """

    status_code: int

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        operation: str | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message, request=response.request, operation=operation, attempts=attempts)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.errors: dict[str, list[str]] = _field_errors(body)
        self.request_id: str | None = request_id_of(response.headers)

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers


class BadRequestError(APIStatusError):
    """400: the request was malformed."""


class AuthenticationError(APIStatusError):
    """401: the API token is missing, wrong or revoked."""


class PermissionDeniedError(APIStatusError):
    """403: the token is valid but may not do this."""


class NotFoundError(APIStatusError):
    """404: no such resource (or route)."""


class ConflictError(APIStatusError):
    """409: the resource's state does not allow this change."""


class UnprocessableEntityError(APIStatusError):
    """422: validation failed; ``errors`` maps each field to its messages."""


class RateLimitError(APIStatusError):
    """429: too many requests; ``retry_after`` is the server's requested wait in seconds, if it gave one."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: Any,
        operation: str | None = None,
        attempts: int = 1,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, response=response, body=body, operation=operation, attempts=attempts)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the server failed."""


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def request_id_of(headers: Mapping[str, str]) -> str | None:
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return value
    return None


def parse_body(response: httpx.Response) -> Any:
    """JSON when the body is JSON, else text (``None`` when empty): error bodies are not always JSON.

    JSON nested too deeply for the parser (a hostile or broken server) is kept as text too: the status
    error matters more than the body's structure.
    """
    content = response.content
    if not content:
        return None
    if content.lstrip()[:1] in (b"{", b"[") or "json" in response.headers.get("content-type", ""):
        try:
            return json.loads(content)
        except (ValueError, RecursionError):
            pass
    return response.text


def _field_errors(body: Any) -> dict[str, list[str]]:
    raw = body.get("errors") if isinstance(body, Mapping) else None
    if not isinstance(raw, Mapping):
        return {}
    out: dict[str, list[str]] = {}
    for field, messages in raw.items():
        if isinstance(messages, list):
            out[str(field)] = [str(m) for m in messages]
        else:
            out[str(field)] = [str(messages)]
    return out


def _server_message(body: Any) -> str | None:
    if isinstance(body, Mapping):
        for key in ("message", "error", "detail", "title"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return value
        return None
    if isinstance(body, str) and body.strip():
        return " ".join(body.split())
    return None


def _shorten(text: str) -> str:
    if len(text) <= MAX_ERROR_MESSAGE_CHARS:
        return text
    return text[: MAX_ERROR_MESSAGE_CHARS - 1] + "…"


def describe_request(request: httpx.Request | None, operation: str | None) -> str:
    """``cdrsListing (GET /public-api/resources/cdrs/v2.0)``: what was called, never with the query."""
    if request is None:
        return operation or "request"
    where = f"{request.method} {request.url.path}"
    return f"{operation} ({where})" if operation else where


def status_error_from_response(
    response: httpx.Response,
    *,
    operation: str | None,
    attempts: int,
    retry_after: float | None = None,
) -> APIStatusError:
    """Build the typed error for a non-2xx response whose body has been read."""
    status = response.status_code
    body = parse_body(response)
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = response.reason_phrase or "Unknown status"
    parts = [f"{describe_request(response.request, operation)} returned {status} {reason}"]
    server_message = _server_message(body)
    if server_message:
        parts.append(f": {_shorten(server_message)}")
    errors = _field_errors(body)
    if errors:
        listed = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in list(errors.items())[:5])
        parts.append(f" ({_shorten(listed)})")
    if 300 <= status < 400 and "location" in response.headers:
        parts.append(f" (redirect to {response.headers['location']}; check base_url)")
    request_id = request_id_of(response.headers)
    if request_id:
        parts.append(f" [request id {request_id}]")
    if attempts > 1:
        parts.append(f" after {attempts} attempts")
    message = "".join(parts)

    if status == 429:
        return RateLimitError(
            message,
            response=response,
            body=body,
            operation=operation,
            attempts=attempts,
            retry_after=retry_after,
        )
    cls = _STATUS_CLASSES.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    return cls(message, response=response, body=body, operation=operation, attempts=attempts)
