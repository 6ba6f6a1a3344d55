"""Hoist structurally identical inline schemas into named ``components.schemas`` entries.

AMPECO publishes a fully dereferenced document: every endpoint carries its own copy of the error
body, the pagination envelope, the EVSE object and so on. Generated naively that is ~6,000 model
classes. This step finds the distinct shapes and gives each one a single named component.

Shapes
    Every object schema (``type: object`` or ``properties``) and every enum is hoisted. Two nodes
    share a shape when they are equal after dropping documentation (description, examples, title,
    ``x-*``) and the per-use flags (``nullable``, ``default``, ``readOnly``, ``writeOnly``,
    ``deprecated``), with their own hoisted children compared by shape. The per-use flags stay at
    the use site, around the ``$ref``.

Names (stable: no name depends on the order of paths in the document)
    Each use of a shape proposes names; the shape takes the best proposal, ranked by tier, then
    length, then alphabetically:

    * tier 0: a name that already exists in ``components.schemas`` (upstream's, or one our overlay
      pins: that is how a maintainer names a shape);
    * tier 1: the name of the ``components.responses`` entry it is the body of, the schema's
      ``title``, or the callback (webhook) key it is the body of;
    * tier 2: its place: ``<OperationId>Response``, ``<OperationId>Request``,
      ``<OperationId><Parameter>``, and below those ``<Parent><Property>``, ``<Parent>Item``.

    When two shapes want the same name, the one with the strongest claim (lowest tier) keeps it;
    on a tie it is taken from all of them and they fall back to their next proposal. A shape left
    with nothing gets a numbered suffix in hash order. Deprecated webhook bodies rank below
    current ones and fall back to ``Legacy<Name>``.

``allOf`` lists whose members are all plain objects are merged into one object first, so a shape
written with or without ``allOf`` is the same shape.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Documentation only: never part of a shape.
_DOC_KEYS = frozenset({"description", "example", "examples", "title", "externalDocs", "xml", "deprecated"})
# Properties of one use of a shape, not of the shape: they stay at the use site.
SITE_KEYS = ("nullable", "default", "readOnly", "writeOnly")
_COMPOSITIONS = ("allOf", "anyOf", "oneOf")
SCHEMA_REF_PREFIX = "#/components/schemas/"


class NormalizeError(ValueError):
    """The document cannot be normalized (names the JSON pointer of the offending node)."""


# --------------------------------------------------------------------------------------------
# Names


_WORD = re.compile(r"[A-Za-z0-9]+")


def pascal(text: str) -> str:
    """``chargePoint.changed`` -> ``ChargePointChanged``; keeps inner capitals as they are."""
    words = _WORD.findall(text)
    name = "".join(word[0].upper() + word[1:] for word in words)
    if not name:
        return "Schema"
    if name[0].isdigit():
        name = "N" + name
    return name


@dataclass(frozen=True)
class Proposal:
    tier: int
    name: str

    def rank(self) -> tuple[int, int, str]:
        return (self.tier, len(self.name), self.name)


# --------------------------------------------------------------------------------------------
# Walking schema positions of an OpenAPI 3.0 document


def is_object_schema(node: JSON) -> bool:
    if any(key in node for key in _COMPOSITIONS) or "enum" in node:
        return False
    return node.get("type") == "object" or "properties" in node


def is_enum_schema(node: JSON) -> bool:
    return "enum" in node and not any(key in node for key in _COMPOSITIONS)


def is_hoistable(node: object) -> bool:
    return isinstance(node, dict) and "$ref" not in node and (is_object_schema(node) or is_enum_schema(node))


def _child_schemas(node: JSON) -> Iterator[tuple[str, JSON, str]]:
    """(JSON-pointer suffix, child schema, naming suffix) for each direct sub-schema."""
    for prop, child in (node.get("properties") or {}).items():
        if isinstance(child, dict):
            yield f"properties/{_escape(prop)}", child, pascal(prop)
    items = node.get("items")
    if isinstance(items, dict):
        yield "items", items, "Item"
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        yield "additionalProperties", extra, "Value"
    for key in _COMPOSITIONS:
        for index, member in enumerate(node.get(key) or []):
            if isinstance(member, dict):
                yield f"{key}/{index}", member, f"Variant{index + 1}"
    negated = node.get("not")
    if isinstance(negated, dict):
        yield "not", negated, "Not"


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


# --------------------------------------------------------------------------------------------
# allOf flattening


def _mergeable(member: object) -> bool:
    if not isinstance(member, dict) or "$ref" in member:
        return False
    if any(key in member for key in ("anyOf", "oneOf", "allOf", "enum", "items", "not")):
        return False
    return bool(member.get("type", "object") == "object")


def _annotation_only(member: object, siblings: list[Any]) -> bool:
    """A member that adds only documentation or per-use flags (``nullable``...), or repeats a type
    another member already states: ``allOf: [<enum>, {type: string, nullable: true}]`` is a nullable enum."""
    if not isinstance(member, dict) or "$ref" in member:
        return False
    for key in member:
        if key in _DOC_KEYS or key in SITE_KEYS or key.startswith("x-"):
            continue
        if key == "type" and any(
            isinstance(other, dict) and other is not member and other.get("type") == member["type"]
            for other in siblings
        ):
            continue
        return False
    return True


def _pure_union(member: object) -> str | None:
    """``"oneOf"``/``"anyOf"`` when ``member`` is nothing but a union of plain objects."""
    if not isinstance(member, dict):
        return None
    for key in ("oneOf", "anyOf"):
        variants = member.get(key)
        if (
            isinstance(variants, list)
            and all(_mergeable(v) for v in variants)
            and all(k == key or k in _DOC_KEYS or k == "type" for k in member)
        ):
            return key
    return None


def _merge_objects(members: list[JSON], outer: JSON) -> JSON:
    """One object schema with the properties and required names of every member and ``outer``."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    result: JSON = {"type": "object"}
    for member in [*members, outer]:
        for name, schema in (member.get("properties") or {}).items():
            properties[name] = schema
        for name in member.get("required") or []:
            if name not in required:
                required.append(name)
    for member in members:
        for key, value in member.items():
            if key not in ("properties", "required", "type", "allOf"):
                result.setdefault(key, value)
    for key, value in outer.items():
        if key not in ("properties", "required", "type", "allOf"):
            result[key] = value
    if properties:
        result["properties"] = properties
    if required:
        result["required"] = required
    return result


