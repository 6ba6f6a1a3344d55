"""The sending side (what the mock tenant uses): signed requests over real HTTP, read back by parse()."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from ampeco import webhooks
from ampeco_public_api.models.session_start_stop_notification import SessionStartStopNotification
from tests.support.loopback import serve
from tests.support.recorder import Recorder
from tests.webhooks.spec_examples import SECRET

SESSION_STOPPED = {
    "notification": "session.start.stop.notification",
    "sessionId": 501,
    "chargePointId": 12,
    "evseId": 3,
    "action": "stop",
    "startedAtTimestamp": "2024-05-01T10:00:00Z",
    "meterStart": 1000,
    "meterStop": 5400,
    "lastUpdatedAt": "2024-05-01T11:00:00Z",
    "driver": "Zoë Ångström",  # non-ASCII survives signing: the signature covers the UTF-8 bytes
}


@pytest.fixture(scope="module")
def receiver() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder(status=202, reply=None)
    with serve(recorder) as url:
        yield f"{url}/hooks/ampeco", recorder


def test_signed_request_signs_the_exact_body_bytes() -> None:
    request = webhooks.signed_request(SESSION_STOPPED, secret=SECRET, tenant="t-1")
    expected = hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Signature"] == expected
    assert json.loads(request.body) == SESSION_STOPPED
    assert request.headers["X-Tenant"] == "t-1"
    assert request.headers["X-Webhook-Type"] == "session.start.stop.notification"
    assert request.headers["Content-Type"] == "application/json"


def test_timestamp_is_iso_8601_with_microseconds_in_zulu() -> None:
    moment = datetime(2024, 5, 1, 12, 0, 0, 7, tzinfo=UTC)
    request = webhooks.signed_request(SESSION_STOPPED, secret=SECRET, timestamp=moment)
    assert request.headers["X-Timestamp"] == "2024-05-01T12:00:00.000007Z"


def test_a_model_is_sent_as_its_to_dict() -> None:
    model = SessionStartStopNotification.from_dict(SESSION_STOPPED)
    request = webhooks.signed_request(model, secret=SECRET)
    assert json.loads(request.body) == model.to_dict()


def test_deliver_posts_over_http_and_parse_reads_it_back(receiver: tuple[str, Recorder]) -> None:
    url, recorder = receiver
    response = webhooks.deliver(url, SESSION_STOPPED, secret=SECRET, tenant="tenant-9", webhook_id="44")
    assert response.status_code == 202
    arrived = recorder.last
    assert (arrived.method, arrived.raw_path) == ("POST", "/hooks/ampeco")
    delivery = webhooks.parse(arrived.body, arrived.headers, secret=SECRET, tolerance=30)
    assert isinstance(delivery.notification, SessionStartStopNotification)
    assert delivery.notification.meter_stop == 5400
    assert delivery.notification["driver"] == "Zoë Ångström"
    assert (delivery.tenant, delivery.webhook_id) == ("tenant-9", "44")


async def test_deliver_async_posts_over_http(receiver: tuple[str, Recorder]) -> None:
    url, recorder = receiver
    response = await webhooks.deliver_async(url, SESSION_STOPPED, secret=SECRET, tenant="tenant-async")
    assert response.status_code == 202
    delivery = webhooks.parse(recorder.last.body, recorder.last.headers, secret=SECRET, tolerance=30)
    assert delivery.tenant == "tenant-async"
    assert delivery.kind == "session.start.stop.notification"


def test_a_receiver_with_another_secret_rejects_the_delivery(receiver: tuple[str, Recorder]) -> None:
    url, recorder = receiver
    webhooks.deliver(url, SESSION_STOPPED, secret="a-different-token")
    with pytest.raises(webhooks.SignatureVerificationError):
        webhooks.parse(recorder.last.body, recorder.last.headers, secret=SECRET)
