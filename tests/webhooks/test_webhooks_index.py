"""codegen/generate/webhook_index.py: the rule that turns callbacks into the discriminated union,
run through the real generator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from codegen.generate.run import GenerationError, new_workdir, remove_tree, run_generator
from codegen.generate.webhook_index import WebhookIndexError


def callback(schema: str, deprecated: bool = False) -> dict[str, Any]:
    body = {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}
    received = {"responses": {"200": {"description": "received"}}}
    return {
        "{$request.body#/callbackUrl}": {"post": {"requestBody": body, "deprecated": deprecated, **received}}
    }


def notification(*kinds: str, wrapped: bool = False) -> dict[str, Any]:
    enum = {"type": "string", "enum": list(kinds)}
    return {"type": "object", "properties": {"notification": {"allOf": [enum]} if wrapped else enum}}


def document(paths: dict[str, dict[str, Any]], schemas: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "webhook index test", "version": "0.0.0"},
        "paths": {
            path: {
                "post": {
                    "operationId": f"subscribe{index}",
                    # The resource layer names every operation; these toy paths need their name pinned.
                    "x-ampeco-resource": "notifications",
                    "x-ampeco-namespace": "",
                    "x-ampeco-method": f"subscribe{index}",
                    "callbacks": callbacks,
                    "responses": {"204": {"description": "subscribed"}},
                }
            }
            for index, (path, callbacks) in enumerate(paths.items())
        },
        "components": {"schemas": schemas},
    }


def generate(doc: dict[str, Any]) -> Path:
    """Run the real generator on ``doc``; returns the directory holding the generated package."""
    workdir = new_workdir()
    try:
        run_generator(doc, "0.0.0", workdir)
    except BaseException:
        remove_tree(workdir)
        raise
    return workdir


def index_of(doc: dict[str, Any]) -> dict[str, Any]:
    """What the generated ``webhooks`` module says, read in a fresh interpreter (its package shares the
    real one's name)."""
    workdir = generate(doc)
    try:
        probe = (
            "import json, ampeco_public_api.webhooks as w\n"
            "print(json.dumps({'models': w.NOTIFICATION_MODELS, 'deprecated': sorted(w.DEPRECATED_KINDS),"
            " 'classes': {k: w.model_for(k).__name__ for k in w.NOTIFICATION_MODELS}}))\n"
        )
        completed = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": f"{workdir}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"},
        )
        result: dict[str, Any] = json.loads(completed.stdout)
        return result
    finally:
        remove_tree(workdir)


def test_kinds_come_from_the_notification_enum_and_a_shared_body_serves_several() -> None:
    doc = document(
        {"/n/v2.0": {"a.changed": callback("AChanged"), "Legacy": callback("Legacy", deprecated=True)}},
        {
            "AChanged": notification("a.changed", "a.updated"),
            "Legacy": notification("LegacyNote", wrapped=True),
        },
    )
    index = index_of(doc)
    assert index["models"] == {
        "a.changed": ["a_changed", "AChanged"],
        "a.updated": ["a_changed", "AChanged"],
        "LegacyNote": ["legacy", "Legacy"],
    }
    assert index["deprecated"] == ["LegacyNote"]
    assert index["classes"]["a.updated"] == "AChanged"


def test_a_body_without_a_notification_enum_is_keyed_by_the_callback_name() -> None:
    doc = document({"/n/v1.0": {"BootNotification": callback("Boot")}}, {"Boot": {"type": "object"}})
    assert index_of(doc)["models"] == {"BootNotification": ["boot", "Boot"]}


def test_the_newer_endpoint_wins_when_versions_disagree() -> None:
    doc = document(
        {"/n/v2.0": {"x": callback("XTwo")}, "/n/v1.0": {"x": callback("XOne")}},
        {"XOne": notification("x"), "XTwo": notification("x")},
    )
    assert index_of(doc)["models"] == {"x": ["x_two", "XTwo"]}


def test_one_kind_with_two_bodies_in_one_endpoint_is_an_error() -> None:
    doc = document(
        {"/n/v2.0": {"one": callback("A"), "two": callback("B")}},
        {"A": notification("same.kind"), "B": notification("same.kind")},
    )
    with pytest.raises(WebhookIndexError, match=r"same\.kind"):
        generate(doc)


def test_an_inline_body_is_an_error() -> None:
    doc = document({"/n/v2.0": {"x": callback("X")}}, {"X": notification("x")})
    post = doc["paths"]["/n/v2.0"]["post"]["callbacks"]["x"]["{$request.body#/callbackUrl}"]["post"]
    post["requestBody"]["content"]["application/json"]["schema"] = notification("x")
    with pytest.raises(WebhookIndexError, match="hoisted"):
        generate(doc)


def test_a_body_that_is_no_model_is_an_error() -> None:
    doc = document({"/n/v2.0": {"x": callback("XText")}}, {"XText": {"type": "string"}})
    with pytest.raises(GenerationError, match=r"no generated model for components\.schemas\.XText"):
        generate(doc)


def test_no_callbacks_at_all_is_an_error() -> None:
    with pytest.raises(WebhookIndexError, match="no callbacks"):
        generate(document({}, {}))


def test_importing_the_generated_index_does_not_import_the_models() -> None:
    probe = (
        "import sys, ampeco_public_api.webhooks as w\n"
        "loaded = [m for m in sys.modules if m.startswith('ampeco_public_api.models.')]\n"
        "assert loaded == [], loaded\n"
        "w.model_for('cdr.received')\n"
        "assert 'ampeco_public_api.models.cdr_received_notification' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True)
