"""What a regeneration produced, counted from the files themselves, and what the normalizer found."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ampeco._openapi import iter_operations
from codegen.spec.normalize import NamingFinding, NormalizeReport

_CLASS = re.compile(r"^class \w+", re.MULTILINE)


def operation_ids(document: dict[str, Any]) -> list[str]:
    return [operation.operation_id or "" for operation in iter_operations(document)]


@dataclass
class Report:
    version: str
    spec_operations: int
    generated_operations: int
    missing_operations: list[str]
    model_classes: int
    model_files: int
    hoisted_shapes: int
    overlay_actions: int
    warnings: list[str]
    merge_conflicts: list[str] = field(default_factory=list)
    named_after_one_use: list[NamingFinding] = field(default_factory=list)
    accepted_names: Collection[str] = ()

    def lines(self) -> list[str]:
        status = "OK" if not self.warnings and not self.missing_operations else "FAILED"
        unpinned = [f for f in self.named_after_one_use if f.name not in self.accepted_names]
        out = [
            f"platform release      {self.version}",
            f"operations            {self.generated_operations} generated"
            f" / {self.spec_operations} in the spec",
            f"model classes         {self.model_classes} (in {self.model_files} files)",
            f"hoisted shapes        {self.hoisted_shapes}",
            f"overlay actions       {self.overlay_actions} applied",
            f"allOf conflicts       {len(self.merge_conflicts)} (resolved as normalize/all_of.py says)",
            f"shared, not pinned    {len(self.named_after_one_use)} shapes of several operations named after"
            f" one use ({len(unpinned)} new)",
            f"generator warnings    {len(self.warnings)}",
        ]
        out += [f"  allOf: {conflict}" for conflict in self.merge_conflicts]
        for finding in unpinned:
            out.append(f"  new: {finding}; pin it in the overlay:")
            out += [f"    {line}" for line in finding.pin_action.splitlines()]
        out += [f"  missing operation: {name}" for name in self.missing_operations]
        out += [f"  warning: {line}" for line in self.warnings]
        out.append(f"result                {status}")
        return out


def build_report(
    version: str,
    document: dict[str, Any],
    package_dir: Path,
    normalized: NormalizeReport,
    actions: int,
    warnings: list[str],
    accepted_names: Collection[str] = (),
) -> Report:
    endpoint_modules = {
        path.stem
        for path in (package_dir / "api").rglob("*.py")
        if path.name != "__init__.py" and "def sync_detailed" in path.read_text(encoding="utf-8")
    }
    ids = operation_ids(document)
    missing = sorted(op for op in ids if _snake(op) not in endpoint_modules)
    models = package_dir / "models"
    model_files = [p for p in models.glob("*.py") if p.name != "__init__.py"]
    classes = sum(len(_CLASS.findall(p.read_text(encoding="utf-8"))) for p in model_files)
    return Report(
        version,
        len(ids),
        len(endpoint_modules),
        missing,
        classes,
        len(model_files),
        normalized.shapes,
        actions,
        warnings,
        [str(conflict) for conflict in normalized.merge_conflicts],
        normalized.named_after_one_use,
        accepted_names,
    )


def _snake(name: str) -> str:
    """The module name the generator gives an operation (its own rule, so the two agree)."""
    from openapi_python_client.strings import snake_case

    return str(snake_case(name))
