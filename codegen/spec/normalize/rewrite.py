"""Stage 4: write the named shapes into ``components.schemas`` and replace every use by a ``$ref``."""

from __future__ import annotations

from typing import Any

from ampeco._openapi import escape_pointer_token
from codegen.spec.normalize.proposals import PIN_KEY
from codegen.spec.normalize.schema import JSON, SCHEMA_REF_PREFIX, SITE_KEYS
from codegen.spec.normalize.shapes import Collector, Use


def hoist(collector: Collector, names: dict[str, str], components: JSON) -> None:
    """Put one component per shape into ``components.schemas`` and point every use at it."""
    by_id = {id(use.node): use for shape in collector.shapes.values() for use in shape.uses}
    hoisted: dict[str, JSON] = {}
    for fingerprint, shape in sorted(collector.shapes.items()):
        use = min(shape.uses, key=lambda use: use.pointer)
        body = _component_body(use.node)
        # A description is kept only when every use agrees: one use's wording would mislead the rest.
        descriptions = {u.node.get("description") for u in shape.uses}
        if len(descriptions) != 1:
            body.pop("description", None)
        hoisted[names[fingerprint]] = _rewrite(body, by_id, collector, names, top=True)

    # Replace every use by a reference, deepest first so parents are rewritten with their children.
    all_uses = [use for shape in collector.shapes.values() for use in shape.uses]
    for use in sorted(all_uses, key=lambda use: use.pointer.count("/"), reverse=True):
        shape = collector.use_shape[id(use)]
        if use.pointer == SCHEMA_REF_PREFIX + escape_pointer_token(names[shape.fingerprint]):
            continue  # the component itself
        use.container[use.key] = site_reference(use.node, names[shape.fingerprint])
    components["schemas"] = {name: hoisted[name] for name in sorted(hoisted)}


def site_reference(node: JSON, name: str) -> JSON:
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


def _component_body(node: JSON) -> JSON:
    """A component body: no per-use flags, and no ``title`` or name pin (the generator would take a
    title as the class name; the component key is the name, and titles were proposals for it)."""
    return {
        key: value for key, value in node.items() if key not in SITE_KEYS and key not in ("title", PIN_KEY)
    }


def _rewrite(node: Any, by_id: dict[int, Use], collector: Collector, names: dict[str, str], top: bool) -> Any:
    if isinstance(node, dict):
        if not top and id(node) in by_id:
            use = by_id[id(node)]
            return site_reference(node, names[collector.use_shape[id(use)].fingerprint])
        return {key: _rewrite(value, by_id, collector, names, False) for key, value in node.items()}
    if isinstance(node, list):
        return [_rewrite(value, by_id, collector, names, False) for value in node]
    return node
