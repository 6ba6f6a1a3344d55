"""From a verified body to a typed notification: JSON, the ``notification`` discriminator, the model."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ampeco._parsing import ModelParseError
from ampeco.webhooks._copy import copy_json
from ampeco.webhooks._errors import MalformedNotificationError, NotificationSchemaError
from ampeco.webhooks._notification import UnknownNotification

if TYPE_CHECKING:
    from ampeco_public_api.webhooks import Notification

DISCRIMINATOR = "notification"


def decode_json(payload: bytes) -> dict[str, Any]:
    """The body as a JSON object."""
    try:
        document = json.loads(payload)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise MalformedNotificationError(f"body is not valid JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise MalformedNotificationError(f"body is JSON {type(document).__name__}, expected an object")
    return document


def kind_of(raw: dict[str, Any], header_kind: str | None) -> str:
    """The notification kind: the signed body's ``notification`` field, else X-Webhook-Type."""
    kind = raw.get(DISCRIMINATOR, header_kind)
    if kind is None:
        raise MalformedNotificationError(f"no {DISCRIMINATOR!r} field in the body and no X-Webhook-Type")
    if not isinstance(kind, str) or not kind:
        raise MalformedNotificationError(f"{DISCRIMINATOR!r} must be a non-empty string, got {kind!r}")
    return kind


def to_model(kind: str, raw: dict[str, Any]) -> Notification | UnknownNotification:
    """The generated model of ``kind`` read from ``raw`` (which is left untouched)."""
    from ampeco_public_api.webhooks import model_for

    model = model_for(kind)
    if model is None:
        return UnknownNotification(kind, copy_json(raw))
    try:
        return model.from_dict(copy_json(raw))
    except RecursionError as exc:  # a model nested deeper than the stack allows (not a spec shape)
        message = f"{kind!r} payload is nested too deeply to read as {model.__name__}"
        raise NotificationSchemaError(message, kind=kind, raw=raw) from exc
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        # The generated models raise ModelParseError with a JSON path; anything else gets its type named.
        reason = str(exc) if isinstance(exc, ModelParseError) else f"{type(exc).__name__}: {exc}"
        message = f"{kind!r} payload does not fit {model.__name__}: {reason}"
        raise NotificationSchemaError(message, kind=kind, raw=raw) from exc
