"""What a regeneration produced, counted from the files themselves."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen.spec.normalize import HTTP_METHODS

_CLASS = re.compile(r"^class \w+", re.MULTILINE)


def operation_ids(document: dict[str, Any]) -> list[str]:
    found = []
    for item in document.get("paths", {}).values():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                found.append(str(operation.get("operationId", "")))
    return found


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

    def lines(self) -> list[str]:
        status = "OK" if not self.warnings and not self.missing_operations else "FAILED"
        out = [
            f"platform release      {self.version}",
            f"operations            {self.generated_operations} generated"
            f" / {self.spec_operations} in the spec",
            f"model classes         {self.model_classes} (in {self.model_files} files)",
            f"hoisted shapes        {self.hoisted_shapes}",
            f"overlay actions       {self.overlay_actions} applied",
            f"generator warnings    {len(self.warnings)}",
        ]
        out += [f"  missing operation: {name}" for name in self.missing_operations]
        out += [f"  warning: {line}" for line in self.warnings]
        out.append(f"result                {status}")
        return out


def build_report(
    version: str, document: dict[str, Any], package_dir: Path, shapes: int, actions: int, warnings: list[str]
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
        shapes,
        actions,
        warnings,
    )


def _snake(name: str) -> str:
    """The module name the generator gives an operation (its own rule, so the two agree)."""
    from openapi_python_client.strings import snake_case

    return str(snake_case(name))
