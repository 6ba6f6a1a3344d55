"""The API token never shows up in repr(), logs, exception messages or tracebacks (with locals)."""

from __future__ import annotations

import logging
import traceback

import pytest

import ampeco
from ampeco_public_api.api.resource_charge_point_vendors import charge_point_vendor_read
from tests.client.conftest import LoopbackServer
from tests.client.servers import TOKEN, Reply, Scripted


def everything_about(error: BaseException) -> str:
    """Every text a user, a logger or a crash reporter could produce from ``error``."""
    return "\n".join(
        [
            str(error),
            repr(error),
            "".join(traceback.format_exception(error)),
            "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format()),
        ]
    )


def test_repr_hides_the_token() -> None:
    client = ampeco.Client("acme.ampeco.tech", token=TOKEN)
    async_client = ampeco.AsyncClient("acme.ampeco.tech", token=TOKEN)
    texts = [
        repr(client),
        str(client),
        repr(async_client),
        repr(client.with_options(timeout=3)),
        repr(client._auth),
        repr(vars(client)),
        repr(client.get_httpx_client().headers),
        repr(client.get_httpx_client()._transport),
    ]
    for text in texts:
        assert TOKEN not in text
    assert "token='***'" in repr(client)


def test_logs_errors_and_tracebacks_never_show_the_token(
    server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: ampeco, httpx, httpcore
    # A careless server echoing the credential back must not get it into our message either.
    server.app = app = Scripted(
        Reply(503, {"message": f"backend down for Bearer {TOKEN}"}, {"Retry-After": "0.001"}),
        Reply(401, {"message": f"Invalid token {TOKEN}"}),
    )
    with (
        ampeco.Client(server.url, token=TOKEN) as client,
        pytest.raises(ampeco.AuthenticationError) as info,
    ):
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert app.calls[0].headers["authorization"] == f"Bearer {TOKEN}"  # it was really sent
    assert "Invalid token ***" in str(info.value)
    assert TOKEN not in everything_about(info.value)
    assert caplog.records, "expected request logs"
    assert TOKEN not in caplog.text
    for record in caplog.records:
        assert TOKEN not in record.getMessage()


def test_connection_errors_never_show_the_token(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with (
        ampeco.Client("http://127.0.0.1:9", token=TOKEN, max_retries=0) as client,
        pytest.raises(ampeco.APIConnectionError) as info,
    ):
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert TOKEN not in everything_about(info.value)
    assert TOKEN not in caplog.text


def test_configuration_errors_never_show_the_token() -> None:
    with pytest.raises(ampeco.ConfigurationError) as info:
        ampeco.Client("http://acme.ampeco.tech", token=TOKEN)
    assert TOKEN not in str(info.value)
    assert TOKEN not in "".join(traceback.format_exception(info.value))


def test_anything_logged_on_the_ampeco_logger_is_scrubbed(caplog: pytest.LogCaptureFixture) -> None:
    ampeco.Client("acme.ampeco.tech", token=TOKEN)  # registers the token
    caplog.set_level(logging.DEBUG, logger="ampeco")
    logger = logging.getLogger("ampeco")
    logger.warning("headers were %s", {"Authorization": f"Bearer {TOKEN}"})
    logger.warning("raw token %s", TOKEN)
    logger.warning("Authorization: Basic dXNlcjpwYXNz")
    assert TOKEN not in caplog.text
    assert "dXNlcjpwYXNz" not in caplog.text
    assert caplog.text.count("***") == 3
