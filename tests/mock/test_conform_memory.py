"""Remembered conforming (the mock's listing speed) answers exactly as conforming from scratch.

Every listing's item schema, with the records the tenant fills its collection with: a synthesizer that
has conformed a record before (and takes the remembered path) gives the same answer as a fresh one.
Records that need converting or inventing are never remembered, and still answer the same every time.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ampeco.mock import DEFAULT_TOKEN, MockTenant
from ampeco.mock._synth import Synthesizer


@pytest.fixture(scope="module")
def tenant() -> MockTenant:
    return MockTenant(seed=5, token=DEFAULT_TOKEN, network=True)


def _listing_item_schemas(tenant: MockTenant) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for operation in tenant.spec.index:
        role = tenant.resources.roles[operation.operation_id]
        if role.kind != "list" or role.collection is None or role.shape.schema is None:
            continue
        flat = tenant.synth.flatten(role.shape.schema)
        data = flat.get("properties", {}).get("data")
        if data is None:
            continue
        found.append((operation.operation_id, role.collection, tenant.synth.flatten(data).get("items", {})))
    return found


def test_every_listing_answers_the_same_from_memory(tenant: MockTenant) -> None:
    listings = _listing_item_schemas(tenant)
    assert len(listings) > 80
    covered = records_seen = remembered = 0
    warm = Synthesizer(tenant.spec.schemas, tenant.seed)
    for operation_id, template, item_schema in listings:
        records = [copy.deepcopy(r) for r in tenant.collection(template, template)]
        if not records:  # a collection with no record schema to fill it from
            continue
        covered += 1
        for key, record in enumerate(records):
            known = len(warm._projectable)
            first = warm.conform(record, item_schema, warm.rng(operation_id, key))
            remembered += len(warm._projectable) > known
            again = warm.conform(
                record, item_schema, warm.rng(operation_id, key)
            )  # from memory if remembered
            fresh = Synthesizer(tenant.spec.schemas, tenant.seed)
            scratch = fresh.conform(record, item_schema, fresh.rng(operation_id, key))
            assert first == again == scratch, (operation_id, key)
            records_seen += 1
    assert covered > 80
    assert remembered > records_seen / 2  # most records take the remembered path the second time


def test_listing_twice_over_http_gives_the_same_body(tenant: MockTenant) -> None:
    from ampeco.mock import http_client

    twin = MockTenant(seed=5, token=DEFAULT_TOKEN, network=True)
    with http_client(tenant) as warm, http_client(twin) as fresh:
        for path in ("/public-api/resources/charge-points/v2.0", "/public-api/resources/locations/v2.0"):
            warm.get(path)
            assert warm.get(path).json() == fresh.get(path).json()


def test_converted_and_invented_records_are_not_remembered(tenant: MockTenant) -> None:
    synth = Synthesizer(tenant.spec.schemas, tenant.seed)
    schema = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "note": {"type": "string"}},
    }
    converted = {"id": "7", "name": "A", "extra": True}
    answers = [synth.conform(converted, schema, synth.rng("c")) for _ in range(3)]
    assert answers == [{"id": 7, "name": "A"}] * 3
    invented = {"id": 8}
    answers = [synth.conform(invented, schema, synth.rng("i")) for _ in range(3)]
    assert answers[0] == answers[1] == answers[2] and isinstance(answers[0]["name"], str)
    assert len(synth._projectable) == 0
    kept = {"id": 9, "name": "B", "extra": 1}
    assert [synth.conform(kept, schema, synth.rng("k")) for _ in range(2)] == [{"id": 9, "name": "B"}] * 2
    assert len(synth._projectable) == 1
