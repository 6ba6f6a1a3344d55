"""The mock tenant: an ASGI application answering every operation of a pinned spec.

Request pipeline: body over the size cap (413) -> route (404/405) -> injected faults -> bearer token
(401) -> path parameters (404 for a path that names nothing) -> records named by the path exist (404)
-> query and body (422) -> references to records and unique fields (422) -> a registered behaviour
for the operation, else the default for its role (list/create/read/update/delete/other).

The body is read in chunks and refused (413) as soon as it passes ``max_body_bytes``; a declared
``Content-Length`` over the cap is refused before anything is read.

Webhooks: subscriptions made through ``notificationsSubscribe`` are remembered with their bearer
token (the signing secret); ``await tenant.notify(kind)`` or ``POST /_mock/notifications/{kind}``
delivers a signed notification to them, and starting or stopping a session sends
``session.start.stop.notification`` on its own.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import compile_path
from starlette.types import Receive, Scope, Send

from ampeco.mock import _handlers, _responses
from ampeco.mock._faults import ConnectionDropped, Fault, FaultPlan
from ampeco.mock._filters import FilterPlanner
from ampeco.mock._handlers import Call
from ampeco.mock._integrity import Integrity
from ampeco.mock._loader import MockSpec, load_mock_spec
from ampeco.mock._operations import Operation
from ampeco.mock._requests import BadRequest, PathNotFound
from ampeco.mock._resources import ResourceModel
from ampeco.mock._store import Collection, Store
from ampeco.mock._synth import Synthesizer

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ampeco.mock._webhooks import Notified

Behaviour = Callable[[Call], Response | None]
ExtraRoute = Callable[[Request], Awaitable[Response]]
DEFAULT_TOKEN = "mock-token"
MAX_BODY_BYTES = 10 * 1024 * 1024


class BodyTooLarge(Exception):
    """A request body over the tenant's cap (answered 413, like the platform's front proxy)."""


class MockTenant:
    """A fake AMPECO.CHARGE tenant. Use it as an ASGI app, in process or under uvicorn.

    ``token=None`` accepts any bearer token; ``stateful=False`` answers every call from the
    schemas alone; ``auto_records`` records fill each collection on first use; ``network``
    seeds a small realistic charging network; ``max_body_bytes`` caps a request body (413 above).
    """

    def __init__(
        self,
        *,
        platform_version: str | None = None,
        seed: int = 0,
        token: str | None = DEFAULT_TOKEN,
        stateful: bool = True,
        network: bool = True,
        auto_records: int = 3,
        spec: MockSpec | None = None,
        spec_path: str | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        if max_body_bytes < 0:
            raise ValueError(f"max_body_bytes must be 0 or more, got {max_body_bytes}")
        self.spec = spec if spec is not None else load_mock_spec(platform_version, spec_path)
        self.seed = seed
        self.token = token
        self.stateful = stateful
        self.auto_records = auto_records
        self.max_body_bytes = max_body_bytes
        self.synth = Synthesizer(self.spec.schemas, seed)
        self.resources = ResourceModel(self.spec.index, self.synth)
        self.filters = FilterPlanner(self.synth, self.resources)
        self.integrity = Integrity(self)
        self.store = Store()
        self.faults = FaultPlan(self.spec.index)
        self.behaviours: dict[str, Behaviour] = {}
        self.extra_routes: dict[tuple[str, str], ExtraRoute] = {}
        self.extra_templates: list[tuple[str, re.Pattern[str], ExtraRoute]] = []
        self.requests_served = 0
        from ampeco.mock import _control, _sessions, _webhooks

        _control.register(self)
        _sessions.register(self)
        self.webhooks = _webhooks.register(self)
        if network and stateful:
            from ampeco.mock import _seed

            _seed.seed_network(self)

    @property
    def platform_version(self) -> str:
        return self.spec.version

    # -- extension points -------------------------------------------------------------------
    def behaviour(self, operation_id: str) -> Callable[[Behaviour], Behaviour]:
        """Register a handler for one operation (returning ``None`` falls back to the default)."""
        if operation_id not in self.spec.index.by_id:
            raise KeyError(f"no operation {operation_id!r} in platform release {self.platform_version}")

        def register(handler: Behaviour) -> Behaviour:
            self.behaviours[operation_id] = handler
            return handler

        return register

    def route(self, path: str, methods: Iterable[str] = ("GET",)) -> Callable[[ExtraRoute], ExtraRoute]:
        """Add a route outside the spec (test helpers, webhook triggers); it skips validation.

        ``{name}`` segments match one path segment, read back as ``request.path_params[name]``.
        """

        def register(handler: ExtraRoute) -> ExtraRoute:
            for method in methods:
                if "{" in path:
                    self.extra_templates.append((method.upper(), compile_path(path)[0], handler))
                else:
                    self.extra_routes[(method.upper(), path)] = handler
            return handler

        return register

    async def notify(self, kind: str, payload: Mapping[str, Any] | None = None) -> Notified:
        """Deliver a signed ``kind`` notification to its subscribers (payload synthesized if omitted)."""
        return await self.webhooks.notify(kind, payload)

    # -- store access -----------------------------------------------------------------------
    def collection(self, concrete_path: str, template: str | None = None) -> Collection:
        """The records at a concrete collection path, auto-filled on first use."""
        info = self.resources.collections.get(template or concrete_path)
        fresh = not self.store.has(concrete_path)
        collection = self.store.collection(concrete_path, integer_ids=info.integer_ids if info else True)
        if fresh and info is not None and self.auto_records > 0 and info.record_schema is not None:
            for number in range(1, self.auto_records + 1):
                rng = self.synth.rng(concrete_path, number)
                record_id: int | str = number
                if not info.integer_ids:
                    param = self.synth.flatten(self._id_param_schema(info.template) or {})
                    shaped = any(key in param for key in ("enum", "format", "pattern"))
                    record_id = str(self.synth.value(param, rng, "id")) if shaped else str(number)
                record = self.synth.value(info.record_schema, rng)
                if isinstance(record, dict):
                    if "id" in record or info.integer_ids:
                        record["id"] = record_id
                    collection.put(record_id, record)
        return collection

    def _id_param_schema(self, template: str) -> dict[str, Any] | None:
        for operation in self.spec.index:
            role = self.resources.roles[operation.operation_id]
            if role.collection == template and role.id_param:
                return next(p.schema for p in operation.parameters if p.name == role.id_param)
        return None

    # -- ASGI -------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        response = await self.handle(request, send)
        if response is not None:
            await response(scope, receive, send)

    async def handle(self, request: Request, send: Send) -> Response | None:
        self.requests_served += 1
        if _declared_length(request) > self.max_body_bytes:
            return _responses.payload_too_large(self.max_body_bytes)
        method = request.method.upper()
        path = request.url.path
        extra = self.extra_routes.get((method, path))
        if extra is not None:
            return await extra(request)
        for route_method, pattern, handler in self.extra_templates:
            found = pattern.match(path) if route_method == method else None
            if found is not None:
                request.scope["path_params"] = found.groupdict()
                return await handler(request)
        matched = self.spec.index.match(path)
        if matched is None:
            return _responses.json_response(
                404, {"message": f"The route {path.lstrip('/')} could not be found."}
            )
        operations, raw_path = matched
        operation = operations.get(method.lower())
        if operation is None:
            return _responses.method_not_allowed(method, sorted(m.upper() for m in operations))
        for fault in self.faults.take(operation):
            answer = await self._inject(fault, send)
            if answer is not None:
                return answer
        if not self._authorized(request):
            return _responses.unauthenticated()
        try:
            parsed = self.spec.requests.parse_path(operation, raw_path)
        except PathNotFound:
            return _responses.not_found()
        role = self.resources.roles[operation.operation_id]
        call = Call(self, operation, role, request, parsed, _query_pairs(request))
        if self.stateful:
            missing = self._missing_record(call)
            if missing is not None:
                return missing
        try:
            body = await read_body(request, self.max_body_bytes)
        except BodyTooLarge:
            return _responses.payload_too_large(self.max_body_bytes)
        try:
            self.spec.requests.parse(
                operation, parsed, request.url.query, body, request.headers.get("content-type")
            )
        except BadRequest as invalid:
            return _responses.unprocessable(invalid.message, invalid.errors)
        if self.stateful:
            conflicts = self.integrity.check(call)
            if conflicts:
                return _responses.unprocessable(BadRequest.MESSAGE, conflicts)
        return self.dispatch(call)

    def dispatch(self, call: Call) -> Response:
        """The answer to a validated request: a registered behaviour, else the role's default."""
        behaviour = self.behaviours.get(call.operation.operation_id)
        if behaviour is not None:
            answer = behaviour(call)
            if answer is not None:
                return answer
        role = call.role
        if not self.stateful or role.collection is None:
            return _handlers.synthesized(call)
        collection = self.collection(call.concrete(role.collection), role.collection)
        if role.kind == "list":
            return _handlers.list_records(call, collection)
        if role.kind == "create":
            return _handlers.create_record(call, collection)
        record_id = call.path_params[role.id_param] if role.id_param else ""
        if role.kind == "read":
            record = collection.get(record_id)
            return call.respond(record) if record is not None else _responses.not_found()
        if role.kind == "update":
            return _handlers.update_record(call, collection, record_id)
        if role.kind == "delete":
            return _handlers.delete_record(call, collection, record_id)
        return _handlers.synthesized(call)

    def _missing_record(self, call: Call) -> Response | None:
        """404 when a path parameter names a record the store does not hold."""
        segments = call.operation.resource_path.split("/")
        upsert = call.role.kind == "update" and call.operation.method == "put"
        for position, segment in enumerate(segments):
            if not (segment.startswith("{") and segment.endswith("}")):
                continue
            name = segment[1:-1]
            template = "/".join(segments[:position])
            if template not in self.resources.collections:
                continue
            if upsert and name == call.role.id_param:
                info = self.resources.collections[template]
                if not info.integer_ids:
                    continue
            collection = self.collection(call.concrete(template), template)
            if collection.get(call.path_params[name]) is None:
                return _responses.not_found()
        target = self.resources.action_collection(call.operation)
        if target is not None:
            template, name = target
            if self.collection(template, template).get(call.path_params.get(name, "")) is None:
                return _responses.not_found()
        return None

    def _authorized(self, request: Request) -> bool:
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            return False
        return self.token is None or credentials.strip() == self.token

    async def _inject(self, fault: Fault, send: Send) -> Response | None:
        if fault.kind == "latency":
            await asyncio.sleep(fault.delay)
            return None
        if fault.kind == "rate_limit":
            return _responses.too_many_requests(
                fault.retry_after, fault.limit, int(time.time()) + fault.retry_after
            )
        if fault.kind == "server_error":
            return _responses.server_error(fault.status)
        # A dropped connection: headers promise a body that never arrives.
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"1024")],
            }
        )
        await send({"type": "http.response.body", "body": b'{"data":', "more_body": True})
        raise ConnectionDropped("the mock tenant dropped the connection (injected fault)")

    def operations(self) -> list[Operation]:
        return list(self.spec.index)

    def unhonoured_filters(self) -> dict[str, list[str]]:
        """Filter keys per listing that the tenant cannot honour: they narrow nothing, and an answer
        to a request using one carries the ``X-Mock-Ignored-Filters`` header (see ``_filters``)."""
        return self.filters.unhonoured(self.spec.index)


def _declared_length(request: Request) -> int:
    declared = request.headers.get("content-length", "")
    return int(declared) if declared.isascii() and declared.isdigit() else 0


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, read chunk by chunk; :class:`BodyTooLarge` as soon as it passes ``limit``."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"request body over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _query_pairs(request: Request) -> list[tuple[str, str]]:
    return list(request.query_params.multi_items())


def create_app(**options: Any) -> MockTenant:
    """A new tenant (see :class:`MockTenant` for the options)."""
    return MockTenant(**options)
