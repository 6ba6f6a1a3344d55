"""``parse``: verify a webhook request, then read it into a typed notification."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from ampeco.webhooks._decode import decode_json, kind_of, to_model
from ampeco.webhooks._errors import MalformedNotificationError, SignatureVerificationError, WebhookError
from ampeco.webhooks._headers import SIGNATURE, Headers, WebhookHeaders, read_headers
from ampeco.webhooks._notification import Delivery
from ampeco.webhooks._signature import verify_signature
from ampeco.webhooks._timestamp import check_fresh, parse_timestamp, resolve_tolerance

_log = logging.getLogger("ampeco.webhooks")


def parse(
    payload: bytes,
    headers: Headers,
    *,
    secret: str,
    tolerance: float | timedelta | None = None,
    now: datetime | None = None,
) -> Delivery:
    """Verify and read one webhook request.

    ``payload`` is the raw body exactly as received, ``headers`` the request headers (any mapping or
    ``(name, value)`` pairs), ``secret`` the API token used to subscribe. With ``tolerance``
    (seconds or a timedelta), X-Timestamp must be within that distance of ``now`` (default: the
    current time).

    Raises :class:`SignatureVerificationError` (answer 401) before the body is even decoded, and
    :class:`MalformedNotificationError` (answer 400) for a body that is not a notification. An
    unknown kind is not an error: its ``Delivery.notification`` is an :class:`UnknownNotification`.
    A ``tolerance`` that is not a finite number of seconds between 0 and one week raises
    :class:`~ampeco.ConfigurationError` at once, whatever the request.
    """
    window = resolve_tolerance(tolerance) if tolerance is not None else None
    try:
        return _parse(payload, read_headers(headers), secret, window, now)
    except WebhookError as exc:
        _log.debug("rejected webhook request: %s: %s", type(exc).__name__, exc)
        raise


def _parse(
    payload: bytes,
    found: WebhookHeaders,
    secret: str,
    tolerance: float | timedelta | None,
    now: datetime | None,
) -> Delivery:
    if SIGNATURE in found.conflicts:
        raise SignatureVerificationError("X-Signature was sent more than once with different values")
    if found.signature is None:
        raise SignatureVerificationError("X-Signature header is missing")
    if not verify_signature(payload, found.signature, secret):
        raise SignatureVerificationError("X-Signature does not match the body")
    timestamp: datetime | None = None
    if tolerance is not None:
        timestamp = check_fresh(found.timestamp, tolerance, now)
    elif found.timestamp is not None:
        timestamp = parse_timestamp(found.timestamp)
    if found.conflicts:
        duplicated = ", ".join(sorted(found.conflicts))
        raise MalformedNotificationError(f"headers sent twice with different values: {duplicated}")
    raw = decode_json(payload)
    kind = kind_of(raw, found.webhook_type)
    return Delivery(
        notification=to_model(kind, raw),
        kind=kind,
        tenant=found.tenant,
        timestamp=timestamp,
        webhook_id=found.webhook_id,
        raw=raw,
    )
