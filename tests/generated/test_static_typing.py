"""Lazy imports must not hide names from type checkers: mypy still sees every model and signature."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SNIPPET = textwrap.dedent(
    """
    from ampeco_public_api.api.resource_cdrs import cdrs_listing
    from ampeco_public_api.models import CdrFilter, CdrsListingResponse
    from ampeco._types import SyncClientLike

    def use(client: SyncClientLike) -> None:
        page: CdrsListingResponse = cdrs_listing.sync(client=client, filter_=CdrFilter())
        reveal_type(page.data)
        wrong: int = page
        cdrs_listing.sync(client=client, filter_="startDateTimeFrom=2024")
    """
)


def test_mypy_sees_models_through_the_lazy_package(tmp_path: Path) -> None:
    (tmp_path / "snippet.py").write_text(SNIPPET)
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--follow-imports=silent",
            "--cache-dir",
            str(tmp_path / ".mypy"),
            "--no-error-summary",
            "snippet.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    out = completed.stdout
    assert 'Revealed type is "list[ampeco_public_api.models.cdr.Cdr] | ampeco._types.Unset"' in out, out
    assert (
        'snippet.py:9: error: Incompatible types in assignment (expression has type "CdrsListingResponse"'
        in out
    ), out
    assert 'snippet.py:10: error: Argument "filter_" to "sync" has incompatible type "str"' in out, out
