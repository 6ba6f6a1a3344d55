"""Reading AMPECO's webhook headers from whatever header object a web framework hands over."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeAlias

SIGNATURE = "X-Signature"
TIMESTAMP = "X-Timestamp"
TENANT = "X-Tenant"
WEBHOOK_ID = "X-Webhook-Id"
WEBHOOK_TYPE = "X-Webhook-Type"

Headers: TypeAlias = Mapping[str, str] | Iterable[tuple[str, str]]
"""A mapping (dict, Starlette/httpx/Django headers) or ``(name, value)`` pairs (werkzeug, WSGI)."""


@dataclass(frozen=True)
class WebhookHeaders:
    """The AMPECO headers of one request; a name sent twice with different values is ``conflicts``."""

    signature: str | None
    timestamp: str | None
    tenant: str | None
    webhook_id: str | None
    webhook_type: str | None
    conflicts: frozenset[str]


def read_headers(headers: Headers) -> WebhookHeaders:
    """Case-insensitive lookup of the AMPECO headers, keeping track of conflicting duplicates."""
    pairs: Iterable[tuple[str, str]] = headers.items() if isinstance(headers, Mapping) else headers
    wanted = {name.lower(): name for name in (SIGNATURE, TIMESTAMP, TENANT, WEBHOOK_ID, WEBHOOK_TYPE)}
    found: dict[str, str] = {}
    conflicts: set[str] = set()
    for key, value in pairs:
        name = wanted.get(str(key).lower())
        if name is None:
            continue
        if found.setdefault(name, value) != value:
            conflicts.add(name)
    return WebhookHeaders(
        signature=found.get(SIGNATURE),
        timestamp=found.get(TIMESTAMP),
        tenant=found.get(TENANT),
        webhook_id=found.get(WEBHOOK_ID),
        webhook_type=found.get(WEBHOOK_TYPE),
        conflicts=frozenset(conflicts),
    )
