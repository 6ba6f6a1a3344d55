"""parse(): signature first, then freshness, then JSON and the discriminated union."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from starlette.datastructures import Headers as StarletteHeaders
from werkzeug.datastructures import Headers as WerkzeugHeaders

import ampeco
from ampeco import AmpecoError, webhooks
from ampeco_public_api.models.charge_point_changed_notification import ChargePointChangedNotification
from tests.webhooks.spec_examples import SECRET

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
CHARGE_POINT_CHANGED: dict[str, Any] = {
    "notification": "chargePoint.changed",
    "chargePointId": 42,
    "action": "updated",
    "lastUpdatedAt": "2024-05-01T11:59:58.123456Z",
}


def signed(
    payload: dict[str, Any] | bytes, secret: str = SECRET, **extra: str
) -> tuple[bytes, dict[str, str]]:
    """A body and headers as AMPECO sends them, signed with hmac directly (not with the code under test)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {
        "X-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
        "X-Timestamp": "2024-05-01T11:59:59.500000Z",
        "X-Tenant": "tenant-7",
        **extra,
    }
    return body, headers


def test_valid_request_parses_into_the_typed_model() -> None:
    body, headers = signed(CHARGE_POINT_CHANGED, **{"X-Webhook-Id": "17"})
    delivery = webhooks.parse(body, headers, secret=SECRET)
    assert isinstance(delivery.notification, ChargePointChangedNotification)
    assert delivery.notification.charge_point_id == 42
    assert delivery.notification.last_updated_at == datetime(2024, 5, 1, 11, 59, 58, 123456, tzinfo=UTC)
    assert delivery.kind == "chargePoint.changed"
    assert delivery.known
    assert delivery.tenant == "tenant-7"
    assert delivery.webhook_id == "17"
    assert delivery.timestamp == datetime(2024, 5, 1, 11, 59, 59, 500000, tzinfo=UTC)
    assert delivery.raw == CHARGE_POINT_CHANGED


def test_tampered_body_is_rejected() -> None:
    body, headers = signed(CHARGE_POINT_CHANGED)
    tampered = body.replace(b"42", b"43")
    with pytest.raises(webhooks.SignatureVerificationError, match="does not match"):
        webhooks.parse(tampered, headers, secret=SECRET)


def test_tampered_signature_is_rejected() -> None:
    body, headers = signed(CHARGE_POINT_CHANGED)
    signature = headers["X-Signature"]
    headers["X-Signature"] = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    with pytest.raises(webhooks.SignatureVerificationError):
        webhooks.parse(body, headers, secret=SECRET)


def test_wrong_secret_is_rejected() -> None:
    body, headers = signed(CHARGE_POINT_CHANGED, secret="somebody-elses-token")
    with pytest.raises(webhooks.SignatureVerificationError):
        webhooks.parse(body, headers, secret=SECRET)


def test_missing_signature_header_is_rejected() -> None:
    body, headers = signed(CHARGE_POINT_CHANGED)
    del headers["X-Signature"]
    with pytest.raises(webhooks.SignatureVerificationError, match="missing"):
        webhooks.parse(body, headers, secret=SECRET)


def test_signature_is_checked_before_the_body_is_read() -> None:
    """An unsigned garbage body is a 401, not a 400: nothing unauthenticated gets parsed."""
    with pytest.raises(webhooks.SignatureVerificationError):
        webhooks.parse(b"{not json", {"X-Signature": "0" * 64}, secret=SECRET)


def test_conflicting_duplicate_signatures_are_rejected() -> None:
    body, headers = signed(CHARGE_POINT_CHANGED)
    pairs = [*headers.items(), ("x-signature", "0" * 64)]
    with pytest.raises(webhooks.SignatureVerificationError, match="more than once"):
        webhooks.parse(body, pairs, secret=SECRET)


