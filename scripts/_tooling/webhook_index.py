"""Write ``ampeco_public_api/webhooks.py``: which generated model each webhook notification parses into.

openapi-python-client ignores callbacks; the normalizer hoists every callback body into
``components.schemas`` so the models exist, and this step adds the missing piece: the discriminated
union on the payload's ``notification`` field.

How the union is built (the rule is written into the generated module too):

- Every operation with callbacks contributes (in the spec these are the two notification
  subscription endpoints, ``/public-api/notifications/v1.0`` and ``/v2.0``).
- A callback's kinds are the ``enum`` (or ``const``) values of its body's ``notification``
  property; a body without one is keyed by the callback's name.
- Paths are read in sorted order, so a kind defined by ``/v2.0`` overrides ``/v1.0`` (in 3.110.0
  both declare identical callbacks). Within one path, one kind with two different bodies is an
  error: the union would be ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ampeco._spec.normalize import HTTP_METHODS

from _tooling.paths import GENERATOR_CONFIG

_SCHEMA_PREFIX = "#/components/schemas/"


class WebhookIndexError(RuntimeError):
    """The callbacks cannot be turned into an unambiguous notification -> model mapping."""


@dataclass(frozen=True)
class NotificationModel:
    kind: str
    schema: str
    module: str
    class_name: str
    deprecated: bool


def write_webhook_index(document: dict[str, Any], package_dir: Path) -> None:
    """Write ``package_dir/webhooks.py`` for the callbacks of ``document`` (the normalized spec)."""
    models = notification_models(document)
    namer = _Namer.from_config(GENERATOR_CONFIG)
    resolved = [namer.locate(model, package_dir) for model in models]
    (package_dir / "webhooks.py").write_text(render(resolved), encoding="utf-8")


def notification_models(document: dict[str, Any]) -> list[NotificationModel]:
    """Every notification kind with the component schema of its body (names not yet resolved)."""
    by_kind: dict[str, NotificationModel] = {}
    for path in sorted(document.get("paths", {})):
        seen_here: dict[str, str] = {}
        for callback_key, request in _callbacks(document["paths"][path]):
            schema = _body_schema_name(request, path, callback_key)
            deprecated = bool(request.get("deprecated", False))
            for kind in _kinds(document, schema, callback_key):
                if seen_here.setdefault(kind, schema) != schema:
                    raise WebhookIndexError(f"{path}: {kind!r} has bodies {seen_here[kind]} and {schema}")
                by_kind[kind] = NotificationModel(kind, schema, "", "", deprecated)
    if not by_kind:
        raise WebhookIndexError("the spec declares no callbacks: nothing to index")
    return list(by_kind.values())


def _callbacks(item: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(callback name, callback operation) for every operation of a path item."""
    found = []
    for operation in _operations(item):
        for callback_key, callback in (operation.get("callbacks") or {}).items():
            for expression in callback.values():
                if isinstance(expression, dict):
                    found += [(str(callback_key), request) for request in _operations(expression)]
    return found


