"""The ``X-Signature`` scheme: hex HMAC-SHA256 of the raw body, keyed with the subscribing API token."""

from __future__ import annotations

import hashlib
import hmac
import re

_HEX_DIGEST = re.compile(r"[0-9a-fA-F]{64}")
# Only ASCII whitespace is "surrounding whitespace" (header folding, a stray newline); anything
# else in the header makes the signature malformed.
_ASCII_WHITESPACE = " \t\r\n\x0b\x0c"


def sign(payload: bytes, secret: str) -> str:
    """The lowercase hex signature AMPECO sends for ``payload`` (what a sender puts in X-Signature)."""
    return hmac.new(_key(secret), _body(payload), hashlib.sha256).hexdigest()


def verify_signature(payload: bytes, signature: str, secret: str) -> bool:
    """Whether ``signature`` is the signature of ``payload`` under ``secret``.

    Constant-time. Surrounding ASCII whitespace and the case of the hex digits are ignored;
    anything else that is not exactly 64 hex digits (a ``sha256=`` prefix, a truncated value) is
    ``False``.
    """
    if not isinstance(signature, str):
        raise TypeError(f"signature must be str, not {type(signature).__name__}")
    candidate = signature.strip(_ASCII_WHITESPACE)
    if _HEX_DIGEST.fullmatch(candidate) is None:
        return False
    return hmac.compare_digest(candidate.lower(), sign(payload, secret))


def _key(secret: str) -> bytes:
    if not isinstance(secret, str):
        raise TypeError(f"secret must be str, not {type(secret).__name__}")
    if not secret:
        raise ValueError("secret is empty: pass the API token used to subscribe")
    return secret.encode("utf-8")


def _body(payload: bytes) -> bytes:
    # A str would have to be re-encoded, and any difference from the bytes on the wire breaks the
    # signature in ways that are hard to debug: insist on the raw body.
    if not isinstance(payload, bytes | bytearray | memoryview):
        raise TypeError(f"payload must be the raw request body (bytes), not {type(payload).__name__}")
    return bytes(payload)
