"""Receive AMPECO.CHARGE notifications in a plain WSGI app (no framework; wsgiref to run it).

    AMPECO_API_TOKEN=... python examples/webhooks_wsgi.py --port 8000

The same pattern fits Flask or Django: hand ``parse`` the raw body bytes and the request headers.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Callable, Iterable
from wsgiref.simple_server import make_server
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from ampeco import webhooks

log = logging.getLogger("webhooks_example")

PATH = "/ampeco/notifications"
TOLERANCE_SECONDS = 300
MAX_BODY_BYTES = 1 << 20  # notifications are small; refuse to buffer anything huge


def handle(delivery: webhooks.Delivery) -> None:
    """Your business logic (see webhooks_starlette.py for typed dispatch)."""
    log.info("tenant %s: %s", delivery.tenant, delivery.kind)


def request_headers(environ: WSGIEnvironment) -> list[tuple[str, str]]:
    """WSGI keeps request headers as ``HTTP_X_SIGNATURE``-style keys; turn them back into names."""
    return [(key[5:].replace("_", "-"), value) for key, value in environ.items() if key.startswith("HTTP_")]


def create_app(secret: str, on_notification: Callable[[webhooks.Delivery], None] = handle) -> WSGIApplication:
    """The receiver: 202 for a verified notification, 401 for a bad signature, 400 for a bad body."""

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return _reply(start_response, "404 Not Found", b"not found")
        if environ.get("REQUEST_METHOD") != "POST":
            return _reply(start_response, "405 Method Not Allowed", b"POST only")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _reply(start_response, "400 Bad Request", b"bad Content-Length")
        if length > MAX_BODY_BYTES:
            return _reply(start_response, "413 Content Too Large", b"body too large")
        body = environ["wsgi.input"].read(length)
        try:
            headers = request_headers(environ)
            delivery = webhooks.parse(body, headers, secret=secret, tolerance=TOLERANCE_SECONDS)
        except webhooks.SignatureVerificationError:
            return _reply(start_response, "401 Unauthorized", b"invalid signature")
        except webhooks.MalformedNotificationError as exc:
            return _reply(start_response, "400 Bad Request", str(exc).encode())
        on_notification(delivery)
        return _reply(start_response, "202 Accepted", b"")

    return app


def _reply(start_response: StartResponse, status: str, body: bytes) -> list[bytes]:
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    start_response(status, headers)
    return [body]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    with make_server(args.host, args.port, create_app(os.environ["AMPECO_API_TOKEN"])) as server:
        log.info("listening on http://%s:%s%s", args.host, server.server_port, PATH)
        server.serve_forever()


if __name__ == "__main__":
    main()
