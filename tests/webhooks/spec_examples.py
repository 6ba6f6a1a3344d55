"""Shared by the webhook tests: the secret, the spec's callbacks, example payloads from their schemas."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from typing import Any

# Distinctive, so a leak into a message, a repr or a log line is found by a plain substring search.
SECRET = "sk-ampeco-test-9f8e7d6c5b4a"
NOTIFICATION_PATHS = ("/public-api/notifications/v1.0", "/public-api/notifications/v2.0")


@dataclass(frozen=True)
class Callback:
    path: str
    key: str
    schema: str  # the component schema of the body
    kinds: tuple[str, ...]  # the enum values of its "notification" property

    def __str__(self) -> str:
        return f"{self.path.rsplit('/', 1)[-1]}:{self.key}"

    @property
    def body(self) -> tuple[str, str, tuple[str, ...]]:
        """What a payload test depends on: the same body under both API versions is tested once."""
        return self.key, self.schema, self.kinds


@functools.cache
def normalized_spec() -> dict[str, Any]:
    from codegen.spec import load_normalized_spec

    document, _ = load_normalized_spec()
    return document


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    schemas = normalized_spec()["components"]["schemas"]
    while True:
        if "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
        elif len(schema.get("allOf", [])) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


@functools.cache
def spec_callbacks() -> tuple[Callback, ...]:
    """Every callback of both notification endpoints, read straight from the spec."""
    found = []
    for path in NOTIFICATION_PATHS:
        for key, callback in normalized_spec()["paths"][path]["post"]["callbacks"].items():
            for item in callback.values():
                ref = item["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                schema = ref.rsplit("/", 1)[-1]
                discriminator = resolve(resolve({"$ref": ref})["properties"]["notification"])
                found.append(Callback(path, key, schema, tuple(discriminator["enum"])))
    return tuple(found)


@functools.cache
def distinct_callbacks() -> tuple[Callback, ...]:
    """One callback per distinct (name, body, kinds): v1.0 and v2.0 often declare the same ones."""
    return tuple({callback.body: callback for callback in reversed(spec_callbacks())}.values())[::-1]


@functools.cache
def example_operations() -> Any:
    """A throwaway OpenAPI document with one operation per callback body, for schemathesis to fill.

    Callbacks are server-to-client, so ``readOnly`` (which hides fields from request bodies) does
    not apply and is removed; ``notification`` is the discriminator AMPECO always sends, so it is
    made required even where the spec forgot to.
    """
    import schemathesis

    document = normalized_spec()
    components = _without_read_only(copy.deepcopy(document["components"]))
    paths = {}
    for index, callback in enumerate(distinct_callbacks()):
        body = components["schemas"][callback.schema]
        body["required"] = sorted({*body.get("required", []), "notification"})
        paths[example_path(index)] = {
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{callback.schema}"}}
                    },
                },
                "responses": {"202": {"description": "accepted"}},
            }
        }
    synthetic = {
        "openapi": document["openapi"],
        "info": {"title": "callbacks", "version": "1"},
        "paths": paths,
    }
    synthetic["components"] = components
    return schemathesis.openapi.from_dict(synthetic)


def example_path(index: int) -> str:
    """The synthetic operation of ``distinct_callbacks()[index]`` in ``example_operations()``."""
    return f"/callbacks/{index}"


def _without_read_only(node: Any) -> Any:
    if isinstance(node, dict):
        node.pop("readOnly", None)
        for value in node.values():
            _without_read_only(value)
    elif isinstance(node, list):
        for value in node:
            _without_read_only(value)
    return node
