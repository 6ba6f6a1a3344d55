"""Start a charging session, hear about it through a verified webhook, stop it, hear that too.

    AMPECO_BASE_URL=acme.ampeco.tech AMPECO_API_TOKEN=... python examples/session_with_webhook.py \\
        --callback-url https://you.example/ampeco --port 8000 --charge-point 12 --evse 1 --user 34

The receiver must be reachable at ``--callback-url`` from AMPECO; notifications are signed with the
API token that subscribed, so it verifies them with the same token.
"""

from __future__ import annotations

import argparse
import os
import queue
import threading

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import ampeco
from ampeco import webhooks
from ampeco_public_api.models import EvseStartChargingWithEvseIdRequest, SessionStartStopNotification

SESSION_KIND = "session.start.stop.notification"


def receiver(secret: str, inbox: queue.Queue[webhooks.Delivery]) -> Starlette:
    """Accept verified notifications (202), refuse unsigned or forged ones (401)."""

    async def receive(request: Request) -> Response:
        try:
            inbox.put(webhooks.parse(await request.body(), request.headers, secret=secret, tolerance=300))
        except webhooks.WebhookError:
            return Response(status_code=401)
        return Response(status_code=202)

    return Starlette(routes=[Route("/", receive, methods=["POST"])])


def charge(
    client: ampeco.Client, inbox: queue.Queue[webhooks.Delivery], charge_point: int, evse: int, user: int
) -> list[str]:
    """Start and stop a session on ``charge_point``/``evse`` for ``user``, waiting for each webhook."""
    started = client.charge_points.start_charging_session(
        charge_point, evse, body=EvseStartChargingWithEvseIdRequest(user_id=user)
    )
    if started.session_id is None:
        raise RuntimeError(f"not started: {started.message}")
    heard = [inbox.get(timeout=30).notification]
    client.charge_points.stop_charging_session(charge_point, int(started.session_id))
    heard.append(inbox.get(timeout=30).notification)
    sessions = [n for n in heard if isinstance(n, SessionStartStopNotification)]
    return [f"session {n.session_id}: {n.action}" for n in sessions]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for option in ("--callback-url", "--charge-point", "--evse", "--user", "--port"):
        parser.add_argument(option, required=True)
    args = parser.parse_args()
    inbox: queue.Queue[webhooks.Delivery] = queue.Queue()
    app = receiver(os.environ["AMPECO_API_TOKEN"], inbox)
    server = uvicorn.Server(uvicorn.Config(app, host="0.0.0.0", port=int(args.port), log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    with ampeco.Client() as client:
        webhooks.subscribe(client, args.callback_url, [SESSION_KIND])
        print("\n".join(charge(client, inbox, int(args.charge_point), int(args.evse), int(args.user))))
    server.should_exit = True


if __name__ == "__main__":
    main()
