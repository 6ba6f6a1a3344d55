"""Walking a listing for an export: each page written whole, and a resume point that is always exact.

A page is written in one piece and flushed before the next is requested. The resume point is the
cursor (or page number) of the first page not yet written: when the walk stops early (Ctrl-C, an error
that outlasted the retries) it is printed with the command that continues the export, without a gap or
a repeated row. Ctrl-C while a page is being written takes effect once that page is complete.
"""

from __future__ import annotations

import contextlib
import shlex
import signal
import threading
from collections.abc import Iterator
from types import FrameType
from typing import TYPE_CHECKING, Any

import click

from ampeco._exceptions import AmpecoError
from ampeco.cli._errors import report
from ampeco.cli._exit import ExitCode
from ampeco.cli._output import PageWriter
from ampeco.cli._progress import Progress

if TYPE_CHECKING:
    from ampeco._pagination import Page, SyncPager

__all__ = ["export"]


class _InterruptGuard:
    """Ctrl-C while a page is being written is held until the page is complete (main thread only)."""

    def __init__(self) -> None:
        self._writing = False
        self._pending = False
        self._previous: Any = None
        self._installed = False

    def __enter__(self) -> _InterruptGuard:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._writing:
            self._pending = True
            return
        raise KeyboardInterrupt

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        self._writing = True
        try:
            yield
        finally:
            self._writing = False
        if self._pending:
            self._pending = False
            raise KeyboardInterrupt


def export(
    pager: SyncPager[Any],
    writer: PageWriter,
    progress: Progress,
    *,
    argv: list[str],
    start: tuple[str | None, int | None],
) -> int:
    """Write every page of ``pager``; on Ctrl-C or an error, report it and print how to resume.

    ``start`` is where the walk began (``--cursor``/``--page``), ``argv`` the command's arguments, from
    which the resuming command is spelled.
    """
    resume = start
    pages = pager.pages()
    with _InterruptGuard() as guard:
        try:
            while True:
                page: Page[Any] | None = next(pages, None)
                if page is None:
                    break
                resume = (page.cursor or None, None) if page.mode == "cursor" else (None, page.number)
                with guard.writing():
                    writer.write_page(page.items)
                progress.page(len(page.items), page.total)
                resume = (pager.cursor or None, pager.page)
        except (AmpecoError, KeyboardInterrupt) as error:
            progress.clear()
            code = report(error)
            _print_resume(resume, progress, argv)
            return code
    progress.finish()
    return ExitCode.OK


def _print_resume(resume: tuple[str | None, int | None], progress: Progress, argv: list[str]) -> None:
    cursor, page = resume
    if cursor is None and page is None:  # stopped before the first page: nothing to resume
        return
    done = f"{progress.items:,} items ({progress.pages:,} pages) were written"
    option = ["--cursor", cursor] if cursor is not None else ["--page", str(page)]
    kept = _without_resume_options(argv)
    click.echo(f"ampeco: {done}; resume {option[0][2:]}: {option[1]}", err=True)
    command = shlex.join(["ampeco", *kept, *option])
    click.echo(f"ampeco: to resume (appending to the same output), run: {command}", err=True)


def _without_resume_options(argv: list[str]) -> list[str]:
    kept: list[str] = []
    skip = False
    for token in argv:
        if skip:
            skip = False
            continue
        if token in ("--cursor", "--page"):
            skip = True
            continue
        if token.startswith(("--cursor=", "--page=")):
            continue
        kept.append(token)
    return kept
