"""The ``ampeco`` logger and the redaction that keeps API tokens out of every log line and error message.

Tokens are registered when a client is built; :func:`redact` replaces them (and anything shaped like a
bearer credential) wherever text leaves the library: log records and exception messages.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Final

from ampeco._constants import LOGGER_NAME

REDACTED: Final = "***"

logger: Final = logging.getLogger(LOGGER_NAME)

_BEARER = re.compile(r"(?i)\b(bearer)(\s+)[^\s'\",;]+")
_AUTH_HEADER = re.compile(
    r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(?!bearer\b)((?:basic|token|digest|apikey|negotiate)\s+)?[^\s'\",;]+"
)

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(secret: str) -> None:
    """Remember a token so :func:`redact` can scrub it even where it is not shaped like a header."""
    if len(secret) >= 4:  # shorter strings would shred ordinary text; they are rejected earlier anyway
        with _secrets_lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    """Return ``text`` with registered tokens and bearer credentials replaced by ``***``."""
    for secret in tuple(_secrets):
        if secret in text:
            text = text.replace(secret, REDACTED)
    text = _BEARER.sub(rf"\1\2{REDACTED}", text)
    return _AUTH_HEADER.sub(rf"\1\2{REDACTED}", text)


class RedactingFilter(logging.Filter):
    """Rewrites records of the ``ampeco`` logger so a token cannot reach a handler, whatever was logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


def _install() -> None:
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())


_install()
