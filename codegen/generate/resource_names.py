"""Where every operation sits on the client: ``client.<resource>[.<namespace>...].<method>(...)``.

This docstring is the one statement of the naming rules (README and ``api.md`` point here). The rules
read the spec only, never the generator's Python names, so a name changes only when the spec (or our
overlay) changes what it is derived from.

1. **Resource** (the client attribute). The path is ``/public-api/resources/<resource>/vX.Y/...``,
   ``/public-api/actions/<resource>/vX.Y/...`` or ``/public-api/<resource>/vX.Y/...``; ``<resource>``
   in snake case is the attribute (``charge-points`` -> ``client.charge_points``). An action's segment is
   singular in AMPECO's paths (``actions/charge-point``): it joins the resource whose segment is the same
   or the same plus ``s`` (``charge-points``). The overlay pins any other case with
   ``x-ampeco-resource`` (e.g. the retired ``cp-models`` paths belong to ``charge_point_models``).
2. **Method**, from the last part of AMPECO's summary (``"Charge Point / EVSE / Read"`` -> ``read``):
   ``Listing`` -> ``list``, ``Read`` -> ``read``, ``Create`` -> ``create``, ``Update`` -> ``update``,
   ``Delete`` -> ``delete``, ``Create or update`` -> ``create_or_update``; anything else is an action
   or a query named by its words in snake case (``Start Charging Session`` -> ``start_charging_session``).
   ``x-ampeco-method`` pins another name.
3. **Namespace** below the resource: the literal path segments after the version, in snake case
   (``/charge-points/v2.0/{chargePoint}/evses/{evse}`` -> ``client.charge_points.evses``). For a method
   that is not one of the CRUD verbs the last literal segment is what the method names, so it is left
   out (``/circuits/v2.0/{circuit}/consumption`` -> ``client.circuits.consumption(...)``). Actions join
   their resource's own namespace. ``x-ampeco-namespace`` pins another one (dotted, ``""`` for none).
4. **Versions and deprecation.** An operation marked ``deprecated`` moves under ``deprecated``
   (``client.charge_points.deprecated.read(...)``) and warns with ``DeprecationWarning`` when called.
   When several API versions give the same name, the newest version keeps it and each older one gets
   its version as a suffix (``read_v1_0``); so the default names always reach the newest
   non-deprecated operation.
5. **Checks.** Generation fails when an operation gets no name (no usable path or summary, no pin),
   when two operations end up with the same name, when a name is not a plain identifier or is one of
   the names the resource layer itself uses (``with_raw_response``, ``deprecated``), when a name is
   both a method and a namespace, and when a resource would hide an attribute of ``ampeco.Client``.

Python names of parameters come from the generator (``filter`` is ``filter_`` in module functions);
resource methods drop the trailing ``_`` the generator adds to names of Python builtins
(``client.cdrs.list(filter=...)``), keywords keep it.
"""

from __future__ import annotations

import keyword
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ampeco._openapi import OperationRef, iter_operations

RESOURCE_EXTENSION = "x-ampeco-resource"
NAMESPACE_EXTENSION = "x-ampeco-namespace"
METHOD_EXTENSION = "x-ampeco-method"

DEPRECATED_NAMESPACE = "deprecated"
RESERVED_NAMES = frozenset({"with_raw_response", DEPRECATED_NAMESPACE})

_CRUD_VERBS = {
    "listing": "list",
    "read": "read",
    "create": "create",
    "update": "update",
    "delete": "delete",
    "create or update": "create_or_update",
}
_PATH = re.compile(r"^/public-api/(?:(resources|actions)/)?([a-z0-9][a-z0-9-]*)/v(\d+)\.(\d+)(/.*)?$")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


class ResourceNamingError(RuntimeError):
    """An operation has no name, or two operations would share one: fix the overlay (pin a name)."""


