"""Routing tries only the templates that can match, and still answers as trying every template in order."""

from __future__ import annotations

import re

import pytest

from ampeco.mock import load_mock_spec
from ampeco.mock._operations import OperationIndex

PARAMETER = re.compile(r"\{[^}/]+\}")


def _first_match_of_all(index: OperationIndex, path: str) -> tuple[object, dict[str, str]] | None:
    for route in index._routes:
        found = route.pattern.match(path)
        if found:
            return route.operations, dict(zip(route.names, found.groups(), strict=True))
    return None


def _paths(template: str) -> list[str]:
    filled = [PARAMETER.sub(value, template) for value in ("1", "date", "abc-9")]
    return [*filled, template + "/extra", template.rsplit("/", 1)[0] + "/unknown", template + "/"]


def test_every_template_routes_as_the_full_ordered_scan() -> None:
    index = load_mock_spec().index
    checked = 0
    for route in index._routes:
        for path in _paths(route.path):
            assert index.match(path) == _first_match_of_all(index, path), path
            checked += 1
    assert checked > 1500


@pytest.mark.parametrize("path", ["", "/", "/public-api", "/public-api/resources", "/x/y/z/w", "//"])
def test_short_and_foreign_paths(path: str) -> None:
    index = load_mock_spec().index
    assert index.match(path) == _first_match_of_all(index, path)


def test_a_parameter_in_the_resource_segment_joins_every_bucket() -> None:
    document = {
        "paths": {
            "/public-api/resources/{anything}/v1.0": {"get": {"operationId": "anyRead", "responses": {}}},
            "/public-api/resources/things/v1.0": {"get": {"operationId": "thingsListing", "responses": {}}},
        }
    }
    index = OperationIndex(document)
    assert index.match("/public-api/resources/things/v1.0")[0]["get"].operation_id == "thingsListing"
    assert index.match("/public-api/resources/others/v1.0")[0]["get"].operation_id == "anyRead"
    assert index.match("/public-api/resources/others/v1.0")[1] == {"anything": "others"}
