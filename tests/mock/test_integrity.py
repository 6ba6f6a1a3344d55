"""References must name stored records and unique fields may not repeat (issue 10).

The class: every body field the spec names ``<resource>Id``/``<resource>Ids`` for a resource
collection of the tenant (58 operations). For each, Schemathesis generates a valid body, the field is
pointed at a record that does not exist, and the answer must be a 422 naming exactly that field.
"""

from __future__ import annotations

import os
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from ampeco.mock import BASE_URL, MockTenant, SyncASGITransport, load_mock_spec

AUTH = {"Authorization": "Bearer mock-token"}
EXAMPLES = int(os.environ.get("AMPECO_CLIENT_REQUEST_EXAMPLES", "3"))
MISSING = 987_654

_spec = load_mock_spec()
TENANT = MockTenant(spec=_spec, seed=6)
REFERENCING = {
    operation.operation_id: TENANT.integrity.references(operation)
    for operation in TENANT.operations()
    if TENANT.integrity.references(operation)
}
REACHED: dict[str, set[str]] = {}
schema = schemathesis.openapi.from_dict(
    _spec.document,
    config=SchemathesisConfig.from_dict(
        {
            "generation": {"mode": "positive", "max-examples": EXAMPLES},
            "phases": {"coverage": {"enabled": False}},
        }
    ),
).include(operation_id=list(REFERENCING))


def _client(tenant: MockTenant = TENANT) -> httpx.Client:
    return httpx.Client(transport=SyncASGITransport(tenant), base_url=BASE_URL, headers=AUTH)


def _stored_path(case: schemathesis.Case) -> str:
    """The operation's path with every parameter naming a stored record (the tenant's first ones)."""
    path = case.operation.path
    for name in case.path_parameters or {}:
        path = path.replace("{" + name + "}", "1")
    return path


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_a_reference_to_a_missing_record_is_422_on_that_field(case: schemathesis.Case) -> None:
    operation_id = case.operation.definition.raw["operationId"]
    if not isinstance(case.body, dict):
        return
    for reference in REFERENCING[operation_id]:
        body: dict[str, Any] = dict(case.body)
        body[reference.field] = [1, MISSING] if reference.many else MISSING
        with _client() as client:
            response = client.request(case.operation.method.upper(), _stored_path(case), json=body)
        if response.status_code == 404:
            continue  # a parent in the path this tenant does not hold (e.g. a string key)
        assert response.status_code == 422, (reference, response.text)
        expected = f"{reference.field}.1" if reference.many else reference.field
        assert expected in response.json()["errors"], (reference, response.text)
        REACHED.setdefault(operation_id, set()).add(reference.field)


def test_most_referencing_operations_were_reached() -> None:
    """Runs after the property test: the 404 escape above may not hide the class."""
    assert len(REFERENCING) >= 50
    assert len(REACHED) >= 0.8 * len(REFERENCING), sorted(set(REFERENCING) - set(REACHED))


# -- the examples of the issue --------------------------------------------------------------------

START = "/public-api/actions/charge-point/v1.0/{cp}/start/{evse}"


@pytest.mark.parametrize("user_id", [-5, 0, 6, 987_654])
def test_starting_a_session_for_a_user_that_does_not_exist_is_422(user_id: int) -> None:
    tenant = MockTenant(seed=6)
    with _client(tenant) as client:
        response = client.post(START.format(cp=1, evse=1), json={"userId": user_id})
        assert response.status_code == 422
        assert response.json()["errors"] == {"userId": ["The selected user id is invalid."]}
        sessions = client.get("/public-api/resources/sessions/v1.0").json()["data"]
        assert len(sessions) == 12  # nothing started


def test_starting_a_session_for_a_user_that_exists_is_202() -> None:
    with _client(MockTenant(seed=6)) as client:
        assert client.post(START.format(cp=1, evse=1), json={"userId": 5}).status_code == 202


@pytest.mark.parametrize(
    "path",
    [
        START.format(cp=999, evse=1),
        "/public-api/actions/charge-point/v1.0/999/start",
        START.format(cp=1, evse=99),
        "/public-api/actions/evse/v1.0/999/start",
    ],
)
def test_starting_a_session_on_a_charge_point_or_evse_that_does_not_exist_is_404(path: str) -> None:
    with _client(MockTenant(seed=6)) as client:
        response = client.post(path, json={"userId": 1})
    assert response.status_code == 404


def test_a_duplicate_user_email_is_422_on_create_and_update() -> None:
    users = "/public-api/resources/users/v1.0"
    with _client(MockTenant(seed=6)) as client:
        taken = client.get(f"{users}/1").json()["data"]["email"]
        for email in (taken, taken.upper()):
            created = client.post(users, json={"email": email, "password": "secret-1"})
            assert created.status_code == 422
            assert created.json()["errors"] == {"email": ["The email has already been taken."]}
        fresh = client.post(users, json={"email": "new.driver@example.com", "password": "secret-1"})
        assert fresh.status_code == 201
        new_id = fresh.json()["data"]["id"]
        assert client.patch(f"{users}/{new_id}", json={"email": taken}).status_code == 422
        assert client.patch(f"{users}/1", json={"email": taken}).status_code == 200  # its own email
        again = client.post(users, json={"email": "new.driver@example.com", "password": "secret-1"})
        assert again.status_code == 422


def test_fields_the_spec_calls_unique_may_not_repeat() -> None:
    tenant = MockTenant(seed=6)
    assert tenant.integrity.unique_fields("/public-api/resources/charge-points") == ("externalId",)
    with _client(tenant) as client:
        assert (
            client.patch(
                "/public-api/resources/charge-points/v2.0/1", json={"externalId": "EXT-1"}
            ).status_code
            == 200
        )
        clash = client.patch("/public-api/resources/charge-points/v2.0/2", json={"externalId": "EXT-1"})
        assert clash.status_code == 422
        assert clash.json()["errors"] == {"externalId": ["The external id has already been taken."]}
