"""Receive AMPECO.CHARGE notifications in a Starlette app (FastAPI: the same handler body in a route).

    AMPECO_API_TOKEN=... python examples/webhooks_starlette.py --port 8000

Subscribe once with ``webhooks.subscribe(client, "https://<you>/ampeco/notifications", [...])``,
using the same API token: it is the key AMPECO signs every notification with.

With FastAPI, take ``request: fastapi.Request`` in a ``@app.post("/ampeco/notifications")`` route and
run the body of ``receive`` below unchanged: read the *raw* body, never the parsed JSON, because
the signature covers the exact bytes.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Callable

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ampeco import webhooks
from ampeco_public_api.models.session_start_stop_notification import SessionStartStopNotification

log = logging.getLogger("webhooks_example")

PATH = "/ampeco/notifications"
TOLERANCE_SECONDS = 300  # reject requests whose X-Timestamp is more than 5 minutes off


def handle(delivery: webhooks.Delivery) -> None:
    """Your business logic: one typed model per notification kind."""
    notification = delivery.notification
    if isinstance(notification, SessionStartStopNotification):
        log.info("tenant %s: session %s %s", delivery.tenant, notification.session_id, notification.action)
    elif isinstance(notification, webhooks.UnknownNotification):
        log.info("tenant %s: %s, not known to this client version", delivery.tenant, delivery.kind)
    else:
        log.info("tenant %s: %s", delivery.tenant, delivery.kind)


def create_app(secret: str, on_notification: Callable[[webhooks.Delivery], None] = handle) -> Starlette:
    """The receiver: 202 for a verified notification, 401 for a bad signature, 400 for a bad body."""

    async def receive(request: Request) -> Response:
        body = await request.body()
        try:
            delivery = webhooks.parse(body, request.headers, secret=secret, tolerance=TOLERANCE_SECONDS)
        except webhooks.SignatureVerificationError:
            return PlainTextResponse("invalid signature", status_code=401)
        except webhooks.MalformedNotificationError as exc:
            return PlainTextResponse(str(exc), status_code=400)
        on_notification(delivery)
        return Response(status_code=202)

    return Starlette(routes=[Route(PATH, receive, methods=["POST"])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    uvicorn.run(create_app(os.environ["AMPECO_API_TOKEN"]), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
