"""Read a response body within a size cap and a deadline, decoding it as it arrives.

httpx decodes a compressed body all at once, so 1 MB of gzip can become gigabytes in memory before
anyone can look at its size. Here every raw chunk is inflated in bounded pieces (zlib's ``max_length``)
and the decoded size is checked after each piece, so memory stays near the cap and a body larger than
the cap fails early with :class:`BodyTooLarge`. The deadline is checked after each piece too: decoding
is part of the attempt's total timeout.

The client asks for ``gzip`` and ``deflate`` only (``ACCEPT_ENCODING``); a body in another coding is
refused rather than handed on undecoded.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping
from typing import Final, Protocol

from ampeco._deadline import Deadline

ACCEPT_ENCODING: Final = "gzip, deflate"
# Largest piece of decoded output produced at once: bounds the overshoot past the cap.
_PIECE: Final = 256 * 1024


class BodyTooLarge(Exception):
    """Internal: the decoded body passed ``limit`` bytes (turned into ``ResponseTooLargeError``)."""

    def __init__(self, limit: int, encoding: str | None) -> None:
        super().__init__(limit, encoding)
        self.limit = limit
        self.encoding = encoding


class BodyUndecodable(Exception):
    """Internal: the body's Content-Encoding is unsupported or its data is corrupt."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class DeadlineExpired(Exception):
    """Internal: the attempt's total timeout passed while the body was read or decoded."""


class _Stage(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...
    def finish(self) -> Iterator[bytes]: ...


class _Inflate:
    """One zlib-family coding, inflated in pieces of at most ``_PIECE`` bytes."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        # gzip: header required; deflate: zlib-wrapped as the RFC says, raw deflate as servers send it.
        self._wbits = zlib.MAX_WBITS | 16 if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._inflater = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            if not self._started and data:
                self._started = True
                if self.coding == "deflate" and not _looks_zlib_wrapped(data):
                    self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            while data and not self._inflater.eof:
                piece = self._inflater.decompress(data, _PIECE)
                data = self._inflater.unconsumed_tail
                if piece:
                    yield piece
            # Output still held inside zlib after the input ran out.
            while not self._inflater.eof:
                piece = self._inflater.decompress(b"", _PIECE)
                if not piece:
                    break
                yield piece
        except zlib.error as exc:
            raise BodyUndecodable(f"{self.coding} data is corrupt ({exc})") from None

    def finish(self) -> Iterator[bytes]:
        try:
            rest = self._inflater.flush(_PIECE)
        except zlib.error as exc:
            raise BodyUndecodable(f"{self.coding} data is corrupt ({exc})") from None
        if rest:
            yield rest


def _looks_zlib_wrapped(data: bytes) -> bool:
    if len(data) < 2:
        return True
    return data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _stages(headers: Mapping[str, str]) -> list[_Stage]:
    """Decoders for ``Content-Encoding``, outermost (last applied) first."""
    value = headers.get("content-encoding", "")
    codings = [c.strip().lower() for c in value.split(",") if c.strip()]
    stages: list[_Stage] = []
    for coding in reversed(codings):
        if coding == "identity":
            continue
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise BodyUndecodable(
                f"Content-Encoding {coding!r} was not asked for (the client accepts {ACCEPT_ENCODING})"
            )
        stages.append(_Inflate(coding))
    return stages


class BodyReader:
    """Collects a response body chunk by chunk: decoded, capped at ``limit`` bytes, within ``deadline``."""

    def __init__(self, headers: Mapping[str, str], *, limit: int, deadline: Deadline) -> None:
        self._stages = _stages(headers)
        self._limit = limit
        self._deadline = deadline
        self._parts: list[bytes] = []
        self._size = 0
        self._encoding = headers.get("content-encoding") or None
        if not self._stages:
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge(limit, None)  # no need to download what will be refused

    def feed(self, chunk: bytes) -> None:
        self._check_deadline()
        self._collect(self._run(0, chunk))

    def finish(self) -> bytes:
        for index in range(len(self._stages)):
            self._collect(self._through(index + 1, self._stages[index].finish()))
        return b"".join(self._parts)

    def _run(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._stages):
            if data:
                yield data
            return
        yield from self._through(index + 1, self._stages[index].feed(data))

    def _through(self, index: int, pieces: Iterator[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            yield from self._run(index, piece)

    def _collect(self, pieces: Iterator[bytes]) -> None:
        for piece in pieces:
            self._size += len(piece)
            if self._size > self._limit:
                raise BodyTooLarge(self._limit, self._encoding)
            self._parts.append(piece)
            self._check_deadline()

    def _check_deadline(self) -> None:
        if self._deadline.expired():
            raise DeadlineExpired(self._deadline.message())
