"""The naming policy: what every hoisted shape (and so every generated model and enum) is called.

Every use of a shape proposes names; the shape takes its best proposal, ranked by tier, then
length, then alphabetically. Tiers, strongest first:

0. **Pinned**: a name the document gives the shape itself: a ``components.schemas`` entry of the same
   shape (upstream's, or one our overlay adds), or ``x-ampeco-name`` on any use (the overlay sets it
   where copying the shape would copy a piece of the spec).
1. **Declared**: the ``components.responses`` entry the shape is the body of, its ``title``, the
   webhook (callback) it is the payload of.
2. **Shared**: for a shape used by two or more operations, what it *is* rather than where one use
   stands:

   * the resource its operations share: ``tariffRead``, ``tariffUpdate`` and ``tariffsListing`` all
     answer with one shape, a ``Tariff``; the pricing object of tariffs, tariff requests and tariff
     snapshots is a ``TariffPricing`` (the words every use starts and ends with);
   * else the words every use's name ends with (envelope words such as ``Data``, ``Response`` and
     ``Deprecated`` dropped from the front): the ``externalAppData`` of CDRs and users is an
     ``ExternalAppData``. One word alone (``Status``, ``Type``...) says too little to count.

   :mod:`.shared` has the rules; a webhook payload that carries the object does not vote.
3. **Place**: where one use stands: ``<Operation>Response``, ``<Operation>Request``,
   ``<Operation><Parameter>``, below them ``<Parent><Property>``, ``<Parent>Item``, ``<Parent>Value``.
   ``oneOf``/``anyOf`` variants are named by their ``title``, else their constant (``type: solar``
   names ``...Solar``), else a property only they have (``...WithHubjectId``), else ``Variant<n>``
   counted without gaps. A word that would repeat the one before it takes a synonym
   (``...RequestBody``, not ``...RequestRequest``; a notification's ``notification`` enum is its
   ``...NotificationKind``).

When two shapes want one name, the strongest claim (lowest tier) keeps it; on a tie nobody does and
all fall back to their next proposal. A shape left with nothing gets a numbered suffix. No name is
longer than :data:`MAX_NAME_LENGTH` (72): a longer one drops, in turn, the response envelope, the
operation's verb, words it repeats, middle place segments (:mod:`.proposals`). Deprecated webhook
payloads rank below current ones and fall back to ``Legacy<Name>``. Union variants: :mod:`.segments`.

A shape that two or more operations use but that still carries one use's place name is *named after
one of its uses*: ``python -m codegen regenerate`` lists each such shape (with the overlay action
that pins a name), and ``tests/pipeline/test_naming_policy.py`` fails on any that is not pinned.
Names never depend on the order of paths in the document.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ampeco._openapi import unescape_pointer_token
from codegen.spec.normalize.proposals import MAX_NAME_LENGTH, PIN_KEY, PLACE, SHARED, Proposal
from codegen.spec.normalize.schema import JSON, NormalizeError
from codegen.spec.normalize.shared import shared_proposals

if TYPE_CHECKING:
    from codegen.spec.normalize.shapes import Collector, Shape

__all__ = ["ACCEPTED_NAMES_KEY", "MAX_NAME_LENGTH", "PIN_KEY", "Namer", "NamingFinding", "overlay_target"]

# The overlay's list of shared shapes it accepts without a pin (yet); anything else new fails the test.
ACCEPTED_NAMES_KEY = "x-ampeco-shared-names-not-pinned"


@dataclass(frozen=True)
class NamingFinding:
    """A shape two or more operations use that is still named after one of its uses."""

    name: str
    operations: tuple[str, ...]
    target: str  # JSONPath of one use in the document the overlay sees: where a pin would go

    def __str__(self) -> str:
        shown = ", ".join(self.operations[:3]) + (", ..." if len(self.operations) > 3 else "")
        return f"{self.name}: used by {len(self.operations)} operations and webhooks ({shown})"

    @property
    def pin_action(self) -> str:
        """The overlay action that pins a name on this shape (``<Name>`` to be replaced)."""
        return f"- target: {self.target}\n  update: {{{PIN_KEY}: <Name>}}"


@dataclass
class Namer:
    """Assigns every shape of a :class:`Collector` its name (see the module docstring)."""

    collector: Collector
    banned: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _cache: dict[str, Proposal] = field(default_factory=dict)  # chosen proposals, until a ban changes them
    _proposals: dict[str, list[Proposal]] = field(default_factory=dict)

    def chosen(self, shape: Shape) -> Proposal:
        """The best proposal ``shape`` may still take (its best banned one when none is left)."""
        cached = self._cache.get(shape.fingerprint)
        if cached is not None:
            return cached
        proposals = self.proposals(shape)
        banned = self.banned[shape.fingerprint]
        allowed = [p for p in proposals if p.name not in banned]
        best = min(allowed or proposals, key=Proposal.rank)
        self._cache[shape.fingerprint] = best
        return best

    def unresolved(self, shape: Shape) -> bool:
        return self.chosen(shape).name in self.banned[shape.fingerprint]

    def proposals(self, shape: Shape) -> list[Proposal]:
        cached = self._proposals.get(shape.fingerprint)
        if cached is None:
            cached = self._proposals[shape.fingerprint] = self._propose(shape)
        return cached

    def _propose(self, shape: Shape) -> list[Proposal]:
        found: set[Proposal] = set()
        places: set[Proposal] = set()
        for use in shape.uses:
            found.update(use.root_proposals)
            places.update(p for p in use.root_proposals if p.tier == PLACE)
            if use.parent is not None:
                base = use.parent.child_base or self.chosen(self.collector.use_shape[id(use.parent)])
                place = base.below(use.segments)
                found.add(place)
                places.add(place)
        if len(shape.users) >= 2 and places:
            found.update(shared_proposals(sorted(places, key=Proposal.rank)))
        return sorted(found, key=Proposal.rank)

    def _forget(self, fingerprint: str, children: dict[str, set[str]]) -> None:
        """Drop what was worked out for a shape whose bans changed, and for everything named below it."""
        pending = [fingerprint]
        while pending:
            current = pending.pop()
            if current in self._proposals or current in self._cache:
                self._proposals.pop(current, None)
                self._cache.pop(current, None)
                pending.extend(children[current])

    def _parent_contested(self, shape: Shape, contested: set[str]) -> bool:
        return any(
            use.parent is not None and self.collector.use_shape[id(use.parent)].fingerprint in contested
            for use in shape.uses
        )

    def assign(self) -> dict[str, str]:
        """fingerprint -> name for every shape."""
        shapes = sorted(self.collector.shapes.values(), key=lambda shape: shape.fingerprint)
        children: dict[str, set[str]] = defaultdict(set)
        for shape in shapes:
            for use in shape.uses:
                if use.parent is not None:
                    children[self.collector.use_shape[id(use.parent)].fingerprint].add(shape.fingerprint)
        while True:
            claims: dict[str, list[Shape]] = defaultdict(list)
            for shape in shapes:
                key = self.chosen(shape).name + ("#" if self.unresolved(shape) else "")
                claims[key].append(shape)
            collisions = {
                name: owners for name, owners in claims.items() if len(owners) > 1 and not name.endswith("#")
            }
            if not collisions:
                break
            # Settle names top-down: a child's proposals come from its parent's name, so a
            # collision below an unsettled parent is left until the parent has its own name.
            contested = {owner.fingerprint for owners in collisions.values() for owner in owners}
            settled = {
                name: owners
                for name, owners in collisions.items()
                if not any(self._parent_contested(owner, contested) for owner in owners)
            }
            # Parents can wait on each other in a ring (A's parent collides with B, B's parent with
            # A's child...): then settle everything at once.
            for name, owners in sorted((settled or collisions).items()):
                tiers = {
                    o.fingerprint: min(p.tier for p in self.proposals(o) if p.name == name) for o in owners
                }
                best = min(tiers.values())
                strongest = [o for o in owners if tiers[o.fingerprint] == best]
                losers = [o for o in owners if o not in strongest] if len(strongest) == 1 else owners
                for owner in losers:
                    self.banned[owner.fingerprint].add(name)
                    self._forget(owner.fingerprint, children)
        names: dict[str, str] = {}
        taken = {name for name in claims if not name.endswith("#")}
        self._check_pins(claims)
        for name, owners in sorted(claims.items()):
            if not name.endswith("#"):
                names[owners[0].fingerprint] = name
                continue
            base = name[:-1]
            counter = 2
            for owner in owners:  # already in fingerprint order
                while f"{base}{counter}" in taken:
                    counter += 1
                names[owner.fingerprint] = f"{base}{counter}"
                taken.add(f"{base}{counter}")
        return names

    def _check_pins(self, claims: dict[str, list[Shape]]) -> None:
        """Every ``x-ampeco-name`` names its shape: two pins on one shape, or a pin another shape
        took, are errors (a pin that silently did nothing would hide a renamed model)."""
        for shape in self.collector.shapes.values():
            pins = sorted({use.pin for use in shape.uses if use.pin is not None})
            if not pins:
                continue
            where = min(use.pointer for use in shape.uses if use.pin is not None)
            if len(pins) > 1:
                raise NormalizeError(f"{where}: one shape pinned as {' and '.join(pins)}; keep one {PIN_KEY}")
            if self.chosen(shape).name != pins[0] or len(claims.get(pins[0], [])) != 1:
                raise NormalizeError(
                    f"{where}: {PIN_KEY} {pins[0]!r} cannot name this shape: another shape has that name "
                    "(an upstream component or another pin); choose another name"
                )

    def findings(self, names: dict[str, str], original: JSON) -> list[NamingFinding]:
        """Shapes of two or more operations still named after one of their uses (``names``: from
        :meth:`assign`). Each names the first use that also stands at that place in ``original`` (the
        document before ``allOf`` flattening), since that is the document the overlay is applied to."""
        found = []
        for shape in self.collector.shapes.values():
            chosen = self.chosen(shape)
            if len(shape.users) < 2 or chosen.tier < SHARED:
                continue
            if chosen.tier == SHARED and chosen.operation is None and not self.unresolved(shape):
                continue
            pointers = sorted(use.pointer for use in shape.uses)
            located = (overlay_target(original, pointer) for pointer in pointers)
            target = next((path for path in located if path is not None), pointers[0])
            found.append(NamingFinding(names[shape.fingerprint], tuple(sorted(shape.users)), target))
        return sorted(found, key=lambda finding: finding.name)


def overlay_target(document: Any, pointer: str) -> str | None:
    """The JSONPath, in ``document`` (before allOf members were merged), of the node at ``pointer`` of
    the flattened document: a key missing from a schema is looked for in its allOf members. ``None``
    when the node is not there."""
    keys = [unescape_pointer_token(token) for token in pointer.removeprefix("#/").split("/")]
    path = _path(document, keys)
    return None if path is None else "$" + "".join(path)


def _path(node: Any, keys: list[str]) -> list[str] | None:
    if not keys:
        return [] if isinstance(node, dict) else None
    key, rest = keys[0], keys[1:]
    if isinstance(node, list):
        if key.isdigit() and int(key) < len(node):
            below = _path(node[int(key)], rest)
            return None if below is None else [f"[{key}]", *below]
        return None
    if not isinstance(node, dict):
        return None
    if key in node:
        below = _path(node[key], rest)
        if below is not None:
            name = f".{key}" if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else f"[{key!r}]"
            return [name, *below]
    for index, member in enumerate(node.get("allOf") or []):
        below = _path(member, keys)
        if below is not None:
            return [f".allOf[{index}]", *below]
    return None
