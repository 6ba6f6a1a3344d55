"""A small, believable charging network for a fresh tenant (the same for the same seed).

Three locations in Sofia, Plovdiv and Varna; two charge points each, with one AC and one DC EVSE;
five drivers (users 1-5); finished sessions of theirs and a CDR per roaming session. Fields not set
here are synthesized from the schemas, then every record is conformed to its resource's newest schema.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ampeco.mock._store import Record

if TYPE_CHECKING:
    from ampeco.mock._app import MockTenant

RESOURCES = "/public-api/resources"
_CITIES = (
    ("Sofia", "bul. Vitosha 89", "1463", 42.6858, 23.3186),
    ("Plovdiv", "ul. Knyaz Aleksandar I 42", "4000", 42.1447, 24.7486),
    ("Varna", "bul. Primorski 51", "9000", 43.2048, 27.9165),
)
_START = datetime(2024, 6, 1, 8, 0, tzinfo=UTC)
_DRIVERS = (
    ("Maria", "Ivanova"),
    ("Georgi", "Petrov"),
    ("Elena", "Dimitrova"),
    ("Nikolay", "Georgiev"),
    ("Ivana", "Todorova"),
)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _make(tenant: MockTenant, template: str, concrete: str, record_id: int, fields: dict[str, Any]) -> Record:
    """A record of ``template``'s newest schema: synthesized, overridden by ``fields``, conformed."""
    info = tenant.resources.collections[template]
    schema = info.record_schema
    rng = tenant.synth.rng("seed", concrete, record_id)
    base = tenant.synth.value(schema, rng) if schema is not None else {}
    record = {**(base if isinstance(base, dict) else {}), **fields, "id": record_id}
    shaped = tenant.synth.conform(record, schema, rng) if schema is not None else record
    collection = tenant.store.collection(concrete, integer_ids=info.integer_ids)
    return collection.put(record_id, {**record, **shaped} if isinstance(shaped, dict) else record)


def seed_network(tenant: MockTenant) -> None:
    rng = tenant.synth.rng("network")
    locations = f"{RESOURCES}/locations"
    charge_points = f"{RESOURCES}/charge-points"
    evses_flat = f"{RESOURCES}/evses"
    known = tenant.resources.collections
    for required in (locations, charge_points, evses_flat, f"{RESOURCES}/sessions"):
        if required not in known:
            return  # an older release without these resources: auto-filled collections only
    cp_id = evse_id = 0
    evse_records: list[Record] = []
    for loc_id, (city, street, post_code, lat, lng) in enumerate(_CITIES, start=1):
        _make(
            tenant,
            locations,
            locations,
            loc_id,
            {
                "name": [{"locale": "en", "translation": f"{city} Central Charging Hub"}],
                "address": [{"locale": "en", "translation": street}],
                "city": city,
                "country": "BG",
                "postCode": post_code,
                "timezone": "Europe/Sofia",
                "geoposition": {"latitude": lat, "longitude": lng},
                "status": "enabled",
                "lastUpdatedAt": _stamp(_START),
            },
        )
        for number in (1, 2):
            cp_id += 1
            _make(
                tenant,
                charge_points,
                charge_points,
                cp_id,
                {
                    "name": f"{city} Hub #{number}",
                    "type": "public",
                    "status": "enabled",
                    "locationId": loc_id,
                    "networkStatus": "available",
                    "hardwareStatus": "available",
                    "communicationMode": "direct_ocpp",
                    "lastUpdatedAt": _stamp(_START),
                    "createdAt": _stamp(_START - timedelta(days=90)),
                },
            )
            nested = f"{charge_points}/{cp_id}/evses"
            for current, power in (("ac", 22), ("dc", 150)):
                evse_id += 1
                fields = {
                    "physicalReference": f"BG*AMP*E{evse_id:04d}",
                    "networkId": str(len(evse_records) % 2 + 1),
                    "label": f"{current.upper()} {power} kW",
                    "currentType": current,
                    "status": "enabled",
                    "hardwareStatus": "available",
                    "chargePointId": cp_id,
                    "createdAt": _stamp(_START - timedelta(days=90)),
                    "lastUpdatedAt": _stamp(_START),
                }
                evse_records.append(
                    _make(tenant, f"{charge_points}/{{chargePoint}}/evses", nested, evse_id, fields)
                )
                _make(tenant, evses_flat, evses_flat, evse_id, fields)
    users = f"{RESOURCES}/users"
    if users in known:
        for user_id, (first, last) in enumerate(_DRIVERS, start=1):
            _make(
                tenant,
                users,
                users,
                user_id,
                {
                    "email": f"{first.lower()}.{last.lower()}@example.com",
                    "firstName": first,
                    "lastName": last,
                    "country": "BG",
                    "createdAt": _stamp(_START - timedelta(days=120 - user_id)),
                    "lastUpdatedAt": _stamp(_START),
                },
            )
    sessions = f"{RESOURCES}/sessions"
    for session_id in range(1, 13):
        evse = evse_records[(session_id - 1) % len(evse_records)]
        started = _START + timedelta(hours=7 * session_id)
        _make(
            tenant,
            sessions,
            sessions,
            session_id,
            {
                "id": str(session_id),
                "chargePointId": evse["chargePointId"],
                "evseId": evse["id"],
                "userId": (session_id - 1) % len(_DRIVERS) + 1,
                "status": "finished",
                "reason": "standard_stop",
                "startedAt": _stamp(started),
                "stoppedAt": _stamp(started + timedelta(minutes=rng.randint(20, 180))),
                "energy": rng.randint(4000, 60000),
                "amount": round(rng.uniform(2, 30), 2),
                "currency": "EUR",
                "lastUpdatedAt": _stamp(started + timedelta(hours=3)),
            },
        )
    cdrs = f"{RESOURCES}/cdrs"
    if cdrs in known:
        for cdr_id in range(1, 5):
            started = _START + timedelta(hours=7 * cdr_id)
            _make(
                tenant,
                cdrs,
                cdrs,
                cdr_id,
                {
                    "protocolType": "OCPI",
                    "sessionId": str(cdr_id),
                    "isLocal": True,
                    "startTime": _stamp(started),
                    "endTime": _stamp(started + timedelta(hours=1)),
                    "receivedAt": _stamp(started + timedelta(hours=2)),
                },
            )