def test_unknown_kind_returns_a_generic_notification_with_the_raw_payload() -> None:
    payload = {"notification": "vehicle.teleported", "vehicleId": 9, "nested": {"a": [1, 2]}}
    body, headers = signed(payload)
    delivery = webhooks.parse(body, headers, secret=SECRET)
    assert isinstance(delivery.notification, webhooks.UnknownNotification)
    assert not delivery.known
    assert delivery.kind == "vehicle.teleported"
    assert delivery.notification.kind == "vehicle.teleported"
    assert delivery.notification.raw == payload
    assert delivery.notification.to_dict() == payload
    assert delivery.tenant == "tenant-7"


def test_subscribable_kind_without_a_payload_schema_is_generic() -> None:
    """``subscriptionPlan.changed`` can be subscribed to, but the spec declares no callback for it."""
    assert webhooks.model_for("subscriptionPlan.changed") is None
    body, headers = signed({"notification": "subscriptionPlan.changed", "subscriptionPlanId": 3})
    assert isinstance(webhooks.parse(body, headers, secret=SECRET).notification, webhooks.UnknownNotification)


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"notification": "chargePoint.changed",', b"\xff\xfe{}", b""],
    ids=["garbage", "truncated", "not-utf8", "empty"],
)
def test_malformed_json_is_a_clear_error(body: bytes) -> None:
    body, headers = signed(body)
    with pytest.raises(webhooks.MalformedNotificationError, match="not valid JSON"):
        webhooks.parse(body, headers, secret=SECRET)


@pytest.mark.parametrize("body", [b"[]", b'"chargePoint.changed"', b"42", b"null"])
def test_json_that_is_not_an_object_is_malformed(body: bytes) -> None:
    body, headers = signed(body)
    with pytest.raises(webhooks.MalformedNotificationError, match="expected an object"):
        webhooks.parse(body, headers, secret=SECRET)


def test_missing_kind_is_malformed() -> None:
    body, headers = signed({"chargePointId": 1})
    with pytest.raises(webhooks.MalformedNotificationError, match="no 'notification'"):
        webhooks.parse(body, headers, secret=SECRET)


@pytest.mark.parametrize("kind", [7, "", None, ["chargePoint.changed"]])
def test_non_string_kind_is_malformed(kind: Any) -> None:
    body, headers = signed({"notification": kind, "chargePointId": 1})
    with pytest.raises(webhooks.MalformedNotificationError):
        webhooks.parse(body, headers, secret=SECRET)


def test_kind_falls_back_to_x_webhook_type_when_the_body_has_none() -> None:
    """BootNotification's schema does not require ``notification``; the header names the kind then."""
    body, headers = signed({"chargePointId": 5}, **{"X-Webhook-Type": "BootNotification"})
    delivery = webhooks.parse(body, headers, secret=SECRET)
    assert type(delivery.notification).__name__ == "BootNotification"


def test_the_signed_body_wins_over_the_unsigned_type_header() -> None:
    body, headers = signed(CHARGE_POINT_CHANGED, **{"X-Webhook-Type": "BootNotification"})
    assert isinstance(
        webhooks.parse(body, headers, secret=SECRET).notification, ChargePointChangedNotification
    )


def test_known_kind_with_a_payload_that_does_not_fit_keeps_the_raw_payload() -> None:
    payload = {k: v for k, v in CHARGE_POINT_CHANGED.items() if k != "chargePointId"}
    body, headers = signed(payload)
    with pytest.raises(webhooks.NotificationSchemaError, match="chargePointId") as caught:
        webhooks.parse(body, headers, secret=SECRET)
    assert caught.value.kind == "chargePoint.changed"
    assert caught.value.raw == payload
    assert isinstance(caught.value, webhooks.MalformedNotificationError)


def test_unparseable_date_in_a_known_kind_is_a_schema_error() -> None:
    body, headers = signed({**CHARGE_POINT_CHANGED, "lastUpdatedAt": "yesterday"})
    with pytest.raises(webhooks.NotificationSchemaError, match="lastUpdatedAt"):
        webhooks.parse(body, headers, secret=SECRET)


