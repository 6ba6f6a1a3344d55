"""The status rule of the overlay, over the whole spec: every status the mock answers is documented.

The overlay (openapi/<version>/overlay.yaml, "Statuses") documents 401 and 429 on every operation,
404 on every operation with a path parameter and 422 on every operation whose body or query the API
validates. The first test checks the patched spec against that rule; the second sends hostile but
routable requests to every operation and checks that each answer's status is one its operation
documents, so neither an upstream release nor a mock change can reintroduce an undocumented status.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import httpx

from ampeco.mock import BASE_URL, MockTenant, SyncASGITransport, load_mock_spec
from ampeco.mock._operations import Operation

SPEC = load_mock_spec()
AUTH = {"Authorization": "Bearer mock-token"}


def _required_statuses(operation: Operation) -> set[str]:
    required = {"401", "429"}
    if any(p.location == "path" for p in operation.parameters):
        required.add("404")
    if "requestBody" in operation.spec or any(p.location == "query" for p in operation.parameters):
        required.add("422")
    return required


def test_every_operation_documents_the_statuses_of_the_rule() -> None:
    missing = {
        operation.key: sorted(_required_statuses(operation) - set(operation.responses))
        for operation in SPEC.index
    }
    assert {key: codes for key, codes in missing.items() if codes} == {}
    assert len(SPEC.index) == 452


def _url(operation: Operation, value: str) -> str:
    path = operation.path
    for parameter in operation.parameters:
        if parameter.location == "path":
            path = path.replace("{" + parameter.name + "}", value)
    return path


def _hostile_requests(operation: Operation) -> list[dict[str, Any]]:
    """Requests that reach the operation's route with input the API must refuse or ignore."""
    method = operation.method.upper()
    requests: list[dict[str, Any]] = [
        {"method": method, "url": _url(operation, "1"), "headers": {}},  # no token
        {"method": method, "url": _url(operation, "999999"), "headers": AUTH},
        {"method": method, "url": _url(operation, "not-an-id"), "headers": AUTH},
    ]
    for parameter in operation.parameters:
        if parameter.location == "query":
            for raw in ("\u00ff\u0000", "[]", "-1", "1e400"):
                requests.append(
                    {
                        "method": method,
                        "url": _url(operation, "1"),
                        "headers": AUTH,
                        "params": {parameter.name: raw},
                    }
                )
            requests.append(
                {
                    "method": method,
                    "url": _url(operation, "1"),
                    "headers": AUTH,
                    "params": {f"{parameter.name}[x][y]": "1"},
                }
            )
    if "requestBody" in operation.spec:
        for content in (b"{", b"[]", b'"text"', b"{}", b'{"id": "x", "name": 5}', b"[" * 50_000):
            requests.append(
                {
                    "method": method,
                    "url": _url(operation, "1"),
                    "headers": {**AUTH, "content-type": "application/json"},
                    "content": content,
                }
            )
    return requests


def test_the_mock_answers_every_operation_only_with_documented_statuses() -> None:
    tenant = MockTenant(spec=SPEC, seed=3)
    undocumented: dict[str, set[int]] = defaultdict(set)
    answered = 0
    with httpx.Client(transport=SyncASGITransport(tenant), base_url=BASE_URL) as client:
        for operation in SPEC.index:
            for request in _hostile_requests(operation):
                response = client.request(**request)
                answered += 1
                if not operation.documents(response.status_code):
                    undocumented[operation.key].add(response.status_code)
    assert dict(undocumented) == {}
    assert answered > 452 * 4
