"""The result of comparing two releases (kept apart so renderers need not import the differ)."""

from __future__ import annotations

from dataclasses import dataclass, field

from codegen.diff.changes import Change


@dataclass
class ApiDiff:
    old_label: str
    new_label: str
    old_operations: int
    new_operations: int
    changes: list[Change] = field(default_factory=list)

    @property
    def breaking(self) -> list[Change]:
        return [change for change in self.changes if change.breaking]
