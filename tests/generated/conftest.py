from __future__ import annotations

from collections.abc import Iterator

import pytest

import ampeco
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
def client(base_url: str, recorder: Recorder) -> Iterator[ampeco.Client]:
    recorder.status, recorder.reply = 200, {}
    with ampeco.Client(base_url, token="test-token", max_retries=0) as generated_client:
        yield generated_client
