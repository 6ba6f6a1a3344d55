"""Configuration: constructor arguments, environment variables, URL normalization, validation."""

from __future__ import annotations

import subprocess
import sys

import pytest

import ampeco
from ampeco._config import resolve_base_url
from tests.client.servers import TOKEN


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("acme.ampeco.tech", "https://acme.ampeco.tech"),
        ("  acme.ampeco.tech/  ", "https://acme.ampeco.tech"),
        ("https://acme.ampeco.tech/", "https://acme.ampeco.tech"),
        ("https://ACME.ampeco.tech/public-api/", "https://acme.ampeco.tech"),
        ("https://acme.ampeco.tech:8443", "https://acme.ampeco.tech:8443"),
        ("https://proxy.example.com/ampeco/public-api", "https://proxy.example.com/ampeco"),
        ("http://localhost:8000", "http://localhost:8000"),
        ("http://127.0.0.1:9/", "http://127.0.0.1:9"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("http://127.8.9.10:8000", "http://127.8.9.10:8000"),
        ("https://mock.localhost", "https://mock.localhost"),
    ],
)
def test_base_url_is_normalized(given: str, expected: str) -> None:
    assert resolve_base_url(given) == expected


@pytest.mark.parametrize(
    ("given", "fragment"),
    [
        ("http://acme.ampeco.tech", "plain http://"),
        ("http://10.0.0.5", "plain http://"),
        ("ftp://acme.ampeco.tech", "https://"),
        ("https://user:pw@acme.ampeco.tech", "credentials"),
        ("https://acme.ampeco.tech/?x=1", "query string"),
        ("https://acme.ampeco.tech:notaport", "not a valid URL"),
        ("https://", "no valid host"),
        ("acme ampeco.tech", "no valid host"),
        ("   ", "empty"),
    ],
)
def test_malformed_base_url_raises_configuration_error(given: str, fragment: str) -> None:
    with pytest.raises(ampeco.ConfigurationError, match=fragment):
        ampeco.Client(given, token=TOKEN)


@pytest.mark.parametrize(
    ("given", "fragment"),
    [
        ("https://\uff41cme.ampeco.tech", "U+FF41 (FULLWIDTH LATIN SMALL LETTER A)"),
        ("\uff41cme.ampeco.tech", "U+FF41"),
        ("https://acme\u200b.ampeco.tech", "U+200B (ZERO WIDTH SPACE)"),
        ("https://acme.ampeco.tech/\u200bproxy", "U+200B"),
        ("https://acme\ufeff.ampeco.tech", "U+FEFF"),
        ("https://acme\x00.ampeco.tech", "U+0000"),
        ("https://acme.ampeco.tech\x7f", "U+007F"),
        ("https://ac\u0301me.ampeco.tech", "U+0301"),
        ("https://evil.com%2f.ampeco.tech", "invalid host name"),
        ("https://acme.ampeco.tech:8443@evil.com", "credentials"),
    ],
)
def test_look_alike_and_invisible_characters_are_refused(given: str, fragment: str) -> None:
    """Never an httpx.InvalidURL from deep inside, never a silently different host."""
    with pytest.raises(ampeco.ConfigurationError) as info:
        ampeco.Client(given, token=TOKEN)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    "given",
    [
        "http://x.localhost",
        "http://evil.com%2f.localhost",
        "http://localhost.evil.com",
        "http://localhost.",
        "http://127.0.0.1.nip.io",
        "http://0.0.0.0",
        "http://[::ffff:127.0.0.1]",
        "http://[::]",
        "http://10.0.0.1",
    ],
)
def test_plain_http_only_for_literal_loopback_hosts(given: str) -> None:
    with pytest.raises(ampeco.ConfigurationError):
        ampeco.Client(given, token=TOKEN)


@pytest.mark.parametrize(
    "given",
    [
        "http://localhost",
        "http://LOCALHOST:8000",
        "http://127.0.0.1",
        "http://127.255.255.254:9",
        "http://[::1]",
    ],
)
def test_loopback_hosts_may_use_plain_http(given: str) -> None:
    assert ampeco.Client(given, token=TOKEN).base_url.startswith("http://")


def test_base_url_must_be_a_string() -> None:
    with pytest.raises(ampeco.ConfigurationError, match="must be a string"):
        ampeco.Client(42, token=TOKEN)  # type: ignore[arg-type]


