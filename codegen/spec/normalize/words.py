"""Words of names: PascalCase from spec text, names split into words, the resource an operation acts on."""

from __future__ import annotations

import re
from functools import cache

# How AMPECO's operationIds put a verb around the resource they act on.
_LEADING_VERBS = frozenset({"Get", "List", "Create", "Update", "Delete", "Patch", "Post", "Put"})
_TRAILING_VERBS = frozenset({"Read", "Listing", "Lising", "List", "Create", "Update", "Delete", "Replace"})
_VERB_JOINERS = frozenset({"Or", "Create", "Createa"})  # CreateOrUpdate, CreateaOrUpdate
_LISTINGS = frozenset({"Listing", "Lising", "List"})
QUALIFIER = re.compile(r"^(Deprecated|V\d+)$")
_TEXT_WORD = re.compile(r"[A-Za-z0-9]+")
# "EVSEStatus" -> EVSE, Status; "Error422Errors" -> Error422, Errors; "V21" stays one word.
_NAME_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|$)|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+")


def pascal(text: str) -> str:
    """``chargePoint.changed`` -> ``ChargePointChanged``; keeps inner capitals as they are."""
    words = _TEXT_WORD.findall(text)
    name = "".join(word[0].upper() + word[1:] for word in words)
    if not name:
        return "Schema"
    if name[0].isdigit():
        name = "N" + name
    return name


def split_name(name: str) -> list[str]:
    """``ChargePointEvsesItem`` -> ``["Charge", "Point", "Evses", "Item"]``."""
    return _NAME_WORD.findall(name)


@cache
def singular(word: str) -> str:
    """English singular of the last word of a resource name, as AMPECO's listings pluralize it."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("xes", "ches", "shes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def resource_of(operation: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(resource words, qualifier words): ``TariffsListingDeprecated`` -> ``(Tariff,), (Deprecated,)``;
    None for an operation that is not a plain read/list/create/update/delete of one resource."""
    words = split_name(operation)
    qualifier: list[str] = []
    while words and QUALIFIER.match(words[-1]):
        qualifier.insert(0, words.pop())
    if len(words) >= 2 and words[-1] in _TRAILING_VERBS:
        resource = words[:-1]
        while len(resource) > 1 and resource[-1] in _VERB_JOINERS:  # CreateOrUpdate, CreateaOrUpdate
            resource = resource[:-1]
    elif len(words) >= 2 and words[0] in _LEADING_VERBS:
        resource = words[1:]
    else:
        return None
    if resource and resource[-1] == "List":  # getInstallerJobsList
        resource = resource[:-1]
    if not resource:
        return None
    if words[-1] in _LISTINGS or words[0] == "List" or words[-1] == "List":  # a listing names its records
        resource[-1] = singular(resource[-1])
    return tuple(resource), tuple(qualifier)