@pytest.mark.parametrize(
    "convert",
    [
        lambda h: {k.lower(): v for k, v in h.items()},
        lambda h: {k.upper(): v for k, v in h.items()},
        lambda h: list(h.items()),
        lambda h: StarletteHeaders(headers=h),
        lambda h: httpx.Headers(h),
        lambda h: WerkzeugHeaders(list(h.items())),
    ],
    ids=["lower-dict", "upper-dict", "pairs", "starlette", "httpx", "werkzeug"],
)
def test_headers_are_read_case_insensitively_from_any_framework(convert: Any) -> None:
    body, headers = signed(CHARGE_POINT_CHANGED)
    delivery = webhooks.parse(body, convert(headers), secret=SECRET)
    assert delivery.tenant == "tenant-7"
    assert isinstance(delivery.notification, ChargePointChangedNotification)


def test_conflicting_duplicate_tenant_is_malformed() -> None:
    body, headers = signed(CHARGE_POINT_CHANGED)
    with pytest.raises(webhooks.MalformedNotificationError, match="X-Tenant"):
        webhooks.parse(body, [*headers.items(), ("X-Tenant", "other")], secret=SECRET)


class TestFreshness:
    def test_a_fresh_timestamp_passes(self) -> None:
        body, headers = signed(CHARGE_POINT_CHANGED)
        delivery = webhooks.parse(body, headers, secret=SECRET, tolerance=5, now=NOW)
        assert delivery.timestamp == datetime(2024, 5, 1, 11, 59, 59, 500000, tzinfo=UTC)

    @pytest.mark.parametrize(
        "offset", [timedelta(seconds=-301), timedelta(seconds=301)], ids=["old", "future"]
    )
    def test_outside_the_tolerance_is_rejected(self, offset: timedelta) -> None:
        body, headers = signed(CHARGE_POINT_CHANGED, **{"X-Timestamp": (NOW + offset).isoformat()})
        with pytest.raises(webhooks.TimestampVerificationError, match="301 s"):
            webhooks.parse(body, headers, secret=SECRET, tolerance=timedelta(minutes=5), now=NOW)

    def test_exactly_at_the_tolerance_passes(self) -> None:
        body, headers = signed(CHARGE_POINT_CHANGED, **{"X-Timestamp": "2024-05-01T11:55:00.000000Z"})
        webhooks.parse(body, headers, secret=SECRET, tolerance=300, now=NOW)

    def test_default_now_is_the_current_time(self) -> None:
        body, headers = signed(CHARGE_POINT_CHANGED)  # stamped 2024: long stale today
        with pytest.raises(webhooks.TimestampVerificationError):
            webhooks.parse(body, headers, secret=SECRET, tolerance=300)

    @pytest.mark.parametrize(
        "stamp", [None, "yesterday", "2024-05-01T11:59:59"], ids=["missing", "garbage", "naive"]
    )
    def test_missing_or_unreadable_timestamp_is_rejected_when_checking(self, stamp: str | None) -> None:
        body, headers = signed(CHARGE_POINT_CHANGED)
        if stamp is None:
            del headers["X-Timestamp"]
        else:
            headers["X-Timestamp"] = stamp
        with pytest.raises(webhooks.TimestampVerificationError):
            webhooks.parse(body, headers, secret=SECRET, tolerance=300, now=NOW)
        # ... and ignored (timestamp None) when not checking
        assert webhooks.parse(body, headers, secret=SECRET).timestamp is None

    def test_stale_is_a_signature_failure_so_one_except_rejects_both(self) -> None:
        assert issubclass(webhooks.TimestampVerificationError, webhooks.SignatureVerificationError)

    @pytest.mark.parametrize(
        "tolerance",
        [
            float("nan"),
            float("inf"),
            float("-inf"),
            -1,
            1e20,
            7 * 24 * 3600 + 1,
            timedelta(days=8),
            timedelta(seconds=-1),
            True,
            "300",
        ],
        ids=repr,
    )
    def test_a_bad_tolerance_is_refused_when_given(self, tolerance: object) -> None:
        """Even for a request that would fail anyway: the mistake is in the receiver's code."""
        body, headers = signed(CHARGE_POINT_CHANGED, secret="wrong")
        with pytest.raises(ampeco.ConfigurationError, match="tolerance") as caught:
            webhooks.parse(body, headers, secret=SECRET, tolerance=tolerance, now=NOW)  # type: ignore[arg-type]
        assert isinstance(caught.value, ValueError)

    @pytest.mark.parametrize("tolerance", [0, 300, 2.5, timedelta(minutes=5), 7 * 24 * 3600], ids=repr)
    def test_sensible_tolerances_are_accepted(self, tolerance: float | timedelta) -> None:
        body, headers = signed(CHARGE_POINT_CHANGED, **{"X-Timestamp": NOW.isoformat()})
        webhooks.parse(body, headers, secret=SECRET, tolerance=tolerance, now=NOW)

    def test_signature_is_checked_before_the_timestamp(self) -> None:
        body, headers = signed(CHARGE_POINT_CHANGED, secret="wrong")
        with pytest.raises(webhooks.SignatureVerificationError) as caught:
            webhooks.parse(body, headers, secret=SECRET, tolerance=300)
        assert not isinstance(caught.value, webhooks.TimestampVerificationError)


