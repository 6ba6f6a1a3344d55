"""Receive AMPECO.CHARGE webhook notifications safely, as typed models.

AMPECO POSTs each notification with ``X-Signature``: the hex HMAC-SHA256 of the raw body, keyed
with the API token that created the subscription. A receiver::

    from ampeco import webhooks

    try:
        delivery = webhooks.parse(raw_body, request.headers, secret=API_TOKEN, tolerance=300)
    except webhooks.SignatureVerificationError:
        ...  # 401: not from AMPECO (or too old, with ``tolerance``)
    except webhooks.MalformedNotificationError:
        ...  # 400: signed but not a notification
    delivery.notification  # e.g. a ``SessionStartStopNotification``; UnknownNotification for new kinds
    delivery.tenant        # X-Tenant

Subscribing is :func:`subscribe` (the generated ``notificationsSubscribe``); :func:`deliver` is the
sending side (the mock tenant, tests). Full receivers ship in the source distribution (not the wheel):
``examples/webhooks_starlette.py`` (Starlette/FastAPI) and ``examples/webhooks_wsgi.py`` (plain WSGI);
``pip download --no-binary :all: --no-deps ampeco-public-api`` fetches it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ampeco.webhooks._errors import (
    MalformedNotificationError,
    NotificationSchemaError,
    SignatureVerificationError,
    TimestampVerificationError,
    WebhookError,
)
from ampeco.webhooks._headers import Headers
from ampeco.webhooks._notification import Delivery, UnknownNotification
from ampeco.webhooks._parse import parse
from ampeco.webhooks._send import SignedRequest, deliver, deliver_async, signed_request
from ampeco.webhooks._signature import sign, verify_signature
from ampeco.webhooks._subscribe import subscribe, subscribe_async, subscription_request

if TYPE_CHECKING:
    from ampeco_public_api.webhooks import DEPRECATED_KINDS, NOTIFICATION_MODELS, Notification, model_for

__all__ = [
    "DEPRECATED_KINDS",
    "NOTIFICATION_MODELS",
    "Delivery",
    "Headers",
    "MalformedNotificationError",
    "Notification",
    "NotificationSchemaError",
    "SignatureVerificationError",
    "SignedRequest",
    "TimestampVerificationError",
    "UnknownNotification",
    "WebhookError",
    "deliver",
    "deliver_async",
    "model_for",
    "parse",
    "sign",
    "signed_request",
    "subscribe",
    "subscribe_async",
    "subscription_request",
    "verify_signature",
]


_GENERATED = frozenset({"DEPRECATED_KINDS", "NOTIFICATION_MODELS", "Notification", "model_for"})


def __getattr__(name: str) -> Any:
    # The generated webhook index, on demand: ``Notification`` (the union of every model) imports
    # them all, and verifying a signature needs none of it.
    if name in _GENERATED:
        import ampeco_public_api.webhooks as generated

        return getattr(generated, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
