"""api-diff on small hand-made spec pairs: every change class, and which ones are breaking."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from versioning_support import json_body, obj, op, run_script, spec, write_json

from codegen.diff.api_diff import diff_documents
from codegen.diff.changes import Change
from codegen.spec.source import SpecSide, prepare

REPO = Path(__file__).resolve().parents[2]
JSON = dict[str, Any]
Row = tuple[str, str, bool, str]  # kind, METHOD path, breaking, location


def diff(old: JSON, new: JSON) -> list[Change]:
    return diff_documents(SpecSide("old", prepare(old)), SpecSide("new", prepare(new))).changes


def rows(changes: list[Change]) -> set[Row]:
    return {(c.kind.value, f"{c.method} {c.path}", c.breaking, c.location) for c in changes}


ITEMS = "/items"
GET = f"GET {ITEMS}"
POST = f"POST {ITEMS}"
STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}


def one_get(**extra: Any) -> JSON:
    return spec({ITEMS: {"get": op("listItems", **extra)}})


def one_post(schema: JSON, required: bool = True, **extra: Any) -> JSON:
    return spec(
        {ITEMS: {"post": op("createItem", requestBody={"required": required, **json_body(schema)}, **extra)}}
    )


def param(name: str, required: bool = False, schema: JSON | None = None, where: str = "query") -> JSON:
    return {"in": where, "name": name, "required": required, "schema": schema or STRING}


SUBSCRIBE = "/subscriptions"
HOOK_URL = "{$request.body#/callbackUrl}"


def subscribe(**hooks: JSON | None) -> JSON:
    """A subscribe operation whose callbacks deliver the given payloads (None: a deprecated empty one)."""
    callbacks: JSON = {}
    for name, payload in hooks.items():
        hook: JSON = {"responses": {"202": {"description": "accepted"}}}
        if payload is None:
            hook["deprecated"] = True
        else:
            hook["requestBody"] = {"required": True, **json_body(payload)}
        callbacks[name] = {HOOK_URL: {"post": hook}}
    return spec({SUBSCRIBE: {"post": op("subscribe", callbacks=callbacks)}})


SUB = f"POST {SUBSCRIBE}"

CASES: dict[str, tuple[JSON, JSON, set[Row]]] = {
    # ---- operations
    "operation added": (
        one_get(),
        spec({ITEMS: {"get": op("listItems"), "post": op("createItem")}}),
        {("operation-added", POST, False, "")},
    ),
    "operation removed": (
        spec({ITEMS: {"get": op("listItems"), "post": op("createItem")}}),
        one_get(),
        {("operation-removed", POST, True, "")},
    ),
    "operation deprecated": (one_get(), one_get(deprecated=True), {("operation-deprecated", GET, False, "")}),
    "operation undeprecated": (
        one_get(deprecated=True),
        one_get(),
        {("operation-undeprecated", GET, False, "")},
    ),
    "operationId changed": (
        one_get(),
        spec({ITEMS: {"get": op("getItems")}}),
        {("operation-renamed", GET, True, "")},
    ),
    # ---- parameters
    "optional parameter added": (
        one_get(),
        one_get(parameters=[param("q")]),
        {("parameter-added", GET, False, "query parameter `q`")},
    ),
    "required parameter added": (
        one_get(),
        one_get(parameters=[param("q", required=True)]),
        {("parameter-added", GET, True, "query parameter `q`")},
    ),
    "parameter removed": (
        one_get(parameters=[param("q")]),
        one_get(),
        {("parameter-removed", GET, True, "query parameter `q`")},
    ),
    "parameter becomes required": (
        one_get(parameters=[param("q")]),
        one_get(parameters=[param("q", required=True)]),
        {("parameter-required-changed", GET, True, "query parameter `q`")},
    ),
    "parameter becomes optional": (
        one_get(parameters=[param("q", required=True)]),
        one_get(parameters=[param("q")]),
        {("parameter-required-changed", GET, False, "query parameter `q`")},
    ),
    "parameter enum value added": (
        one_get(parameters=[param("s", schema={"type": "string", "enum": ["a"]})]),
        one_get(parameters=[param("s", schema={"type": "string", "enum": ["a", "b"]})]),
        {("enum-value-added", GET, False, "query parameter `s`")},
    ),
    "parameter enum value removed": (
        one_get(parameters=[param("s", schema={"type": "string", "enum": ["a", "b"]})]),
        one_get(parameters=[param("s", schema={"type": "string", "enum": ["a"]})]),
        {("enum-value-removed", GET, True, "query parameter `s`")},
    ),
    "parameter type narrowed (number -> integer)": (
        one_get(parameters=[param("n", schema=NUMBER)]),
        one_get(parameters=[param("n", schema=INTEGER)]),
        {("type-changed", GET, True, "query parameter `n`")},
    ),
    "parameter type widened (integer -> number)": (
        one_get(parameters=[param("n", schema=INTEGER)]),
        one_get(parameters=[param("n", schema=NUMBER)]),
        {("type-changed", GET, False, "query parameter `n`")},
    ),
    "enum items of an array parameter": (
        one_get(
            parameters=[param("i", schema={"type": "array", "items": {"type": "string", "enum": ["x", "y"]}})]
        ),
        one_get(
            parameters=[param("i", schema={"type": "array", "items": {"type": "string", "enum": ["x", "z"]}})]
        ),
        {
            ("enum-value-added", GET, False, "query parameter `i[]`"),
            ("enum-value-removed", GET, True, "query parameter `i[]`"),
        },
    ),
    "field of a deepObject filter parameter": (
        one_get(parameters=[param("filter", schema=obj(status=STRING))]),
        one_get(parameters=[param("filter", schema=obj(status=STRING, name=STRING))]),
        {("field-added", GET, False, "query parameter `filter.name`")},
    ),
    "renamed path parameter is the same operation": (
        spec({"/items/{id}": {"get": op("readItem", parameters=[param("id", True, INTEGER, "path")])}}),
        spec({"/items/{item}": {"get": op("readItem", parameters=[param("item", True, INTEGER, "path")])}}),
        {
            ("parameter-removed", "GET /items/{item}", True, "path parameter `id`"),
            ("parameter-added", "GET /items/{item}", True, "path parameter `item`"),
        },
    ),
    "path-level parameter moved to the operation: no change": (
        spec({ITEMS: {"parameters": [param("q")], "get": op("listItems")}}),
        one_get(parameters=[param("q")]),
        set(),
    ),
    # ---- request bodies
    "required request body added": (
        spec({ITEMS: {"post": op("createItem")}}),
        one_post(obj(name=STRING)),
        {("request-body-added", POST, True, "request body")},
    ),
    "optional request body added": (
        spec({ITEMS: {"post": op("createItem")}}),
        one_post(obj(name=STRING), required=False),
        {("request-body-added", POST, False, "request body")},
    ),
    "request body removed": (
        one_post(obj(name=STRING)),
        spec({ITEMS: {"post": op("createItem")}}),
        {("request-body-removed", POST, True, "request body")},
    ),
    "request body becomes required": (
        one_post(obj(name=STRING), required=False),
        one_post(obj(name=STRING)),
        {("request-body-required-changed", POST, True, "request body")},
    ),
    "optional request field added": (
        one_post(obj(name=STRING)),
        one_post(obj(name=STRING, note=STRING)),
        {("field-added", POST, False, "request body `note`")},
    ),
    "required request field added": (
        one_post(obj(name=STRING)),
        one_post(obj(["note"], name=STRING, note=STRING)),
        {("field-added", POST, True, "request body `note`")},
    ),
    "request field removed": (
        one_post(obj(name=STRING, note=STRING)),
        one_post(obj(name=STRING)),
        {("field-removed", POST, True, "request body `note`")},
    ),
    "request field becomes required": (
        one_post(obj(name=STRING)),
        one_post(obj(["name"], name=STRING)),
        {("field-required-changed", POST, True, "request body `name`")},
    ),
    "request field becomes optional": (
        one_post(obj(["name"], name=STRING)),
        one_post(obj(name=STRING)),
        {("field-required-changed", POST, False, "request body `name`")},
    ),
    "nested request field in an array of objects": (
        one_post(obj(lines=({"type": "array", "items": obj(qty=INTEGER)}))),
        one_post(obj(lines=({"type": "array", "items": obj(["sku"], qty=INTEGER, sku=STRING)}))),
        {("field-added", POST, True, "request body `lines[].sku`")},
    ),
    "request enum restriction added (narrowed)": (
        one_post(obj(kind=STRING)),
        one_post(obj(kind={"type": "string", "enum": ["a"]})),
        {("type-changed", POST, True, "request body `kind`")},
    ),
    "request content type changed": (
        one_post(obj(name=STRING)),
        spec(
            {
                ITEMS: {
                    "post": op(
                        "createItem",
                        requestBody={
                            "required": True,
                            "content": {"multipart/form-data": {"schema": obj(name=STRING)}},
                        },
                    )
                }
            }
        ),
        {("type-changed", POST, True, "request body")},
    ),
    # ---- responses
    "response field added": (
        one_get(response=obj(id=INTEGER)),
        one_get(response=obj(id=INTEGER, name=STRING)),
        {("field-added", GET, False, "response 200 `name`")},
    ),
    "response field removed": (
        one_get(response=obj(id=INTEGER, name=STRING)),
        one_get(response=obj(id=INTEGER)),
        {("field-removed", GET, True, "response 200 `name`")},
    ),
    "response field may now be absent": (
        one_get(response=obj(["id"], id=INTEGER)),
        one_get(response=obj(id=INTEGER)),
        {("field-required-changed", GET, True, "response 200 `id`")},
    ),
    "response field now always present": (
        one_get(response=obj(id=INTEGER)),
        one_get(response=obj(["id"], id=INTEGER)),
        {("field-required-changed", GET, False, "response 200 `id`")},
    ),
    "response enum value added": (
        one_get(response=obj(state={"type": "string", "enum": ["on"]})),
        one_get(response=obj(state={"type": "string", "enum": ["on", "off"]})),
        {("enum-value-added", GET, False, "response 200 `state`")},
    ),
    "response enum value removed": (
        one_get(response=obj(state={"type": "string", "enum": ["on", "off"]})),
        one_get(response=obj(state={"type": "string", "enum": ["on"]})),
        {("enum-value-removed", GET, True, "response 200 `state`")},
    ),
    "response type widened (integer -> number)": (
        one_get(response=obj(kwh=INTEGER)),
        one_get(response=obj(kwh=NUMBER)),
        {("type-changed", GET, True, "response 200 `kwh`")},
    ),
    "response type narrowed (number -> integer)": (
        one_get(response=obj(kwh=NUMBER)),
        one_get(response=obj(kwh=INTEGER)),
        {("type-changed", GET, False, "response 200 `kwh`")},
    ),
    "response field becomes nullable": (
        one_get(response=obj(kwh=NUMBER)),
        one_get(response=obj(kwh={"type": "number", "nullable": True})),
        {("type-changed", GET, True, "response 200 `kwh`")},
    ),
    "unrelated type (string -> integer)": (
        one_get(response=obj(code=STRING)),
        one_get(response=obj(code=INTEGER)),
        {("type-changed", GET, True, "response 200 `code`")},
    ),
    "typed format dropped (date-time -> plain string)": (
        one_get(response=obj(at={"type": "string", "format": "date-time"})),
        one_get(response=obj(at=STRING)),
        {("type-changed", GET, True, "response 200 `at`")},
    ),
    "documentation-only format change: no change": (
        one_get(response=obj(n={"type": "integer", "format": "int32"})),
        one_get(response=obj(n={"type": "integer", "format": "int64"})),
        set(),
    ),
    "response enum restriction lifted (widened)": (
        one_get(response=obj(state={"type": "string", "enum": ["on"]})),
        one_get(response=obj(state=STRING)),
        {("type-changed", GET, True, "response 200 `state`")},
    ),
    "success status removed": (
        one_get(),
        spec({ITEMS: {"get": {"operationId": "listItems", "responses": {"201": {"description": "ok"}}}}}),
        {("response-removed", GET, True, "response 200"), ("response-added", GET, False, "response 201")},
    ),
    "error status removed: not breaking": (
        one_get(responses={"200": {"description": "ok"}, "404": {"description": "gone"}}),
        one_get(responses={"200": {"description": "ok"}}),
        {("response-removed", GET, False, "response 404")},
    ),
    "error body field removed: not compared": (
        one_get(
            responses={"200": {"description": "ok"}, "422": {"description": "no", **json_body(obj(a=STRING))}}
        ),
        one_get(responses={"200": {"description": "ok"}, "422": {"description": "no", **json_body(obj())}}),
        set(),
    ),
    "documentation changes only: no change": (
        one_get(response=obj(id=INTEGER), summary="a"),
        one_get(
            response=obj(id={"type": "integer", "description": "the id"}), summary="b", description="more"
        ),
        set(),
    ),
    # ---- webhooks (callbacks): payloads are received, so they follow the response rules
    "webhook added": (
        subscribe(Boot=obj(id=INTEGER)),
        subscribe(Boot=obj(id=INTEGER), Stop=obj(id=INTEGER)),
        {("webhook-added", SUB, False, "webhook `Stop`")},
    ),
    "webhook removed": (
        subscribe(Boot=obj(id=INTEGER), Stop=obj(id=INTEGER)),
        subscribe(Boot=obj(id=INTEGER)),
        {("webhook-removed", SUB, True, "webhook `Stop`")},
    ),
    "webhook deprecated": (
        subscribe(Boot=obj()),
        subscribe(Boot=None),
        {("operation-deprecated", SUB, False, "webhook `Boot`")},
    ),
    "webhook payload field removed": (
        subscribe(Boot=obj(id=INTEGER, model=STRING)),
        subscribe(Boot=obj(id=INTEGER)),
        {("field-removed", SUB, True, "webhook `Boot` payload `model`")},
    ),
    "webhook payload field added": (
        subscribe(Boot=obj(id=INTEGER)),
        subscribe(Boot=obj(["model"], id=INTEGER, model=STRING)),
        {("field-added", SUB, False, "webhook `Boot` payload `model`")},
    ),
    "webhook payload type widened": (
        subscribe(Boot=obj(id=INTEGER)),
        subscribe(Boot=obj(id={"type": "integer", "nullable": True})),
        {("type-changed", SUB, True, "webhook `Boot` payload `id`")},
    ),
    "oneOf variant added to a response": (
        one_get(response={"oneOf": [obj(a=STRING), obj(b=STRING)]}),
        one_get(response={"oneOf": [obj(a=STRING), obj(b=STRING), obj(c=STRING)]}),
        {("type-changed", GET, True, "response 200")},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_change_class(name: str) -> None:
    old, new, expected = CASES[name]
    assert rows(diff(old, new)) == expected


def test_same_api_written_with_refs_and_allof_has_no_changes() -> None:
    """$ref components and allOf compositions compare by content, as the generator sees them."""
    inline = one_get(response=obj(["id"], id=INTEGER, name=STRING))
    composed = spec(
        {ITEMS: {"get": op("listItems", response={"$ref": "#/components/schemas/Item"})}},
        components={
            "schemas": {
                "Base": obj(["id"], id=INTEGER),
                "Item": {"allOf": [{"$ref": "#/components/schemas/Base"}, obj(name=STRING)]},
            }
        },
    )
    assert diff(inline, composed) == []


def test_recursive_schema_is_compared_without_looping() -> None:
    node = {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Node"}, "v": INTEGER}}
    old = spec(
        {ITEMS: {"get": op("tree", response={"$ref": "#/components/schemas/Node"})}},
        components={"schemas": {"Node": node}},
    )
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Node"]["properties"]["v"] = NUMBER
    # The recursion stops where the schema refers to itself; its own fields are reported once.
    assert rows(diff(old, new)) == {("type-changed", "GET /items", True, "response 200 `v`")}


def test_details_name_the_values() -> None:
    old = one_get(response=obj(state={"type": "string", "enum": ["on", "off"]}, kwh=INTEGER))
    new = one_get(response=obj(state={"type": "string", "enum": ["on", "standby"]}, kwh=NUMBER))
    by_kind = {c.kind.value: c for c in diff(old, new)}
    assert by_kind["enum-value-added"].new == "standby"
    assert by_kind["enum-value-removed"].old == "off"
    assert by_kind["type-changed"].detail == "widened: integer -> number"
    assert by_kind["type-changed"].operation_id == "listItems"


# ------------------------------------------------------------------ the command line


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old = spec(
        {ITEMS: {"get": op("listItems", response=obj(state={"type": "string", "enum": ["on", "off"]}))}},
        "1.0.0",
    )
    new = spec(
        {
            ITEMS: {
                "get": op("listItems", response=obj(state={"type": "string", "enum": ["on"]})),
                "post": op("createItem"),
            }
        },
        "1.1.0",
    )
    new_path = tmp_path / "new.yaml"
    new_path.write_text(yaml.safe_dump(new), encoding="utf-8")  # YAML is read too
    return write_json(tmp_path / "old.json", old), new_path


def test_cli_json_lists_changes_with_breaking_flags(pair: tuple[Path, Path]) -> None:
    result = run_script(REPO, "api-diff", str(pair[0]), str(pair[1]), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["old"], data["new"]) == ("1.0.0", "1.1.0")
    assert data["summary"] == {"breaking": 1, "non_breaking": 1, "operations_old": 1, "operations_new": 2}
    assert [(c["kind"], c["breaking"], c["method"], c["operation_id"]) for c in data["changes"]] == [
        ("enum-value-removed", True, "GET", "listItems"),
        ("operation-added", False, "POST", "createItem"),
    ]


def test_cli_markdown_to_file_and_fail_on_breaking(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "out" / "changes.md"
    result = run_script(
        REPO, "api-diff", str(pair[0]), str(pair[1]), "--output", str(out), "--fail-on-breaking"
    )
    assert result.returncode == 1
    assert "1 breaking change(s) from 1.0.0 to 1.1.0" in result.stderr
    text = out.read_text(encoding="utf-8")
    breaking, other = text.split("### Breaking changes")[1].split("### Other changes")
    assert 'Enum value removed: `GET /items` (`listItems`), response 200 `state`: `"off"`' in breaking
    assert "Operation added: `POST /items` (`createItem`)" in other


def test_cli_fail_on_breaking_passes_without_breaking_changes(pair: tuple[Path, Path]) -> None:
    result = run_script(REPO, "api-diff", str(pair[1]), str(pair[1]), "--fail-on-breaking")
    assert result.returncode == 0, result.stderr
    assert "No changes" in result.stdout


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("9.9.9", "platform release '9.9.9' is not pinned"),
        ("no-such-file.json", "is neither a spec file nor a platform version"),
    ],
)
def test_cli_names_a_bad_argument(pair: tuple[Path, Path], argument: str, message: str) -> None:
    result = run_script(REPO, "api-diff", str(pair[0]), argument)
    assert result.returncode == 2
    assert message in result.stderr


def test_cli_rejects_a_file_that_is_not_openapi(tmp_path: Path, pair: tuple[Path, Path]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"swagger": "x"}', encoding="utf-8")
    result = run_script(REPO, "api-diff", str(pair[0]), str(bad))
    assert result.returncode == 2
    assert "SpecSourceError" in result.stderr and "no top-level 'paths'" in result.stderr
