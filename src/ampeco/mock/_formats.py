"""String formats, checked exactly as API clients and conformance tools check them.

The mock must never accept a value it could not legally send back: a ``date-time`` it stores is
echoed in a response that clients (and Schemathesis) validate with ``jsonschema_rs``. So the
standard formats are delegated to that same validator, and both sides agree on every edge case
(leap seconds, lower-case ``t``, quoted e-mail local parts). ``uuid`` is read by Python's
``uuid.UUID``, as Schemathesis supplements it for OpenAPI 3.0's Draft 4.

Names the spec uses that JSON Schema does not define (``datetime``, ``url``, ``integer`` on a
string, ``decimal`` ...) are annotations, as JSON Schema says: not checked.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable

import jsonschema_rs
from jsonschema import FormatChecker

# The formats jsonschema_rs validates under Draft 4 (OpenAPI 3.0's dialect), besides uuid.
DELEGATED = ("date", "date-time", "time", "email", "hostname", "ipv4", "ipv6", "uri")
CHECKED = (*DELEGATED, "uuid")


@functools.cache
def _delegate(name: str) -> Callable[[object], bool]:
    validator = jsonschema_rs.Draft4Validator({"format": name}, validate_formats=True)
    return validator.is_valid


def is_valid_format(name: str, value: object) -> bool:
    """Whether ``value`` satisfies format ``name`` (non-strings and unknown formats always do)."""
    if not isinstance(value, str):
        return True
    if name == "uuid":
        try:
            uuid.UUID(value)
        except ValueError:
            return False
        return True
    if name in DELEGATED:
        return _delegate(name)(value)
    return True


def format_checker() -> FormatChecker:
    """A jsonschema ``FormatChecker`` with exactly the formats above."""
    checker = FormatChecker(formats=())
    for name in CHECKED:
        checker.checks(name)(functools.partial(is_valid_format, name))
    return checker
