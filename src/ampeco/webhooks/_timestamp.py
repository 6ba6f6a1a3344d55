"""``X-Timestamp``: ISO-8601 with microseconds in UTC ("Zulu"), and the optional freshness check.

The timestamp is not covered by the signature (AMPECO signs the body only), so the check bounds
how late a captured request can be replayed with its original headers; it cannot stop a replay
whose sender rewrites the header.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from ampeco._constants import MAX_WEBHOOK_TOLERANCE
from ampeco._exceptions import ConfigurationError
from ampeco.webhooks._errors import TimestampVerificationError


def format_timestamp(moment: datetime) -> str:
    """``2024-05-01T12:00:00.123456Z``: the form AMPECO sends."""
    if moment.tzinfo is None:
        raise ValueError("timestamp must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(value: str) -> datetime | None:
    """The moment in an X-Timestamp header, or ``None`` when it is not an ISO-8601 time with an offset."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def resolve_tolerance(tolerance: object) -> timedelta:
    """``tolerance`` as a window, or :class:`~ampeco.ConfigurationError` naming what is wrong with it.

    Seconds (int or float) or a ``timedelta``, finite, not negative and at most
    ``MAX_WEBHOOK_TOLERANCE`` (a week): larger values are mistakes (milliseconds, say) that would turn
    replay protection off silently.
    """
    if isinstance(tolerance, timedelta):
        seconds = tolerance.total_seconds()
    elif isinstance(tolerance, int | float) and not isinstance(tolerance, bool):
        seconds = float(tolerance)
    else:
        raise ConfigurationError(
            f"tolerance must be a number of seconds or a timedelta, got {type(tolerance).__name__}"
        )
    if not math.isfinite(seconds) or seconds < 0 or seconds > MAX_WEBHOOK_TOLERANCE:
        raise ConfigurationError(
            f"tolerance must be between 0 and {MAX_WEBHOOK_TOLERANCE:g} seconds (one week), got {tolerance!r}"
        )
    return timedelta(seconds=seconds)


def check_fresh(value: str | None, tolerance: float | timedelta, now: datetime | None = None) -> datetime:
    """The parsed timestamp, if it is within ``tolerance`` of ``now`` (either direction)."""
    window = resolve_tolerance(tolerance)
    if value is None:
        raise TimestampVerificationError("X-Timestamp header is missing")
    moment = parse_timestamp(value)
    if moment is None:
        raise TimestampVerificationError("X-Timestamp is not an ISO-8601 time with a UTC offset")
    current = now if now is not None else datetime.now(UTC)
    if current.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    skew = abs(current - moment).total_seconds()
    if skew > window.total_seconds():
        limit = window.total_seconds()
        raise TimestampVerificationError(f"X-Timestamp is {skew:.0f} s from now, tolerance {limit:.0f} s")
    return moment
