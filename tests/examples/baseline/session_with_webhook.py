"""The client half of examples/session_with_webhook.py with the module functions (for comparison)."""

from __future__ import annotations

import queue

import ampeco
from ampeco import webhooks
from ampeco_public_api.api.action_charge_point import (
    charge_point_start_charging_session,
    charge_point_stop_charging_session,
)
from ampeco_public_api.models import EvseStartChargingWithEvseIdRequest, SessionStartStopNotification


def charge(
    client: ampeco.Client, inbox: queue.Queue[webhooks.Delivery], charge_point: int, evse: int, user: int
) -> list[str]:
    started = charge_point_start_charging_session.sync(
        charge_point, evse, client=client, body=EvseStartChargingWithEvseIdRequest(user_id=user)
    )
    if started.session_id is None:
        raise RuntimeError(f"not started: {started.message}")
    heard = [inbox.get(timeout=30).notification]
    # No sync() for operations without a body: the _detailed function, and its Response, it was.
    charge_point_stop_charging_session.sync_detailed(charge_point, int(started.session_id), client=client)
    heard.append(inbox.get(timeout=30).notification)
    sessions = [n for n in heard if isinstance(n, SessionStartStopNotification)]
    return [f"session {n.session_id}: {n.action}" for n in sessions]
