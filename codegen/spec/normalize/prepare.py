"""Stage 0: say each schema the one way the later stages compare, before any shape is fingerprinted.

* ``null`` in an ``enum`` list becomes ``nullable: true`` on the schema (OpenAPI 3.0's way of saying
  it). Otherwise the same enum with and without ``null`` would be two shapes, and the generator would
  emit the nullable one as a numbered copy (``...Type1``) of the other.
* A query parameter typed ``type: string`` with ``format: boolean`` or ``format: integer`` (AMPECO's
  filter fields: ``filter[credit]``, ``filter[userId]``) is a boolean or an integer: that is what the
  server reads, and what a caller should pass. The query encoding sends ``true``/``false`` and digits,
  which is what the string form asked for.
"""

from __future__ import annotations

from typing import Any

from ampeco._openapi import iter_operations
from codegen.spec.normalize.schema import JSON, child_schemas, walk_dicts

_TYPED_STRINGS = {"boolean": "boolean", "integer": "integer"}


def prepare(document: JSON) -> None:
    """Rewrite ``document`` in place (see the module docstring)."""
    walk_dicts(document, _fold_null_into_nullable)
    for parameter in _query_parameters(document):
        schema = parameter.get("schema")
        if isinstance(schema, dict):
            _type_formatted_strings(schema)


def _fold_null_into_nullable(node: JSON) -> None:
    values = node.get("enum")
    if not isinstance(values, list) or None not in values:
        return
    kept = [value for value in values if value is not None]
    if kept:
        node["enum"] = kept
        node["nullable"] = True


def _query_parameters(document: JSON) -> list[dict[str, Any]]:
    found = [
        parameter
        for parameter in ((document.get("components") or {}).get("parameters") or {}).values()
        if isinstance(parameter, dict) and parameter.get("in") == "query"
    ]
    for operation in iter_operations(document):
        for source in (operation.path_item, operation.operation):
            for parameter in source.get("parameters") or []:
                if isinstance(parameter, dict) and parameter.get("in") == "query":
                    found.append(parameter)
    return found


def _type_formatted_strings(schema: JSON) -> None:
    """``{type: string, format: boolean}`` -> ``{type: boolean}``, here and in every sub-schema."""
    if schema.get("type") == "string" and schema.get("format") in _TYPED_STRINGS:
        schema["type"] = _TYPED_STRINGS[schema.pop("format")]
    for _, child in child_schemas(schema):
        _type_formatted_strings(child)
