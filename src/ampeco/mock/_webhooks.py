"""Webhooks from the mock tenant: remember subscriptions, deliver signed notifications to them.

AMPECO signs every notification with the API token that created the subscription, so the mock keeps
the bearer token of each ``notificationsSubscribe`` request (v1.0 and v2.0) as that subscription's
secret, and sends with :func:`ampeco.webhooks.deliver_async` (``X-Signature``, ``X-Timestamp``,
``X-Tenant``). A receiver that fails is recorded, never raised: a broken callback URL must not break
the tenant's API. Payloads follow the spec's callback body schema of each kind.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import count
from typing import TYPE_CHECKING, Any

import httpx
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response

from ampeco.mock._handlers import Call
from ampeco.mock._responses import json_response
from ampeco.mock._store import Record

if TYPE_CHECKING:
    from ampeco.mock._app import MockTenant

SUBSCRIBE_OPERATIONS = ("notificationsSubscribe", "notificationsSubscribeDeprecated")
TRIGGER_PATH = "/_mock/notifications/{kind}"
SESSION_KIND = "session.start.stop.notification"
TENANT_NAME = "mock.ampeco.test"
DELIVERY_TIMEOUT = 5.0

log = logging.getLogger("ampeco.mock.webhooks")


class UnknownKind(KeyError):
    """A notification kind the pinned spec has no callback for."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Subscription:
    """One webhook subscription: where to POST which kinds, signed with whose token."""

    callback_url: str
    kinds: frozenset[str]
    secret: str = field(repr=False)


@dataclass(frozen=True)
class Attempt:
    """One POST to a callback URL: the receiver's status, or why it could not be reached."""

    url: str
    webhook_id: str
    status: int | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class Notified:
    """What :meth:`MockTenant.notify` sent: the payload and one attempt per subscription."""

    kind: str
    payload: dict[str, Any]
    attempts: tuple[Attempt, ...]

    @property
    def urls(self) -> list[str]:
        return [attempt.url for attempt in self.attempts]

    def summary(self) -> dict[str, Any]:
        """The JSON answer of the HTTP trigger (no secrets in it)."""
        return {
            "notification": self.kind,
            "payload": self.payload,
            "deliveries": [
                {"url": a.url, "webhookId": a.webhook_id, "status": a.status, "error": a.error}
                for a in self.attempts
            ],
        }


