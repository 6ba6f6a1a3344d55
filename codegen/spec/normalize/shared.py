"""Shared names: what a shape used by two or more operations is (tier 2 of the naming policy)."""

from __future__ import annotations

from codegen.spec.normalize.proposals import ENVELOPE, ENVELOPE_WORDS, SHARED, Proposal
from codegen.spec.normalize.words import QUALIFIER, resource_of, singular, split_name


def shared_proposals(places: list[Proposal]) -> list[Proposal]:
    """What a shape used by two or more operations is, from the place proposals of its uses.

    Each use's place is read as words with the operation's verb dropped (``tariffUpdate`` +
    ``Request`` + ``Pricing`` is "Tariff Request Pricing") and the response envelope dropped
    (``tariffRead`` + ``Data`` is "Tariff"). The name is the words every use starts with followed by
    the words every use ends with: "Tariff" + "Pricing" for the pricing of tariffs, tariff snapshots
    and tariff requests. With no common start the common end must be two words or more
    (``ExternalAppData``; "Status" alone says nothing); with no common end every use must be the same
    thing (``Tariff``). Webhook payloads do not vote when operations do: they name the object after the
    notification that carries it.
    """
    names = {proposal.name for proposal in places}
    if len(names) == 1:
        only = places[0]
        return [Proposal(SHARED, only.stem, only.place, only.operation, only.webhook)]
    voters = [proposal for proposal in places if not proposal.webhook] or places
    readings = [_reading(proposal) for proposal in voters]
    sequences = [words for words, _ in readings]
    shortest = min(len(words) for words in sequences)
    start = _common_prefix(sequences)
    end = _common_suffix(sequences)[: max(0, shortest - len(start))] if start else _common_suffix(sequences)
    if not start:
        while end and (end[0] in ENVELOPE_WORDS or QUALIFIER.match(end[0])):
            del end[0]  # "ResponseAmpecoInvoiceManager" is an AmpecoInvoiceManager
        if len([word for word in end if word != "Item"]) < 2:  # "IncludeItem" is one word of meaning
            return []
    elif not end and any(words[len(start) :] not in ([], ["Request"]) for words in sequences):
        return []  # uses that are the record itself or its request body are the record; others differ
    qualifiers = {qualifier for _, qualifier in readings}
    qualifier = next(iter(qualifiers)) if len(qualifiers) == 1 else ()
    return [Proposal(SHARED, "".join((*start, *qualifier, *end)))]


def _reading(proposal: Proposal) -> tuple[list[str], tuple[str, ...]]:
    """(words, qualifier) of a place: an operation's resource and the place below it, envelope dropped."""
    resource = resource_of(proposal.operation) if proposal.operation is not None else None
    if resource is None:
        return split_name(proposal.stem + "".join(proposal.place)), ()
    place = [segment for segment in proposal.place if not segment.isdigit()]  # "201": one of two statuses
    for word in ENVELOPE:
        if place and place[0] == word:
            del place[0]
    return [*resource[0], *(word for segment in place for word in split_name(segment))], resource[1]


def _common_prefix(sequences: list[list[str]]) -> list[str]:
    """The words every sequence starts with; a plural matches its singular (``Evses``/``Evse``)."""
    common: list[str] = []
    for items in zip(*sequences, strict=False):
        if len({singular(item) for item in items}) != 1:
            break
        common.append(min(items, key=len))
    return common


def _common_suffix(sequences: list[list[str]]) -> list[str]:
    if not sequences:
        return []
    common: list[str] = []
    for items in zip(*(reversed(sequence) for sequence in sequences), strict=False):
        if len(set(items)) != 1:
            break
        common.insert(0, items[0])
    return common
