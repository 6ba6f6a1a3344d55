"""What one API change is, and the names the changelog and ``--format json`` use for it.

A change is *breaking* when code written against the old client can stop working, at type-check
time or at run time, after the user upgrades the pin to the new release.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Area(StrEnum):
    """Which part of an operation a change is in; it decides which direction "narrower" breaks."""

    OPERATION = "operation"
    PARAMETER = "parameter"
    REQUEST = "request"
    RESPONSE = "response"
    WEBHOOK = "webhook"  # a callback's payload: the client receives it, like a response

    @property
    def received(self) -> bool:
        return self in (Area.RESPONSE, Area.WEBHOOK)


class Kind(StrEnum):
    OPERATION_ADDED = "operation-added"
    OPERATION_REMOVED = "operation-removed"
    OPERATION_DEPRECATED = "operation-deprecated"
    OPERATION_UNDEPRECATED = "operation-undeprecated"
    OPERATION_RENAMED = "operation-renamed"
    PARAMETER_ADDED = "parameter-added"
    PARAMETER_REMOVED = "parameter-removed"
    PARAMETER_REQUIRED_CHANGED = "parameter-required-changed"
    REQUEST_BODY_ADDED = "request-body-added"
    REQUEST_BODY_REMOVED = "request-body-removed"
    REQUEST_BODY_REQUIRED_CHANGED = "request-body-required-changed"
    WEBHOOK_ADDED = "webhook-added"
    WEBHOOK_REMOVED = "webhook-removed"
    RESPONSE_ADDED = "response-added"
    RESPONSE_REMOVED = "response-removed"
    FIELD_ADDED = "field-added"
    FIELD_REMOVED = "field-removed"
    FIELD_REQUIRED_CHANGED = "field-required-changed"
    ENUM_VALUE_ADDED = "enum-value-added"
    ENUM_VALUE_REMOVED = "enum-value-removed"
    TYPE_CHANGED = "type-changed"


# Order of sections in the changelog; also the sort order of changes.
KIND_ORDER = {kind: index for index, kind in enumerate(Kind)}

TITLES: dict[Kind, str] = {
    Kind.OPERATION_ADDED: "Operation added",
    Kind.OPERATION_REMOVED: "Operation removed",
    Kind.OPERATION_DEPRECATED: "Operation deprecated",
    Kind.OPERATION_UNDEPRECATED: "Operation no longer deprecated",
    Kind.OPERATION_RENAMED: "operationId changed",
    Kind.PARAMETER_ADDED: "Parameter added",
    Kind.PARAMETER_REMOVED: "Parameter removed",
    Kind.PARAMETER_REQUIRED_CHANGED: "Parameter required changed",
    Kind.REQUEST_BODY_ADDED: "Request body added",
    Kind.REQUEST_BODY_REMOVED: "Request body removed",
    Kind.REQUEST_BODY_REQUIRED_CHANGED: "Request body required changed",
    Kind.WEBHOOK_ADDED: "Webhook added",
    Kind.WEBHOOK_REMOVED: "Webhook removed",
    Kind.RESPONSE_ADDED: "Response status added",
    Kind.RESPONSE_REMOVED: "Response status removed",
    Kind.FIELD_ADDED: "Field added",
    Kind.FIELD_REMOVED: "Field removed",
    Kind.FIELD_REQUIRED_CHANGED: "Field required changed",
    Kind.ENUM_VALUE_ADDED: "Enum value added",
    Kind.ENUM_VALUE_REMOVED: "Enum value removed",
    Kind.TYPE_CHANGED: "Type changed",
}


@dataclass(frozen=True)
class Change:
    """One difference between two releases, seen from a client user."""

    kind: Kind
    area: Area
    breaking: bool
    method: str  # upper case, as shown to users
    path: str  # the new release's path (the old one for removed operations)
    operation_id: str
    location: str = ""  # e.g. "query parameter `status`", "response 200 field `data[].status`"
    detail: str = ""
    old: Any = None
    new: Any = None

    def sort_key(self) -> tuple[int, int, str, str, str, str]:
        return (
            0 if self.breaking else 1,
            KIND_ORDER[self.kind],
            self.path,
            self.method,
            self.location,
            self.detail,
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        data["area"] = self.area.value
        return data

    def sentence(self) -> str:
        """One Markdown line's text: what changed, where."""
        text = f"{TITLES[self.kind]}: `{self.method} {self.path}` (`{self.operation_id}`)"
        if self.location:
            text += f", {self.location}"
        if self.detail:
            text += f": {self.detail}"
        return text
