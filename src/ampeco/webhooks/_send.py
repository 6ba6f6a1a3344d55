"""The sending side: sign a notification like AMPECO does and POST it to a callback URL.

Used by the mock tenant and by tests to exercise receivers end to end over real HTTP.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx

from ampeco.webhooks._decode import DISCRIMINATOR
from ampeco.webhooks._headers import SIGNATURE, TENANT, TIMESTAMP, WEBHOOK_ID, WEBHOOK_TYPE
from ampeco.webhooks._signature import sign
from ampeco.webhooks._timestamp import format_timestamp

DEFAULT_DELIVERY_TIMEOUT = 10.0


class SupportsToDict(Protocol):
    """A generated model (or :class:`UnknownNotification`)."""

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class SignedRequest:
    """Body and headers of one notification request, ready to POST (no secret inside)."""

    body: bytes
    headers: dict[str, str]


def signed_request(
    notification: SupportsToDict | Mapping[str, Any],
    *,
    secret: str,
    tenant: str | None = None,
    timestamp: datetime | None = None,
    webhook_id: str | None = None,
) -> SignedRequest:
    """Serialize ``notification`` and sign it with ``secret`` (the subscriber's API token)."""
    payload = dict(notification) if isinstance(notification, Mapping) else notification.to_dict()
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        SIGNATURE: sign(body, secret),
        TIMESTAMP: format_timestamp(timestamp if timestamp is not None else datetime.now(UTC)),
    }
    if tenant is not None:
        headers[TENANT] = tenant
    if webhook_id is not None:
        headers[WEBHOOK_ID] = webhook_id
    kind = payload.get(DISCRIMINATOR)
    if isinstance(kind, str):
        headers[WEBHOOK_TYPE] = kind
    return SignedRequest(body, headers)


def deliver(
    url: str,
    notification: SupportsToDict | Mapping[str, Any],
    *,
    secret: str,
    tenant: str | None = None,
    timestamp: datetime | None = None,
    webhook_id: str | None = None,
    client: httpx.Client | None = None,
    timeout: float = DEFAULT_DELIVERY_TIMEOUT,
) -> httpx.Response:
    """POST a signed notification to ``url`` and return the receiver's response (not raised on 4xx/5xx)."""
    request = signed_request(
        notification, secret=secret, tenant=tenant, timestamp=timestamp, webhook_id=webhook_id
    )
    if client is not None:
        return client.post(url, content=request.body, headers=request.headers, timeout=timeout)
    with httpx.Client() as own:
        return own.post(url, content=request.body, headers=request.headers, timeout=timeout)


async def deliver_async(
    url: str,
    notification: SupportsToDict | Mapping[str, Any],
    *,
    secret: str,
    tenant: str | None = None,
    timestamp: datetime | None = None,
    webhook_id: str | None = None,
    client: httpx.AsyncClient | None = None,
    timeout: float = DEFAULT_DELIVERY_TIMEOUT,
) -> httpx.Response:
    """:func:`deliver` for async code (the mock tenant's ASGI handlers must not block their loop)."""
    request = signed_request(
        notification, secret=secret, tenant=tenant, timestamp=timestamp, webhook_id=webhook_id
    )
    if client is not None:
        return await client.post(url, content=request.body, headers=request.headers, timeout=timeout)
    async with httpx.AsyncClient() as own:
        return await own.post(url, content=request.body, headers=request.headers, timeout=timeout)
