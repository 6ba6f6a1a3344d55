"""Fault injection per route: rate limiting, server errors, latency, dropped connections.

A rule names a route (see :mod:`ampeco.mock._routes`: ``"*"``, an operationId, a module name, a path
template with or without its method) and fires on every matching request or only on the next ``times``
ones, so a test can script "two 503s, then success" to exercise a client's retries. Rules come from
Python (``tenant.faults``), from ``ampeco-mock --fault`` and from ``POST /_mock/faults``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from ampeco.mock._operations import Operation, OperationIndex
from ampeco.mock._routes import RouteNames, RouteTarget

FaultKind = Literal["rate_limit", "server_error", "latency", "drop"]
FAULT_KINDS: tuple[FaultKind, ...] = ("rate_limit", "server_error", "latency", "drop")


class ConnectionDropped(httpx.RemoteProtocolError):
    """The mock hung up mid-response; in process it surfaces like the network error it imitates."""


@dataclass
class Fault:
    """What to do instead of (``rate_limit``, ``server_error``, ``drop``) or before (``latency``) the
    normal answer. ``times=None`` fires on every matching request."""

    kind: FaultKind
    status: int = 503
    retry_after: int = 1
    limit: int = 60
    delay: float = 0.0
    times: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"fault kind must be one of {', '.join(FAULT_KINDS)}, got {self.kind!r}")
        if self.kind == "server_error" and not 500 <= self.status <= 599:
            raise ValueError(f"a server error needs a 5xx status, got {self.status}")
        if self.kind == "rate_limit":
            self.status = 429
        if self.times is not None and self.times < 1:
            raise ValueError(f"times must be at least 1 (or None for every request), got {self.times}")
        if self.delay < 0 or self.retry_after < 0 or self.limit < 0:
            raise ValueError("delay, retry_after and limit must not be negative")

    def describe(self) -> str:
        if self.kind == "rate_limit":
            return f"429 (Retry-After {self.retry_after} s)"
        if self.kind == "server_error":
            return str(self.status)
        if self.kind == "latency":
            return f"{self.delay:g} s latency"
        return "dropped connection"

    def to_json(self) -> dict[str, Any]:
        """The fault as ``GET /_mock/faults`` shows it (the fields ``POST /_mock/faults`` takes)."""
        shown: dict[str, Any] = {"kind": self.kind}
        if self.kind == "rate_limit":
            shown.update(status=429, retry_after=self.retry_after, limit=self.limit)
        elif self.kind == "server_error":
            shown["status"] = self.status
        elif self.kind == "latency":
            shown["latency"] = self.delay
        return shown


@dataclass
class _Rule:
    target: RouteTarget
    fault: Fault
    remaining: int | None


class FaultPlan:
    """The faults a tenant injects (``tenant.faults``); safe to change while requests are in flight.

    Every method takes a route name and checks it against the tenant's spec at once: an unknown route
    raises :class:`~ampeco.mock.UnknownRoute` naming close matches.
    """

    def __init__(self, index: OperationIndex) -> None:
        self._routes = RouteNames(index)
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()

    def add(self, route: str, fault: Fault) -> Fault:
        """Inject ``fault`` on ``route`` (``fault.times`` requests, or all); returns ``fault``."""
        target = self._routes.resolve(route)
        with self._lock:
            self._rules.append(_Rule(target, fault, fault.times))
        return fault

    def rate_limit(
        self, route: str = "*", *, retry_after: int = 1, limit: int = 60, times: int | None = None
    ) -> Fault:
        """Answer 429 ``Too Many Attempts.`` with ``Retry-After: retry_after`` and the X-RateLimit headers."""
        return self.add(
            route, Fault("rate_limit", status=429, retry_after=retry_after, limit=limit, times=times)
        )

    def server_error(self, route: str = "*", *, status: int = 503, times: int | None = None) -> Fault:
        """Answer ``status`` (500-599) with the API's error body instead of handling the request."""
        return self.add(route, Fault("server_error", status=status, times=times))

    def latency(self, route: str = "*", *, seconds: float, times: int | None = None) -> Fault:
        """Wait ``seconds`` before answering normally; a client whose timeout is shorter times out."""
        return self.add(route, Fault("latency", delay=seconds, times=times))

    def drop(self, route: str = "*", *, times: int | None = None) -> Fault:
        """Send the headers and part of the body, then hang up (``httpx.RemoteProtocolError``)."""
        return self.add(route, Fault("drop", times=times))

    def clear(self, route: str | None = None) -> int:
        """Remove every rule, or only those added for ``route`` (however it was named); returns how many."""
        target = self._routes.resolve(route) if route is not None else None
        with self._lock:
            kept = [rule for rule in self._rules if target is not None and rule.target.keys != target.keys]
            removed = len(self._rules) - len(kept)
            self._rules = kept
        return removed

    def rules(self) -> list[dict[str, Any]]:
        """The active rules in order, as ``GET /_mock/faults`` lists them."""
        with self._lock:
            return [
                {"route": rule.target.name, **rule.fault.to_json(), "remaining": rule.remaining}
                for rule in self._rules
            ]

    def take(self, operation: Operation | None) -> list[Fault]:
        """The faults firing for this request (latency first), consuming counted ones."""
        if not self._rules:
            return []
        fired: list[Fault] = []
        with self._lock:
            for rule in self._rules:
                if rule.remaining == 0 or not rule.target.matches(operation):
                    continue
                if rule.remaining is not None:
                    rule.remaining -= 1
                fired.append(rule.fault)
            self._rules = [rule for rule in self._rules if rule.remaining != 0]
        return sorted(fired, key=lambda fault: fault.kind != "latency")