def _operations(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [item[method] for method in HTTP_METHODS if isinstance(item.get(method), dict)]


def _body_schema_name(request: dict[str, Any], path: str, callback_key: str) -> str:
    content = (request.get("requestBody") or {}).get("content") or {}
    media = content.get("application/json")
    ref = (media or {}).get("schema", {}).get("$ref", "")
    if not ref.startswith(_SCHEMA_PREFIX):
        raise WebhookIndexError(
            f"{path} callback {callback_key!r}: JSON body is not a $ref to components.schemas "
            "(the normalizer should have hoisted it)"
        )
    return str(ref[len(_SCHEMA_PREFIX) :])


def _kinds(document: dict[str, Any], schema_name: str, callback_key: str) -> list[str]:
    """Discriminator values of a body schema: its ``notification`` enum, else the callback's name."""
    schema = _resolve(document, {"$ref": _SCHEMA_PREFIX + schema_name})
    prop = _resolve(document, (schema.get("properties") or {}).get("notification") or {})
    if "const" in prop:
        return [str(prop["const"])]
    values = [str(value) for value in prop.get("enum") or [] if value is not None]
    return values or [callback_key]


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` and single-member ``allOf`` wrappers down to the schema itself."""
    for _ in range(32):
        if "$ref" in schema:
            name = str(schema["$ref"]).removeprefix(_SCHEMA_PREFIX)
            schema = document["components"]["schemas"][name]
        elif len(schema.get("allOf") or []) == 1 and "enum" not in schema:
            schema = schema["allOf"][0]
        else:
            return schema
    raise WebhookIndexError(f"reference cycle while resolving {schema!r}")


@dataclass(frozen=True)
class _Namer:
    """The generator's own naming rules, with the overrides of generator-config.yaml."""

    field_prefix: str
    class_overrides: dict[str, Any]

    @classmethod
    def from_config(cls, path: Path) -> _Namer:
        from openapi_python_client.config import ConfigFile

        config = ConfigFile.load_from_path(path)
        return cls(config.field_prefix, dict(config.class_overrides or {}))

    def locate(self, model: NotificationModel, package_dir: Path) -> NotificationModel:
        from openapi_python_client.strings import ClassName, PythonIdentifier

        class_name = str(ClassName(model.schema, self.field_prefix))
        module = class_name
        override = self.class_overrides.get(class_name)
        if override is not None and override.class_name is not None:
            class_name = module = str(ClassName(override.class_name, self.field_prefix))
        if override is not None and override.module_name is not None:
            module = override.module_name
        module = str(PythonIdentifier(module, self.field_prefix))
        source = package_dir / "models" / f"{module}.py"
        if not source.is_file() or f"\nclass {class_name}:" not in source.read_text(encoding="utf-8"):
            raise WebhookIndexError(
                f"notification {model.kind!r}: no class {class_name} in models/{module}.py "
                f"(schema {model.schema})"
            )
        return NotificationModel(model.kind, model.schema, module, class_name, model.deprecated)


_MODULE_DOC = '''"""Webhook notifications: the model each value of a payload's ``notification`` selects.

Written by ``scripts/_tooling/webhook_index.py`` from the callbacks of the notification endpoints:
a kind is the ``enum`` value of its body's ``notification`` property; where ``/v1.0`` and ``/v2.0``
disagree, ``/v2.0`` wins. Models are imported on first use so importing this module stays cheap;
``Notification`` is the union of every model (built on first access at run time, since that imports
them all). ``ampeco.webhooks.parse`` is the public entry point.
"""
'''


def render(models: list[NotificationModel]) -> str:
    """Source of the generated module (formatted by ruff afterwards, like the rest of the package)."""
    imports = sorted({(m.module, m.class_name) for m in models})
    members = sorted({m.class_name for m in models})
    lines = [
        _MODULE_DOC,
        "from __future__ import annotations",
        "",
        "import importlib",
        "import operator",
        "from functools import reduce",
        "from typing import TYPE_CHECKING, Any",
        "",
        "if TYPE_CHECKING:",
        "    from typing import TypeAlias",
        "",
        *(f"    from .models.{module} import {name}" for module, name in imports),
        "",
        "    Notification: TypeAlias = " + " | ".join(members),
        "",
        "NOTIFICATION_MODELS: dict[str, tuple[str, str]] = {",
        *(f"    {m.kind!r}: ({m.module!r}, {m.class_name!r})," for m in models),
        "}",
        '"""Notification kind -> (module under ``ampeco_public_api.models``, class name)."""',
        "",
        "DEPRECATED_KINDS: frozenset[str] = frozenset({",
        *(f"    {m.kind!r}," for m in models if m.deprecated),
        "})",
        '"""Kinds whose callback the spec marks deprecated (still delivered, still parsed)."""',
        "",
        "_loaded: dict[str, type[Notification]] = {}",
        "",
        "",
        "def model_for(kind: str) -> type[Notification] | None:",
        '    """The model of a notification kind, or ``None`` for a kind this release does not know."""',
        "    model = _loaded.get(kind)",
        "    if model is None and kind in NOTIFICATION_MODELS:",
        "        module_name, class_name = NOTIFICATION_MODELS[kind]",
        '        module = importlib.import_module(f"{__package__}.models.{module_name}")',
        "        model = _loaded[kind] = getattr(module, class_name)",
        "    return model",
        "",
        "",
        "def __getattr__(name: str) -> Any:",
        '    if name == "Notification":',
        "        union = reduce(operator.or_, (model_for(kind) for kind in NOTIFICATION_MODELS))",
        '        globals()["Notification"] = union',
        "        return union",
        '    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
        "",
    ]
    return "\n".join(lines)
