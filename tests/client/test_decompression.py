"""Compressed bodies are inflated incrementally under a size cap, within the total timeout.

A real loopback server sends gzip/deflate bodies as bytes (no framework compression), including a
"bomb": 256 MiB of zeros in about 260 KB of gzip.
"""

from __future__ import annotations

import gzip
import json
import time
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

import ampeco
from ampeco_public_api.api.resource_charge_point_vendors import charge_point_vendor_read
from tests.client.conftest import LoopbackServer
from tests.client.servers import TOKEN, VENDOR

MiB = 1024 * 1024
BOMB_DECODED = 256 * MiB
VENDOR_JSON = json.dumps(VENDOR).encode()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(MiB)
    parts = [compressor.compress(zeros) for _ in range(BOMB_DECODED // MiB)]
    return b"".join([*parts, compressor.flush()])


class RawReply:
    """Answers every request with ``body`` as given, headers included (``Content-Encoding`` untouched)."""

    def __init__(self, body: bytes, headers: dict[str, str], status: int = 200, chunk: int = 0) -> None:
        self.body = body
        self.headers = {"Content-Type": "application/json", **headers}
        self.status = status
        self.chunk = chunk
        self.accept_encoding: list[str | None] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.accept_encoding.append(dict(scope["headers"]).get(b"accept-encoding", b"").decode() or None)
        response: Response
        if self.chunk:
            parts = [self.body[i : i + self.chunk] for i in range(0, len(self.body), self.chunk)]

            async def stream() -> Iterator[bytes]:  # type: ignore[misc]
                for part in parts:
                    yield part

            response = StreamingResponse(stream(), status_code=self.status, headers=self.headers)
        else:
            response = Response(self.body, status_code=self.status, headers=self.headers)
        await response(scope, receive, send)


def client_for(server: LoopbackServer, **kwargs: object) -> ampeco.Client:
    kwargs.setdefault("max_retries", 0)
    return ampeco.Client(server.url, token=TOKEN, **kwargs)  # type: ignore[arg-type]


def read_vendor(client: ampeco.Client) -> object:
    return charge_point_vendor_read.sync_detailed(7, client=client)


def test_default_cap_is_256_mib() -> None:
    assert 256 * MiB == ampeco.DEFAULT_MAX_RESPONSE_BYTES
    client = ampeco.Client("acme.ampeco.tech", token=TOKEN)
    assert client.max_response_bytes == 256 * MiB
    assert client.with_options(max_response_bytes=MiB).max_response_bytes == MiB


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "1MB", None])
def test_cap_must_be_a_positive_integer(bad: object) -> None:
    with pytest.raises(ampeco.ConfigurationError, match="max_response_bytes"):
        ampeco.Client("acme.ampeco.tech", token=TOKEN, max_response_bytes=bad)  # type: ignore[arg-type]


