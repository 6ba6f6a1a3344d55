"""Stage 1: rewrite ``allOf`` lists into the plain schemas they mean, so a shape written with or without
``allOf`` is the same shape and the generator never has to compose models.

An instance valid against ``allOf: [A, B]`` is valid against both, so members are merged
*recursively*: properties are combined (a property two members define is itself merged, down through
nested objects and array items), ``required`` names are united. Where two members disagree on a
constraint the merge has to choose, and every such choice is reported as a :class:`MergeConflict`
(the regeneration report prints them):

* ``nullable`` / ``readOnly`` / ``writeOnly``: either member saying so wins (a client must accept a
  ``null`` one member allows);
* ``enum``: the values of both (a client must not reject a value one member lists);
* any other constraint (``type``, ``format``, ``pattern``, bounds...): the later member's value.
  Two different ``type`` values cannot both hold, so that conflict is a :class:`NormalizeError`.

Documentation (``description``, ``title``, ``x-*``) is not a constraint: the first member that gives
it wins, and the schema holding the ``allOf`` overrides its members.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ampeco._openapi import escape_pointer_token
from codegen.spec.normalize.schema import DOC_KEYS, JSON, SITE_KEYS, NormalizeError, is_documentation

_EITHER_WINS = ("nullable", "readOnly", "writeOnly")
_STRUCTURE = ("properties", "required", "type", "allOf")


@dataclass(frozen=True)
class MergeConflict:
    """Two ``allOf`` members disagree on ``keyword`` at ``pointer``; ``kept`` is what the merge chose."""

    pointer: str
    keyword: str
    values: tuple[Any, ...]
    kept: Any

    def __str__(self) -> str:
        shown = " vs ".join(repr(value) for value in self.values)
        return f"{self.pointer}: allOf members disagree on {self.keyword!r} ({shown}); kept {self.kept!r}"


class AllOfFlattener:
    """Flattens every ``allOf`` below a node, collecting the conflicts it had to resolve."""

    def __init__(self) -> None:
        self.conflicts: list[MergeConflict] = []

    # ---- merging two schemas that must both hold --------------------------------------------

    def merge(self, first: JSON, second: JSON, pointer: str) -> JSON:
        """One schema an instance satisfies exactly when it satisfies ``first`` and ``second``."""
        if first == second:
            return first
        if _is_plain_object(first) and _is_plain_object(second):
            return self.merge_objects([first, second], {}, pointer)
        result: JSON = dict(first)
        for key, value in second.items():
            if key not in result:
                result[key] = value
            elif result[key] == value or is_documentation(key):
                continue
            elif key == "items" and isinstance(result[key], dict) and isinstance(value, dict):
                result[key] = self.merge(result[key], value, f"{pointer}/items")
            elif key == "additionalProperties" and isinstance(result[key], dict) and isinstance(value, dict):
                result[key] = self.merge(result[key], value, f"{pointer}/additionalProperties")
            elif key == "required":
                result[key] = _united(result[key], value)
            else:
                result[key] = self._resolve(key, result[key], value, pointer)
        return result

    def merge_objects(self, members: list[JSON], outer: JSON, pointer: str) -> JSON:
        """One object schema with the properties and required names of every member and ``outer``."""
        properties: dict[str, Any] = {}
        required: list[str] = []
        result: JSON = {"type": "object"}
        for member in [*members, outer]:
            for name, schema in (member.get("properties") or {}).items():
                if name in properties and isinstance(properties[name], dict) and isinstance(schema, dict):
                    properties[name] = self.merge(
                        properties[name], schema, f"{pointer}/properties/{escape_pointer_token(name)}"
                    )
                else:
                    properties[name] = schema
            required = _united(required, member.get("required") or [])
        for member in members:
            for key, value in member.items():
                if key in _STRUCTURE:
                    continue
                if key not in result or is_documentation(key) or result[key] == value:
                    result.setdefault(key, value)
                elif (
                    key == "additionalProperties"
                    and isinstance(value, dict)
                    and isinstance(result[key], dict)
                ):
                    result[key] = self.merge(result[key], value, f"{pointer}/additionalProperties")
                else:
                    result[key] = self._resolve(key, result[key], value, pointer)
        for key, value in outer.items():
            if key not in _STRUCTURE:
                result[key] = value
        if properties:
            result["properties"] = properties
        if required:
            result["required"] = required
        return result

    def _resolve(self, key: str, first: Any, second: Any, pointer: str) -> Any:
        if key in _EITHER_WINS:
            kept: Any = bool(first) or bool(second)
        elif key == "enum" and isinstance(first, list) and isinstance(second, list):
            kept = [*first, *(value for value in second if value not in first)]
        elif key == "type":
            raise NormalizeError(
                f"{pointer}: allOf members give incompatible types {first!r} and {second!r}; "
                "no value can satisfy both (fix the spec in the overlay)"
            )
        else:
            kept = second
        self.conflicts.append(MergeConflict(pointer, key, (first, second), kept))
        return kept

    # ---- rewriting allOf lists bottom-up ---------------------------------------------------------

    def flatten(self, node: object, pointer: str = "#") -> object:
        """Rewrite ``allOf`` lists the generator cannot take into plain schemas, bottom-up.

        * members that only annotate (a description, a repeated ``type``) are folded in;
        * a single remaining inline member is inlined;
        * plain object members are merged into one object;
        * objects combined with one ``oneOf``/``anyOf`` of objects become that union, each variant
          merged with the common part (allOf distributes over oneOf).
        """
        if isinstance(node, list):
            return [
                self.flatten(item, f"{pointer}/{index}") if isinstance(item, (dict, list)) else item
                for index, item in enumerate(node)
            ]
        if not isinstance(node, dict):
            return node
        for key, value in list(node.items()):
            if isinstance(value, (dict, list)):
                node[key] = self.flatten(value, f"{pointer}/{escape_pointer_token(str(key))}")
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
            only = kept[0]
            if _mergeable(only) and _mergeable(outer) and ("properties" in only or "properties" in outer):
                merged = self.merge_objects([only], outer, pointer)
            else:
                merged = self.merge(
                    only, {k: v for k, v in outer.items() if not is_documentation(k)}, pointer
                )
                merged = {**merged, **{k: v for k, v in outer.items() if is_documentation(k)}}
            return self.flatten(merged, pointer) if "allOf" in merged else merged
        if len(kept) == 1:
            return {"allOf": kept, **outer}
        if outer.get("type", "object") == "object" and all(_mergeable(m) for m in kept):
            return self.merge_objects(kept, outer, pointer)
        unions = [m for m in kept if _pure_union(m)]
        plain = [m for m in kept if not _pure_union(m)]
        if len(unions) == 1 and all(_mergeable(m) for m in plain):
            kind = _pure_union(unions[0])
            assert kind is not None
            base_outer = {k: v for k, v in outer.items() if k in ("properties", "required")}
            variants = [
                self.merge_objects([*plain, variant], base_outer, f"{pointer}/{kind}/{index}")
                for index, variant in enumerate(unions[0][kind])
            ]
            union: JSON = {kind: variants}
            for key, value in outer.items():
                if key not in ("properties", "required", "type"):
                    union[key] = value
            return union
        return {"allOf": kept, **outer}


def flatten_all_of(node: object) -> object:
    """``node`` with its ``allOf`` lists flattened (conflicts resolved as the module docstring says)."""
    return AllOfFlattener().flatten(node)


def _united(first: list[Any], second: list[Any]) -> list[Any]:
    return [*first, *(name for name in second if name not in first)]


def _is_plain_object(schema: JSON) -> bool:
    return _mergeable(schema) and (schema.get("type") == "object" or "properties" in schema)


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
        if key in DOC_KEYS or key in SITE_KEYS or key.startswith("x-"):
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
            and all(k == key or k in DOC_KEYS or k == "type" for k in member)
        ):
            return key
    return None
