"""Response bodies decode to the same values with or without orjson (the ``fast`` extra)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ampeco import _json

needs_orjson = pytest.mark.skipif(_json._fast_loads is None, reason="orjson is not installed")

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # unbounded: orjson alone would turn integers beyond 64 bits into floats
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


def _same(a: Any, b: Any) -> bool:
    """Equal, with the types: ``1 == 1.0`` would hide an integer decoded as a float."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


@needs_orjson
@settings(max_examples=300, deadline=None)
@given(value=JSON_VALUES, indent=st.sampled_from([None, 1]))
def test_orjson_decodes_exactly_what_json_does(value: Any, indent: int | None) -> None:
    body = json.dumps(value, indent=indent, ensure_ascii=False).encode()
    assert _same(_json._orjson_or_json(body), json.loads(body))


@needs_orjson
@pytest.mark.parametrize(
    "body",
    [
        b'{"id": 56365346938520930000}',  # beyond 64 bits: orjson alone gives a float
        b"[-9223372036854775809, 18446744073709551616]",
        b'\xef\xbb\xbf{"a": 1}',  # a byte-order mark: orjson refuses it
        b'{"a": NaN, "b": Infinity}',  # not JSON, but Python's json reads it
        b'{"iccid": "89359019900000000012", "n": 1}',  # a long digit run inside a string
        b'{"s": "\\ud800"}',  # a lone surrogate
    ],
)
def test_bodies_orjson_reads_differently_are_read_as_json_reads_them(body: bytes) -> None:
    assert _same(_json._orjson_or_json(body), json.loads(body))


@needs_orjson
def test_a_long_digit_run_in_a_string_keeps_the_fast_decoder() -> None:
    assert not _json.has_long_integer(b'{"iccid": "89359019900000000012"}')
    assert not _json.has_long_integer(b'{"x": 1.1234567890123456789012}')
    assert _json.has_long_integer(b'{"x":[1, -12345678901234567890]}')
    assert _json.has_long_integer(b"12345678901234567890")


def test_a_body_that_is_not_json_gets_the_standard_library_error() -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        _json.loads(b"plain text, not an object")
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(b"plain text, not an object")
    assert str(caught.value) == str(expected.value)


def test_without_orjson_the_standard_library_decodes() -> None:
    probe = (
        "import sys; sys.modules['orjson'] = None\n"  # makes `import orjson` fail as if not installed
        "import json; from ampeco import _json\n"
        "assert _json.loads is json.loads, _json.loads\n"
        "print(_json.loads(b'[1, 2]'))"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[1, 2]"


@needs_orjson
def test_with_orjson_installed_it_is_the_decoder_in_use() -> None:
    assert _json.loads is _json._orjson_or_json
