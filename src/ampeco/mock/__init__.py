"""A mock AMPECO.CHARGE tenant: every operation of a pinned platform release, served in process.

``MockTenant`` is an ASGI application. Drive it in process with ``httpx.ASGITransport(tenant)``
(``ampeco.mock.transport(tenant)``), or serve it with ``ampeco-mock --port 4010``. Requires the
``mock`` extra (``pip install 'ampeco-public-api[mock]'``).

Faults per route (429 with ``Retry-After``, 5xx, latency, dropped connections): ``tenant.faults`` in
process, ``ampeco-mock --fault ROUTE=FAULT[:TIMES]`` or ``POST /_mock/faults`` from outside. A route is
``"*"``, an operationId, a generated module name or ``"METHOD /path/template"``; an unknown one raises
``UnknownRoute``.

Webhooks close the loop: a ``notificationsSubscribe`` call is remembered with its bearer token (the
signing secret); ``await tenant.notify(kind)`` or ``POST /_mock/notifications/{kind}`` delivers a
signed notification to the subscribers, and session start/stop sends one by itself.
"""

from __future__ import annotations

import httpx

from ampeco.mock._app import DEFAULT_TOKEN, Behaviour, MockTenant, create_app
from ampeco.mock._fault_syntax import FaultSyntaxError, parse_fault_json, parse_fault_text
from ampeco.mock._faults import ConnectionDropped, Fault, FaultPlan
from ampeco.mock._handlers import Call
from ampeco.mock._loader import MockSpec, MockSpecError, load_mock_spec
from ampeco.mock._routes import UnknownRoute
from ampeco.mock._store import Collection, Store
from ampeco.mock._transport import SyncASGITransport, async_transport
from ampeco.mock._webhooks import Attempt, Notified, Subscription, UnknownKind

BASE_URL = "https://mock.ampeco.test"


def transport(tenant: MockTenant) -> SyncASGITransport:
    """A sync httpx transport that delivers requests straight to ``tenant`` (no sockets)."""
    return SyncASGITransport(tenant)


def http_client(tenant: MockTenant, *, token: str | None = DEFAULT_TOKEN) -> httpx.Client:
    """An ``httpx.Client`` wired to ``tenant`` (pass it as ``ampeco.Client(http_client=...)``)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(transport=transport(tenant), base_url=BASE_URL, headers=headers)


def async_http_client(tenant: MockTenant, *, token: str | None = DEFAULT_TOKEN) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(transport=async_transport(tenant), base_url=BASE_URL, headers=headers)


__all__ = [
    "BASE_URL",
    "DEFAULT_TOKEN",
    "Attempt",
    "Behaviour",
    "Call",
    "Collection",
    "ConnectionDropped",
    "Fault",
    "FaultPlan",
    "FaultSyntaxError",
    "MockSpec",
    "MockSpecError",
    "MockTenant",
    "Notified",
    "Store",
    "Subscription",
    "SyncASGITransport",
    "UnknownKind",
    "UnknownRoute",
    "async_http_client",
    "async_transport",
    "create_app",
    "http_client",
    "load_mock_spec",
    "parse_fault_json",
    "parse_fault_text",
    "transport",
]
