"""Route names: how a fault rule (or a test) says which operations it means.

A route is ``"*"`` (every operation), an operationId (``chargePointsListing``), the name of the
generated function module (``charge_points_listing``), a path template (every method at that path) or a
method and a path template (``GET /public-api/resources/charge-points/v2.0``). A name that is none of
these raises :class:`UnknownRoute` naming close matches: a misspelt route must never be a rule that
silently never fires.

Module names are matched by their letters and digits only (``charge_points_listing`` and
``chargePointsListing`` are one name), so the mock needs neither the generated package nor the
generator's naming code to recognise them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn

from ampeco._openapi import HTTP_METHODS
from ampeco.mock._operations import Operation, OperationIndex

ANY_ROUTE = "*"
_ROUTE_FORMS = (
    "'*', an operationId (chargePointsListing), its module name (charge_points_listing), a path template "
    "(/public-api/resources/charge-points/v2.0) or a method and a path template "
    "(GET /public-api/resources/charge-points/v2.0)"
)


class UnknownRoute(KeyError):
    """A route name that names no operation of the tenant's spec; ``suggestions`` holds close matches."""

    def __init__(self, route: str, suggestions: Sequence[str], reason: str = "") -> None:
        self.route = route
        self.suggestions = list(suggestions)
        hint = f"; did you mean {' or '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        message = f"no route {route!r}{reason}{hint} (a route is {_ROUTE_FORMS})"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class RouteTarget:
    """A resolved route name: the keys (``"GET /path"``) of the operations it covers, or all of them."""

    name: str
    keys: frozenset[str] | None  # None: every operation

    def matches(self, operation: Operation | None) -> bool:
        if self.keys is None:
            return True
        return operation is not None and operation.key in self.keys


def _letters(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


class RouteNames:
    """Resolves route names against one spec's operations."""

    def __init__(self, index: OperationIndex) -> None:
        self._index = index
        self._by_id = dict(index.by_id)
        self._by_letters: dict[str, list[Operation]] = {}
        self._by_path: dict[str, list[Operation]] = {}
        self._by_key: dict[str, Operation] = {}
        for operation in index:
            self._by_letters.setdefault(_letters(operation.operation_id), []).append(operation)
            self._by_path.setdefault(operation.path, []).append(operation)
            self._by_key[operation.key] = operation

    def resolve(self, route: str) -> RouteTarget:
        """The operations ``route`` names; :class:`UnknownRoute` if it names none (or several by one name)."""
        name = route.strip()
        if name == ANY_ROUTE:
            return RouteTarget(ANY_ROUTE, None)
        method, _, rest = name.partition(" ")
        if method.lower() in HTTP_METHODS and rest.strip().startswith("/"):
            return self._by_method_and_path(route, method.upper(), rest.strip())
        if name.startswith("/"):
            return self._by_path_template(route, name)
        return self._by_name(route, name)

    def _by_name(self, route: str, name: str) -> RouteTarget:
        operation = self._by_id.get(name)
        if operation is not None:
            return RouteTarget(operation.operation_id, frozenset({operation.key}))
        found = self._by_letters.get(_letters(name), [])
        if len(found) == 1:
            return RouteTarget(found[0].operation_id, frozenset({found[0].key}))
        if len(found) > 1:
            raise UnknownRoute(
                route, [o.operation_id for o in found], " (it could be any of several operations)"
            )
        close = difflib.get_close_matches(_letters(name), self._by_letters, n=3, cutoff=0.7)
        return self._unknown(route, [self._by_letters[letters][0].operation_id for letters in close])

    def _by_path_template(self, route: str, path: str) -> RouteTarget:
        operations = self._by_path.get(path)
        if operations:
            return RouteTarget(path, frozenset(o.key for o in operations))
        matched = self._index.match(path)
        if matched is not None:  # a concrete path: name its template instead
            template = next(iter(matched[0].values())).path
            raise UnknownRoute(route, [template], " (routes are path templates, not concrete paths)")
        return self._unknown(route, difflib.get_close_matches(path, self._by_path, n=3, cutoff=0.8))

    def _by_method_and_path(self, route: str, method: str, path: str) -> RouteTarget:
        key = f"{method} {path}"
        operation = self._by_key.get(key)
        if operation is not None:
            return RouteTarget(key, frozenset({key}))
        at_path = self._by_path.get(path)
        if at_path:
            allowed = sorted(o.key for o in at_path)
            raise UnknownRoute(route, allowed, f" (the path has no {method} operation)")
        matched = self._index.match(path)
        if matched is not None:
            operations = matched[0]
            suggestions = [o.key for m, o in operations.items() if m.upper() == method] or [
                o.key for o in operations.values()
            ]
            raise UnknownRoute(route, suggestions, " (routes are path templates, not concrete paths)")
        return self._unknown(route, difflib.get_close_matches(key, self._by_key, n=3, cutoff=0.8))

    @staticmethod
    def _unknown(route: str, suggestions: list[str]) -> NoReturn:
        raise UnknownRoute(route, suggestions)
