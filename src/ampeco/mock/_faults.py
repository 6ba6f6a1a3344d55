"""Fault injection per route: rate limiting, server errors, latency, dropped connections.

A rule names a route (an operationId, a ``"METHOD /path/template"``, a path template, or ``"*"``)
and fires on every matching request or only the next ``times`` ones, so a test can script
"two 503s, then success" to exercise a client's retries.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Literal

import httpx

from ampeco.mock._operations import Operation

FaultKind = Literal["rate_limit", "server_error", "latency", "drop"]


class ConnectionDropped(httpx.RemoteProtocolError):
    """The mock hung up mid-response; in process it surfaces like the network error it imitates."""


@dataclass
class Fault:
    kind: FaultKind
    status: int = 503
    retry_after: int = 1
    limit: int = 60
    delay: float = 0.0
    times: int | None = None

    def describe(self) -> str:
        return f"{self.kind}({self.status if self.kind == 'server_error' else ''})"


@dataclass
class _Rule:
    route: str
    fault: Fault
    remaining: int | None

    def matches(self, operation: Operation | None) -> bool:
        if self.route == "*":
            return True
        if operation is None:
            return False
        return self.route in (operation.operation_id, operation.key, operation.path)


@dataclass
class FaultPlan:
    """The faults a tenant injects; safe to change while requests are in flight."""

    _rules: list[_Rule] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, route: str, fault: Fault) -> Fault:
        with self._lock:
            self._rules.append(_Rule(route, fault, fault.times))
        return fault

    def rate_limit(
        self, route: str = "*", *, retry_after: int = 1, limit: int = 60, times: int | None = None
    ) -> Fault:
        return self.add(
            route, Fault("rate_limit", status=429, retry_after=retry_after, limit=limit, times=times)
        )

    def server_error(self, route: str = "*", *, status: int = 503, times: int | None = None) -> Fault:
        if not 500 <= status <= 599:
            raise ValueError(f"a server error needs a 5xx status, got {status}")
        return self.add(route, Fault("server_error", status=status, times=times))

    def latency(self, route: str = "*", *, seconds: float, times: int | None = None) -> Fault:
        return self.add(route, Fault("latency", delay=seconds, times=times))

    def drop(self, route: str = "*", *, times: int | None = None) -> Fault:
        return self.add(route, Fault("drop", times=times))

    def clear(self, route: str | None = None) -> None:
        with self._lock:
            self._rules = [rule for rule in self._rules if route is not None and rule.route != route]

    def take(self, operation: Operation | None) -> list[Fault]:
        """The faults firing for this request (latency first), consuming counted ones."""
        fired: list[Fault] = []
        with self._lock:
            for rule in self._rules:
                if rule.remaining == 0 or not rule.matches(operation):
                    continue
                if rule.remaining is not None:
                    rule.remaining -= 1
                fired.append(rule.fault)
            self._rules = [rule for rule in self._rules if rule.remaining != 0]
        return sorted(fired, key=lambda fault: fault.kind != "latency")
