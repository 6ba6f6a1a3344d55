"""The tenant's records: one ordered collection per concrete resource path.

A collection is keyed by the versionless path of its listing with parent ids filled in
(``/public-api/resources/charge-points/7/evses``), so every API version reads the same records.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]
SortKey = tuple[int, int | str]


def sort_key(record_id: object) -> SortKey:
    """Integer ids in numeric order first, then other ids in text order (the API's ``ORDER BY id``)."""
    if isinstance(record_id, int) and not isinstance(record_id, bool):
        return (0, record_id)
    text = str(record_id)
    if text.isascii() and text.isdigit():
        return (0, int(text))
    return (1, text)


@dataclass
class Collection:
    """Records in insertion order, with the id sequence of the real API (integers count up)."""

    path: str
    integer_ids: bool = True
    records: dict[str, Record] = field(default_factory=dict)
    last_id: int = 0

    def new_id(self) -> int:
        """The next free number: never one a stored record already has (as int or as string)."""
        self.last_id += 1
        while str(self.last_id) in self.records:
            self.last_id += 1
        return self.last_id

    def put(self, record_id: int | str, record: Record) -> Record:
        if isinstance(record_id, int) or str(record_id).isdigit():
            self.last_id = max(self.last_id, int(record_id))
        self.records[str(record_id)] = record
        return record

    def get(self, record_id: int | str) -> Record | None:
        return self.records.get(str(record_id))

    def delete(self, record_id: int | str) -> bool:
        return self.records.pop(str(record_id), None) is not None

    def ordered(self) -> list[tuple[SortKey, Record]]:
        """Every record with its sort key, in id order (listings and keyset cursors use it)."""
        return sorted(((sort_key(key), record) for key, record in self.records.items()), key=_first)

    def __iter__(self) -> Iterator[Record]:
        return iter(list(self.records.values()))

    def __len__(self) -> int:
        return len(self.records)


def _first(item: tuple[SortKey, Record]) -> SortKey:
    return item[0]


class Store:
    """All collections of one tenant. Thread-safe enough for uvicorn's single event loop and tests."""

    def __init__(self) -> None:
        self._collections: dict[str, Collection] = {}
        self.lock = threading.RLock()

    def collection(self, path: str, *, integer_ids: bool = True) -> Collection:
        with self.lock:
            found = self._collections.get(path)
            if found is None:
                found = Collection(path, integer_ids=integer_ids)
                self._collections[path] = found
            return found

    def has(self, path: str) -> bool:
        return path in self._collections

    def paths(self) -> list[str]:
        return sorted(self._collections)

    def clear(self) -> None:
        with self.lock:
            self._collections.clear()
