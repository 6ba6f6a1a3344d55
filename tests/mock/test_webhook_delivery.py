"""The whole webhook loop over real loopback HTTP: subscribe at the mock, change state, receive signed.

The mock tenant runs under uvicorn (``ampeco.mock.demo.serve``); receivers are the Starlette example
(which verifies signatures and parses typed models) and a raw recorder (which keeps the wire bytes).
"""

from __future__ import annotations

import asyncio
import importlib.util
import queue
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

import ampeco
from ampeco import webhooks
from ampeco.mock import Attempt, MockTenant, UnknownKind
from ampeco.mock.demo import serve as serve_mock
from ampeco_public_api.api.action_charge_point import (
    charge_point_start_charging_session,
    charge_point_stop_charging_session,
)
from ampeco_public_api.api.notifications import notifications_listing, notifications_subscribe_deprecated
from ampeco_public_api.api.resource_charge_points import charge_points_listing
from ampeco_public_api.models import EvseStartChargingWithEvseIdRequest, NotificationsRequest
from ampeco_public_api.models.cdr_received_notification import CdrReceivedNotification
from ampeco_public_api.models.notification_notifications_item import (
    NotificationNotificationsItem as Kind,
)
from ampeco_public_api.models.session_start_stop_notification import SessionStartStopNotification
from tests.support.loopback import serve
from tests.support.recorder import Recorder

TOKEN = "sk-mock-subscriber-41c7"  # the subscriber's API token: the signing secret of its notifications
SESSION = "session.start.stop.notification"
CDR = "cdr.received"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
WAIT = 10.0  # bounded wait for a notification sent after the API answered


