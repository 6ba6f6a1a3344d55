"""Default answers per operation role: list, create, read, update, delete over the store,
and schema-synthesized bodies for everything else."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from ampeco.mock import _filters, _pagination
from ampeco.mock._operations import Operation
from ampeco.mock._requests import BadRequest, ParsedRequest
from ampeco.mock._resources import Role
from ampeco.mock._responses import empty_response, json_response, unprocessable
from ampeco.mock._store import Collection, Record, SortKey

if TYPE_CHECKING:
    from ampeco.mock._app import MockTenant


@dataclass
class Call:
    """Everything a handler or a registered behaviour needs about one validated request."""

    tenant: MockTenant
    operation: Operation
    role: Role
    request: Request
    input: ParsedRequest
    query_pairs: list[tuple[str, str]]

    @property
    def path_params(self) -> dict[str, Any]:
        return self.input.path_params

    @property
    def body(self) -> dict[str, Any]:
        return dict(self.input.body) if isinstance(self.input.body, Mapping) else {}

    @property
    def writable_body(self) -> dict[str, Any]:
        """The body without ``readOnly`` fields, which the API ignores when sent."""
        schema = self.operation.body_schema
        if schema is None:
            return self.body
        properties = self.tenant.synth.flatten(schema).get("properties", {})
        schemas = self.tenant.spec.schemas
        return {k: v for k, v in self.body.items() if not schemas.has_flag(properties.get(k), "readOnly")}

    @property
    def base_url(self) -> str:
        return str(self.request.url.replace(query=""))

    def concrete(self, template: str) -> str:
        """A collection template with this request's path parameters filled in."""
        path = template
        for name, value in self.path_params.items():
            path = path.replace("{" + name + "}", str(value))
        return path

    def respond(self, record: Any, status: int | None = None) -> Response:
        """``record`` shaped as this operation's success body (enveloped in ``data`` if it is)."""
        shape = self.role.shape
        code = status or shape.status
        if shape.schema is None:
            return empty_response(code)
        synth = self.tenant.synth
        rng = synth.rng(self.operation.operation_id, self.request.url.path)
        if shape.envelope and shape.record_schema is not None:
            body = synth.conform({"data": record}, shape.schema, rng)
        else:
            body = synth.conform(record, shape.schema, rng)
        return json_response(code, body)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def synthesized(call: Call) -> Response:
    """A schema-valid body invented for this request, the same for the same seed and path."""
    shape = call.role.shape
    if shape.schema is None:
        return empty_response(shape.status)
    synth = call.tenant.synth
    rng = synth.rng(call.operation.operation_id, call.request.url.path, call.request.url.query)
    body = synth.value(shape.schema, rng)
    if shape.envelope and isinstance(body, dict) and isinstance(body.get("data"), dict):
        for name, value in call.path_params.items():
            if call.role.id_param == name and "id" in body["data"]:
                body["data"]["id"] = value
        body = synth.conform(body, shape.schema, rng)
    return json_response(shape.status, body)


def list_records(call: Call, collection: Collection) -> Response:
    """A page of the collection: filtered, in id order, each record shown as this version's item.

    A record's view (stored fields that fit, the rest invented) depends only on the record, so a
    filter sees the same values the listing shows, on whatever page the record lands.
    """
    shape = call.role.shape
    synth = call.tenant.synth
    operation_id = call.operation.operation_id
    flat = synth.flatten(shape.schema)
    properties = flat.get("properties", {})
    item_schema = synth.flatten(properties["data"]).get("items", {})

    def view(key: SortKey, record: Record) -> Any:
        return synth.conform(record, item_schema, synth.rng(operation_id, key))

    entries = collection.ordered()
    ignored: list[str] = []
    filters = call.input.query.get("filter")
    if isinstance(filters, Mapping) and filters:
        shown = [(key, record, view(key, record)) for key, record in entries]
        seen = [{**record, **item} if isinstance(item, dict) else record for _, record, item in shown]
        outcome = _filters.apply(seen, filters, call.tenant.filters.plan(call.operation))
        kept = {id(record) for record in outcome.records}
        entries = [
            (key, record) for (key, record, _), merged in zip(shown, seen, strict=True) if id(merged) in kept
        ]
        ignored = outcome.ignored
    per_page = call.input.query.get("per_page")
    if not isinstance(per_page, int):
        per_page = 100
    query = [(k, v) for k, v in call.query_pairs]
    has_cursor = any(p.name == "cursor" for p in call.operation.parameters)
    page_value = call.input.query.get("page")
    cursor_text = call.input.query.get("cursor")
    if has_cursor and (cursor_text or not isinstance(page_value, int)):  # cursor= engages cursor mode
        try:
            cursor = _pagination.decode_cursor(cursor_text) if isinstance(cursor_text, str) else None
        except _pagination.InvalidCursor as invalid:
            return unprocessable(BadRequest.MESSAGE, {"cursor": [str(invalid)]})
        page = _pagination.cursor_page(
            entries, base_url=call.base_url, query=query, cursor=cursor, per_page=per_page
        )
    else:
        page = _pagination.numbered_page(
            entries,
            base_url=call.base_url,
            query=query,
            page=page_value if isinstance(page_value, int) else 1,
            per_page=per_page,
        )
    rng = synth.rng(operation_id, "page")
    body: dict[str, Any] = {"data": [view(key, record) for key, record in page.items]}
    for name, value in (("links", page.links), ("meta", page.meta)):
        if name in properties:
            body[name] = synth.conform(value, properties[name], rng)
    for name in set(flat.get("required", [])) - set(body):  # parts already conformed above
        body[name] = synth.value(properties[name], rng, name)
    headers = {_filters.IGNORED_HEADER: _filters.describe(ignored)} if ignored else None
    return json_response(shape.status, body, headers)


def create_record(call: Call, collection: Collection) -> Response:
    record_id: int | str = (
        collection.new_id() if collection.integer_ids else str(call.writable_body.get("id", ""))
    )
    if record_id == "":
        record_id = str(collection.new_id())
    stamp = now()
    record = {**call.writable_body, "id": record_id, "createdAt": stamp, "lastUpdatedAt": stamp}
    shape = call.role.shape
    synth = call.tenant.synth
    if shape.record_schema is not None:
        shaped = synth.conform(record, shape.record_schema, synth.rng(collection.path, record_id))
        if isinstance(shaped, dict):
            record = {**record, **shaped}
    collection.put(record_id, record)
    return call.respond(record)


def update_record(call: Call, collection: Collection, record_id: int | str) -> Response:
    current = collection.get(record_id)
    if current is None:  # PUT on a string key (a date, a weekday) creates it
        current = {"id": record_id, "createdAt": now()}
    updated = {**current, **call.writable_body, "lastUpdatedAt": now()}
    collection.put(record_id, updated)
    return call.respond(updated)


def delete_record(call: Call, collection: Collection, record_id: int | str) -> Response:
    collection.delete(record_id)
    return empty_response(call.role.shape.status)
