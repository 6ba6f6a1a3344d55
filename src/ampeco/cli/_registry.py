"""The command tree: one command per operation, named after its place in the resource layer.

``client.charge_points.evses.read`` is ``ampeco charge-points evses read``: the names come from the
generated operation index (``ampeco_public_api.operations``) and are only spelled with dashes here,
never derived again, so the command line and the library always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ampeco_public_api.operations import Operation

__all__ = ["Node", "cli_name", "tree"]


def cli_name(python_name: str) -> str:
    """``start_charging_session`` -> ``start-charging-session`` (``type_`` -> ``type``)."""
    return python_name.rstrip("_").replace("_", "-")


@dataclass
class Node:
    """A resource or namespace: its sub-namespaces and its operations, by command name."""

    name: str
    path: tuple[str, ...] = ()
    groups: dict[str, Node] = field(default_factory=dict)
    operations: dict[str, Operation] = field(default_factory=dict)

    def child(self, name: str) -> Node:
        node = self.groups.get(name)
        if node is None:
            node = self.groups[name] = Node(name, (*self.path, name))
        return node

    def command_names(self) -> list[str]:
        return sorted({*self.groups, *self.operations})

    def summary(self) -> str:
        """One line for the parent's command list: how many operations live below, and their names."""
        count = self.count()
        noun = "operation" if count == 1 else "operations"
        deprecated = "deprecated " if self.path[-1:] == ("deprecated",) else ""
        return f"{count} {deprecated}{noun}: {', '.join(self.command_names())}"

    def count(self) -> int:
        return len(self.operations) + sum(group.count() for group in self.groups.values())


@lru_cache(maxsize=1)
def tree() -> Node:
    """The whole command tree (built once per process from the operation index)."""
    from ampeco_public_api.operations import OPERATIONS

    root = Node("ampeco")
    for operation in OPERATIONS:
        node = root.child(cli_name(operation.resource))
        for part in operation.namespace:
            node = node.child(cli_name(part))
        node.operations[cli_name(operation.method)] = operation
    return root