def test_a_gzip_bomb_stops_at_the_cap_without_filling_memory(server: LoopbackServer, bomb: bytes) -> None:
    server.app = RawReply(bomb, {"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        with (
            client_for(server, max_response_bytes=MiB) as client,
            pytest.raises(ampeco.ResponseTooLargeError) as info,
        ):
            read_vendor(client)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * MiB, f"peak {peak / MiB:.0f} MiB while refusing a body capped at 1 MiB"
    error = info.value
    assert isinstance(error, ampeco.APIError) and isinstance(error, ampeco.AmpecoError)
    assert error.limit == MiB
    assert error.operation == "charge_point_vendor_read"
    assert f"max_response_bytes={MiB}" in str(error)
    assert "gzip" in str(error)


def test_the_cap_applies_to_error_responses_too(server: LoopbackServer, bomb: bytes) -> None:
    server.app = RawReply(bomb, {"Content-Encoding": "gzip"}, status=404)
    with client_for(server, max_response_bytes=MiB) as client, pytest.raises(ampeco.ResponseTooLargeError):
        read_vendor(client)


def test_an_uncompressed_body_over_the_cap_is_refused(server: LoopbackServer) -> None:
    body = b'{"data": {"id": 7, "name": "' + b"x" * (2 * MiB) + b'"}}'
    for chunk in (0, 64 * 1024):  # announced by Content-Length, and streamed without one
        server.app = RawReply(body, {}, chunk=chunk)
        with (
            client_for(server, max_response_bytes=MiB) as client,
            pytest.raises(ampeco.ResponseTooLargeError),
        ):
            read_vendor(client)


def test_the_total_timeout_covers_decoding(server: LoopbackServer, bomb: bytes) -> None:
    server.app = RawReply(bomb, {"Content-Encoding": "gzip"})
    started = time.monotonic()
    with (
        client_for(server, max_response_bytes=4 * BOMB_DECODED, timeout=0.3) as client,
        pytest.raises(ampeco.APITimeoutError),
    ):
        read_vendor(client)
    assert time.monotonic() - started < 1.5


async def test_async_client_caps_and_times_decoding(server: LoopbackServer, bomb: bytes) -> None:
    server.app = RawReply(bomb, {"Content-Encoding": "gzip"})
    async with ampeco.AsyncClient(server.url, token=TOKEN, max_retries=0, max_response_bytes=MiB) as client:
        with pytest.raises(ampeco.ResponseTooLargeError):
            await charge_point_vendor_read.asyncio_detailed(7, client=client)
    async with ampeco.AsyncClient(
        server.url, token=TOKEN, max_retries=0, max_response_bytes=4 * BOMB_DECODED, timeout=0.3
    ) as client:
        started = time.monotonic()
        with pytest.raises(ampeco.APITimeoutError):
            await charge_point_vendor_read.asyncio_detailed(7, client=client)
        assert time.monotonic() - started < 1.5


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),  # zlib-wrapped, as RFC 9110 says
        ("deflate", _raw_deflate),  # raw deflate, as some servers send it
        ("identity", lambda data: data),
        ("deflate, gzip", lambda data: gzip.compress(zlib.compress(data))),  # applied in this order
    ],
)
@pytest.mark.parametrize("chunk", [0, 7])
def test_compressed_bodies_decode_exactly(
    server: LoopbackServer, encoding: str, encode: object, chunk: int
) -> None:
    server.app = app = RawReply(encode(VENDOR_JSON), {"Content-Encoding": encoding}, chunk=chunk)  # type: ignore[operator]
    with client_for(server) as client:
        response = charge_point_vendor_read.sync_detailed(7, client=client)
    assert response.parsed.data.name == "ACME"  # type: ignore[union-attr]
    assert response.content == VENDOR_JSON
    assert response.headers["content-encoding"] == encoding  # the headers as received
    assert app.accept_encoding == ["gzip, deflate"]  # only codings the client can inflate under the cap


def test_an_error_body_is_decoded_for_the_message(server: LoopbackServer) -> None:
    server.app = RawReply(
        gzip.compress(b'{"message": "No query results"}'), {"Content-Encoding": "gzip"}, 404
    )
    with client_for(server) as client, pytest.raises(ampeco.NotFoundError) as info:
        read_vendor(client)
    assert info.value.body == {"message": "No query results"}
    assert "No query results" in str(info.value)


@pytest.mark.parametrize(
    ("headers", "body", "fragment"),
    [
        ({"Content-Encoding": "br"}, b"\x1b\x00\x00", "'br' was not asked for"),
        ({"Content-Encoding": "gzip"}, b"\x1f\x8b\x08\x00garbage" * 10, "gzip data is corrupt"),
        ({"Content-Encoding": "deflate"}, b"\x78\x9cnot deflate at all", "deflate data is corrupt"),
    ],
)
def test_undecodable_bodies_raise_a_typed_error(
    server: LoopbackServer, headers: dict[str, str], body: bytes, fragment: str
) -> None:
    server.app = RawReply(body, headers)
    with client_for(server) as client, pytest.raises(ampeco.APIConnectionError, match=fragment) as info:
        read_vendor(client)
    assert info.value.operation == "charge_point_vendor_read"
