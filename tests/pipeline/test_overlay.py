"""The Overlay 1.0 engine on small hand-made documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.spec.overlay import OverlayError, apply_overlay, load_overlay


def _overlay(*actions: dict[str, object]) -> dict[str, object]:
    return {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": list(actions)}


DOC = {
    "paths": {
        "/a": {"get": {"summary": "A", "tags": ["x"], "parameters": [{"name": "p", "in": "query"}]}},
        "/b": {"get": {"summary": "B", "deprecated": True}},
    }
}


def test_update_merges_objects_recursively_and_leaves_the_input_alone() -> None:
    patched, report = apply_overlay(
        DOC, _overlay({"target": "$.paths['/a'].get", "update": {"summary": "A2", "x-new": {"k": 1}}})
    )
    assert patched["paths"]["/a"]["get"]["summary"] == "A2"
    assert patched["paths"]["/a"]["get"]["x-new"] == {"k": 1}
    assert patched["paths"]["/a"]["get"]["tags"] == ["x"]
    assert DOC["paths"]["/a"]["get"]["summary"] == "A"  # type: ignore[index]
    assert report.results[0].matched == 1


def test_update_on_an_array_appends() -> None:
    patched, _ = apply_overlay(DOC, _overlay({"target": "$.paths['/a'].get.tags", "update": "y"}))
    assert patched["paths"]["/a"]["get"]["tags"] == ["x", "y"]


def test_remove_deletes_every_match_including_filtered_ones() -> None:
    patched, report = apply_overlay(
        DOC, _overlay({"target": "$.paths[*][?@.deprecated == true]", "remove": True})
    )
    assert "get" not in patched["paths"]["/b"]
    assert "get" in patched["paths"]["/a"]
    assert report.results[0].matched == 1


def test_an_action_that_matches_nothing_is_an_error_naming_it() -> None:
    with pytest.raises(OverlayError, match=r"fix the summary.*matches nothing"):
        apply_overlay(
            DOC,
            _overlay(
                {
                    "target": "$.paths['/gone'].get",
                    "description": "fix the summary",
                    "update": {"summary": "x"},
                }
            ),
        )


def test_non_strict_mode_reports_unmatched_actions() -> None:
    _, report = apply_overlay(DOC, _overlay({"target": "$.paths['/gone']", "remove": True}), strict=False)
    assert [r.target for r in report.unmatched] == ["$.paths['/gone']"]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"overlay": "2.0.0", "info": {"title": "t", "version": "1"}, "actions": []}, "1.0.x"),
        ({"overlay": "1.0.0", "actions": []}, "'info'"),
        (_overlay({"target": "paths", "remove": True}), "starting with '\\$'"),
        (_overlay({"target": "$.a", "remove": True, "update": {}}), "exactly one"),
        (_overlay({"target": "$.a[", "remove": True}), "bad JSONPath"),
    ],
)
def test_malformed_overlays_are_refused_with_the_reason(document: dict[str, object], message: str) -> None:
    with pytest.raises(OverlayError, match=message):
        apply_overlay({"a": 1}, document)


def test_load_overlay_reads_yaml(tmp_path: Path) -> None:
    path = tmp_path / "overlay.yaml"
    path.write_text(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.a\n    remove: true\n"
    )
    assert load_overlay(path)["actions"][0]["target"] == "$.a"
    path.write_text("overlay: [unclosed")
    with pytest.raises(OverlayError, match="cannot read overlay"):
        load_overlay(path)
