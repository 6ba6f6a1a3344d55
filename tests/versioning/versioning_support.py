"""Helpers for the version-workflow tests: hand-made specs, synthetic releases, running the scripts."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from codegen.spec.overlay import apply_overlay

JSON = dict[str, Any]

# ------------------------------------------------------------------ hand-made documents


def spec(paths: JSON, version: str = "1.0.0", components: JSON | None = None) -> JSON:
    document: JSON = {"openapi": "3.0.3", "info": {"title": "t", "version": version}, "paths": paths}
    if components is not None:
        document["components"] = components
    return document


def obj(required: list[str] | None = None, **properties: JSON) -> JSON:
    schema: JSON = {"type": "object", "properties": dict(properties)}
    if required:
        schema["required"] = required
    return schema


def json_body(schema: JSON) -> JSON:
    return {"content": {"application/json": {"schema": schema}}}


def op(operation_id: str, **extra: Any) -> JSON:
    """An operation with a 200 response whose body is ``response`` (default: an empty object)."""
    response = extra.pop("response", {"type": "object", "properties": {}})
    operation: JSON = {
        "operationId": operation_id,
        "responses": {"200": {"description": "ok", **json_body(response)}},
    }
    operation.update(extra)
    return operation


# ------------------------------------------------------------------ releases derived from 3.110.0

SYNTHETIC_VERSION = "3.111.0"
ADDED_PATH = "/public-api/actions/charge-point/v1.0/{chargePoint}/ping"
REMOVED = ("DELETE", "/public-api/resources/taxes/v2.0/{tax}")
ENUM_PATH = "/public-api/actions/charge-point/v1.0/{chargePoint}/change-availability"
REQUIRED_PARAM_PATH = "/public-api/resources/currencies/v2.0"


def overlay(*actions: JSON) -> JSON:
    return {"overlay": "1.0.0", "info": {"title": "test", "version": "1"}, "actions": list(actions)}


def derive(base: JSON, *actions: JSON) -> JSON:
    patched, report = apply_overlay(base, overlay(*actions))
    assert not report.unmatched
    return patched


def synthetic_release(base: JSON, version: str = SYNTHETIC_VERSION) -> JSON:
    """3.110.0 with one operation added, one removed, one enum value added, one required parameter added."""
    return derive(
        base,
        {"target": "$.info", "update": {"version": version}},
        {
            "target": "$.paths",
            "description": "add POST .../ping",
            "update": {
                ADDED_PATH: {
                    "post": {
                        "operationId": "chargePointPing",
                        "summary": "Charge Point / Ping",
                        "tags": ["action / charge point"],
                        "parameters": [
                            {
                                "in": "path",
                                "name": "chargePoint",
                                "required": True,
                                "schema": {"type": "integer"},
                            }
                        ],
                        "responses": {"202": {"description": "Action accepted"}},
                    }
                }
            },
        },
        {"target": f"$.paths['{REMOVED[1]}'].delete", "remove": True},
        {
            "target": f"$.paths['{ENUM_PATH}'].post.requestBody.content['application/json']"
            ".schema.properties.type.enum",
            "update": ["Maintenance"],
        },
        {
            "target": f"$.paths['{REQUIRED_PARAM_PATH}'].get",
            "update": {
                "parameters": [
                    {"in": "query", "name": "region", "required": True, "schema": {"type": "string"}}
                ]
            },
        },
    )


def with_version(document: JSON, version: str) -> JSON:
    changed = copy.deepcopy(document)
    changed["info"]["version"] = version
    return changed


def write_json(path: Path, document: JSON) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


# ------------------------------------------------------------------ running the real scripts


def run_script(
    checkout: Path, name: str, *args: str, store: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``<checkout>/scripts/<name> args...`` in a subprocess, as a maintainer runs it."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if store is not None:
        env["AMPECO_SPEC_STORE"] = str(store)
    env["PYTHON"] = sys.executable
    command = ["bash", str(checkout / "scripts" / name), *args]
    return subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=checkout, check=False, timeout=600
    )


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """A static HTTP server on 127.0.0.1 serving ``directory``; yields its base URL."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
