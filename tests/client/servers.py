"""Test servers for the client tests: a real loopback HTTP server and a listing app with real paging."""

from __future__ import annotations

import asyncio
import base64
import json
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from tests.support.loopback import RunningServer, start

TOKEN = "tok_live_9f8e7d6c5b4a3f2e1d0c"


class LoopbackServer:
    """Dispatches every request to ``self.app``, which each test sets."""

    def __init__(self) -> None:
        self.app: ASGIApp | None = None
        self.url = ""
        self._running: RunningServer | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.app is None:
            return
        await self.app(scope, receive, send)

    def start(self, startup_timeout: float = 10.0) -> None:
        self._running = start(self, startup_timeout=startup_timeout)
        self.url = self._running.url

    def stop(self) -> None:
        if self._running is not None:
            self._running.stop(timeout=5)


# -- a listing server with real cursor / page semantics ------------------------------------------------


class ListingApp:
    """Serves ``items`` at ``path`` the way AMPECO listings paginate.

    ``mode`` is "cursor" (``cursor`` param, ``meta.next_cursor``, ``links.next``), "page" (``page``,
    ``meta.current_page``/``last_page``) or "both" (cursor mode when a ``cursor`` param is present, even
    empty, page mode otherwise). Records every request's query; can add latency, repeat a cursor, or
    insert rows at the front after the first page (the offset-pagination hazard).
    """

    def __init__(
        self,
        path: str,
        items: list[dict[str, Any]],
        *,
        mode: str,
        latency: float = 0.0,
        latency_for_page: Any = None,
        repeat_cursor_after: int | None = None,
        insert_after_first_page: list[dict[str, Any]] | None = None,
    ) -> None:
        self.path = path
        self.items = list(items)
        self.mode = mode
        self.latency = latency
        self.latency_for_page = latency_for_page
        self.repeat_cursor_after = repeat_cursor_after
        self.insert_after_first_page = insert_after_first_page
        self.requests: list[dict[str, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0

    @staticmethod
    def encode(offset: int) -> str:
        return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()

    @staticmethod
    def decode(cursor: str) -> int:
        return int(json.loads(base64.urlsafe_b64decode(cursor.encode()))["offset"])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        if request.url.path != self.path:
            await JSONResponse({"message": "not found"}, status_code=404)(scope, receive, send)
            return
        query = dict(request.query_params)
        self.requests.append(query)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            delay = self.latency
            if self.latency_for_page is not None and "page" in query:
                delay = self.latency_for_page(int(query["page"]))
            if delay:
                await asyncio.sleep(delay)
            body = self.render(query, str(request.url.replace(query="")))
        finally:
            self.in_flight -= 1
        await JSONResponse(body)(scope, receive, send)

    def render(self, query: dict[str, str], base: str) -> dict[str, Any]:
        per_page = int(query.get("per_page", "100"))
        use_cursor = self.mode == "cursor" or (self.mode == "both" and "cursor" in query)
        if use_cursor:
            cursor = query.get("cursor") or ""
            offset = self.decode(cursor) if cursor else 0
            chunk = self.items[offset : offset + per_page]
            end = offset + per_page
            next_cursor = self.encode(end) if end < len(self.items) else None
            served = len(self.requests)
            if self.repeat_cursor_after is not None and served >= self.repeat_cursor_after:
                next_cursor = cursor or self.encode(0)
            return {
                "data": chunk,
                "links": {
                    "first": None,
                    "last": None,
                    "prev": None,
                    "next": f"{base}?cursor={next_cursor}&per_page={per_page}" if next_cursor else None,
                },
                "meta": {"path": base, "per_page": per_page, "next_cursor": next_cursor, "prev_cursor": None},
            }
        page = int(query.get("page", "1"))
        offset = (page - 1) * per_page
        chunk = self.items[offset : offset + per_page]
        if page == 1 and self.insert_after_first_page:
            self.items[0:0] = self.insert_after_first_page
            self.insert_after_first_page = None
        last_page = max(1, -(-len(self.items) // per_page))
        return {
            "data": chunk,
            "links": {
                "first": f"{base}?page=1",
                "last": f"{base}?page={last_page}",
                "prev": None,
                "next": f"{base}?page={page + 1}" if page < last_page else None,
            },
            "meta": {
                "current_page": page,
                "last_page": last_page,
                "per_page": per_page,
                "total": len(self.items),
                "from": offset + 1 if chunk else None,
                "to": offset + len(chunk) if chunk else None,
                "path": base,
                "links": [],
            },
        }


def cdr(i: int) -> dict[str, Any]:
    return {
        "id": i,
        "operatorId": 1,
        "platformId": 2,
        "protocolType": "OCPI",
        "startTime": "2024-01-01T00:00:00Z",
        "isLocal": True,
        "endTime": "2024-01-01T01:00:00Z",
        "receivedAt": "2024-01-01T01:00:00Z",
    }


def vendor(i: int) -> dict[str, Any]:
    return {"id": i, "name": f"vendor {i}"}


def user(i: int) -> dict[str, Any]:
    return {"id": str(i), "email": f"user{i}@example.com"}


# -- a scripted server for retries and errors ------------------------------------------------------------


@dataclass
class Reply:
    """One scripted answer; ``body`` dicts/lists go out as JSON, strings as text."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    client_port: int | None


class Scripted:
    """Answers requests with ``replies`` in order (the last one repeats) and records every call."""

    def __init__(self, *replies: Reply) -> None:
        self.replies = list(replies) or [Reply(200, {"data": {}})]
        self.calls: list[Call] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        client = scope.get("client")
        self.calls.append(
            Call(
                method=request.method,
                path=request.url.path,
                query=dict(request.query_params),
                headers={k.lower(): v for k, v in request.headers.items()},
                body=await request.body(),
                client_port=client[1] if client else None,
            )
        )
        reply = self.replies[min(len(self.calls), len(self.replies)) - 1]
        if reply.delay:
            await asyncio.sleep(reply.delay)
        response: Response
        if reply.body is None:
            response = Response(status_code=reply.status, headers=reply.headers)
        elif isinstance(reply.body, str):
            response = PlainTextResponse(reply.body, status_code=reply.status, headers=reply.headers)
        else:
            response = JSONResponse(reply.body, status_code=reply.status, headers=reply.headers)
        await response(scope, receive, send)


VENDOR = {"data": {"id": 7, "name": "ACME"}}
