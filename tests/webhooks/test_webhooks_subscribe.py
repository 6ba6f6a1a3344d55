"""subscribe(): the generated notificationsSubscribe operation, against a real loopback HTTP server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

import ampeco
from ampeco import AmpecoError, webhooks
from tests.support.loopback import serve
from tests.support.recorder import Recorder

CALLBACK = "https://receiver.example/ampeco/notifications"
KINDS = ["session.start.stop.notification", "chargePoint.changed", "cdr.received"]


def created(kinds: list[str]) -> dict[str, object]:
    return {
        "data": {"id": 77, "via": "webhook", "notifications": kinds, "webhook": {"callbackUrl": CALLBACK}}
    }


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()
    with serve(recorder) as url:
        yield url, recorder


@pytest.fixture
def recorder(server: tuple[str, Recorder]) -> Recorder:
    server[1].status, server[1].reply = 201, created(KINDS)
    return server[1]


@pytest.fixture
def client(server: tuple[str, Recorder]) -> Iterator[ampeco.Client]:
    with ampeco.Client(server[0], token="api-token-1", max_retries=0) as generated_client:
        yield generated_client


def test_subscribe_posts_a_webhook_subscription(client: ampeco.Client, recorder: Recorder) -> None:
    subscription = webhooks.subscribe(client, CALLBACK, [*KINDS, "chargePoint.changed"])
    sent = recorder.last
    assert (sent.method, sent.raw_path) == ("POST", "/public-api/notifications/v2.0")
    assert sent.headers["authorization"] == "Bearer api-token-1"
    # readOnly ``id`` is not sent; the duplicate kind is dropped, order kept
    assert sent.json() == {"via": "webhook", "notifications": KINDS, "webhook": {"callbackUrl": CALLBACK}}
    assert subscription.id == 77
    assert [str(kind) for kind in subscription.notifications] == KINDS


async def test_subscribe_async(server: tuple[str, Recorder], recorder: Recorder) -> None:
    async with ampeco.AsyncClient(server[0], token="api-token-1", max_retries=0) as client:
        subscription = await webhooks.subscribe_async(client, CALLBACK, ["cdr.received"])
    assert recorder.last.json()["notifications"] == ["cdr.received"]
    assert subscription.id == 77


def test_any_object_with_get_httpx_client_will_do(server: tuple[str, Recorder], recorder: Recorder) -> None:
    class Minimal:
        def __init__(self, http: httpx.Client) -> None:
            self.http = http

        def get_httpx_client(self) -> httpx.Client:
            return self.http

    with httpx.Client(base_url=server[0]) as http:
        subscription = webhooks.subscribe(Minimal(http), CALLBACK, ["cdr.received"])
    assert subscription.id == 77


def test_a_refused_subscription_raises(client: ampeco.Client, recorder: Recorder) -> None:
    recorder.status, recorder.reply = 422, {"message": "The callback url is invalid"}
    with pytest.raises(AmpecoError):
        webhooks.subscribe(client, CALLBACK, KINDS)


def test_a_201_without_data_raises(client: ampeco.Client, recorder: Recorder) -> None:
    recorder.reply = {}
    with pytest.raises(AmpecoError, match="notifications_subscribe"):
        webhooks.subscribe(client, CALLBACK, KINDS)


@pytest.mark.parametrize(
    ("kinds", "error", "message"),
    [
        (["chargePoint.changed", "vehicle.teleported"], ValueError, "'vehicle.teleported'"),
        ([], ValueError, "at least one"),
        ("chargePoint.changed", TypeError, "not one string"),
    ],
    ids=["unknown-kind", "empty", "bare-string"],
)
def test_bad_kinds_fail_before_any_request(
    client: ampeco.Client, recorder: Recorder, kinds: list[str], error: type[Exception], message: str
) -> None:
    before = len(recorder.requests)
    with pytest.raises(error, match=message):
        webhooks.subscribe(client, CALLBACK, kinds)
    assert len(recorder.requests) == before


def test_callback_url_must_be_absolute(client: ampeco.Client) -> None:
    with pytest.raises(ValueError, match="absolute"):
        webhooks.subscribe(client, "/relative/path", KINDS)
