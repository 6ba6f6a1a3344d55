"""The API token never shows up in repr(), logs, exception messages or tracebacks (with locals)."""

from __future__ import annotations

import gc
import logging
import pickle
import traceback
from collections.abc import Callable

import httpx
import pytest

import ampeco
from ampeco._logs import redact, registered_secret_count
from ampeco._secret import Secret
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
    client = ampeco.Client("acme.ampeco.tech", token=TOKEN)  # registers the token while it lives
    caplog.set_level(logging.DEBUG, logger="ampeco")
    logger = logging.getLogger("ampeco")
    logger.warning("headers were %s", {"Authorization": f"Bearer {TOKEN}"})
    logger.warning("raw token %s", TOKEN)
    logger.warning("Authorization: Basic dXNlcjpwYXNz")
    assert TOKEN not in caplog.text
    assert "dXNlcjpwYXNz" not in caplog.text
    assert caplog.text.count("***") == 3
    client.close()


# -- the registry of tokens to scrub -------------------------------------------------------------------


def test_short_lived_clients_do_not_pile_up_in_the_registry() -> None:
    before = registered_secret_count()
    for i in range(2000):
        client = ampeco.Client("acme.ampeco.tech", token=f"tok_short_lived_{i:05d}")
        if i % 200 == 0:
            client.get_httpx_client()  # a used client is released as well (a pool costs ~30 ms to build)
    del client
    gc.collect()
    assert registered_secret_count() == before


def test_a_closed_client_releases_its_token_and_shared_tokens_live_on() -> None:
    token = "tok_shared_between_two_clients"
    first = ampeco.Client("acme.ampeco.tech", token=token)
    second = ampeco.Client("acme.ampeco.tech", token=token)
    copy = first.with_options(timeout=5)
    assert redact(f"echo {token}") == "echo ***"
    copy.close()  # closes the pool shared with ``first``
    first.close()  # closing again changes nothing
    assert redact(f"echo {token}") == "echo ***"  # ``second`` still holds it
    second.close()
    assert redact(f"echo {token}") == f"echo {token}"  # no live client holds it any more


async def test_async_clients_release_their_tokens_too() -> None:
    token = "tok_async_client_release"
    async with ampeco.AsyncClient("acme.ampeco.tech", token=token):
        assert redact(token) == "***"
    assert redact(token) == token


# -- messages built by the generated code ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "error_class"),
    [
        (Reply(200, {"data": {"id": TOKEN, "name": "ACME"}}), ampeco.ResponseValidationError),
        (
            Reply(200, {"data": {"id": f"Authorization: Bearer {TOKEN}", "name": "A"}}),
            ampeco.ResponseValidationError,
        ),
        (Reply(201, {"echo": {"Authorization": f"Bearer {TOKEN}"}}), ampeco.UnexpectedStatus),
        (Reply(201, f"token was {TOKEN}"), ampeco.UnexpectedStatus),
    ],
)
def test_generated_errors_are_redacted(server: LoopbackServer, reply: Reply, error_class: type) -> None:
    server.app = Scripted(reply)
    with ampeco.Client(server.url, token=TOKEN, max_retries=0) as client, pytest.raises(error_class) as info:
        charge_point_vendor_read.sync_detailed(7, client=client)
    assert "***" in str(info.value)
    for text in (str(info.value), repr(info.value), "".join(traceback.format_exception(info.value))):
        assert TOKEN not in text


# -- half-built clients and the constructor's locals -------------------------------------------------------


def raised(action: Callable[[], object]) -> BaseException:
    try:
        action()
    except BaseException as exc:
        return exc
    raise AssertionError("expected an exception")


CONSTRUCTOR_FAILURES: dict[str, Callable[[], object]] = {
    "plain http": lambda: ampeco.Client("http://acme.ampeco.tech", token=TOKEN),
    "token with a line break": lambda: ampeco.Client("acme.ampeco.tech", token=TOKEN + "\nrest"),
    "non-ASCII token": lambda: ampeco.Client("acme.ampeco.tech", token=TOKEN + "é"),
    "token as bytes": lambda: ampeco.Client("acme.ampeco.tech", token=TOKEN.encode()),  # type: ignore[arg-type]
    "bad max_retries": lambda: ampeco.Client("acme.ampeco.tech", token=TOKEN, max_retries=-1),
    "bad timeout": lambda: ampeco.AsyncClient("acme.ampeco.tech", token=TOKEN, timeout=float("nan")),
    "wrong http_client": lambda: ampeco.Client(
        "acme.ampeco.tech",
        token=TOKEN,
        http_client=httpx.AsyncClient(),  # type: ignore[arg-type]
    ),
}


@pytest.mark.parametrize("action", CONSTRUCTOR_FAILURES.values(), ids=CONSTRUCTOR_FAILURES.keys())
def test_constructor_failures_show_no_token_even_with_locals(action: Callable[[], object]) -> None:
    error = raised(action)
    assert isinstance(error, ampeco.ConfigurationError)
    assert TOKEN not in everything_about(error)


def test_a_token_from_the_environment_stays_hidden_in_locals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPECO_API_TOKEN", TOKEN + "\nrest")
    error = raised(lambda: ampeco.Client("acme.ampeco.tech"))
    assert "AMPECO_API_TOKEN contains whitespace" in str(error)
    assert TOKEN not in everything_about(error)


def test_repr_of_a_half_built_client_works() -> None:
    for cls in (ampeco.Client, ampeco.AsyncClient):
        half_built = object.__new__(cls)
        assert repr(half_built) == f"{cls.__name__}(<not initialized>)"


def test_the_secret_wrapper_never_shows_the_token() -> None:
    secret = Secret(TOKEN)
    assert TOKEN not in repr(secret) and TOKEN not in str(secret) and TOKEN not in f"{secret}"
    assert secret.reveal() == TOKEN
    with pytest.raises(TypeError):
        pickle.dumps(secret)
