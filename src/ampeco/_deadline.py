"""The total timeout of a sync attempt, enforced where the bytes are read: in httpcore's network layer.

httpx's sync timeouts bound each socket operation, not the request: a server that sends one header byte
every second never trips a 30 s read timeout. The async transport bounds an attempt with a cancel scope;
sync code has no cancellation, so instead every socket read, write, connect and TLS handshake made
during an attempt gets at most the time that remains of the attempt's budget, and fails with httpcore's
own timeout error once none is left. The budget lives in a context variable set by the retry transport
around one attempt: connections of the same pool used by other code (a caller's own ``httpx.Client``
shared with us) keep their usual timeouts.

This module holds the budget; :mod:`ampeco._deadline_backend` applies it in httpcore's network layer
(imported when a connection pool is built, so ``import ampeco`` and building a client stay cheap).
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Deadline", "attempt_deadline", "current_deadline"]


class Deadline:
    """A point in (monotonic) time one attempt must finish by."""

    __slots__ = ("at", "total")

    def __init__(self, total: float) -> None:
        self.total = total
        self.at = time.monotonic() + total

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def message(self) -> str:
        return f"response not complete within the total timeout of {self.total:g} s"


_current: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("ampeco_deadline", default=None)


def current_deadline() -> Deadline | None:
    """The deadline of the attempt running in this context, if any."""
    return _current.get()


@contextmanager
def attempt_deadline(total: float) -> Iterator[Deadline]:
    """Bound every socket operation of the code inside (one attempt) by ``total`` seconds overall."""
    deadline = Deadline(total)
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.reset(token)
