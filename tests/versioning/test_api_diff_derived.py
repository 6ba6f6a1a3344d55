"""api-diff on pairs derived from the real 3.110.0 document by overlays."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from versioning_support import (
    ADDED_PATH,
    ENUM_PATH,
    REMOVED,
    REQUIRED_PARAM_PATH,
    derive,
    run_script,
    synthetic_release,
    write_json,
)

from codegen.diff.api_diff import diff_documents
from codegen.spec.source import SpecSide, prepare

REPO = Path(__file__).resolve().parents[2]
JSON = dict[str, Any]
CURRENCIES = f"$.paths['{REQUIRED_PARAM_PATH}'].get"
CURRENCY_ITEM = f"{CURRENCIES}.responses['200'].content['application/json'].schema.properties.data.items"
AVAILABILITY_BODY = f"$.paths['{ENUM_PATH}'].post.requestBody.content['application/json'].schema"


@pytest.fixture(scope="module")
def base(base_document: JSON) -> SpecSide:
    return SpecSide("3.110.0", prepare(base_document))


def changes_to(base: SpecSide, base_document: JSON, *actions: JSON) -> set[tuple[str, str, bool, str]]:
    new = SpecSide("derived", prepare(derive(base_document, *actions)))
    return {
        (c.kind.value, f"{c.method} {c.path}", c.breaking, c.location)
        for c in diff_documents(base, new).changes
    }


def test_release_against_itself_has_no_changes(base: SpecSide) -> None:
    result = diff_documents(base, base)
    assert result.changes == [] and result.old_operations == result.new_operations == 452


def test_synthetic_release(base: SpecSide, base_document: JSON) -> None:
    new = SpecSide("3.111.0", prepare(synthetic_release(base_document)))
    found = {
        (c.kind.value, f"{c.method} {c.path}", c.breaking, c.location, c.operation_id)
        for c in diff_documents(base, new).changes
    }
    assert found == {
        ("operation-added", f"POST {ADDED_PATH}", False, "", "chargePointPing"),
        ("operation-removed", f"{REMOVED[0]} {REMOVED[1]}", True, "", "taxDelete"),
        (
            "enum-value-added",
            f"POST {ENUM_PATH}",
            False,
            "request body `type`",
            "chargePointChangeAvailability",
        ),
        (
            "parameter-added",
            f"GET {REQUIRED_PARAM_PATH}",
            True,
            "query parameter `region`",
            "currenciesListing",
        ),
    }


def test_response_enum_value_removed(base: SpecSide, base_document: JSON) -> None:
    found = changes_to(
        base,
        base_document,
        {"target": f"{CURRENCY_ITEM}.properties.alphabeticCode.enum[?@ == 'AED']", "remove": True},
    )
    assert found == {
        ("enum-value-removed", f"GET {REQUIRED_PARAM_PATH}", True, "response 200 `data[].alphabeticCode`")
    }


def test_response_field_removed_and_widened(base: SpecSide, base_document: JSON) -> None:
    found = changes_to(
        base,
        base_document,
        {"target": f"{CURRENCY_ITEM}.properties.name", "remove": True},
        {"target": f"{CURRENCY_ITEM}.properties.id", "update": {"type": "number"}},
    )
    assert found == {
        ("field-removed", f"GET {REQUIRED_PARAM_PATH}", True, "response 200 `data[].name`"),
        ("type-changed", f"GET {REQUIRED_PARAM_PATH}", True, "response 200 `data[].id`"),
    }


def test_request_field_made_required_and_operation_deprecated(base: SpecSide, base_document: JSON) -> None:
    found = changes_to(
        base,
        base_document,
        {"target": f"{AVAILABILITY_BODY}.required", "update": ["evseNetworkId"]},
        {"target": f"$.paths['{ENUM_PATH}'].post", "update": {"deprecated": True}},
    )
    assert found == {
        ("field-required-changed", f"POST {ENUM_PATH}", True, "request body `evseNetworkId`"),
        ("operation-deprecated", f"POST {ENUM_PATH}", False, ""),
    }


def test_cli_on_pinned_versions(tmp_path: Path) -> None:
    """Versions under openapi/ are read through the store, checksum verified, overlay applied."""
    result = run_script(REPO, "api-diff", "3.110.0", "3.110.0", "--format", "json", "--fail-on-breaking")
    assert result.returncode == 0, result.stderr
    assert '"breaking": 0' in result.stdout and '"operations_old": 452' in result.stdout


def test_cli_on_derived_files_fails_on_breaking(tmp_path: Path, base_document: JSON) -> None:
    old = write_json(tmp_path / "old.json", base_document)
    new = write_json(tmp_path / "new.json", synthetic_release(base_document))
    result = run_script(REPO, "api-diff", str(old), str(new), "--fail-on-breaking")
    assert result.returncode == 1
    assert result.stdout.startswith("## API changes 3.110.0 -> 3.111.0")
    assert "**2 breaking changes**, 2 other changes." in result.stdout


def test_webhook_payload_field_removed(base: SpecSide, base_document: JSON) -> None:
    boot = "$.paths['/public-api/notifications/v2.0'].post.callbacks.BootNotification"
    found = changes_to(
        base,
        base_document,
        {
            "target": f"{boot}['{{$request.body#/callbackUrl}}'].post.requestBody.content['application/json']"
            ".schema.properties.bootNotification.properties.iccid",
            "remove": True,
        },
    )
    assert found == {
        (
            "field-removed",
            "POST /public-api/notifications/v2.0",
            True,
            "webhook `BootNotification` payload `bootNotification.iccid`",
        )
    }
