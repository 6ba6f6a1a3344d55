"""Every request the client can build is accepted by the mock, and every 2xx it answers conforms.

Schemathesis generates spec-valid path, query and body values for all 452 operations (positive mode);
the request is then encoded with the generated client's own wire helpers (``path_value``,
``query_value``, ``deep_object_query``: nested ``filter[a][b][]=1`` keys, ``true``/``false``, ISO
date-times), exactly as ``ampeco_public_api`` sends it, and delivered to a tenant in process. The
tenant is stateless (every path value names a record, no references are checked), so the only way
to fail is the mock's validation refusing what the client sent, or an answer its operation's
response schema rejects (judged by Schemathesis' validator, not the mock's).

``AMPECO_CLIENT_REQUEST_EXAMPLES`` sets the examples per operation (the deep run raises it).
"""

from __future__ import annotations

import json
import os
import re
from typing import Any
from urllib.parse import quote

import httpx
import schemathesis
from hypothesis import HealthCheck, reject, settings
from schemathesis.config import SchemathesisConfig

from ampeco import InvalidParameterError
from ampeco._query import QueryParams, deep_object_query, path_value, query_value
from ampeco.mock import BASE_URL, MockTenant, SyncASGITransport, load_mock_spec
from tests.support.conformance import assert_conforms
from tests.support.spec_faults import OVERLAPPING_ONE_OF_REQUESTS

EXAMPLES = int(os.environ.get("AMPECO_CLIENT_REQUEST_EXAMPLES", "3"))
AUTH = {"Authorization": "Bearer mock-token"}

_spec = load_mock_spec()
TENANT = MockTenant(spec=_spec, seed=8, stateful=False)
schema = schemathesis.openapi.from_dict(
    _spec.document,
    config=SchemathesisConfig.from_dict(
        {
            "generation": {"mode": "positive", "max-examples": EXAMPLES},
            "phases": {"coverage": {"enabled": False}},
        }
    ),
)
for _operation_id in OVERLAPPING_ONE_OF_REQUESTS:  # no strictly valid body exists; see the last test
    schema = schema.exclude(operation_id=_operation_id)
_BRACKETS = re.compile(r"\[([^\[\]]*)\]")
_KEY = re.compile(r"([^\[\]]+)((?:\[[^\[\]]*\])*)")


def _values(case: schemathesis.Case) -> dict[str, Any]:
    """The generated query values before Schemathesis flattened them into ``name[key]`` pairs.

    Schemathesis writes an empty nested object or array as ``""`` and a null as ``"null"``; the
    parameter schema says which was one, so the value the client would hold is restored exactly. An
    extra filter key that itself holds brackets (``filter[a[b]]``, allowed by an open filter schema) has
    no unambiguous wire form, for the client or any server: such a case is rejected.
    """
    operation = _spec.index.operations_at(case.operation.path)[case.operation.method.lower()]
    schemas = {p.name: p.schema for p in operation.parameters if p.location == "query"}
    values: dict[str, Any] = {}
    for key, value in (case.query or {}).items():
        found = _KEY.fullmatch(key)
        if found is None:
            reject()
        name, parts = found.group(1), _BRACKETS.findall(found.group(2))
        if not parts:
            if name in values:
                reject()
            values[name] = value
            continue
        node = values.setdefault(name, {})
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                reject()
        if not isinstance(node, dict) or parts[-1] in node:
            reject()
        node[parts[-1]] = value
    return {name: _restore(value, schemas.get(name, {})) for name, value in values.items()}


def _restore(value: Any, schema: Any) -> Any:
    flat = TENANT.synth.flatten(schema)
    if value == "" and flat.get("type") in ("object", "array"):
        return {} if flat["type"] == "object" else []
    if value == "null" and flat.get("nullable") and flat.get("type") != "string":
        return None  # Schemathesis writes a null as "null"; the client holds None and sends nothing
    if isinstance(value, dict):
        properties = flat.get("properties") or {}
        return {key: _restore(item, properties.get(key, {})) for key, item in value.items()}
    return value


def _client_request(case: schemathesis.Case) -> dict[str, Any]:
    """``case`` as the generated client would put it on the wire."""
    operation = case.operation
    name = operation.definition.raw.get("operationId", operation.label)
    try:
        path = operation.path
        for key, value in (case.path_parameters or {}).items():
            path = path.replace("{" + key + "}", quote(path_value(name, key, value), safe=""))
        params: QueryParams = []
        for key, value in _values(case).items():
            if isinstance(value, dict | list):
                params += deep_object_query(name, key, value)
            else:
                params.append((key, query_value(name, key, value)))
    except InvalidParameterError:
        reject()  # a value the client refuses to send ('.', '..', ''): not a request it can build
    request: dict[str, Any] = {
        "method": operation.method.upper(),
        "url": path,
        "params": params,
        "headers": AUTH,
    }
    if case.body is not None and not isinstance(case.body, schemathesis.core.NotSet):
        request["content"] = json.dumps(case.body).encode()
        request["headers"] = {**AUTH, "content-type": "application/json"}
    return request


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_every_request_the_client_builds_is_accepted(case: schemathesis.Case) -> None:
    request = _client_request(case)
    with httpx.Client(transport=SyncASGITransport(TENANT), base_url=BASE_URL) as client:
        response = client.request(**request)
    assert response.status_code != 422, (request, response.text)
    operation_id = case.operation.definition.raw.get("operationId")
    if operation_id not in TENANT.behaviours:  # session actions answer 404 for an EVSE they lack
        assert 200 <= response.status_code < 300, (request, response.status_code, response.text)
    if response.status_code < 300:
        assert_conforms(response, case.operation.method, case.operation.path)


def test_the_overlapping_one_of_bodies_are_accepted() -> None:
    bodies = {"roamingProviderCreate": [{"platformId": 1}, {"platformId": 1, "hubjectId": "DE*ABC"}]}
    assert set(bodies) == set(OVERLAPPING_ONE_OF_REQUESTS)
    with httpx.Client(transport=SyncASGITransport(TENANT), base_url=BASE_URL, headers=AUTH) as client:
        for operation_id, label in OVERLAPPING_ONE_OF_REQUESTS.items():
            method, path = label.split(" ", 1)
            for body in bodies[operation_id]:
                response = client.request(method, path, json=body)
                assert 200 <= response.status_code < 300, response.text