def starlette_receiver_app(secret: str, inbox: queue.Queue[webhooks.Delivery]) -> Any:
    spec = importlib.util.spec_from_file_location(
        "example_webhooks_starlette", EXAMPLES / "webhooks_starlette.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.create_app(secret, inbox.put)


@dataclass
class Loop:
    tenant: MockTenant
    mock_url: str
    receiver_url: str
    inbox: queue.Queue[webhooks.Delivery]

    def client(self, token: str = TOKEN) -> ampeco.Client:
        return ampeco.Client(self.mock_url, token=token)

    def subscribe(self, url: str, kinds: list[str], token: str = TOKEN) -> None:
        with self.client(token) as client:
            webhooks.subscribe(client, url, kinds)

    def trigger(self, kind: str, payload: dict[str, Any] | None = None) -> httpx.Response:
        return httpx.post(f"{self.mock_url}/_mock/notifications/{kind}", json=payload)

    def received(self) -> webhooks.Delivery:
        return self.inbox.get(timeout=WAIT)


@pytest.fixture
def loop() -> Iterator[Loop]:
    tenant = MockTenant(seed=11, token=None)  # any bearer token: each subscriber signs with its own
    inbox: queue.Queue[webhooks.Delivery] = queue.Queue()
    with serve_mock(tenant) as mock_url, serve(starlette_receiver_app(TOKEN, inbox)) as receiver:
        yield Loop(tenant, mock_url, f"{receiver}/ampeco/notifications", inbox)


@pytest.fixture
def recorder() -> Iterator[tuple[str, Recorder]]:
    recording = Recorder(status=202, reply=None)
    with serve(recording) as url:
        yield f"{url}/hooks", recording


def eventually(condition: Callable[[], bool]) -> bool:
    """Poll ``condition`` until it holds or ``WAIT`` seconds pass (a bound, not a timing assertion)."""
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def start_session(loop: Loop) -> tuple[int, int]:
    with loop.client() as client:
        charge_point = charge_points_listing.sync(client=client, per_page=1).data[0].id
        started = charge_point_start_charging_session.sync(
            charge_point, 1, client=client, body=EvseStartChargingWithEvseIdRequest(user_id=1)
        )
    assert started.success and isinstance(started.session_id, int | float)
    return charge_point, int(started.session_id)


def test_session_start_and_stop_reach_the_subscriber_verified_and_typed(loop: Loop) -> None:
    loop.subscribe(loop.receiver_url, [SESSION, CDR])
    charge_point, session_id = start_session(loop)

    started = loop.received()
    assert isinstance(started.notification, SessionStartStopNotification)
    assert (started.notification.session_id, started.notification.action.value) == (session_id, "start")
    assert started.notification.charge_point_id == charge_point
    assert started.tenant == "mock.ampeco.test"

    with loop.client() as client:
        stopped = charge_point_stop_charging_session.sync_detailed(charge_point, session_id, client=client)
    assert stopped.status_code == 202
    finished = loop.received().notification
    assert isinstance(finished, SessionStartStopNotification)
    assert (finished.session_id, finished.action.value) == (session_id, "stop")
    assert finished.meter_stop > 0


def test_the_subscription_is_still_stored_and_listed(loop: Loop) -> None:
    loop.subscribe(loop.receiver_url, [CDR])
    with loop.client() as client:
        listed = notifications_listing.sync(client=client).data
    subscribed = {"callbackUrl": loop.receiver_url}, [CDR]
    assert subscribed in [(s.to_dict().get("webhook"), s.to_dict()["notifications"]) for s in listed]


def test_http_trigger_delivers_a_synthesized_or_given_payload(loop: Loop) -> None:
    loop.subscribe(loop.receiver_url, [SESSION, CDR])
    answer = loop.trigger(CDR)
    assert answer.status_code == 200
    summary = answer.json()
    assert [(d["url"], d["status"]) for d in summary["deliveries"]] == [(loop.receiver_url, 202)]
    cdr = loop.received()
    assert isinstance(cdr.notification, CdrReceivedNotification)
    assert cdr.raw == summary["payload"]

    given = {
        "sessionId": 77,
        "chargePointId": 5,
        "evseId": 2,
        "action": "start",
        "meterStart": 10,
        "meterStop": 10,
        "startedAtTimestamp": "2024-05-01T10:00:00Z",
        "lastUpdatedAt": "2024-05-01T10:00:00Z",
    }
    assert loop.trigger(SESSION, given).json()["deliveries"][0]["status"] == 202
    session = loop.received().notification
    assert isinstance(session, SessionStartStopNotification) and session.session_id == 77


def test_unknown_kind_is_a_clear_404(loop: Loop) -> None:
    answer = loop.trigger("vehicle.teleported")
    assert answer.status_code == 404
    assert "no notification kind 'vehicle.teleported'" in answer.json()["message"]
    assert CDR in answer.json()["message"]
    with pytest.raises(UnknownKind):
        asyncio.run(loop.tenant.notify("vehicle.teleported"))


def test_tenant_notify_in_process_reports_what_was_delivered(loop: Loop) -> None:
    loop.subscribe(loop.receiver_url, [CDR])
    notified = asyncio.run(loop.tenant.notify(CDR))
    assert notified.urls == [loop.receiver_url]
    assert all(attempt.ok for attempt in notified.attempts)
    delivery = loop.received()
    assert delivery.raw == notified.payload
    assert delivery.webhook_id == notified.attempts[0].webhook_id


def test_synthesized_payloads_are_deterministic_by_seed() -> None:
    def payload(seed: int) -> dict[str, Any]:
        return asyncio.run(MockTenant(seed=seed, network=False).notify(CDR)).payload

    assert payload(4) == payload(4)
    assert payload(4) != payload(5)


def test_a_v1_subscription_is_delivered_too(loop: Loop) -> None:
    body = NotificationsRequest(notifications=[Kind(CDR)], callback_url=loop.receiver_url)
    with loop.client() as client:
        notifications_subscribe_deprecated.sync_detailed(client=client, body=body)
    assert loop.trigger(CDR).json()["deliveries"][0]["status"] == 202
    assert isinstance(loop.received().notification, CdrReceivedNotification)


def test_a_receiver_that_is_down_is_recorded_not_fatal(loop: Loop) -> None:
    with socket.socket() as probe:  # a port nobody listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        down = f"http://127.0.0.1:{probe.getsockname()[1]}/hooks"
    loop.subscribe(down, [SESSION, CDR])
    loop.subscribe(loop.receiver_url, [CDR])

    answer = loop.trigger(CDR)
    assert answer.status_code == 200
    outcome = {d["url"]: (d["status"], d["error"]) for d in answer.json()["deliveries"]}
    assert outcome[loop.receiver_url] == (202, None)
    assert outcome[down][0] is None and "ConnectError" in outcome[down][1]
    assert isinstance(loop.received().notification, CdrReceivedNotification)

    start_session(loop)  # the session API still answers; its notification fails in the background
    with loop.client() as client:
        assert charge_points_listing.sync(client=client, per_page=1).data

    def failures() -> list[Attempt]:
        return [a for a in loop.tenant.webhooks.attempts if a.url == down]

    assert eventually(lambda: len(failures()) == 2)  # the trigger's and the session start's
    assert all(a.status is None and a.error for a in failures())


def test_a_subscription_for_other_kinds_gets_nothing(loop: Loop, recorder: tuple[str, Recorder]) -> None:
    url, recording = recorder
    loop.subscribe(url, [CDR])
    loop.subscribe(loop.receiver_url, [SESSION])
    start_session(loop)
    assert loop.received().kind == SESSION  # delivered to the session subscriber...
    assert [d["url"] for d in loop.trigger(SESSION).json()["deliveries"]] == [loop.receiver_url]
    assert recording.requests == []  # ...and never to the cdr-only one
    assert [d["url"] for d in loop.trigger(CDR).json()["deliveries"]] == [url]
    assert len(recording.requests) == 1


def test_the_signature_verifies_with_the_subscribe_token_only(
    loop: Loop, recorder: tuple[str, Recorder]
) -> None:
    url, recording = recorder
    loop.subscribe(url, [CDR], token=TOKEN)
    loop.trigger(CDR)
    (request,) = recording.requests
    signature = request.headers["x-signature"]
    assert webhooks.verify_signature(request.body, signature, TOKEN)
    assert not webhooks.verify_signature(request.body, signature, "sk-someone-else")
    assert request.headers["x-tenant"] == "mock.ampeco.test" and request.headers["x-timestamp"]
    assert webhooks.parse(request.body, request.headers, secret=TOKEN, tolerance=300).kind == CDR
    with pytest.raises(webhooks.SignatureVerificationError):
        webhooks.parse(request.body, request.headers, secret="sk-someone-else")

    # A receiver that holds another token rejects the mock's request, and the mock records its 401.
    loop.subscribe(loop.receiver_url, [CDR], token="sk-someone-else")
    statuses = {d["url"]: d["status"] for d in loop.trigger(CDR).json()["deliveries"]}
    assert statuses == {url: 202, loop.receiver_url: 401}
    assert loop.inbox.empty()
