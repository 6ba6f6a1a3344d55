"""Stage 2: find the distinct shapes among the document's inline schemas.

Every object schema (``type: object`` or ``properties``) and every enum is a *use* of a shape. Two
uses share a shape when they are equal after dropping documentation (description, examples, title,
``x-*``) and the per-use flags (``nullable``, ``default``, ``readOnly``, ``writeOnly``), with their
own hoisted children compared by shape. The per-use flags stay at the use site, around the ``$ref``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from ampeco._openapi import unescape_pointer_token
from codegen.spec.normalize.proposals import PIN_KEY, PINNED, Proposal, declared
from codegen.spec.normalize.schema import (
    COMPOSITIONS,
    JSON,
    SITE_KEYS,
    NormalizeError,
    is_documentation,
    is_hoistable,
)
from codegen.spec.normalize.segments import child_segments
from codegen.spec.normalize.words import pascal


@dataclass
class Use:
    """One place a hoistable schema stands in the document."""

    pointer: str
    node: JSON
    container: Any
    key: str | int
    parent: Use | None
    segments: tuple[str, ...]  # appended to the parent's name
    users: tuple[str, ...]  # the operations (or webhook) this use stands in
    root_proposals: tuple[Proposal, ...] = ()
    child_base: Proposal | None = None  # what names below this use start from, when not its own name
    pin: str | None = None  # the overlay's x-ampeco-name for this shape


@dataclass
class Shape:
    fingerprint: str
    canonical: Any
    uses: list[Use] = field(default_factory=list)
    users: set[str] = field(default_factory=set)  # operations and webhooks with a use of the shape


class Collector:
    """Records every use of every shape; :meth:`visit` is called on each root schema of the document."""

    def __init__(self) -> None:
        self.shapes: dict[str, Shape] = {}
        self.use_shape: dict[int, Shape] = {}

    def visit(
        self,
        node: JSON,
        container: Any,
        key: str | int,
        pointer: str,
        *,
        users: tuple[str, ...],
        proposals: tuple[Proposal, ...] = (),
        child_base: Proposal | None = None,
        parent: Use | None = None,
        segments: tuple[str, ...] = (),
    ) -> Any:
        """Record ``node`` and its sub-schemas; return its canonical form for the parent's shape."""
        use: Use | None = None
        if is_hoistable(node):
            title = node.get("title")
            if isinstance(title, str) and title.strip():
                proposals = (*proposals, declared(pascal(title)))
            pin = node.get(PIN_KEY)
            if isinstance(pin, str) and pin:
                proposals = (*proposals, declared(pin, PINNED))
            use = Use(pointer, node, container, key, parent, segments, users, proposals, child_base)
            use.pin = pin if isinstance(pin, str) and pin else None
        elif PIN_KEY in node:
            raise NormalizeError(
                f"{pointer}: {PIN_KEY} {node[PIN_KEY]!r} is on a schema that is not hoisted (only objects "
                "and enums become named models): move the pin to the object or enum it means"
            )
        owner = use if use is not None else parent
        canonical: JSON = {}
        for k, value in node.items():
            if is_documentation(k) or (use is not None and k in SITE_KEYS):
                continue
            canonical[k] = value
        for child_pointer, child, segment in child_segments(node):
            # Below a node that is not hoisted, names continue from that node's own proposals
            # (a response that is an array names its items "<Op>ResponseItem").
            inherited = () if owner is not None else tuple(p.below((segment,)) for p in proposals)
            child_canonical = self.visit(
                child,
                _container_of(node, child_pointer),
                _last_token(child_pointer),
                f"{pointer}/{child_pointer}",
                users=users,
                proposals=inherited,
                parent=owner,
                segments=(segment,) if use is not None else (*segments, segment),
            )
            _assign(canonical, child_pointer, child_canonical)
        if "enum" in canonical:
            canonical["enum"] = sorted(canonical["enum"], key=lambda value: json.dumps(value))
        if "required" in canonical and isinstance(canonical["required"], list):
            canonical["required"] = sorted(canonical["required"])
        if use is None:
            return canonical
        text = json.dumps(canonical, sort_keys=True, separators=(",", ":"))
        fingerprint = hashlib.sha256(text.encode()).hexdigest()[:16]
        shape = self.shapes.setdefault(fingerprint, Shape(fingerprint, canonical))
        shape.uses.append(use)
        shape.users.update(users)
        self.use_shape[id(use)] = shape
        reference: JSON = {"$shape": fingerprint}
        for site_key in SITE_KEYS:
            if site_key in node:
                reference[site_key] = node[site_key]
        return reference


def _container_of(node: JSON, child_pointer: str) -> Any:
    kind = child_pointer.split("/")[0]
    if kind == "properties" or kind in COMPOSITIONS:
        return node[kind]
    return node


def _last_token(child_pointer: str) -> str | int:
    parts = child_pointer.split("/")
    if parts[0] == "properties":
        return unescape_pointer_token(parts[1])
    if parts[0] in COMPOSITIONS:
        return int(parts[1])
    return parts[0]


def _assign(canonical: JSON, child_pointer: str, value: Any) -> None:
    parts = child_pointer.split("/")
    if parts[0] == "properties":
        canonical["properties"] = dict(canonical["properties"])
        canonical["properties"][unescape_pointer_token(parts[1])] = value
    elif parts[0] in COMPOSITIONS:
        members = list(canonical[parts[0]])
        members[int(parts[1])] = value
        canonical[parts[0]] = members
    else:
        canonical[parts[0]] = value
