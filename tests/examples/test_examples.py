"""The five tasks of examples/ run against the mock tenant, each beside the same task written with the
module functions (tests/examples/baseline/): same results, fewer lines and fewer library imports."""

from __future__ import annotations

import ast
import importlib.util
import io
import queue
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

import ampeco
from ampeco import webhooks
from ampeco.mock import MockTenant
from ampeco.mock.demo import serve as serve_mock
from ampeco.testing._session import MockSession
from tests.examples.baseline import (
    charge_point_status_report,
    concurrent_listings,
    error_handling,
    export_cdrs_csv,
    session_with_webhook,
)
from tests.support.loopback import serve

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TOKEN = "sk-example-subscriber"  # the API token of the subscriber: also the webhooks' signing secret
TASKS = {  # example file -> (its task function, the baseline module doing the same)
    "export_cdrs_csv.py": ("export_cdrs", export_cdrs_csv),
    "charge_point_status_report.py": ("status_report", charge_point_status_report),
    "session_with_webhook.py": ("charge", session_with_webhook),
    "error_handling.py": ("show_errors", error_handling),
    "concurrent_listings.py": ("network_overview", concurrent_listings),
}


def example(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name.removesuffix('.py')}", EXAMPLES / name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def size(module_file: Path, function: str) -> tuple[int, int]:
    """(code lines of the imports and the task function, imports from ampeco/ampeco_public_api)."""
    source = module_file.read_text(encoding="utf-8")
    tree = ast.parse(source)
    lines: set[int] = set()
    library_imports = 0
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
            if (module or "").split(".")[0] in ("ampeco", "ampeco_public_api"):
                library_imports += 1
                lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == function:
            body = node.body[1:] if ast.get_docstring(node) else node.body
            lines.update(range(node.lineno, node.lineno + 1))
            for statement in body:
                lines.update(range(statement.lineno, (statement.end_lineno or statement.lineno) + 1))
    text = source.splitlines()
    code = [n for n in lines if text[n - 1].strip() and not text[n - 1].strip().startswith("#")]
    return len(code), library_imports


@pytest.mark.parametrize("name", sorted(TASKS))
def test_each_example_is_shorter_than_the_module_function_version(name: str) -> None:
    function, baseline = TASKS[name]
    new_lines, new_imports = size(EXAMPLES / name, function)
    old_lines, old_imports = size(Path(str(baseline.__file__)), function)
    assert new_lines < old_lines, (name, new_lines, old_lines)
    assert new_imports < old_imports, (name, new_imports, old_imports)


def test_export_cdrs_csv(ampeco_mock: MockSession) -> None:
    since = datetime(2000, 1, 1, tzinfo=UTC)
    new, old = io.StringIO(), io.StringIO()
    count = example("export_cdrs_csv.py").export_cdrs(ampeco_mock.client, since, new)
    assert export_cdrs_csv.export_cdrs(ampeco_mock.client, since, old) == count > 0
    assert new.getvalue() == old.getvalue()
    assert new.getvalue().splitlines()[0] == "id,session_id,start_time,end_time,protocol_type,received_at"
    assert len(new.getvalue().splitlines()) == count + 1


def test_charge_point_status_report(ampeco_mock: MockSession) -> None:
    report = example("charge_point_status_report.py").status_report(ampeco_mock.client)
    assert report == charge_point_status_report.status_report(ampeco_mock.client)
    counted = sum(int(line.rsplit(": ", 1)[1]) for line in report if not line.startswith("  "))
    assert counted == len(list(ampeco_mock.client.charge_points.list())) > 0


def test_error_handling() -> None:
    tenant = MockTenant(token=TOKEN)
    tenant.faults.latency("cdrRead", seconds=0.2)  # so the 1 ms per-call timeout always expires
    with serve_mock(tenant) as url, ampeco.Client(url, token=TOKEN) as client:  # timeouts need sockets
        seen = example("error_handling.py").show_errors(client)
        assert seen == error_handling.show_errors(client)
    assert seen[0].startswith("404 charge_point_read: ")
    assert seen[1] == "422 cdrs_listing: fields ['per_page']"
    assert seen[2] == "timeout after 3 attempts"


async def test_concurrent_listings(ampeco_mock: MockSession) -> None:
    overview = await example("concurrent_listings.py").network_overview(ampeco_mock.async_client)
    assert overview == await concurrent_listings.network_overview(ampeco_mock.async_client)
    assert set(overview) == {"locations", "charge points", "EVSEs", "sessions"}
    assert all(total > 0 for total in overview.values()), overview


@pytest.fixture
def tenant_and_receiver() -> Iterator[tuple[str, str, queue.Queue[webhooks.Delivery], Any]]:
    module = example("session_with_webhook.py")
    inbox: queue.Queue[webhooks.Delivery] = queue.Queue()
    tenant = MockTenant(token=TOKEN)
    with serve_mock(tenant) as mock_url, serve(module.receiver(TOKEN, inbox)) as receiver_url:
        yield mock_url, receiver_url, inbox, module


def test_session_start_and_stop_with_verified_webhooks(
    tenant_and_receiver: tuple[str, str, queue.Queue[webhooks.Delivery], Any],
) -> None:
    mock_url, receiver_url, inbox, module = tenant_and_receiver
    with ampeco.Client(mock_url, token=TOKEN) as client:
        webhooks.subscribe(client, receiver_url + "/", [module.SESSION_KIND])
        charge_point = next(iter(client.charge_points.list(limit=1)))
        heard = module.charge(client, inbox, charge_point.id, 1, 1)
        again = session_with_webhook.charge(client, inbox, charge_point.id, 1, 1)
    assert [line.rsplit(": ", 1)[1] for line in heard] == ["start", "stop"]
    assert [line.rsplit(": ", 1)[1] for line in again] == ["start", "stop"]
    assert heard[0].split(":")[0] == heard[1].split(":")[0]  # the same session, started then stopped
    # A forged notification is refused by the example's receiver.
    forged = httpx.post(receiver_url + "/", content=b'{"notification": "session.start.stop.notification"}')
    assert forged.status_code == 401
