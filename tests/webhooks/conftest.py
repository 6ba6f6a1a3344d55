"""Parametrizes ``callback`` tests over every distinct callback of the notification endpoints."""

from __future__ import annotations

import pytest

from tests.webhooks.spec_examples import distinct_callbacks


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "callback" in metafunc.fixturenames:
        callbacks = distinct_callbacks()
        metafunc.parametrize("callback", callbacks, ids=[c.key for c in callbacks])
