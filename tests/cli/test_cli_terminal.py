"""What only a real process shows: the progress line on a terminal's stderr, and Ctrl-C (SIGINT) during
an export, which stops on a page boundary and prints the command that resumes it."""

from __future__ import annotations

import json
import os
import pty
import select
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ampeco.cli._progress import Progress
from tests.cli.conftest import CDRS, Result, Served, subprocess_env


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Stream:
    def __init__(self) -> None:
        self.written = ""

    def write(self, text: str) -> int:
        self.written += text
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_line_counts_items_pages_rate_and_eta_when_the_total_is_known() -> None:
    clock, stream = Clock(), Stream()
    progress = Progress(stream, "faqs list", enabled=True, clock=clock)  # type: ignore[arg-type]
    clock.now += 2
    progress.page(100, total=1000)
    assert progress.line() == "faqs list: 100 of 1,000 items, 1 pages, 50 items/s, ETA 0:00:18"
    clock.now += 2
    progress.page(100, total=None)
    assert progress.line() == "faqs list: 200 of 1,000 items, 2 pages, 50 items/s, ETA 0:00:16"
    progress.finish()
    assert stream.written.endswith("ETA 0:00:16\n")
    assert stream.written.count("\r\x1b[K") == 3


def test_progress_without_a_total_has_no_eta_and_a_disabled_one_writes_nothing() -> None:
    clock, stream = Clock(), Stream()
    progress = Progress(stream, "cdrs list", enabled=False, clock=clock)  # type: ignore[arg-type]
    clock.now += 4
    progress.page(2000, total=None)
    progress.finish()
    assert progress.line() == "cdrs list: 2,000 items, 1 pages, 500 items/s"
    assert stream.written == ""


def _read_until_exit(fd: int, process: subprocess.Popen[str], timeout: float) -> str:
    chunks = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data.decode(errors="replace"))
        elif process.poll() is not None:
            break
    return "".join(chunks)


def test_a_terminal_stderr_gets_the_progress_line_and_stdout_stays_clean(
    served: Callable[..., Served],
) -> None:
    app = served(auto_records=23)
    app.tenant.faults.latency("faqsListing", seconds=0.25)
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "ampeco.cli", "faqs", "list", "--per-page", "5"],
        env=subprocess_env(app),
        stdout=subprocess.PIPE,
        stderr=secondary,
        text=True,
    )
    os.close(secondary)
    try:
        terminal = _read_until_exit(primary, process, timeout=60)
        out, _ = process.communicate(timeout=60)
    finally:
        os.close(primary)
    assert process.returncode == 0
    assert "faqs list: " in terminal and "of 23 items" in terminal and "ETA" in terminal
    assert terminal.rstrip().endswith("5 pages") or "23 of 23 items, 5 pages" in terminal
    assert len([json.loads(line) for line in out.splitlines()]) == 23

    quiet = subprocess.Popen(
        [sys.executable, "-m", "ampeco.cli", "faqs", "list", "--quiet"],
        env=subprocess_env(app),
        stdout=subprocess.DEVNULL,
        stderr=(pair := pty.openpty())[1],
    )
    os.close(pair[1])
    try:
        assert _read_until_exit(pair[0], quiet, timeout=60) == ""
    finally:
        os.close(pair[0])
        quiet.wait(timeout=60)


def test_ctrl_c_stops_on_a_page_boundary_and_the_printed_command_resumes_it(
    served: Callable[..., Served], cli: Callable[..., Result], tmp_path: Path
) -> None:
    app = served(auto_records=60)
    complete = tmp_path / "complete.csv"
    assert cli(app, "cdrs", "list", "--per-page", "5", "--format", "csv", "-o", str(complete)).code == 0
    app.tenant.faults.latency("cdrsListing", seconds=0.2)
    target = tmp_path / "cdrs.csv"
    args = ["cdrs", "list", "--per-page", "5", "--format", "csv", "--output", str(target)]
    process = subprocess.Popen(
        [sys.executable, "-m", "ampeco.cli", *args],
        env=subprocess_env(app),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not target.exists() or len(target.read_text().splitlines()) < 16):
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "ampeco: interrupted" in err
    written = target.read_text().splitlines()
    assert (len(written) - 1) % 5 == 0 and 15 <= len(written) - 1 < 60  # whole pages only
    line = next(line for line in err.splitlines() if "to resume" in line)
    command = shlex.split(line.split("run: ", 1)[1])
    assert command[:1] == ["ampeco"] and command[-2] == "--cursor"

    app.tenant.faults.clear()
    assert cli(app, *command[1:]).code == 0
    assert target.read_text() == complete.read_text()


def test_a_reader_that_stops_early_ends_the_export_quietly(served: Callable[..., Served]) -> None:
    app = served(auto_records=60)
    process = subprocess.Popen(
        [sys.executable, "-m", "ampeco.cli", "cdrs", "list", "--per-page", "5"],
        env=subprocess_env(app),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    assert json.loads(process.stdout.readline())["id"] == 1
    process.stdout.close()  # like `ampeco cdrs list | head -1`
    err = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert err == ""
    assert len(app.to(CDRS)) < 12  # it stopped at the closed pipe, before the last page


def test_mock_without_the_mock_extra_says_what_to_install() -> None:
    code = (
        "import sys; sys.modules['starlette'] = None\nfrom ampeco.cli import main\nsys.exit(main(['mock']))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert completed.returncode == 3
    assert "pip install 'ampeco-public-api[mock]'" in completed.stderr
