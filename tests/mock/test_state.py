"""Stateful tenant: CRUD over the store, real cursor and page pagination, filters, sessions."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from ampeco import mock
from ampeco.mock import BASE_URL, MockTenant, SyncASGITransport

CHARGE_POINTS = "/public-api/resources/charge-points/v2.0"
LOCATIONS = "/public-api/resources/locations/v2.0"
NEW_LOCATION = {
    "name": [{"locale": "en", "translation": "Burgas Port"}],
    "address": [{"locale": "en", "translation": "ul. Pristanishtna 1"}],
    "city": "Burgas",
    "country": "BG",
    "geoposition": {"latitude": 42.49, "longitude": 27.47},
    "roamingOperatorId": 1,
}


def _all_pages(client: httpx.Client, url: str, **params: str) -> list[list[int]]:
    pages = []
    next_url: str | None = url
    first = True
    while next_url:
        response = client.get(next_url, params=params if first else None)
        first = False
        assert response.status_code == 200
        body = response.json()
        pages.append([item["id"] for item in body["data"]])
        next_url = body["links"]["next"]
    return pages


def test_cursor_pagination_walks_every_record_once(ampeco_mock):
    pages = _all_pages(ampeco_mock.http_client, CHARGE_POINTS, per_page="4")
    assert pages == [[1, 2, 3, 4], [5, 6]]


def test_cursor_meta_and_prev_link(ampeco_mock):
    first = ampeco_mock.http_client.get(CHARGE_POINTS, params={"per_page": 5}).json()
    assert first["meta"]["per_page"] == 5 and first["meta"]["prev_cursor"] is None
    cursor = parse_qs(urlsplit(first["links"]["next"]).query)["cursor"][0]
    assert cursor == first["meta"]["next_cursor"]
    second = ampeco_mock.http_client.get(CHARGE_POINTS, params={"per_page": 5, "cursor": cursor}).json()
    assert [item["id"] for item in second["data"]] == [6]
    assert second["meta"]["next_cursor"] is None and second["links"]["next"] is None
    back = ampeco_mock.http_client.get(second["links"]["prev"]).json()
    assert [item["id"] for item in back["data"]] == [1, 2, 3, 4, 5]


def test_numbered_pages_count_what_is_stored(ampeco_mock):
    url = "/public-api/resources/charge-point-models/v1.0"
    for index in range(4):
        created = ampeco_mock.http_client.post(url, json={"name": f"Model {index}", "vendorId": 1})
        assert created.status_code == 201, created.text
    body = ampeco_mock.http_client.get(url, params={"per_page": 3, "page": 2}).json()
    stored = len(ampeco_mock.store.collection("/public-api/resources/charge-point-models"))
    assert body["meta"]["total"] == stored == 3 + 4  # auto-filled records plus ours
    assert body["meta"]["current_page"] == 2 and body["meta"]["last_page"] == 3
    assert len(body["data"]) == 3 and body["links"]["prev"].endswith("page=1")


def test_deep_object_filter(ampeco_mock):
    response = ampeco_mock.http_client.get(CHARGE_POINTS, params={"filter[locationId]": "2"})
    assert [(item["id"], item["locationId"]) for item in response.json()["data"]] == [(3, 2), (4, 2)]
    included = ampeco_mock.http_client.get(CHARGE_POINTS, params=[("include[]", "chargingProfile")])
    assert included.status_code == 200


def test_create_read_update_delete(ampeco_mock):
    client = ampeco_mock.http_client
    created = client.post(LOCATIONS, json=NEW_LOCATION)
    assert created.status_code == 201, created.text
    location = created.json()["data"]
    assert location["city"] == "Burgas" and location["id"] == 4
    read = client.get(f"{LOCATIONS}/4").json()["data"]
    assert read["name"] == NEW_LOCATION["name"] and read["geoposition"] == NEW_LOCATION["geoposition"]
    patched = client.patch(f"{LOCATIONS}/4", json={"city": "Burgas-Sever"})
    assert patched.status_code == 200 and patched.json()["data"]["city"] == "Burgas-Sever"
    listed = [item["id"] for item in client.get(LOCATIONS).json()["data"]]
    assert listed == [1, 2, 3, 4]
    assert client.delete(f"{LOCATIONS}/4").status_code == 204
    assert client.get(f"{LOCATIONS}/4").status_code == 404
    # v1.0 reads the same records as v2.0
    assert client.get("/public-api/resources/locations/v1.0/1").status_code == 200


def test_read_only_fields_in_a_body_are_ignored(ampeco_mock):
    created = ampeco_mock.http_client.post(LOCATIONS, json={**NEW_LOCATION, "id": 777}).json()["data"]
    assert created["id"] == 4


def test_nested_collections_need_their_parent(ampeco_mock):
    client = ampeco_mock.http_client
    assert [e["id"] for e in client.get(f"{CHARGE_POINTS}/1/evses").json()["data"]] == [1, 2]
    assert client.get(f"{CHARGE_POINTS}/99/evses").status_code == 404


def test_start_and_stop_a_session(ampeco_mock):
    client = ampeco_mock.http_client
    started = client.post("/public-api/actions/charge-point/v1.0/2/start/1", json={"userId": 5})
    assert started.status_code == 202
    session_id = started.json()["sessionId"]
    session = client.get(f"/public-api/resources/sessions/v1.0/{session_id}").json()["data"]
    assert (session["status"], session["chargePointId"], session["userId"]) == ("active", 2, 5)
    stop = f"/public-api/actions/charge-point/v1.0/2/stop/{session_id}"
    assert client.post(stop).status_code == 202
    assert (
        client.get(f"/public-api/resources/sessions/v1.0/{session_id}").json()["data"]["status"] == "finished"
    )
    assert client.post(stop).status_code == 406  # not running any more
    assert client.post("/public-api/actions/charge-point/v1.0/2/stop/9999").status_code == 404
    assert client.post("/public-api/actions/charge-point/v1.0/2/start/7").status_code == 404  # no such EVSE


def test_seeded_network_is_realistic(ampeco_mock):
    client = ampeco_mock.http_client
    cities = [item["city"] for item in client.get(LOCATIONS).json()["data"]]
    assert cities == ["Sofia", "Plovdiv", "Varna"]
    sessions = client.get("/public-api/resources/sessions/v1.0").json()["data"]
    assert len(sessions) == 12 and {s["status"] for s in sessions} == {"finished"}
    assert client.get("/public-api/resources/cdrs/v2.0").json()["data"][0]["protocolType"] == "OCPI"


@pytest.mark.ampeco_mock(network=False, auto_records=0)
def test_marker_gives_an_empty_tenant(ampeco_mock):
    assert ampeco_mock.http_client.get(CHARGE_POINTS).json()["data"] == []


def _get(tenant: MockTenant, path: str) -> httpx.Response:
    with httpx.Client(
        transport=SyncASGITransport(tenant), base_url=BASE_URL, headers={"Authorization": "Bearer mock-token"}
    ) as client:
        return client.get(path)


def test_same_seed_same_data_other_seed_other_data():
    path = "/public-api/resources/taxes/v2.0"
    assert _get(MockTenant(seed=3), path).json() == _get(MockTenant(seed=3), path).json()
    assert _get(MockTenant(seed=3), path).json() != _get(MockTenant(seed=4), path).json()


def test_stateless_tenant_answers_any_id():
    tenant = MockTenant(stateful=False)
    response = _get(tenant, f"{CHARGE_POINTS}/31337")
    assert response.status_code == 200 and response.json()["data"]["id"] == 31337


def test_a_created_record_gets_a_fresh_id_it_can_be_read_back_by() -> None:
    # /notifications is auto-filled with records "1".."3" whose id schema is a number.
    client = mock.http_client(mock.MockTenant(seed=0))
    assert [n["id"] for n in client.get("/public-api/notifications/v2.0").json()["data"]] == [1, 2, 3]
    created = client.post(
        "/public-api/notifications/v2.0",
        json={
            "notifications": ["cdr.received"],
            "via": "webhook",
            "webhook": {"callbackUrl": "https://x.test/h"},
        },
    )
    assert created.status_code == 201, created.text
    new_id = created.json()["data"]["id"]
    assert new_id == 4
    assert client.get(f"/public-api/notifications/v2.0/{new_id}").json()["data"]["notifications"] == [
        "cdr.received"
    ]
    assert [n["id"] for n in client.get("/public-api/notifications/v2.0").json()["data"]] == [1, 2, 3, 4]
