"""When to retry and how long to wait: pure decisions, no I/O, so every rule is testable on its own.

Rules (the server may have acted on a request unless we know it did not):
- connection failures before the request was sent: retried for every method;
- 429: retried for every method, the server refused before doing anything;
- 408/500/502/503/504 and failures after sending (read timeout, dropped connection): retried only for
  idempotent methods. POST and PATCH are never repeated once the server may have acted on them.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime

import httpx

from ampeco._constants import (
    IDEMPOTENT_METHODS,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_DELAY,
    RATE_LIMIT_RESET_EPOCH_THRESHOLD,
    RETRYABLE_STATUSES,
)

# Raised before a single byte of the request reached the server.
_NOT_SENT: tuple[type[Exception], ...] = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def is_idempotent(method: str) -> bool:
    return method.upper() in IDEMPOTENT_METHODS


def should_retry_status(status: int, method: str) -> bool:
    if status == 429:
        return True
    return status in RETRYABLE_STATUSES and is_idempotent(method)


def should_retry_exception(exc: Exception, method: str) -> bool:
    if isinstance(exc, _NOT_SENT):
        return True
    return isinstance(exc, httpx.TransportError) and is_idempotent(method)


def server_wait(headers: Mapping[str, str], now: Callable[[], float] = time.time) -> float | None:
    """Seconds the server asked us to wait: ``Retry-After`` (seconds or HTTP date), else
    ``X-RateLimit-Reset`` (Unix time or seconds); ``None`` when it said nothing usable."""
    retry_after = headers.get("retry-after")
    if retry_after is not None:
        value = retry_after.strip()
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError):
                when = None
            if when is not None and when.tzinfo is not None:
                return max(0.0, when.timestamp() - now())
        else:
            if seconds == seconds and seconds >= 0:  # rejects NaN and negatives
                return seconds
    reset = headers.get("x-ratelimit-reset")
    if reset is not None:
        try:
            value_f = float(reset.strip())
        except ValueError:
            return None
        if value_f != value_f or value_f < 0:
            return None
        if value_f >= RATE_LIMIT_RESET_EPOCH_THRESHOLD:
            return max(0.0, value_f - now())
        return value_f
    return None


def backoff_delay(retry_number: int, rand: Callable[[], float] = random.random) -> float:
    """Delay before retry ``retry_number`` (1-based): 0.5 s doubling, capped at 8 s, jittered into
    ``[cap/2, cap]`` so a crowd of clients spreads out without ever waiting less than half the step."""
    step = min(MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * 2.0 ** max(0, retry_number - 1))
    return step * (1.0 - 0.5 * rand())


class Throttle:
    """Client-side limit of requests per second, shared by every copy of a client (bulk jobs).

    ``reserve()`` books the next free slot and returns how long to sleep until it; booking happens under
    a thread lock without awaiting, so the same throttle serves threads and event loops alike.
    """

    __slots__ = ("_clock", "_interval", "_lock", "_next", "rate")

    def __init__(self, requests_per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = requests_per_second
        self._interval = 1.0 / requests_per_second
        self._lock = threading.Lock()
        self._next = 0.0
        self._clock = clock

    def reserve(self) -> float:
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self._interval
        return slot - now

    def __repr__(self) -> str:
        return f"Throttle(requests_per_second={self.rate})"
