"""Hoist structurally identical inline schemas into named ``components.schemas`` entries.

AMPECO publishes a fully dereferenced document: every endpoint carries its own copy of the error
body, the pagination envelope, the EVSE object and so on. Generated naively that is ~6,000 model
classes. This package finds the distinct shapes and gives each one a single named component, in
stages (one module each):

0. :mod:`.prepare`: ``null`` in enums becomes ``nullable``; ``format: boolean``/``integer`` query
   strings become booleans and integers;
1. :mod:`.all_of`: ``allOf`` lists are merged recursively into plain schemas (conflicts reported);
2. :mod:`.shapes` with :mod:`.roots`: every object and enum schema is a use of a shape, found from
   where it stands in the document;
3. :mod:`.naming`: each shape gets its name (the naming policy, documented there);
4. :mod:`.rewrite`: one component per shape; every use becomes a ``$ref``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from codegen.spec.normalize.all_of import AllOfFlattener, MergeConflict, flatten_all_of
from codegen.spec.normalize.naming import Namer, NamingFinding
from codegen.spec.normalize.prepare import prepare
from codegen.spec.normalize.rewrite import hoist
from codegen.spec.normalize.roots import collect
from codegen.spec.normalize.schema import JSON, NormalizeError, is_enum_schema, is_object_schema
from codegen.spec.normalize.words import pascal

__all__ = [
    "MergeConflict",
    "NamingFinding",
    "NormalizeError",
    "NormalizeReport",
    "flatten_all_of",
    "normalize",
    "pascal",
]


@dataclass
class NormalizeReport:
    shapes: int
    uses: int
    objects: int
    enums: int
    merge_conflicts: list[MergeConflict] = field(default_factory=list)
    named_after_one_use: list[NamingFinding] = field(default_factory=list)


def normalize(document: JSON) -> tuple[JSON, NormalizeReport]:
    """Return a normalized deep copy of ``document`` and a summary of what was hoisted."""
    result = copy.deepcopy(document)
    prepare(result)
    components = result.setdefault("components", {})
    # allOf flattening works on every schema position; it leaves non-schema nodes untouched.
    flattener = AllOfFlattener()
    for key in ("schemas", "responses", "parameters"):
        if key in components:
            components[key] = flattener.flatten(components[key], f"#/components/{key}")
    result["paths"] = flattener.flatten(result.get("paths") or {}, "#/paths")

    collector = collect(result)
    namer = Namer(collector)
    names = namer.assign()
    hoist(collector, names, components)
    schemas = components["schemas"].values()
    report = NormalizeReport(
        shapes=len(collector.shapes),
        uses=sum(len(shape.uses) for shape in collector.shapes.values()),
        objects=sum(1 for schema in schemas if is_object_schema(schema)),
        enums=sum(1 for schema in schemas if is_enum_schema(schema)),
        merge_conflicts=flattener.conflicts,
        named_after_one_use=namer.findings(names, document),
    )
    return result, report
