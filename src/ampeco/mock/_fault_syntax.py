"""Faults written down: the ``ampeco-mock --fault`` text form and the ``POST /_mock/faults`` JSON form.

Text: ``ROUTE=FAULT[:TIMES]``, FAULT being ``429`` (rate limit, ``Retry-After: 1``), a 5xx status
(server error), a duration such as ``3s`` or ``250ms`` (latency) or ``drop`` (dropped connection)::

    GET /public-api/resources/cdrs/v2.0=429:3     three 429s, then normal answers
    charge_points_listing=503                     every request answers 503
    *=1.5s                                        every request waits 1.5 s first

JSON: ``{"route": ..., "status": 429 | 5xx, "retry_after": 7}``, ``{"route": ..., "latency": 3}`` or
``{"route": ..., "drop": true}``, each with an optional ``"times": N``. Both forms check only their
syntax here; the tenant's fault plan checks the route against the spec.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ampeco.mock._faults import Fault

TEXT_FORM = "ROUTE=FAULT[:TIMES] with FAULT one of 429, 500-599, a duration (3s, 250ms) or drop"
_DURATION = re.compile(r"^(?P<number>\d+(?:\.\d+)?)(?P<unit>ms|s)$")
_FAULT_FIELDS = ("status", "latency", "drop")


class FaultSyntaxError(ValueError):
    """A fault written down wrongly; the message quotes it and shows the expected form."""


def parse_fault_text(text: str) -> tuple[str, Fault]:
    """``(route, fault)`` from ``ROUTE=FAULT[:TIMES]``."""
    route, equals, spec = text.rpartition("=")
    if not equals or not route.strip():
        raise FaultSyntaxError(f"fault {text!r} is not {TEXT_FORM}")
    what, colon, count = spec.strip().partition(":")
    times = _times_from_text(text, count) if colon else None
    what = what.strip().lower()
    if what == "drop":
        return route.strip(), Fault("drop", times=times)
    duration = _DURATION.match(what)
    if duration is not None:
        seconds = float(duration["number"]) / (1000 if duration["unit"] == "ms" else 1)
        return route.strip(), Fault("latency", delay=seconds, times=times)
    if what.isdigit():
        return route.strip(), _status_fault(text, int(what), times)
    raise FaultSyntaxError(f"fault {text!r}: {what!r} is not a fault ({TEXT_FORM})")


def parse_fault_json(body: Any) -> tuple[str, Fault]:
    """``(route, fault)`` from a ``POST /_mock/faults`` body."""
    if not isinstance(body, Mapping):
        raise FaultSyntaxError('the body must be a JSON object: {"route": ..., "status": 429, ...}')
    route = body.get("route")
    if not isinstance(route, str) or not route.strip():
        raise FaultSyntaxError("'route' is required: '*', an operationId, a module name or 'METHOD /path'")
    given = [name for name in _FAULT_FIELDS if body.get(name) not in (None, False)]
    if len(given) != 1:
        raise FaultSyntaxError(
            "give exactly one of 'status' (429 or 5xx), 'latency' (seconds) or 'drop' (true); "
            f"got {given or 'none'}"
        )
    unknown = sorted(set(body) - {"route", "times", "retry_after", "limit", *_FAULT_FIELDS})
    if unknown:
        raise FaultSyntaxError(f"unknown field(s) {', '.join(unknown)}")
    times = _whole(body, "times", minimum=1)
    if given == ["drop"]:
        if body["drop"] is not True:
            raise FaultSyntaxError(f"'drop' must be true, got {body['drop']!r}")
        return route, Fault("drop", times=times)
    if given == ["latency"]:
        seconds = body["latency"]
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise FaultSyntaxError(f"'latency' must be a number of seconds >= 0, got {seconds!r}")
        return route, Fault("latency", delay=float(seconds), times=times)
    status = body["status"]
    if isinstance(status, bool) or not isinstance(status, int):
        raise FaultSyntaxError(f"'status' must be 429 or 500-599, got {status!r}")
    retry_after = _whole(body, "retry_after", minimum=0)
    limit = _whole(body, "limit", minimum=0)
    return route, _status_fault(
        f"status {status}",
        status,
        times,
        retry_after=1 if retry_after is None else retry_after,
        limit=60 if limit is None else limit,
    )


def _status_fault(
    text: str, status: int, times: int | None, *, retry_after: int = 1, limit: int = 60
) -> Fault:
    if status == 429:
        return Fault("rate_limit", status=429, retry_after=retry_after, limit=limit, times=times)
    if 500 <= status <= 599:
        return Fault("server_error", status=status, times=times)
    raise FaultSyntaxError(f"fault {text!r}: status {status} is neither 429 nor 500-599")


def _times_from_text(text: str, count: str) -> int:
    if not count.strip().isdigit() or int(count) < 1:
        raise FaultSyntaxError(f"fault {text!r}: TIMES must be a whole number >= 1, got {count!r}")
    return int(count)


def _whole(body: Mapping[str, Any], name: str, *, minimum: int) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise FaultSyntaxError(f"{name!r} must be a whole number >= {minimum}, got {value!r}")
    return value
