"""What the generator is shown of the normalized document (codegen/spec/view.generator_view)."""

from __future__ import annotations

from typing import Any

from codegen.spec.view import generator_view


def _json(ref: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


DOCUMENT: dict[str, Any] = {
    "paths": {
        "/things": {
            "post": {
                "requestBody": _json("Thing"),
                "responses": {"201": {"description": "ok", **_json("Thing")}, "422": _json("Problem")},
            },
            "get": {"responses": {"200": {"description": "ok", **_json("Report")}, "404": _json("Problem")}},
        }
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {"id": {"type": "integer", "readOnly": True}, "name": {"type": "string"}},
            },
            "Report": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id"],
                "properties": {"id": {"type": "integer", "readOnly": True}},
            },
            "Problem": {"type": "object", "properties": {"message": {"type": "string"}}},
        }
    },
}


def test_error_responses_leave_the_return_types_but_their_models_stay() -> None:
    view = generator_view(DOCUMENT)
    assert list(view["paths"]["/things"]["post"]["responses"]) == ["201"]
    assert list(view["paths"]["/things"]["get"]["responses"]) == ["200"]
    assert "Problem" in view["components"]["schemas"]


def test_read_only_fields_are_not_required_of_request_bodies_only() -> None:
    schemas = generator_view(DOCUMENT)["components"]["schemas"]
    assert schemas["Thing"]["required"] == ["name"]
    assert schemas["Report"]["required"] == ["id"]  # never sent: a response keeps its contract


def test_every_model_stays_open_to_new_fields() -> None:
    assert "additionalProperties" not in generator_view(DOCUMENT)["components"]["schemas"]["Report"]
    assert DOCUMENT["components"]["schemas"]["Report"]["additionalProperties"] is False  # input untouched
