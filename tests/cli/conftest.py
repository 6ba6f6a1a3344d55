"""Fixtures for the command-line tests: a mock tenant served on 127.0.0.1 and the CLI run against it.

``served(...)`` starts a :class:`~ampeco.mock.MockTenant` under uvicorn behind a thin ASGI layer that
records every request and can run a hook first (to inject a fault after N pages, or to look at the
output file while the export is still running). ``cli(...)`` runs ``ampeco.cli.main`` in process with
the tenant's URL and token in the environment and returns the exit code, stdout and stderr.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import pytest

from ampeco.cli import main
from ampeco.mock import MockTenant
from tests.support.loopback import start

TOKEN = "cli-test-token-5e1f0c9a7b"  # distinctive: the tests grep every output for it
CDRS = "/public-api/resources/cdrs/v2.0"


@dataclass
class Seen:
    method: str
    path: str
    query: str
    body: bytes = b""

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Served:
    """A running tenant: its URL, the requests it received, hooks run before each request."""

    tenant: MockTenant
    url: str = ""
    requests: list[Seen] = field(default_factory=list)
    hooks: list[Callable[[Served, Seen], None]] = field(default_factory=list)

    def to(self, path: str) -> list[Seen]:
        return [seen for seen in self.requests if seen.path == path]

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.tenant(scope, receive, send)
            return
        seen = Seen(scope["method"], scope["path"], unquote(scope["query_string"].decode()))
        self.requests.append(seen)
        for hook in list(self.hooks):
            hook(self, seen)

        async def recording() -> Any:
            message = await receive()
            if message.get("type") == "http.request":
                seen.body += message.get("body", b"")
            return message

        await self.tenant(scope, recording, send)


@pytest.fixture
def served() -> Iterator[Callable[..., Served]]:
    running: list[Any] = []

    def serve(**options: Any) -> Served:
        options.setdefault("token", TOKEN)
        options.setdefault("network", False)
        app = Served(MockTenant(**options))
        server = start(app)
        running.append(server)
        app.url = server.url
        return app

    yield serve
    for server in running:
        server.stop()


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's shell must not configure the CLI under test."""
    for name in ("AMPECO_BASE_URL", "AMPECO_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def run_cli(
    args: list[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    env: dict[str, str] | None = None,
    stdin: str = "",
) -> Result:
    """``ampeco ARGS`` in this process: stdout and stderr captured, stdin given."""
    out, err = io.StringIO(), io.StringIO()
    with monkeypatch.context() as patch:
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        patch.setattr(sys, "stdin", io.StringIO(stdin))
        with redirect_stdout(out), redirect_stderr(err):
            code = main(args)
    return Result(int(code), out.getvalue(), err.getvalue())


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """``cli(app, *args)`` runs the CLI against a served tenant (``app=None``: no configuration)."""

    def invoke(app: Served | None, *args: str, stdin: str = "", token: str = TOKEN) -> Result:
        env = {"AMPECO_BASE_URL": app.url, "AMPECO_API_TOKEN": token} if app is not None else {}
        return run_cli(list(args), monkeypatch, env=env, stdin=stdin)

    return invoke


def subprocess_env(app: Served | None = None, token: str = TOKEN) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("AMPECO_")}
    if app is not None:
        env.update(AMPECO_BASE_URL=app.url, AMPECO_API_TOKEN=token)
    return env


def run_process(
    args: list[str], env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``python -m ampeco.cli ARGS`` in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "ampeco.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
