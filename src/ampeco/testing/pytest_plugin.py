"""pytest plugin: the ``ampeco_mock`` fixture, a fresh mock tenant and a client wired to it.

Importing this module costs nothing beyond pytest: the mock (and its optional dependencies) is
imported only when a test asks for the fixture, and a missing ``mock`` extra skips that test with
the install command instead of breaking collection for the whole project.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ampeco.testing._session import MockSession

MARKER = "ampeco_mock"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(seed=0, network=True, auto_records=3, platform_version=None, stateful=True): "
        "options for the ampeco_mock fixture's tenant",
    )


@pytest.fixture
def ampeco_mock(request: pytest.FixtureRequest) -> Iterator[MockSession]:
    """A fresh mock AMPECO tenant (``.tenant``) and clients wired to it in process (``.client``)."""
    try:
        from ampeco.testing._session import MockSession
    except ImportError as missing:  # the mock extra is not installed
        pytest.skip(f"ampeco_mock needs the mock extra: pip install 'ampeco-public-api[mock]' ({missing})")
    marker = request.node.get_closest_marker(MARKER)
    options: dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    session = MockSession(**options)
    try:
        yield session
    finally:
        session.close()