@dataclass(frozen=True)
class OperationName:
    """Where one operation sits: ``client.<resource>.<namespace...>.<method>``."""

    operation_id: str
    http_method: str
    path: str
    resource: str
    namespace: tuple[str, ...]
    method: str
    version: tuple[int, int]
    deprecated: bool
    summary: str

    @property
    def attribute_path(self) -> str:
        """``charge_points.evses.read``: how a user reaches it from the client."""
        return ".".join((self.resource, *self.namespace, self.method))

    @property
    def version_label(self) -> str:
        return f"{self.version[0]}.{self.version[1]}"


@dataclass(frozen=True)
class _Derived:
    ref: OperationRef
    operation_id: str
    resource: str
    namespace: tuple[str, ...]
    method: str
    version: tuple[int, int]


def name_operations(document: Mapping[str, Any]) -> list[OperationName]:
    """Every operation of ``document`` (the normalized spec, overlay applied) with its place.

    Raises :class:`ResourceNamingError` listing every unnamed or colliding operation at once.
    """
    operations = list(iter_operations(document))
    problems: list[str] = []
    resource_segments = {
        match.group(2)
        for ref in operations
        if (match := _PATH.match(ref.path)) is not None and match.group(1) != "actions"
    }
    derived: list[_Derived] = []
    for ref in operations:
        try:
            derived.append(_derive(ref, resource_segments))
        except ResourceNamingError as exc:
            problems.append(str(exc))
    named = _place(derived, problems)
    _check(named, problems)
    if problems:
        raise ResourceNamingError(
            "resource names: " + str(len(problems)) + " problem(s)\n" + "\n".join(sorted(problems))
        )
    return sorted(named, key=lambda name: (name.resource, name.namespace, name.method))


def _where(ref: OperationRef) -> str:
    return f"{ref.method.upper()} {ref.path} ({ref.operation_id or 'no operationId'})"


def _derive(ref: OperationRef, resource_segments: set[str]) -> _Derived:
    operation = ref.operation
    if ref.operation_id is None:
        raise ResourceNamingError(f"{_where(ref)}: no operationId")
    match = _PATH.match(ref.path)
    pinned_resource = operation.get(RESOURCE_EXTENSION)
    pinned_method = operation.get(METHOD_EXTENSION)
    pinned_namespace = operation.get(NAMESPACE_EXTENSION)
    if match is None and not (pinned_resource and pinned_method and pinned_namespace is not None):
        raise ResourceNamingError(
            f"{_where(ref)}: path is not /public-api/[resources|actions/]<resource>/vX.Y/...; pin "
            f"{RESOURCE_EXTENSION}, {NAMESPACE_EXTENSION} and {METHOD_EXTENSION} in the overlay"
        )
    kind, segment, major, minor, rest = match.groups() if match else ("", "", "0", "0", "")
    version = (int(major), int(minor))

    if pinned_resource:
        resource = str(pinned_resource)
    elif kind == "actions":
        owner = next((s for s in (segment, segment + "s") if s in resource_segments), None)
        if owner is None:
            raise ResourceNamingError(
                f"{_where(ref)}: no resource path for action segment {segment!r}; pin {RESOURCE_EXTENSION}"
            )
        resource = _snake(owner)
    else:
        resource = _snake(segment)

    summary = str(operation.get("summary") or "").strip()
    verb = summary.rsplit("/", 1)[-1].strip()
    if pinned_method:
        method = str(pinned_method)
    elif verb:
        method = _CRUD_VERBS.get(verb.lower()) or _snake(verb)
    else:
        raise ResourceNamingError(f"{_where(ref)}: no summary to name the method by; pin {METHOD_EXTENSION}")

    if pinned_namespace is not None:
        namespace = tuple(part for part in str(pinned_namespace).split(".") if part)
    elif kind == "actions":
        namespace = ()
    else:
        segments = [part for part in (rest or "").split("/") if part]
        literals = [_snake(part) for part in segments if not part.startswith("{")]
        is_crud = verb.lower() in _CRUD_VERBS and not pinned_method
        if literals and not is_crud:
            literals = literals[:-1]
        namespace = tuple(literals)
    return _Derived(ref, ref.operation_id, resource, namespace, method, version)


