"""``/_mock/faults``: a tenant's fault plan driven over HTTP, for a mock running in another process.

``POST`` adds a rule (JSON form of :mod:`ampeco.mock._fault_syntax`), ``GET`` lists the active rules,
``DELETE`` removes them all (or ``?route=...`` only that route's). Every answer carries the rules now
in force. A wrong body is a 400 or 422 naming the problem; an unknown route a 422 with close matches.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from ampeco.mock._fault_syntax import FaultSyntaxError, parse_fault_json
from ampeco.mock._responses import json_response
from ampeco.mock._routes import UnknownRoute

if TYPE_CHECKING:
    from ampeco.mock._app import MockTenant

FAULTS_PATH = "/_mock/faults"


def register(tenant: MockTenant) -> None:
    plan = tenant.faults

    async def listed(request: Request) -> Response:
        return json_response(200, {"faults": plan.rules()})

    async def added(request: Request) -> Response:
        try:
            body = json.loads(await request.body())
        except ValueError:
            return json_response(400, {"message": "The body must be a JSON object."})
        try:
            route, fault = parse_fault_json(body)
            plan.add(route, fault)
        except UnknownRoute as unknown:
            return json_response(422, {"message": str(unknown), "suggestions": unknown.suggestions})
        except (FaultSyntaxError, ValueError) as invalid:
            return json_response(422, {"message": str(invalid)})
        return json_response(201, {"faults": plan.rules()})

    async def cleared(request: Request) -> Response:
        route = request.query_params.get("route")
        try:
            removed = plan.clear(route)
        except UnknownRoute as unknown:
            return json_response(422, {"message": str(unknown), "suggestions": unknown.suggestions})
        return json_response(200, {"cleared": removed, "faults": plan.rules()})

    tenant.route(FAULTS_PATH, methods=["GET"])(listed)
    tenant.route(FAULTS_PATH, methods=["POST"])(added)
    tenant.route(FAULTS_PATH, methods=["DELETE"])(cleared)
