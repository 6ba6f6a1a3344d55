"""Suite-wide options: ``--deep`` runs the property tests at depth.

    python -m pytest --deep tests/schemathesis tests/mock

sets 100 examples per operation and generation mode for Schemathesis over all 452 operations with its
coverage phase (every boundary value of every parameter), 100 stateful scenarios, and 25 client-built
requests per operation (unless the environment already sets them). CI runs without it, at the shallow
defaults each test module declares.
"""

from __future__ import annotations

import os

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
