"""The ``ampeco`` logger and the redaction that keeps API tokens out of every log line and error message.

Tokens are registered while a client holding them is open; :func:`redact` replaces them (and anything
shaped like a bearer credential) wherever text leaves the library: log records and exception messages.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from typing import Final

from ampeco._constants import LOGGER_NAME
from ampeco._secret import Secret

REDACTED: Final = "***"

logger: Final = logging.getLogger(LOGGER_NAME)

_BEARER = re.compile(r"(?i)\b(bearer)(\s+)[^\s'\",;]+")
_AUTH_HEADER = re.compile(
    r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(?!bearer\b)((?:basic|token|digest|apikey|negotiate)\s+)?[^\s'\",;]+"
)

# Token -> number of live holders (auth objects of clients). A token leaves the registry when its
# last holder is closed or collected, so a process that builds many short-lived clients keeps only
# the tokens still in use, and redact() stays fast.
_secrets: dict[str, int] = {}
_secrets_lock = threading.Lock()
# Releases that could not take the lock. Finalizers may run inside garbage collection while this
# thread already holds the lock, so a release never blocks: it queues, and the next holder applies it.
_pending_releases: deque[str] = deque()


def register_secret(secret: Secret) -> None:
    """Remember a token so :func:`redact` can scrub it even where it is not shaped like a header.

    Pair every call with one :func:`release_secret` (``BearerAuth`` does, on close or collection).
    """
    if len(secret.reveal()) < 4:  # shorter strings would shred ordinary text; rejected earlier anyway
        return
    with _secrets_lock:
        _apply_pending_releases()
        _secrets[secret.reveal()] = _secrets.get(secret.reveal(), 0) + 1


def release_secret(secret: Secret) -> None:
    """Drop one holder of ``secret``; the token stops being scrubbed once no holder is left."""
    if len(secret.reveal()) < 4:
        return
    _pending_releases.append(secret.reveal())
    if _secrets_lock.acquire(blocking=False):
        try:
            _apply_pending_releases()
        finally:
            _secrets_lock.release()


def _apply_pending_releases() -> None:
    """Apply queued releases; the caller holds ``_secrets_lock``."""
    while _pending_releases:
        token = _pending_releases.popleft()
        holders = _secrets.get(token, 0) - 1
        if holders > 0:
            _secrets[token] = holders
        else:
            _secrets.pop(token, None)


def registered_secret_count() -> int:
    """How many distinct tokens are registered now (for tests and diagnostics; never the tokens)."""
    with _secrets_lock:
        _apply_pending_releases()
        return len(_secrets)


def redact(text: str) -> str:
    """Return ``text`` with registered tokens and bearer credentials replaced by ``***``."""
    with _secrets_lock:
        _apply_pending_releases()
        secrets = tuple(_secrets)
    for secret in secrets:
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