class Webhooks:
    """The subscriptions of one tenant and every delivery attempt made to them (``attempts``)."""

    def __init__(self, tenant: MockTenant) -> None:
        self.tenant = tenant
        self.schemas = callback_schemas(tenant)
        self.subscriptions: list[Subscription] = []
        self.attempts: list[Attempt] = []
        self.tenant_name = TENANT_NAME
        self.timeout = DELIVERY_TIMEOUT
        self._sent: Counter[str] = Counter()
        self._ids = count(1)

    def subscribe(self, callback_url: str, kinds: Iterable[str], secret: str) -> Subscription:
        subscription = Subscription(callback_url, frozenset(kinds), secret)
        self.subscriptions.append(subscription)
        return subscription

    def wanting(self, kind: str) -> list[Subscription]:
        return [s for s in list(self.subscriptions) if kind in s.kinds]

    def payload_for(self, kind: str, payload: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """``payload`` as given, else one synthesized from the callback schema (same seed, same data)."""
        schema = self.schemas.get(kind)
        if schema is None:
            raise UnknownKind(
                f"no notification kind {kind!r} in platform release {self.tenant.platform_version}"
            )
        self._sent[kind] += 1
        if payload is not None:
            return {"notification": kind, **payload}
        synth = self.tenant.synth
        body = synth.value(schema, synth.rng("notification", kind, self._sent[kind]))
        return {**body, "notification": kind} if isinstance(body, dict) else {"notification": kind}

    async def notify(self, kind: str, payload: Mapping[str, Any] | None = None) -> Notified:
        """Deliver one notification of ``kind`` to every subscription that asked for it."""
        body = self.payload_for(kind, payload)
        targets = self.wanting(kind)
        if not targets:
            return Notified(kind, body, ())
        async with httpx.AsyncClient() as client:
            attempts = await asyncio.gather(*(self._deliver(client, s, body) for s in targets))
        return Notified(kind, body, tuple(attempts))

    async def _deliver(
        self, client: httpx.AsyncClient, subscription: Subscription, body: dict[str, Any]
    ) -> Attempt:
        from ampeco.webhooks import deliver_async

        webhook_id = f"mock-{next(self._ids)}"
        url = subscription.callback_url
        try:
            response = await deliver_async(
                url,
                body,
                secret=subscription.secret,
                tenant=self.tenant_name,
                webhook_id=webhook_id,
                client=client,
                timeout=self.timeout,
            )
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            log.warning("webhook %s to %s failed: %s", webhook_id, url, error)
            attempt = Attempt(url, webhook_id, None, f"{type(error).__name__}: {error}")
        else:
            attempt = Attempt(url, webhook_id, response.status_code)
        self.attempts.append(attempt)
        return attempt

    async def trigger(self, request: Request) -> Response:
        """``POST /_mock/notifications/{kind}``: deliver now (body: the payload, or empty to synthesize)."""
        try:
            payload = _json_object(await request.body())
        except ValueError:
            return json_response(400, {"message": "The body must be a JSON object (the payload) or empty."})
        try:
            notified = await self.notify(request.path_params["kind"], payload)
        except UnknownKind as unknown:
            known = ", ".join(sorted(self.schemas))
            return json_response(404, {"message": f"{unknown}; known kinds: {known}"})
        return json_response(200, notified.summary())

    def notify_after(self, response: Response, kind: str, payload: Mapping[str, Any]) -> Response:
        """Deliver once ``response`` is sent, so the API call never waits on receivers."""
        if self.wanting(kind):
            response.background = BackgroundTask(self.notify, kind, dict(payload))
        return response

    def session_changed(self, response: Response, session: Record, action: str) -> Response:
        """``session.start.stop.notification`` for a session the mock just started or stopped."""
        schema = self.schemas.get(SESSION_KIND)
        if schema is None or not self.wanting(SESSION_KIND):
            return response
        payload: dict[str, Any] = {
            "notification": SESSION_KIND,
            "sessionId": session["id"],
            "chargePointId": session.get("chargePointId"),
            "evseId": session.get("evseId"),
            "action": action,
            "startedAtTimestamp": session.get("startedAt"),
            "meterStart": 0,
            "meterStop": session.get("energy", 0),
            "lastUpdatedAt": session.get("lastUpdatedAt"),
        }
        optional = {"userId": "userId", "stoppedAtTimestamp": "stoppedAt", "energyConsumed": "energy"}
        payload.update({key: session[name] for key, name in optional.items() if name in session})
        if action == "stop" and "reason" in session:
            payload["reason"] = session["reason"]
        synth = self.tenant.synth
        shaped = synth.conform(payload, schema, synth.rng(SESSION_KIND, session["id"], action))
        return self.notify_after(response, SESSION_KIND, shaped)


def callback_schemas(tenant: MockTenant) -> dict[str, Any]:
    """Kind -> request-body schema of its callback, from the subscribe operations of the spec."""
    found: dict[str, Any] = {}
    for operation_id in SUBSCRIBE_OPERATIONS:
        operation = tenant.spec.index.by_id.get(operation_id)
        callbacks = operation.spec.get("callbacks", {}) if operation is not None else {}
        for key, callback in callbacks.items():
            for item in callback.values():
                media = item.get("post", {}).get("requestBody", {}).get("content", {})
                schema = media.get("application/json", {}).get("schema")
                if schema is None:
                    continue
                notification = tenant.synth.flatten(schema).get("properties", {}).get("notification")
                kinds = tenant.synth.flatten(notification).get("enum") if notification else None
                for kind in kinds or [key]:
                    found.setdefault(kind, schema)
    return found


def _remember(call: Call) -> Response | None:
    """Record the subscription, then let the default behaviour answer (and store it)."""
    body = call.body
    webhook = body.get("webhook")
    url = webhook.get("callbackUrl") if isinstance(webhook, Mapping) else body.get("callbackUrl")
    kinds = body.get("notifications")
    if body.get("via", "webhook") == "webhook" and isinstance(url, str) and isinstance(kinds, list):
        token = call.request.headers.get("authorization", "").partition(" ")[2].strip()
        call.tenant.webhooks.subscribe(url, map(str, kinds), token)
    return None


def _json_object(raw: bytes) -> dict[str, Any] | None:
    """The trigger's optional body: a JSON object or nothing (``ValueError`` for anything else)."""
    if not raw.strip():
        return None
    payload = json.loads(raw)
    if not isinstance(payload, dict):
        raise ValueError("not a JSON object")
    return payload


def register(tenant: MockTenant) -> Webhooks:
    for operation_id in SUBSCRIBE_OPERATIONS:
        if operation_id in tenant.spec.index.by_id:
            tenant.behaviours[operation_id] = _remember
    webhooks = Webhooks(tenant)
    tenant.route(TRIGGER_PATH, methods=["POST"])(webhooks.trigger)
    return webhooks
