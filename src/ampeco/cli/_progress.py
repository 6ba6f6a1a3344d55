"""The progress line of a listing export, on stderr and only when stderr is a terminal.

``users list: 12,400 of 66,000 items, 124 pages, 830 items/s, ETA 0:01:05`` (total and ETA when the
listing reports its total), rewritten in place a few times a second; stdout and log files stay clean.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["Progress"]

_INTERVAL = 0.2  # seconds between redraws


class Progress:
    def __init__(
        self,
        stream: TextIO,
        label: str,
        *,
        enabled: bool,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._label = label
        self._enabled = enabled
        self._clock = clock
        self._started = clock()
        self._drawn_at: float | None = None
        self._shown = False
        self.items = 0
        self.pages = 0
        self.total: int | None = None

    def page(self, items: int, total: int | None) -> None:
        self.items += items
        self.pages += 1
        if total is not None:
            self.total = total
        now = self._clock()
        if self._enabled and (self._drawn_at is None or now - self._drawn_at >= _INTERVAL):
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        elapsed = max((self._clock() if now is None else now) - self._started, 1e-9)
        rate = self.items / elapsed
        counted = f"{self.items:,}" if self.total is None else f"{self.items:,} of {self.total:,}"
        text = f"{self._label}: {counted} items, {self.pages:,} pages, {rate:,.0f} items/s"
        if self.total is not None and rate > 0:
            text += f", ETA {_duration(max(self.total - self.items, 0) / rate)}"
        return text

    def _draw(self, now: float) -> None:
        self._drawn_at = now
        self._shown = True
        self._stream.write("\r\x1b[K" + self.line(now))
        self._stream.flush()

    def finish(self) -> None:
        """Leave the final count on its own line (only if a line was drawn)."""
        if self._enabled and self._shown:
            self._stream.write("\r\x1b[K" + self.line() + "\n")
            self._stream.flush()

    def clear(self) -> None:
        """Erase the line before an error message is printed."""
        if self._enabled and self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._shown = False


def _duration(seconds: float) -> str:
    whole = int(seconds + 0.5)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
