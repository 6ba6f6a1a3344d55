"""What :func:`ampeco.webhooks.parse` returns: the typed notification plus the request's metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ampeco.webhooks._copy import copy_json

if TYPE_CHECKING:
    from ampeco_public_api.webhooks import Notification


@dataclass(frozen=True)
class UnknownNotification:
    """A notification kind this client release has no model for; the decoded payload is kept whole.

    Newer platform releases add kinds, and some subscribable kinds have no payload in the spec.
    Receivers should accept these (answer 2xx) rather than make AMPECO retry forever.
    """

    kind: str
    raw: dict[str, Any] = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The payload as received (a copy), like the generated models' ``to_dict``."""
        copied: dict[str, Any] = copy_json(self.raw)
        return copied


@dataclass(frozen=True)
class Delivery:
    """One verified webhook request.

    ``notification`` is the generated model of ``kind`` (or :class:`UnknownNotification`);
    ``tenant``, ``timestamp`` and ``webhook_id`` come from the X-Tenant, X-Timestamp and
    X-Webhook-Id headers, which belong to the request rather than to the payload. ``raw`` is the
    decoded JSON body.
    """

    notification: Notification | UnknownNotification
    kind: str
    tenant: str | None
    timestamp: datetime | None
    webhook_id: str | None
    raw: dict[str, Any] = field(repr=False)

    @property
    def known(self) -> bool:
        """Whether this client release has a model for the notification's kind."""
        return not isinstance(self.notification, UnknownNotification)
