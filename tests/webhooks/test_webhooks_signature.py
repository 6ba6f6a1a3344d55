"""verify_signature / sign: real HMAC-SHA256, constant-time compare, strict about the format."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from ampeco.webhooks import sign, verify_signature
from tests.webhooks.spec_examples import SECRET

BODY = b'{"notification":"chargePoint.changed","chargePointId":7,"action":"updated"}'
# Computed independently of the code under test.
EXPECTED = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()


def test_sign_is_hex_hmac_sha256_of_the_raw_body() -> None:
    assert sign(BODY, SECRET) == EXPECTED
    assert len(EXPECTED) == 64


def test_valid_signature_verifies() -> None:
    assert verify_signature(BODY, EXPECTED, SECRET) is True


@pytest.mark.parametrize(
    "variant",
    [EXPECTED.upper(), f"  {EXPECTED}\n", f"\t{EXPECTED.upper()} ", f"\r\n{EXPECTED}\r\n"],
    ids=["upper-case", "spaces-newline", "tabs-upper", "crlf"],
)
def test_surrounding_whitespace_and_hex_case_are_tolerated(variant: str) -> None:
    assert verify_signature(BODY, variant, SECRET) is True


def test_tampered_body_fails() -> None:
    assert verify_signature(BODY.replace(b"7", b"8"), EXPECTED, SECRET) is False
    assert verify_signature(BODY + b" ", EXPECTED, SECRET) is False


def test_tampered_signature_fails() -> None:
    flipped = ("0" if EXPECTED[10] != "0" else "1").join((EXPECTED[:10], EXPECTED[11:]))
    assert len(flipped) == 64
    assert verify_signature(BODY, flipped, SECRET) is False


def test_wrong_secret_fails() -> None:
    assert verify_signature(BODY, EXPECTED, SECRET + "x") is False
    assert verify_signature(BODY, sign(BODY, "another-token"), SECRET) is False


@pytest.mark.parametrize(
    "malformed",
    [
        "",
        EXPECTED[:-1],
        EXPECTED + "0",
        f"sha256={EXPECTED}",
        f"0x{EXPECTED}",
        f"{EXPECTED[:32]} {EXPECTED[32:]}",
        f"\u00a0{EXPECTED}",  # non-ASCII whitespace is not "surrounding whitespace"
        EXPECTED.replace(EXPECTED[0], "g", 1),
        f"{EXPECTED},{EXPECTED}",
        "\uff10" * 64,  # full-width digits
    ],
    ids=["empty", "short", "long", "prefixed", "0x", "inner-space", "nbsp", "non-hex", "two", "fullwidth"],
)
def test_anything_but_64_hex_digits_is_rejected(malformed: str) -> None:
    assert verify_signature(BODY, malformed, SECRET) is False


def test_the_raw_bytes_are_required() -> None:
    with pytest.raises(TypeError, match="raw request body"):
        verify_signature(BODY.decode(), EXPECTED, SECRET)  # type: ignore[arg-type]


def test_an_empty_secret_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="secret is empty"):
        verify_signature(BODY, EXPECTED, "")


def test_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The digest comparison goes through hmac.compare_digest (observed, not replaced)."""
    calls: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert verify_signature(BODY, EXPECTED.upper(), SECRET) is True
    assert calls == [(EXPECTED, EXPECTED)]
