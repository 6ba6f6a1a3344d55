"""The local webhook receiver behind ``ampeco webhooks listen``.

Each POST is verified and read by :func:`ampeco.webhooks.parse` (signature, optional timestamp window)
and printed as one JSON line on stdout: kind, model, tenant, webhook id, timestamp and the typed
notification. A delivery that fails verification gets 401 (400 when signed but not a notification) and a
line on stderr, as a production receiver would answer. The standard library's HTTP server is enough here:
one developer, a handful of requests.
"""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ampeco._secret import Secret
    from ampeco.webhooks import Delivery

__all__ = ["MAX_BODY_BYTES", "Receiver"]

MAX_BODY_BYTES = 1024 * 1024


class Receiver(ThreadingHTTPServer):
    """The HTTP server: verifies deliveries, prints them, stops after ``count`` of them if given."""

    # Stopping waits for the requests being answered (each connection carries one request and has a
    # timeout), so the delivery that reached --count still gets its 200.
    daemon_threads = False
    block_on_close = True

    def __init__(
        self, address: tuple[str, int], secret: Secret, *, tolerance: float | None, count: int | None
    ) -> None:
        super().__init__(address, _Handler)
        self.secret = secret
        self.tolerance = tolerance
        self.remaining = count
        self.lock = threading.Lock()
        self.done = threading.Event()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if isinstance(host, str) and ":" in host else host
        return f"http://{shown!s}:{port}/"

    def run(self) -> None:
        """Serve until ``count`` deliveries were printed, or Ctrl-C."""
        thread = threading.Thread(target=self.serve_forever, name="ampeco-webhooks", daemon=True)
        thread.start()
        try:
            while not self.done.wait(0.2):
                pass
        except KeyboardInterrupt:
            click.echo("ampeco: stopped", err=True)
        finally:
            self.shutdown()
            self.server_close()
            thread.join(timeout=5)

    def accept(self, delivery: Delivery) -> None:
        line = json.dumps(_described(delivery), ensure_ascii=False, separators=(",", ":"))
        with self.lock:
            if self.done.is_set():
                return
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
            if self.remaining is not None:
                self.remaining -= 1
                if self.remaining <= 0:
                    self.done.set()


def _described(delivery: Delivery) -> dict[str, Any]:
    from ampeco.cli._output import jsonable

    return {
        "kind": delivery.kind,
        "model": type(delivery.notification).__name__,
        "tenant": delivery.tenant,
        "webhookId": delivery.webhook_id,
        "timestamp": delivery.timestamp.isoformat() if delivery.timestamp is not None else None,
        "notification": jsonable(delivery.notification),
    }


class _Handler(BaseHTTPRequestHandler):
    server: Receiver
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a client may take to send its request

    def do_POST(self) -> None:
        from ampeco.webhooks import MalformedNotificationError, WebhookError, parse

        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._answer(411, "Content-Length required")
            return
        if int(length) > MAX_BODY_BYTES:
            self._answer(413, f"body larger than {MAX_BODY_BYTES} bytes")
            self.close_connection = True
            return
        body = self.rfile.read(int(length))
        try:
            delivery = parse(
                body,
                list(self.headers.items()),
                secret=self.server.secret.reveal(),
                tolerance=self.server.tolerance,
            )
        except MalformedNotificationError as error:
            self._reject(400, error)
            return
        except WebhookError as error:
            self._reject(401, error)
            return
        self.server.accept(delivery)  # printed before it is acknowledged: an answered delivery is never lost
        self._answer(200, "ok")

    def _reject(self, status: int, error: Exception) -> None:
        click.echo(f"ampeco: rejected a delivery from {self.client_address[0]}: {error}", err=True)
        self._answer(status, str(error))

    def _answer(self, status: int, text: str) -> None:
        payload = (text + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # one line per request is noise here
        pass