def flatten_all_of(node: object) -> object:
    """Rewrite ``allOf`` lists the generator cannot take into plain schemas, bottom-up.

    * members that only annotate (a description, a repeated ``type``) are folded in;
    * a single remaining inline member is inlined;
    * plain object members are merged into one object;
    * objects combined with one ``oneOf``/``anyOf`` of objects become that union, each variant
      merged with the common part (allOf distributes over oneOf).
    """
    if isinstance(node, list):
        return [flatten_all_of(item) for item in node]
    if not isinstance(node, dict):
        return node
    for key, value in list(node.items()):
        node[key] = flatten_all_of(value)
    members = node.get("allOf")
    if not isinstance(members, list) or not members:
        return node
    outer = {key: value for key, value in node.items() if key != "allOf"}
    annotations = [m for m in members if _annotation_only(m, members)]
    kept = [m for m in members if not any(m is a for a in annotations)]
    if not kept:
        return node
    for annotation in annotations:
        for key, value in annotation.items():
            outer.setdefault(key, value)
    if len(kept) == 1 and isinstance(kept[0], dict) and "$ref" not in kept[0]:
        merged = dict(kept[0])
        merged.update(outer)
        return flatten_all_of(merged) if "allOf" in merged else merged
    if len(kept) == 1:
        return {"allOf": kept, **outer}
    if outer.get("type", "object") == "object" and all(_mergeable(m) for m in kept):
        return _merge_objects(kept, outer)
    unions = [m for m in kept if _pure_union(m)]
    plain = [m for m in kept if not _pure_union(m)]
    if len(unions) == 1 and all(_mergeable(m) for m in plain):
        kind = _pure_union(unions[0])
        assert kind is not None
        base_outer = {k: v for k, v in outer.items() if k in ("properties", "required")}
        variants = [_merge_objects([*plain, variant], base_outer) for variant in unions[0][kind]]
        union: JSON = {kind: variants}
        for key, value in outer.items():
            if key not in ("properties", "required", "type"):
                union[key] = value
        return union
    return {"allOf": kept, **outer}


