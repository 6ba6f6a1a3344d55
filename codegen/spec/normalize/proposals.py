"""Name proposals: a stem (an operation's, a declared or pinned name) followed by place segments.

The tiers and how a proposal becomes a name (synonyms instead of repeated words, the length cap) are
part of the naming policy; see :mod:`codegen.spec.normalize.naming`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from codegen.spec.normalize.words import resource_of, split_name

PINNED, DECLARED, SHARED, PLACE = 0, 1, 2, 3
MAX_NAME_LENGTH = 72
PIN_KEY = "x-ampeco-name"

# A segment that would repeat the word before it says what it is instead.
_SYNONYMS = {"Request": "Body", "Notification": "Kind"}
# The response envelope around a record: "<Operation>Data", "<Operation>DataItem".
ENVELOPE = ("Data", "Item")
ENVELOPE_WORDS = frozenset({"Data", "Item", "Request", "Response", "Body"})


@dataclass(frozen=True)
class Proposal:
    """One candidate name: ``stem`` followed by the ``place`` segments below it."""

    tier: int
    stem: str
    place: tuple[str, ...] = ()
    operation: str | None = None  # set when the stem is an operation's name
    webhook: bool = False  # the use is in a webhook payload

    @cached_property
    def name(self) -> str:
        return _shortened(self.stem, self.place, self.operation)

    def rank(self) -> tuple[int, int, str]:
        return (self.tier, len(self.name), self.name)

    def below(self, segments: Iterable[str]) -> Proposal:
        """The place proposal for a schema ``segments`` below this name."""
        place = list(self.place)
        for segment in segments:
            last = split_name(self.stem + "".join(place))[-1:]
            place.append(_SYNONYMS.get(segment, segment) if last == [segment] else segment)
        return Proposal(PLACE, self.stem, tuple(place), self.operation, self.webhook)


def declared(name: str, tier: int = DECLARED) -> Proposal:
    return Proposal(tier, name)


def operation_place(operation: str, *place: str) -> Proposal:
    return Proposal(PLACE, operation, (), operation).below(place)


def _shortened(stem: str, place: tuple[str, ...], operation: str | None) -> str:
    """``stem + place``, made to fit :data:`MAX_NAME_LENGTH` by dropping, in turn: the response
    envelope (``Data``/``Item``), the operation's verb, place segments that repeat a word of the stem,
    ``Request``/``Response`` segments, middle place segments, and (last resort) middle stem words."""
    name = stem + "".join(place)
    if len(name) <= MAX_NAME_LENGTH:
        return name
    kept = [segment for segment in place[:-1] if segment not in ENVELOPE] + list(place[-1:])
    resource = resource_of(operation) if operation is not None else None
    words = [*resource[0], *resource[1]] if resource is not None else split_name(stem)

    def too_long() -> bool:
        return len("".join(words) + "".join(kept)) > MAX_NAME_LENGTH

    for droppable in (set(words), ENVELOPE_WORDS):
        if too_long():
            kept = [segment for segment in kept[:-1] if segment not in droppable] + kept[-1:]
    while too_long() and len(kept) > 2:
        del kept[len(kept) // 2]
    while too_long() and len(words) > 3:
        del words[len(words) // 2]
    return "".join(words) + "".join(kept)
