"""Why a webhook request was rejected: one class per answer a receiver gives (401 vs 400).

None of them ever carries the secret, the expected signature or the request headers.
"""

from __future__ import annotations

from typing import Any

from ampeco._exceptions import AmpecoError


class WebhookError(AmpecoError):
    """Root of every error raised while verifying or reading a webhook request."""


class SignatureVerificationError(WebhookError):
    """The request is not provably from AMPECO: ``X-Signature`` is missing, malformed or wrong.

    Answer 401 and do not act on the body.
    """


class TimestampVerificationError(SignatureVerificationError):
    """``X-Timestamp`` is missing, unreadable or outside the tolerance (a possible replay).

    A subclass of :class:`SignatureVerificationError` so one ``except`` rejects every request that
    cannot be trusted.
    """


class MalformedNotificationError(WebhookError):
    """The signature is valid but the body is not a JSON object naming its notification kind.

    Answer 400: the sender is broken, retrying will not help.
    """


class NotificationSchemaError(MalformedNotificationError):
    """A known notification kind whose payload does not fit its model (e.g. a new enum value).

    ``kind`` and ``raw`` (the decoded payload) stay available so a receiver can still log or
    store the notification instead of dropping it.
    """

    def __init__(self, message: str, *, kind: str, raw: dict[str, Any]) -> None:
        super().__init__(message)
        self.kind = kind
        self.raw = raw