def _nested(kind: str, depth: int) -> bytes:
    head = json.dumps({**CHARGE_POINT_CHANGED, "notification": kind})[:-1]
    return (head + ', "extra": ' + '{"a":' * depth + "1" + "}" * depth + "}").encode()


@pytest.mark.parametrize("depth", [500, 900])
@pytest.mark.parametrize("kind", ["chargePoint.changed", "some.future.kind"])
def test_a_deeply_nested_signed_body_parses(kind: str, depth: int) -> None:
    body, headers = signed(_nested(kind, depth))
    delivery = webhooks.parse(body, headers, secret=SECRET)
    assert delivery.kind == kind
    level = delivery.notification.to_dict()["extra"]
    for _ in range(depth):
        level = level["a"]
    assert level == 1


def test_a_body_nested_beyond_the_parser_is_malformed() -> None:
    body, headers = signed(_nested("chargePoint.changed", 100_000))
    with pytest.raises(webhooks.MalformedNotificationError):
        webhooks.parse(body, headers, secret=SECRET)


def test_every_error_is_an_ampeco_error() -> None:
    for error in (
        webhooks.WebhookError,
        webhooks.SignatureVerificationError,
        webhooks.TimestampVerificationError,
        webhooks.MalformedNotificationError,
        webhooks.NotificationSchemaError,
    ):
        assert issubclass(error, AmpecoError)


def test_the_secret_never_leaks_into_errors_reprs_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ampeco")
    body, headers = signed(CHARGE_POINT_CHANGED)
    # What the receiver would have accepted for the tampered body: revealing it would be a signing oracle.
    oracle = hmac.new(SECRET.encode(), body + b" ", hashlib.sha256).hexdigest()
    seen: list[str] = []
    failing: list[tuple[bytes, dict[str, str], float | None]] = [
        (body + b" ", headers, None),
        (body, {**headers, "X-Signature": "f" * 64}, None),
        (body, {}, None),
        (body, headers, 1),  # stale
        (b"{", {"X-Signature": hmac.new(SECRET.encode(), b"{", hashlib.sha256).hexdigest()}, None),
    ]
    for payload, request_headers, tolerance in failing:
        with pytest.raises(AmpecoError) as caught:
            webhooks.parse(payload, request_headers, secret=SECRET, tolerance=tolerance)
        seen += [str(caught.value), repr(caught.value), repr(caught.value.args), str(caught.value.__dict__)]
    delivery = webhooks.parse(body, headers, secret=SECRET)
    request = webhooks.signed_request(CHARGE_POINT_CHANGED, secret=SECRET)
    seen += [repr(delivery), str(delivery), repr(request), caplog.text]
    assert caplog.text.count("rejected webhook request") == len(failing)  # logged, without the secret
    for text in seen:
        assert SECRET not in text
        assert oracle not in text