def test_settings_come_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPECO_BASE_URL", "acme.ampeco.tech")
    monkeypatch.setenv("AMPECO_API_TOKEN", TOKEN + "\n")  # a trailing newline from a secrets file
    client = ampeco.Client()
    assert client.base_url == "https://acme.ampeco.tech"
    assert ampeco.AsyncClient().base_url == "https://acme.ampeco.tech"


def test_arguments_win_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPECO_BASE_URL", "https://env.ampeco.tech")
    monkeypatch.setenv("AMPECO_API_TOKEN", "env-token-value")
    assert ampeco.Client("arg.ampeco.tech", token=TOKEN).base_url == "https://arg.ampeco.tech"


def test_missing_base_url_says_what_to_set() -> None:
    with pytest.raises(ampeco.ConfigurationError, match="AMPECO_BASE_URL"):
        ampeco.Client(token=TOKEN)


@pytest.mark.parametrize("client_class", [ampeco.Client, ampeco.AsyncClient])
def test_missing_token_says_what_to_set(client_class: type[ampeco.Client]) -> None:
    with pytest.raises(ampeco.ConfigurationError, match="AMPECO_API_TOKEN"):
        client_class("acme.ampeco.tech")


def test_empty_env_token_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMPECO_API_TOKEN", "   ")
    with pytest.raises(ampeco.ConfigurationError, match="No API token"):
        ampeco.Client("acme.ampeco.tech")


@pytest.mark.parametrize(
    ("token", "secret", "fragment"),
    [
        ("abcdef ghijkl", "ghijkl", "whitespace"),
        ("abcdefgh\x00ijkl", "abcdefgh", "control characters"),
        ("tökentökentöken", "tökentöken", "non-ASCII"),
        ("Bearer ", None, "empty"),
        ("Bearer", None, "empty"),
    ],
)
def test_malformed_token_is_rejected_without_echoing_it(
    token: str, secret: str | None, fragment: str
) -> None:
    with pytest.raises(ampeco.ConfigurationError, match=fragment) as info:
        ampeco.Client("acme.ampeco.tech", token=token)
    if secret is not None:
        assert secret not in str(info.value)


def test_bearer_prefix_is_accepted() -> None:
    client = ampeco.Client("acme.ampeco.tech", token=f"Bearer {TOKEN}")
    request = client.get_httpx_client().build_request("GET", "/x")
    flow = client._auth.auth_flow(request)
    assert next(flow).headers["Authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"timeout": 0}, "positive"),
        ({"timeout": -1}, "positive"),
        ({"timeout": None}, "timeout is always required"),
        ({"timeout": "10"}, "number of seconds"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": 1.5}, "max_retries"),
        ({"max_retries": True}, "max_retries"),
        ({"max_rate_limit_wait": -2}, "max_rate_limit_wait"),
        ({"requests_per_second": 0}, "requests_per_second"),
        ({"headers": {"Authorization": "Bearer x"}}, "token="),
        ({"http_client": object()}, "http_client must be"),
    ],
)
def test_bad_options_raise_configuration_error(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(ampeco.ConfigurationError, match=fragment):
        ampeco.Client("acme.ampeco.tech", token=TOKEN, **kwargs)  # type: ignore[arg-type]


def test_timeout_validation_names_the_field() -> None:
    with pytest.raises(ampeco.ConfigurationError, match=r"Timeout\.connect"):
        ampeco.Timeout(total=10, connect=0)


def test_default_timeout_is_always_set() -> None:
    client = ampeco.Client("acme.ampeco.tech", token=TOKEN)
    assert client.timeout == ampeco.Timeout(total=60.0, connect=5.0)
    timeout = client.get_httpx_client().timeout
    assert (timeout.connect, timeout.read, timeout.write, timeout.pool) == (5.0, 60.0, 60.0, 60.0)
    assert ampeco.Client("acme.ampeco.tech", token=TOKEN, timeout=2).timeout == ampeco.Timeout(2.0, 2.0)


def test_configuration_error_is_an_ampeco_error_and_value_error() -> None:
    assert issubclass(ampeco.ConfigurationError, ampeco.AmpecoError)
    assert issubclass(ampeco.ConfigurationError, ValueError)


def test_import_ampeco_does_not_import_httpx() -> None:
    code = (
        "import sys, ampeco; assert 'httpx' not in sys.modules, 'httpx imported'; print(ampeco.__version__)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_every_export_resolves() -> None:
    for name in ampeco.__all__:
        assert getattr(ampeco, name) is not None, name
    for error in (ampeco.ResponseValidationError, ampeco.UnexpectedStatus, ampeco.InvalidParameterError):
        assert issubclass(error, ampeco.AmpecoError)
