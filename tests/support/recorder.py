"""An ASGI app that records exactly what arrived on the wire and answers with a canned reply."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote


@dataclass
class Recorded:
    method: str
    raw_path: str
    query_string: str
    headers: dict[str, str]
    body: bytes

    @property
    def query(self) -> str:
        """The query string with percent-escapes undone, for readable assertions."""
        return unquote(self.query_string)

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Recorder:
    status: int = 200
    reply: Any = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)

    @property
    def last(self) -> Recorded:
        return self.requests[-1]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        self.requests.append(
            Recorded(
                method=scope["method"],
                raw_path=scope.get("raw_path", scope["path"].encode()).decode("latin-1"),
                query_string=scope["query_string"].decode("latin-1"),
                headers={k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]},
                body=body,
            )
        )
        payload = b"" if self.reply is None else json.dumps(self.reply).encode()
        headers = [(b"content-type", b"application/json")] if payload else []
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})
