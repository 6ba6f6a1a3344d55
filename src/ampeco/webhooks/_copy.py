"""Copying decoded JSON without recursion."""

from __future__ import annotations

from typing import Any


def copy_json(value: Any) -> Any:
    """A deep copy of decoded JSON (dicts, lists, scalars) without recursion: a validly signed body
    nested hundreds of levels deep is still just data (``copy.deepcopy`` would exhaust the stack)."""
    root: list[Any] = [value]
    stack: list[tuple[Any, Any, Any]] = [(root, 0, value)]
    while stack:
        parent, key, item = stack.pop()
        if isinstance(item, dict):
            mapping = dict(item)
            parent[key] = mapping
            stack.extend((mapping, k, v) for k, v in mapping.items())
        elif isinstance(item, list):
            items = list(item)
            parent[key] = items
            stack.extend((items, i, v) for i, v in enumerate(items))
        else:
            parent[key] = item
    return root[0]
