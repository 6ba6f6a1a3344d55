"""The README's first command: the demo session against a mock tenant served on loopback."""

from __future__ import annotations

import io
import subprocess
import sys

from ampeco.mock import DEFAULT_TOKEN, MockTenant
from ampeco.mock.demo import run, serve


def test_the_demo_session_pages_reads_charges_and_shows_a_typed_error() -> None:
    out = io.StringIO()
    with serve(MockTenant(seed=0, token=DEFAULT_TOKEN)) as base_url:
        run(base_url, DEFAULT_TOKEN, out=out)
    text = out.getvalue()
    assert "page 3: #6" in text  # six seeded charge points, two per page, walked by ampeco.paginate
    assert "accepted: success=True" in text
    assert "is active" in text and "is finished" in text
    assert "raised ampeco.NotFoundError: charge_point_read" in text


def test_the_demo_runs_as_a_command() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "ampeco.mock.demo"], capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert "raised ampeco.NotFoundError" in completed.stdout
