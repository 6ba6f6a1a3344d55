"""The API's own response shapes: JSON bodies, its error messages, rate-limit headers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

JSON = "application/json"
RATE_LIMIT = 1000


def json_response(status: int, body: Any, headers: Mapping[str, str] | None = None) -> Response:
    content = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return Response(content, status_code=status, media_type=JSON, headers=dict(headers or {}))


def empty_response(status: int, headers: Mapping[str, str] | None = None) -> Response:
    return Response(b"", status_code=status, headers=dict(headers or {}))


def unauthenticated() -> Response:
    return json_response(401, {"message": "Unauthenticated."}, {"WWW-Authenticate": "Bearer"})


def not_found(what: str = "record") -> Response:
    return json_response(404, {"message": f"The {what} is not found."})


def method_not_allowed(method: str, allowed: list[str]) -> Response:
    supported = ", ".join(allowed)
    return json_response(
        405,
        {"message": f"The {method} method is not supported for this route. Supported methods: {supported}."},
        {"Allow": ", ".join(allowed)},
    )


def unprocessable(message: str, errors: Mapping[str, list[str]]) -> Response:
    return json_response(422, {"message": message, "errors": dict(errors)})


def payload_too_large(limit: int) -> Response:
    return json_response(413, {"message": f"The request body is larger than {limit} bytes."})


def too_many_requests(retry_after: int, limit: int, reset_at: int) -> Response:
    return json_response(
        429,
        {"message": "Too Many Attempts."},
        {
            "Retry-After": str(retry_after),
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": str(reset_at),
        },
    )


def server_error(status: int) -> Response:
    messages = {500: "Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}
    return json_response(status, {"message": messages.get(status, "Server Error")})
