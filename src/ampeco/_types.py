"""The types generated code and users share: ``UNSET``, ``Response``, files, and the client protocols.

``Unset`` is a one-member enum so that ``x is UNSET`` / ``x is not UNSET`` narrows for mypy and
pyright; it is falsy, so ``if x:`` treats an unset value like ``None``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, TYPE_CHECKING, BinaryIO, Final, Generic, Literal, Protocol, TypeVar

from attrs import define

if TYPE_CHECKING:
    import httpx

__all__ = [
    "UNSET",
    "AsyncClientLike",
    "File",
    "FileTypes",
    "RequestFiles",
    "Response",
    "SyncClientLike",
    "Unset",
]


class Unset(enum.Enum):
    """The type of :data:`UNSET`: a field or argument the caller did not give (distinct from ``None``)."""

    UNSET = "UNSET"

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET

# What ``httpx.Client(files=...)`` accepts for multipart/form-data.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """A file to upload in a multipart/form-data body."""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """The tuple httpx accepts for one multipart/form-data part."""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint: the raw parts and the parsed body."""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T


class SyncClientLike(Protocol):
    """What a sync endpoint function needs from ``client=``: :class:`ampeco.Client` satisfies it."""

    def get_httpx_client(self) -> httpx.Client: ...


class AsyncClientLike(Protocol):
    """What an ``asyncio*`` endpoint function needs from ``client=``: :class:`ampeco.AsyncClient`."""

    def get_async_httpx_client(self) -> httpx.AsyncClient: ...
