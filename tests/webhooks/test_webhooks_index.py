"""scripts/_tooling/webhook_index.py: the rule that turns callbacks into the discriminated union."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))

from _tooling.webhook_index import WebhookIndexError, write_webhook_index  # noqa: E402


def callback(schema: str, deprecated: bool = False) -> dict[str, Any]:
    body = {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}
    return {"{$request.body#/callbackUrl}": {"post": {"requestBody": body, "deprecated": deprecated}}}


def notification(*kinds: str, wrapped: bool = False) -> dict[str, Any]:
    enum = {"type": "string", "enum": list(kinds)}
    return {"type": "object", "properties": {"notification": {"allOf": [enum]} if wrapped else enum}}


def document(paths: dict[str, dict[str, Any]], schemas: dict[str, Any]) -> dict[str, Any]:
    return {
        "paths": {path: {"post": {"callbacks": callbacks}} for path, callbacks in paths.items()},
        "components": {"schemas": schemas},
    }


def package(tmp_path: Path, *classes: tuple[str, str]) -> Path:
    """A package directory with the model files the generator would have written."""
    root = tmp_path / "pkg_under_test"
    (root / "models").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "models" / "__init__.py").write_text("")
    for module, name in classes:
        source = f"class {name}:\n    @classmethod\n    def from_dict(cls, d):\n        return cls()\n"
        (root / "models" / f"{module}.py").write_text(f'"""model"""\n{source}')
    return root


def load(package_dir: Path) -> Any:
    """Import the written module as part of its package, as users will."""
    sys.path.insert(0, str(package_dir.parent))
    try:
        for name in [n for n in sys.modules if n.startswith(package_dir.name)]:
            del sys.modules[name]
        return importlib.import_module(f"{package_dir.name}.webhooks")
    finally:
        sys.path.remove(str(package_dir.parent))


def test_kinds_come_from_the_notification_enum_and_a_shared_body_serves_several(tmp_path: Path) -> None:
    doc = document(
        {"/n/v2.0": {"a.changed": callback("AChanged"), "Legacy": callback("Legacy", deprecated=True)}},
        {
            "AChanged": notification("a.changed", "a.updated"),
            "Legacy": notification("LegacyNote", wrapped=True),
        },
    )
    root = package(tmp_path, ("a_changed", "AChanged"), ("legacy", "Legacy"))
    write_webhook_index(doc, root)
    module = load(root)
    assert module.NOTIFICATION_MODELS == {
        "a.changed": ("a_changed", "AChanged"),
        "a.updated": ("a_changed", "AChanged"),
        "LegacyNote": ("legacy", "Legacy"),
    }
    assert frozenset({"LegacyNote"}) == module.DEPRECATED_KINDS
    assert module.model_for("a.updated").__name__ == "AChanged"
    assert module.model_for("nope") is None


def test_a_body_without_a_notification_enum_is_keyed_by_the_callback_name(tmp_path: Path) -> None:
    doc = document({"/n/v1.0": {"BootNotification": callback("Boot")}}, {"Boot": {"type": "object"}})
    root = package(tmp_path, ("boot", "Boot"))
    write_webhook_index(doc, root)
    assert load(root).NOTIFICATION_MODELS == {"BootNotification": ("boot", "Boot")}


def test_the_newer_endpoint_wins_when_versions_disagree(tmp_path: Path) -> None:
    doc = document(
        {"/n/v2.0": {"x": callback("XTwo")}, "/n/v1.0": {"x": callback("XOne")}},
        {"XOne": notification("x"), "XTwo": notification("x")},
    )
    root = package(tmp_path, ("x_one", "XOne"), ("x_two", "XTwo"))
    write_webhook_index(doc, root)
    assert load(root).NOTIFICATION_MODELS == {"x": ("x_two", "XTwo")}


def test_one_kind_with_two_bodies_in_one_endpoint_is_an_error(tmp_path: Path) -> None:
    doc = document(
        {"/n/v2.0": {"one": callback("A"), "two": callback("B")}},
        {"A": notification("same.kind"), "B": notification("same.kind")},
    )
    with pytest.raises(WebhookIndexError, match=r"same\.kind"):
        write_webhook_index(doc, package(tmp_path, ("a", "A"), ("b", "B")))


def test_an_inline_body_is_an_error(tmp_path: Path) -> None:
    doc = document({"/n/v2.0": {"x": callback("X")}}, {"X": notification("x")})
    post = doc["paths"]["/n/v2.0"]["post"]["callbacks"]["x"]["{$request.body#/callbackUrl}"]["post"]
    post["requestBody"]["content"]["application/json"]["schema"] = notification("x")
    with pytest.raises(WebhookIndexError, match="hoisted"):
        write_webhook_index(doc, package(tmp_path, ("x", "X")))


def test_a_missing_model_class_is_an_error(tmp_path: Path) -> None:
    doc = document({"/n/v2.0": {"x": callback("XModel")}}, {"XModel": notification("x")})
    with pytest.raises(WebhookIndexError, match=r"no class XModel in models/x_model\.py"):
        write_webhook_index(doc, package(tmp_path, ("x_model", "SomethingElse")))


def test_no_callbacks_at_all_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(WebhookIndexError, match="no callbacks"):
        write_webhook_index({"paths": {}, "components": {"schemas": {}}}, package(tmp_path))


def test_importing_the_generated_index_does_not_import_the_models() -> None:
    probe = (
        "import sys, ampeco_public_api.webhooks as w\n"
        "loaded = [m for m in sys.modules if m.startswith('ampeco_public_api.models.')]\n"
        "assert loaded == [], loaded\n"
        "w.model_for('cdr.received')\n"
        "assert 'ampeco_public_api.models.cdr_received_notification' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True)