def _snake(value: str) -> str:
    """``charge-points`` -> ``charge_points``, ``Get Installed Certificate IDs`` ->
    ``get_installed_certificate_ids``: words are split on anything but letters and digits, never inside
    a word (``EVSEs``, ``SoC`` stay one word each)."""
    return "_".join(word.lower() for word in re.findall(r"[A-Za-z0-9]+", value))


def _place(derived: Iterable[_Derived], problems: list[str]) -> list[OperationName]:
    """Deprecated operations under ``deprecated``; the newest version keeps a shared name."""
    slots: dict[tuple[str, tuple[str, ...], str], list[_Derived]] = defaultdict(list)
    for item in derived:
        namespace = item.namespace
        if item.ref.deprecated:
            namespace = (DEPRECATED_NAMESPACE, *namespace)
        slots[(item.resource, namespace, item.method)].append(replace(item, namespace=namespace))
    named: list[OperationName] = []
    for (resource, namespace, method), items in slots.items():
        items.sort(key=lambda item: item.version, reverse=True)
        for index, item in enumerate(items):
            if index and item.version == items[0].version:
                problems.append(
                    f"{_where(item.ref)} and {_where(items[0].ref)} both name "
                    f"{'.'.join((resource, *namespace, method))} in version {item.version}; pin "
                    f"{METHOD_EXTENSION} on one of them"
                )
                continue
            suffix = "" if index == 0 else f"_v{item.version[0]}_{item.version[1]}"
            named.append(
                OperationName(
                    operation_id=item.operation_id,
                    http_method=item.ref.method,
                    path=item.ref.path,
                    resource=resource,
                    namespace=namespace,
                    method=method + suffix,
                    version=item.version,
                    deprecated=item.ref.deprecated,
                    summary=str(item.ref.operation.get("summary") or ""),
                )
            )
    return named


def _check(named: list[OperationName], problems: list[str]) -> None:
    from ampeco._client import AsyncClient, Client

    seen: dict[str, str] = {}
    namespaces: set[tuple[str, ...]] = set()
    for name in named:
        namespaces.update(
            (name.resource, *name.namespace[:depth]) for depth in range(len(name.namespace) + 1)
        )
    for name in named:
        where = f"{name.operation_id} ({name.http_method.upper()} {name.path})"
        if name.attribute_path in seen:
            problems.append(f"{where} and {seen[name.attribute_path]} are both client.{name.attribute_path}")
        seen[name.attribute_path] = name.operation_id
        parts = (name.resource, *name.namespace, name.method)
        for index, part in enumerate(parts):
            if not _IDENTIFIER.match(part) or keyword.iskeyword(part):
                problems.append(
                    f"{where}: {part!r} in client.{name.attribute_path} is not a plain identifier"
                )
            elif part in RESERVED_NAMES and not (part == DEPRECATED_NAMESPACE and index == 1):
                problems.append(f"{where}: {part!r} in client.{name.attribute_path} is reserved")
        if (name.resource, *name.namespace, name.method) in namespaces:
            problems.append(f"{where}: client.{name.attribute_path} is both a method and a namespace")
        if hasattr(Client, name.resource) or hasattr(AsyncClient, name.resource):
            problems.append(f"{where}: resource {name.resource!r} would hide ampeco.Client.{name.resource}")


def public_parameter_name(python_name: str) -> str:
    """The keyword a resource method exposes for a generator parameter name: ``filter_`` -> ``filter``.

    The generator appends ``_`` to names of Python builtins and keywords; a builtin is fine as a
    parameter name (and is the API's own word), a keyword is not.
    """
    if python_name.endswith("_") and not python_name.endswith("__"):
        bare = python_name[:-1]
        if bare.isidentifier() and not keyword.iskeyword(bare):
            return bare
    return python_name
