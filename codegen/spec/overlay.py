"""An OpenAPI Overlay 1.0 engine: our fixes to AMPECO's spec, applied the same way every time.

Targets are RFC 9535 JSONPath expressions (``python-jsonpath``). Semantics, as in the
Overlay 1.0 specification:

* ``update`` on an object merges recursively (objects merge, everything else is replaced);
  on an array it appends (a list update is appended item by item).
* ``remove: true`` deletes each selected node from its parent.
* An action whose target selects nothing is an error by default: a fix that silently stops
  applying after an upstream change is exactly what the overlay must not hide.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class OverlayError(ValueError):
    """The overlay document is malformed or one of its actions cannot be applied."""


@dataclass(frozen=True)
class ActionResult:
    """What one action did: how many nodes it touched (0 means it no longer matches)."""

    index: int
    target: str
    description: str
    matched: int


@dataclass
class OverlayReport:
    results: list[ActionResult] = field(default_factory=list)

    @property
    def unmatched(self) -> list[ActionResult]:
        return [result for result in self.results if result.matched == 0]


def load_overlay(path: Path) -> dict[str, Any]:
    """Read an overlay document (YAML or JSON) and check its outline."""
    import yaml

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise OverlayError(f"cannot read overlay {path}: {exc}") from exc
    validate_overlay(document, source=str(path))
    return document  # type: ignore[no-any-return]


def validate_overlay(document: object, *, source: str = "overlay") -> None:
    if not isinstance(document, Mapping):
        raise OverlayError(f"{source}: an overlay must be a mapping")
    version = document.get("overlay")
    if not isinstance(version, str) or not version.startswith("1.0"):
        raise OverlayError(f"{source}: 'overlay' must be a 1.0.x version string, got {version!r}")
    info = document.get("info")
    if not isinstance(info, Mapping) or "title" not in info or "version" not in info:
        raise OverlayError(f"{source}: 'info' needs 'title' and 'version'")
    actions = document.get("actions")
    if not isinstance(actions, list):
        raise OverlayError(f"{source}: 'actions' must be a list")
    for index, action in enumerate(actions):
        where = f"{source}: action {index}"
        if not isinstance(action, Mapping):
            raise OverlayError(f"{where} must be a mapping")
        target = action.get("target")
        if not isinstance(target, str) or not target.startswith("$"):
            raise OverlayError(f"{where}: 'target' must be a JSONPath starting with '$', got {target!r}")
        has_update = "update" in action
        removes = action.get("remove", False)
        if not isinstance(removes, bool):
            raise OverlayError(f"{where}: 'remove' must be a boolean")
        if has_update == removes:
            raise OverlayError(f"{where}: give exactly one of 'update' or 'remove: true'")


def _merge(target: Any, update: Any) -> Any:
    if isinstance(target, dict) and isinstance(update, Mapping):
        for key, value in update.items():
            target[key] = _merge(target[key], value) if key in target else copy.deepcopy(value)
        return target
    return copy.deepcopy(update)


def _resolve_pointer(document: Any, parts: list[str | int]) -> Any:
    node = document
    for part in parts:
        node = node[part]
    return node


def apply_overlay(
    document: dict[str, Any], overlay: Mapping[str, Any], *, strict: bool = True
) -> tuple[dict[str, Any], OverlayReport]:
    """Apply ``overlay`` to a deep copy of ``document``.

    With ``strict`` (the default) an action that matches nothing raises :class:`OverlayError`
    naming it; without, it is only reported (``scripts/add-version`` uses that to list the
    fixes that no longer apply to a new release).
    """
    import jsonpath

    validate_overlay(overlay)
    result = copy.deepcopy(document)
    report = OverlayReport()
    for index, action in enumerate(overlay["actions"]):
        target = action["target"]
        description = str(action.get("description", ""))
        try:
            matches = list(jsonpath.finditer(target, result))
        except jsonpath.JSONPathError as exc:
            raise OverlayError(
                f"action {index} ({description or target}): bad JSONPath {target!r}: {exc}"
            ) from exc
        report.results.append(ActionResult(index, target, description, len(matches)))
        if not matches:
            if strict:
                raise OverlayError(
                    f"action {index} ({description or 'no description'}) matches nothing: {target}"
                )
            continue
        if action.get("remove", False):
            # Delete deepest-last so earlier removals do not shift later array indexes.
            paths = sorted((list(match.parts) for match in matches), key=_removal_order, reverse=True)
            for parts in paths:
                if not parts:
                    raise OverlayError(f"action {index}: cannot remove the document root")
                parent = _resolve_pointer(result, parts[:-1])
                del parent[parts[-1]]
            continue
        update = action["update"]
        for match in matches:
            node = match.obj
            if isinstance(node, list):
                node.extend(copy.deepcopy(update) if isinstance(update, list) else [copy.deepcopy(update)])
            elif isinstance(node, dict):
                if not isinstance(update, Mapping):
                    raise OverlayError(f"action {index}: an object target needs an object update")
                _merge(node, update)
            else:
                parts = list(match.parts)
                if not parts:
                    raise OverlayError(f"action {index}: cannot replace the document root")
                _resolve_pointer(result, parts[:-1])[parts[-1]] = copy.deepcopy(update)
    return result, report


def _removal_order(parts: list[str | int]) -> tuple[Any, ...]:
    return tuple((0, p) if isinstance(p, int) else (1, p) for p in parts)
