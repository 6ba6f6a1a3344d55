"""Every notification kind of the spec, from payloads generated from its schema, through sign + parse.

Examples come from schemathesis (hypothesis strategies built from the callback body schemas), so
each kind is exercised with many shapes: optional fields present and absent, extra properties,
every enum value, nested objects.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

from dateutil.parser import isoparse
from hypothesis import HealthCheck, Phase, given, settings
from openapi_python_client.strings import ClassName

import ampeco_public_api.models
from ampeco import webhooks
from ampeco_public_api import webhooks as generated_index
from tests.webhooks.spec_examples import (
    SECRET,
    Callback,
    distinct_callbacks,
    example_operations,
    example_path,
    spec_callbacks,
)

EXAMPLES_PER_KIND = 20


def expected_model(callback: Callback) -> type[Any]:
    """The class openapi-python-client generated for the callback's body schema (its own naming rule)."""
    model: type[Any] = getattr(ampeco_public_api.models, str(ClassName(callback.schema, "field_")))
    return model


def same_json(produced: Any, received: Any) -> bool:
    """Equal as JSON, where two strings naming the same instant count as equal (Z vs +00:00)."""
    if isinstance(produced, dict) and isinstance(received, dict):
        return produced.keys() == received.keys() and all(
            same_json(produced[k], received[k]) for k in produced
        )
    if isinstance(produced, list) and isinstance(received, list):
        return len(produced) == len(received) and all(map(same_json, produced, received))
    if isinstance(produced, str) and isinstance(received, str) and produced != received:
        return _instant(produced) is not None and _instant(produced) == _instant(received)
    if type(produced) is type(received):
        return bool(produced == received)
    return _same_number(produced, received)


def _same_number(a: Any, b: Any) -> bool:
    numbers = (int, float)
    return isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and a == b


def _instant(text: str) -> datetime | None:
    try:
        return isoparse(text)
    except (ValueError, OverflowError):
        return None


def test_every_notification_kind_parses_into_its_model(callback: Callback) -> None:
    index = distinct_callbacks().index(callback)
    strategy = example_operations()[example_path(index)]["POST"].as_strategy()
    model = expected_model(callback)
    seen_kinds: set[str] = set()

    @settings(
        max_examples=EXAMPLES_PER_KIND,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case: Any) -> None:
        payload = case.body
        body = json.dumps(payload).encode()
        signature = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        delivery = webhooks.parse(body, {"X-Signature": signature, "X-Tenant": "t"}, secret=SECRET)

        parsed_type: type[Any] = type(delivery.notification)
        assert parsed_type is model
        assert delivery.kind in callback.kinds
        assert delivery.raw == payload
        produced = delivery.notification.to_dict()
        assert same_json(produced, payload), (produced, payload)
        assert model.from_dict(produced) == delivery.notification
        seen_kinds.add(delivery.kind)

    check()
    assert seen_kinds == set(callback.kinds)


def test_the_generated_index_covers_exactly_the_kinds_of_the_spec() -> None:
    kinds = {kind for callback in spec_callbacks() for kind in callback.kinds}
    assert set(generated_index.NOTIFICATION_MODELS) == kinds
    assert len(kinds) == 39


def test_each_kind_maps_to_the_model_of_its_newest_callback() -> None:
    newest: dict[str, Callback] = {}
    for callback in sorted(spec_callbacks(), key=lambda c: c.path):
        newest.update(dict.fromkeys(callback.kinds, callback))
    for kind, callback in newest.items():
        assert webhooks.model_for(kind) is expected_model(callback), kind


def test_deprecated_kinds_are_those_whose_callback_the_spec_deprecates() -> None:
    from tests.webhooks.spec_examples import normalized_spec

    callbacks = normalized_spec()["paths"]["/public-api/notifications/v2.0"]["post"]["callbacks"]
    deprecated = {
        key for key, cb in callbacks.items() for item in cb.values() if item["post"].get("deprecated")
    }
    assert deprecated == set(webhooks.DEPRECATED_KINDS)
    assert "SessionStartStopNotification" in deprecated


def test_notification_union_names_every_model_at_run_time() -> None:
    members = set(webhooks.Notification.__args__)
    assert members == {webhooks.model_for(kind) for kind in generated_index.NOTIFICATION_MODELS}
