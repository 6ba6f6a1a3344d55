"""Invalid input gets the API's own error shapes, never a 500."""

from __future__ import annotations

import httpx
import pytest

from ampeco.mock import BASE_URL, MockTenant, SyncASGITransport

CHARGE_POINTS = "/public-api/resources/charge-points/v2.0"
LOCATIONS = "/public-api/resources/locations/v2.0"


def test_missing_token_is_401(ampeco_mock):
    with httpx.Client(transport=SyncASGITransport(ampeco_mock.tenant), base_url=BASE_URL) as anonymous:
        response = anonymous.get(CHARGE_POINTS)
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated."}
    assert response.headers["content-type"] == "application/json"


def test_wrong_token_is_401(ampeco_mock):
    response = ampeco_mock.http_client.get(CHARGE_POINTS, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_any_token_when_tenant_has_none():
    tenant = MockTenant(token=None, network=False, auto_records=0)
    with httpx.Client(transport=SyncASGITransport(tenant), base_url=BASE_URL) as client:
        assert client.get(CHARGE_POINTS, headers={"Authorization": "Bearer whatever"}).status_code == 200
        assert client.get(CHARGE_POINTS, headers={"Authorization": "Basic abc"}).status_code == 401


def test_unknown_path_and_unknown_record_are_404(ampeco_mock):
    assert ampeco_mock.http_client.get("/public-api/nothing/here").status_code == 404
    missing = ampeco_mock.http_client.get(f"{CHARGE_POINTS}/424242")
    assert missing.status_code == 404
    assert missing.json() == {"message": "The record is not found."}
    assert ampeco_mock.http_client.get(f"{CHARGE_POINTS}/not-a-number").status_code == 404


def test_wrong_method_is_405_with_allow(ampeco_mock):
    response = ampeco_mock.http_client.delete(CHARGE_POINTS)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert "message" in response.json()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "many"}, "per_page"),
        ({"filter[circuitId]": "x"}, "filter.circuitId"),
        ({"include[]": "nonsense"}, "include.0"),
    ],
)
def test_invalid_query_is_422_per_field(ampeco_mock, query, field):
    response = ampeco_mock.http_client.get(CHARGE_POINTS, params=query)
    assert response.status_code == 422
    body = response.json()
    assert body["message"] == "The given data was invalid."
    assert list(body["errors"]) == [field]
    assert all(isinstance(message, str) for message in body["errors"][field])


def test_invalid_body_lists_every_field(ampeco_mock):
    response = ampeco_mock.http_client.post(LOCATIONS, json={"name": 5, "city": "Sofia"})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {"name", "geoposition", "address", "country"} <= set(errors)
    assert errors["geoposition"] == ["The geoposition field is required."]


@pytest.mark.parametrize(
    ("content", "content_type", "message"),
    [
        (b"{not json", "application/json", "The request body is not valid JSON."),
        (b'{"name": "\xff"}', "application/json", "The request body is not valid UTF-8."),
        (b"NaN", "application/json", "The request body is not valid JSON."),
        (
            b"name=x",
            "application/x-www-form-urlencoded",
            "The request body must be application/json, not application/x-www-form-urlencoded.",
        ),
    ],
)
def test_unreadable_body_is_documented_422(ampeco_mock, content, content_type, message):
    response = ampeco_mock.http_client.post(
        LOCATIONS, content=content, headers={"content-type": content_type}
    )
    assert response.status_code == 422
    assert response.json() == {"message": "The given data was invalid.", "errors": {"body": [message]}}
    operation = ampeco_mock.tenant.spec.index.by_id["locationCreate"]
    assert operation.documents(422)


def test_missing_required_body_is_422(ampeco_mock):
    response = ampeco_mock.http_client.post(LOCATIONS)
    assert response.status_code == 422
    assert response.json()["errors"] == {"body": ["The request body is required."]}
