"""Suite-wide options: ``--deep`` runs the property tests at depth.

    python -m pytest --deep tests/schemathesis tests/mock

sets 100 examples per operation and generation mode for Schemathesis over all 452 operations with its
coverage phase (every boundary value of every parameter), 100 stateful scenarios, and 25 client-built
requests per operation (unless the environment already sets them). CI runs without it, at the shallow
defaults each test module declares.
"""

from __future__ import annotations

import os
import sys

import pytest

DEEP = {
    "AMPECO_SCHEMATHESIS_EXAMPLES": "100",
    "AMPECO_SCHEMATHESIS_COVERAGE": "1",
    "AMPECO_SCHEMATHESIS_STATEFUL_EXAMPLES": "100",
    "AMPECO_CLIENT_REQUEST_EXAMPLES": "25",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--deep",
        action="store_true",
        help="property tests at depth: " + ", ".join(f"{k}={v}" for k, v in DEEP.items()),
    )


def pytest_configure(config: pytest.Config) -> None:
    # Test modules read these when they are imported, which is after configuration.
    if config.getoption("--deep"):
        for name, value in DEEP.items():
            os.environ.setdefault(name, value)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The figures of the property runs that took part: how many requests the mock answered."""
    figures = []
    for module, label in (
        ("test_operations", "Schemathesis, every operation"),
        ("test_stateful", "Schemathesis, stateful scenarios"),
        ("test_client_requests", "client-built requests"),
    ):
        found = next((m for name, m in sys.modules.items() if name.rsplit(".", 1)[-1] == module), None)
        if found is None:
            continue
        served = getattr(getattr(found, "TENANT", None), "requests_served", None)
        if served is None:
            served = sum(getattr(found, "SERVED", []))
        figures.append(f"{label}: {served} requests")
    if figures:
        terminalreporter.write_sep("-", "property runs")
        for line in figures:
            terminalreporter.write_line(line)
