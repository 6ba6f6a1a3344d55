from __future__ import annotations

from collections.abc import Iterator

import pytest
from ampeco_public_api.client import AuthenticatedClient

from tests.support.loopback import serve
from tests.support.recorder import Recorder


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    yield Recorder()


@pytest.fixture(scope="module")
def base_url(recorder: Recorder) -> Iterator[str]:
    with serve(recorder) as url:
        yield url


@pytest.fixture
def client(base_url: str, recorder: Recorder) -> Iterator[AuthenticatedClient]:
    recorder.status, recorder.reply = 200, {}
    with AuthenticatedClient(base_url=base_url, token="test-token") as generated_client:
        yield generated_client
