"""Charging sessions: start and stop actions that create and finish session records.

Starting on an EVSE of a stored charge point creates an ``active`` session; stopping it finishes it
(``406`` if it is not active, as a charge point rejects stopping a session it is not running).
Both send ``session.start.stop.notification`` to its webhook subscribers once the answer is out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from ampeco.mock._handlers import Call, now
from ampeco.mock._responses import empty_response, json_response, not_found
from ampeco.mock._store import Record

if TYPE_CHECKING:
    from ampeco.mock._app import MockTenant

SESSIONS = "/public-api/resources/sessions"
CHARGE_POINTS = "/public-api/resources/charge-points"
EVSES = "/public-api/resources/evses"


def _find_evse(tenant: MockTenant, charge_point: Any, reference: Any) -> Record | None:
    evses = tenant.collection(
        f"{CHARGE_POINTS}/{charge_point}/evses", f"{CHARGE_POINTS}/{{chargePoint}}/evses"
    )
    for evse in evses:
        if str(evse.get("networkId")) == str(reference) or str(evse.get("id")) == str(reference):
            return evse
    return None


def start_session(call: Call, charge_point: Any, evse: Record) -> Response:
    tenant = call.tenant
    sessions = tenant.collection(SESSIONS, SESSIONS)
    session_id = sessions.new_id()
    body = call.body
    stamp = now()
    record: Record = {
        "id": str(session_id),
        "chargePointId": int(charge_point),
        "evseId": evse.get("id"),
        "status": "active",
        "startedAt": stamp,
        "energy": 0,
        "amount": 0,
        "currency": "EUR",
        "billingStatus": "none",
        "authorizationId": session_id,
        "lastUpdatedAt": stamp,
    }
    if isinstance(body.get("userId"), int):
        record["userId"] = body["userId"]
    sessions.put(session_id, record)
    answer = {"success": True, "sessionId": session_id, "authorizationId": session_id}
    response = call.respond(answer, 202) if call.role.shape.schema is not None else json_response(202, answer)
    return tenant.webhooks.session_changed(response, record, "start")


def _start_on_charge_point(call: Call) -> Response | None:
    charge_point = call.path_params["chargePoint"]
    reference = call.path_params.get("evse")
    if reference is None:  # start without an EVSE: the charge point's first one
        evses = list(
            call.tenant.collection(
                f"{CHARGE_POINTS}/{charge_point}/evses", f"{CHARGE_POINTS}/{{chargePoint}}/evses"
            )
        )
        evse = evses[0] if evses else None
    else:
        evse = _find_evse(call.tenant, charge_point, reference)
    if evse is None:
        return not_found("EVSE")
    return start_session(call, charge_point, evse)


def _start_on_evse(call: Call) -> Response | None:
    evse = call.tenant.collection(EVSES, EVSES).get(call.path_params["evse"])
    if evse is None or evse.get("chargePointId") is None:
        return None
    return start_session(call, evse["chargePointId"], evse)


def _stop(call: Call) -> Response | None:
    sessions = call.tenant.collection(SESSIONS, SESSIONS)
    session = sessions.get(call.path_params["session"])
    if session is None or str(session.get("chargePointId")) != str(call.path_params["chargePoint"]):
        return not_found("session")
    if session.get("status") != "active":
        return empty_response(406)
    stamp = now()
    rng = call.tenant.synth.rng("stop", session["id"])
    session.update(
        status="finished",
        stoppedAt=stamp,
        lastUpdatedAt=stamp,
        energy=round(rng.uniform(2000, 40000)),
        amount=round(rng.uniform(1, 25), 2),
        reason="remote",
    )
    return call.tenant.webhooks.session_changed(empty_response(202), session, "stop")


def register(tenant: MockTenant) -> None:
    operations = tenant.spec.index.by_id
    for operation_id, handler in (
        ("chargePointStartChargingSession", _start_on_charge_point),
        ("chargePointStartChargingSessionWithoutEvse", _start_on_charge_point),
        ("evseStartChargingWithEvseId", _start_on_evse),
        ("chargePointStopChargingSession", _stop),
    ):
        if operation_id in operations:
            tenant.behaviours[operation_id] = handler