# --------------------------------------------------------------------------------------------
# Shapes


@dataclass
class Use:
    """One place a hoistable schema stands in the document."""

    pointer: str
    node: JSON
    container: Any
    key: str | int
    parent: Use | None
    naming_suffix: str  # appended to the parent's name
    root_proposals: tuple[Proposal, ...] = ()
    child_prefix_override: str | None = None  # names below a response root drop "Response"


@dataclass
class Shape:
    fingerprint: str
    canonical: Any
    uses: list[Use] = field(default_factory=list)


class _Collector:
    def __init__(self) -> None:
        self.shapes: dict[str, Shape] = {}
        self.use_shape: dict[int, Shape] = {}

    def visit(
        self,
        node: JSON,
        container: Any,
        key: str | int,
        pointer: str,
        parent: Use | None,
        suffix: str,
        proposals: tuple[Proposal, ...] = (),
        child_prefix: str | None = None,
    ) -> Any:
        """Record ``node`` and its sub-schemas; return its canonical form for the parent's shape."""
        use: Use | None = None
        if is_hoistable(node):
            title = node.get("title")
            if isinstance(title, str) and title.strip():
                proposals = (*proposals, Proposal(1, pascal(title)))
            use = Use(pointer, node, container, key, parent, suffix, proposals, child_prefix)
        owner = use if use is not None else parent
        canonical: JSON = {}
        for k, value in node.items():
            if k in _DOC_KEYS or k.startswith("x-"):
                continue
            if use is not None and k in SITE_KEYS:
                continue
            canonical[k] = value
        for child_pointer, child, child_suffix in _child_schemas(node):
            # Below a node that is not hoisted, names continue from that node's own proposals
            # (a response that is an array names its items "<Op>ResponseItem").
            inherited = (
                () if owner is not None else tuple(Proposal(2, p.name + child_suffix) for p in proposals)
            )
            child_canonical = self.visit(
                child,
                _container_of(node, child_pointer),
                _last_token(child_pointer),
                f"{pointer}/{child_pointer}",
                owner,
                (child_suffix if use is not None else suffix + child_suffix),
                inherited,
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
        self.use_shape[id(use)] = shape
        reference: JSON = {"$shape": fingerprint}
        for site_key in SITE_KEYS:
            if site_key in node:
                reference[site_key] = node[site_key]
        return reference


def _container_of(node: JSON, child_pointer: str) -> Any:
    parts = child_pointer.split("/")
    if parts[0] in ("properties",):
        return node["properties"]
    if parts[0] in _COMPOSITIONS:
        return node[parts[0]]
    return node


def _last_token(child_pointer: str) -> str | int:
    parts = child_pointer.split("/")
    if parts[0] == "properties":
        return parts[1].replace("~1", "/").replace("~0", "~")
    if parts[0] in _COMPOSITIONS:
        return int(parts[1])
    return parts[0]


def _assign(canonical: JSON, child_pointer: str, value: Any) -> None:
    parts = child_pointer.split("/")
    if parts[0] == "properties":
        canonical["properties"] = dict(canonical["properties"])
        canonical["properties"][parts[1]] = value
    elif parts[0] in _COMPOSITIONS:
        members = list(canonical[parts[0]])
        members[int(parts[1])] = value
        canonical[parts[0]] = members
    else:
        canonical[parts[0]] = value


# --------------------------------------------------------------------------------------------
# Roots: where schemas stand in an OpenAPI document


def _operations(document: JSON) -> Iterator[tuple[str, str, JSON]]:
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield path, method, operation


def _operation_name(path: str, method: str, operation: JSON) -> str:
    operation_id = operation.get("operationId")
    if isinstance(operation_id, str) and operation_id:
        return pascal(operation_id)
    return pascal(f"{method} {path}")


def _json_schemas(content: object) -> Iterator[tuple[str, JSON]]:
    if not isinstance(content, dict):
        return
    for media_type, media in sorted(content.items()):
        if isinstance(media, dict) and isinstance(media.get("schema"), dict):
            yield media_type, media


def _collect_operation(collector: _Collector, pointer: str, name: str, operation: JSON) -> None:
    for index, parameter in enumerate(operation.get("parameters") or []):
        if isinstance(parameter, dict) and isinstance(parameter.get("schema"), dict):
            param_name = pascal(str(parameter.get("name", index)))
            collector.visit(
                parameter["schema"],
                parameter,
                "schema",
                f"{pointer}/parameters/{index}/schema",
                None,
                "",
                (Proposal(2, name + param_name),),
            )
    body = operation.get("requestBody")
    if isinstance(body, dict):
        for media_type, media in _json_schemas(body.get("content")):
            collector.visit(
                media["schema"],
                media,
                "schema",
                f"{pointer}/requestBody/content/{_escape(media_type)}/schema",
                None,
                "",
                (Proposal(2, name + "Request"),),
                name + "Request",
            )
    responses = operation.get("responses") or {}
    success = [status for status in responses if str(status).startswith("2")]
    for status, response in responses.items():
        if not isinstance(response, dict):
            continue
        status = str(status)
        if status.startswith("2"):
            own = name + "Response" + ("" if len(success) == 1 else status)
            prefix = name + ("" if len(success) == 1 else status)
        else:
            own = f"{name}Error{status}"
            prefix = own
        for media_type, media in _json_schemas(response.get("content")):
            collector.visit(
                media["schema"],
                media,
                "schema",
                f"{pointer}/responses/{status}/content/{_escape(media_type)}/schema",
                None,
                "",
                (Proposal(2, own),),
                prefix,
            )
        for header, spec in (response.get("headers") or {}).items():
            if isinstance(spec, dict) and isinstance(spec.get("schema"), dict):
                collector.visit(
                    spec["schema"],
                    spec,
                    "schema",
                    f"{pointer}/responses/{status}/headers/{_escape(header)}/schema",
                    None,
                    "",
                    (Proposal(2, own + pascal(header)),),
                )
    for callback_key, callback in (operation.get("callbacks") or {}).items():
        if not isinstance(callback, dict):
            continue
        for expression, item in callback.items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                callback_op = item.get(method)
                if not isinstance(callback_op, dict):
                    continue
                cb_pointer = f"{pointer}/callbacks/{_escape(callback_key)}/{_escape(expression)}/{method}"
                body = callback_op.get("requestBody")
                if isinstance(body, dict):
                    for media_type, media in _json_schemas(body.get("content")):
                        collector.visit(
                            media["schema"],
                            media,
                            "schema",
                            f"{cb_pointer}/requestBody/content/{_escape(media_type)}/schema",
                            None,
                            "",
                            _notification_proposals(callback_key, bool(callback_op.get("deprecated"))),
                        )


def _notification_proposals(callback_key: str, deprecated: bool) -> tuple[Proposal, ...]:
    """``chargePoint.changed`` -> ``ChargePointChangedNotification``.

    A deprecated callback ranks below a current one for the same name and falls back to a
    ``Legacy`` prefix, so the current notification keeps the plain name.
    """
    name = pascal(callback_key)
    if not name.endswith("Notification"):
        name += "Notification"
    if deprecated:
        return (Proposal(2, name), Proposal(2, "Legacy" + name))
    return (Proposal(1, name),)


def _collect(document: JSON) -> _Collector:
    collector = _Collector()
    components = document.get("components") or {}
    for name, schema in (components.get("schemas") or {}).items():
        if isinstance(schema, dict):
            collector.visit(
                schema,
                components["schemas"],
                name,
                f"#/components/schemas/{_escape(name)}",
                None,
                "",
                (Proposal(0, name),),
            )
    for name, response in (components.get("responses") or {}).items():
        if not isinstance(response, dict):
            continue
        for media_type, media in _json_schemas(response.get("content")):
            collector.visit(
                media["schema"],
                media,
                "schema",
                f"#/components/responses/{_escape(name)}/content/{_escape(media_type)}/schema",
                None,
                "",
                (Proposal(1, pascal(name)),),
            )
    for name, parameter in (components.get("parameters") or {}).items():
        if isinstance(parameter, dict) and isinstance(parameter.get("schema"), dict):
            collector.visit(
                parameter["schema"],
                parameter,
                "schema",
                f"#/components/parameters/{_escape(name)}/schema",
                None,
                "",
                (Proposal(2, pascal(name)),),
            )
    for path, method, operation in _operations(document):
        pointer = f"#/paths/{_escape(path)}/{method}"
        _collect_operation(collector, pointer, _operation_name(path, method, operation), operation)
    return collector


# --------------------------------------------------------------------------------------------
# Choosing names


class _Namer:
    def __init__(self, collector: _Collector) -> None:
        self.collector = collector
        self.banned: dict[str, set[str]] = defaultdict(set)  # fingerprint -> banned names
        self._cache: dict[str, str] = {}

    def name_of(self, shape: Shape) -> str:
        cached = self._cache.get(shape.fingerprint)
        if cached is not None:
            return cached
        proposals = self.proposals(shape)
        banned = self.banned[shape.fingerprint]
        allowed = [p for p in proposals if p.name not in banned]
        if allowed:
            name = min(allowed, key=Proposal.rank).name
        else:
            name = min(proposals, key=Proposal.rank).name + "#"  # resolved with a suffix later
        self._cache[shape.fingerprint] = name
        return name

    def proposals(self, shape: Shape) -> list[Proposal]:
        found: set[Proposal] = set()
        for use in shape.uses:
            found.update(use.root_proposals)
            if use.parent is not None:
                parent_shape = self.collector.use_shape[id(use.parent)]
                prefix = use.parent.child_prefix_override or self.name_of(parent_shape).rstrip("#")
                found.add(Proposal(2, prefix + use.naming_suffix))
        return sorted(found, key=Proposal.rank)

    def _parent_contested(self, shape: Shape, contested: set[str]) -> bool:
        return any(
            use.parent is not None and self.collector.use_shape[id(use.parent)].fingerprint in contested
            for use in shape.uses
        )

    def assign(self) -> dict[str, str]:
        shapes = sorted(self.collector.shapes.values(), key=lambda shape: shape.fingerprint)
        while True:
            self._cache = {}
            claims: dict[str, list[Shape]] = defaultdict(list)
            for shape in shapes:
                claims[self.name_of(shape)].append(shape)
            collisions = {
                name: owners for name, owners in claims.items() if len(owners) > 1 and not name.endswith("#")
            }
            if not collisions:
                break
            # Settle names top-down: a child's proposals come from its parent's name, so a
            # collision below an unsettled parent is left until the parent has its own name.
            contested = {owner.fingerprint for owners in collisions.values() for owner in owners}
            collisions = {
                name: owners
                for name, owners in collisions.items()
                if not any(self._parent_contested(owner, contested) for owner in owners)
            }
            for name, owners in collisions.items():
                # The one claimant with the strongest claim (lowest tier: a component the document
                # names so, then a title or current notification) keeps the name; on a tie, nobody.
                tiers = {
                    o.fingerprint: min(p.tier for p in self.proposals(o) if p.name == name) for o in owners
                }
                best = min(tiers.values())
                strongest = [o for o in owners if tiers[o.fingerprint] == best]
                losers = [o for o in owners if o not in strongest] if len(strongest) == 1 else owners
                for owner in losers:
                    self.banned[owner.fingerprint].add(name)
        names: dict[str, str] = {}
        taken = {name for name in claims if not name.endswith("#")}
        for name, owners in sorted(claims.items()):
            if not name.endswith("#"):
                names[owners[0].fingerprint] = name
                continue
            base = name[:-1]
            counter = 2
            for owner in owners:  # already in fingerprint order
                while f"{base}{counter}" in taken:
                    counter += 1
                names[owner.fingerprint] = f"{base}{counter}"
                taken.add(f"{base}{counter}")
        return names


# --------------------------------------------------------------------------------------------
# Rewriting


@dataclass
class NormalizeReport:
    shapes: int
    uses: int
    objects: int
    enums: int


def _site_reference(node: JSON, name: str) -> JSON:
    """What replaces one use of a shape: a ``$ref``, wrapped when the use has its own flags."""
    reference = {"$ref": SCHEMA_REF_PREFIX + name}
    site = {key: node[key] for key in SITE_KEYS if key in node}
    if "description" in node:
        site["description"] = node["description"]
    if not site:
        return reference
    if site.pop("nullable", False):
        return {"anyOf": [reference], "nullable": True, **site}
    return {"allOf": [reference], **site}


def normalize(document: JSON) -> tuple[JSON, NormalizeReport]:
    """Return a normalized deep copy of ``document`` and a summary of what was hoisted."""
    result = copy.deepcopy(document)
    paths = result.get("paths") or {}
    components = result.setdefault("components", {})
    # allOf flattening works on every schema position; it leaves non-schema nodes untouched.
    for key in ("schemas", "responses", "parameters"):
        if key in components:
            components[key] = flatten_all_of(components[key])
    result["paths"] = flatten_all_of(paths)

    collector = _collect(result)
    names = _Namer(collector).assign()

    # The representative of a shape is the use that proposed its chosen name (ties: first pointer).
    by_id = {id(use.node): use for shape in collector.shapes.values() for use in shape.uses}
    hoisted: dict[str, JSON] = {}
    for fingerprint, shape in sorted(collector.shapes.items()):
        use = min(shape.uses, key=lambda use: use.pointer)
        body = _strip_site_keys(use.node)
        # A description is kept only when every use agrees: one use's wording would mislead the rest.
        descriptions = {u.node.get("description") for u in shape.uses}
        if len(descriptions) != 1:
            body.pop("description", None)
        hoisted[names[fingerprint]] = _rewrite(body, by_id, collector, names, top=True)

    # Replace every use by a reference, deepest first so parents are rewritten with their children.
    all_uses = [use for shape in collector.shapes.values() for use in shape.uses]
    for use in sorted(all_uses, key=lambda use: use.pointer.count("/"), reverse=True):
        shape = collector.use_shape[id(use)]
        if use.pointer == SCHEMA_REF_PREFIX + _escape(names[shape.fingerprint]):
            continue  # the component itself
        use.container[use.key] = _site_reference(use.node, names[shape.fingerprint])

    schemas: JSON = {}
    for name in sorted(hoisted):
        schemas[name] = hoisted[name]
    components["schemas"] = schemas
    report = NormalizeReport(
        shapes=len(collector.shapes),
        uses=len(all_uses),
        objects=sum(1 for s in hoisted.values() if is_object_schema(s)),
        enums=sum(1 for s in hoisted.values() if is_enum_schema(s)),
    )
    return result, report


def _strip_site_keys(node: JSON) -> JSON:
    """A component body: no per-use flags, and no ``title`` (the generator would take a title
    as the class name; the component key is the name, and titles were proposals for it)."""
    return {key: value for key, value in node.items() if key not in SITE_KEYS and key != "title"}


def _rewrite(
    node: Any, by_id: dict[int, Use], collector: _Collector, names: dict[str, str], top: bool
) -> Any:
    if isinstance(node, dict):
        if not top and id(node) in by_id:
            use = by_id[id(node)]
            return _site_reference(node, names[collector.use_shape[id(use)].fingerprint])
        return {key: _rewrite(value, by_id, collector, names, False) for key, value in node.items()}
    if isinstance(node, list):
        return [_rewrite(value, by_id, collector, names, False) for value in node]
    return node
