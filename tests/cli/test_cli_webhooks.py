"""``ampeco webhooks listen`` in a child process, fed by the mock tenant: subscribe with the CLI, trigger
a notification, see it verified and printed; a forged delivery is refused with 401."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from ampeco.webhooks import signed_request
from tests.cli.conftest import TOKEN, Result, Served, subprocess_env

KIND = "session.start.stop.notification"


def payload() -> dict[str, object]:
    """A valid notification of ``KIND``, synthesized by the mock tenant from the spec's schema."""
    from ampeco.mock import MockTenant

    return MockTenant(network=False).webhooks.payload_for(KIND, None)


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[Callable[..., tuple[subprocess.Popen[str], str]]]:
    started: list[subprocess.Popen[str]] = []

    def start(
        *args: str, secret: str | None = TOKEN, env_token: str | None = None
    ) -> tuple[subprocess.Popen[str], str]:
        options = ["--port", "0", *args]
        if secret is not None:
            secret_file = tmp_path / "secret"
            secret_file.write_text(secret + "\n")
            options += ["--secret-file", str(secret_file)]
        env = subprocess_env()
        if env_token is not None:
            env["AMPECO_API_TOKEN"] = env_token
        process = subprocess.Popen(
            [sys.executable, "-m", "ampeco.cli", "webhooks", "listen", *options],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stderr is not None
        line = process.stderr.readline()
        assert "listening for webhooks on " in line, line
        return process, line.split(" on ", 1)[1].split()[0]

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def test_a_notification_from_the_mock_is_verified_and_printed(
    served: Callable[..., Served],
    cli: Callable[..., Result],
    listener: Callable[..., tuple[subprocess.Popen[str], str]],
) -> None:
    app = served(network=True)
    process, url = listener("--count", "1")
    subscribed = cli(
        app, "notifications", "subscribe",
        "--set", "via=webhook", "--set", f"notifications={KIND}", "--set", f"webhook.callbackUrl={url}",
    )  # fmt: skip
    assert subscribed.code == 0, subscribed.err

    forged = signed_request({"notification": KIND, "sessionId": 1}, secret="not-the-token")
    refused = httpx.post(url, content=forged.body, headers=forged.headers)
    assert refused.status_code == 401

    triggered = httpx.post(
        f"{app.url}/_mock/notifications/{KIND}", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert triggered.status_code == 200, triggered.text

    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    (line,) = out.splitlines()
    printed = json.loads(line)
    assert printed["kind"] == KIND
    assert printed["model"] == "SessionStartStopNotification"
    assert printed["notification"]["notification"] == KIND
    assert printed["webhookId"].startswith("mock-")
    assert "rejected a delivery" in err and "X-Signature does not match" in err
    assert TOKEN not in out + err


def test_malformed_and_oversized_deliveries_are_refused(
    listener: Callable[..., tuple[subprocess.Popen[str], str]],
) -> None:
    process, url = listener()
    signed = signed_request({"no": "kind"}, secret=TOKEN)
    assert httpx.post(url, content=signed.body, headers=signed.headers).status_code == 400
    assert httpx.post(url, content=b"x" * (1024 * 1024 + 1)).status_code == 413
    valid = signed_request(payload(), secret=TOKEN)
    assert httpx.post(url, content=valid.body, headers=valid.headers).status_code == 200
    process.terminate()
    out, _ = process.communicate(timeout=30)
    assert [json.loads(line)["kind"] for line in out.splitlines()] == [KIND]


def test_the_secret_defaults_to_the_api_token(
    listener: Callable[..., tuple[subprocess.Popen[str], str]],
) -> None:
    process, url = listener("--count", "1", secret=None, env_token=TOKEN)
    sent = payload()
    valid = signed_request(sent, secret=TOKEN)
    assert httpx.post(url, content=valid.body, headers=valid.headers).status_code == 200
    out, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    from ampeco.webhooks import model_for

    assert json.loads(out)["notification"] == model_for(KIND).from_dict(sent).to_dict()


def test_a_signing_secret_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.cli.conftest import run_cli

    result = run_cli(["webhooks", "listen", "--port", "0"], monkeypatch)
    assert result.code == 3
    assert "no signing secret" in result.err
    result = run_cli(["webhooks", "listen", "--port", "0", "--secret-file", "/nonexistent"], monkeypatch)
    assert result.code == 3 and "cannot read the secret file" in result.err
