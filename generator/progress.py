"""Progress of a long run: the stage, its counts and the elapsed time, on one terminal line.

Shown only where someone watches: standard error is a terminal, the run is
not in CI (``CI`` set to anything but ``0``/``false``/``no``) and ``-q`` was
not given. The line is rewritten in place (carriage return, erase to the end)
and erased when the run ends, so the usual report follows on a clean line.

The pipeline calls :func:`stage` at each step; it does nothing unless a
command opened :func:`reporting`, so library callers and tests see no output.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

_ERASE = "\r\x1b[K"  # back to the start of the line, erase it


def in_ci(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the run is in CI, by the ``CI`` variable every CI service sets."""
    value = (os.environ if environ is None else environ).get("CI", "").strip().lower()
    return value not in {"", "0", "false", "no"}


def wanted(*, quiet: bool, stream: TextIO | None = None) -> bool:
    """Progress is shown: not ``-q``, not in CI, and ``stream`` (stderr) is a terminal."""
    stream = sys.stderr if stream is None else stream
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real stream
        tty = False
    return tty and not quiet and not in_ci()


class _Line:
    """The status line of one run on ``stream``."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.perf_counter()
        self.shown = False

    def update(self, text: str) -> None:
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"{_ERASE}[{elapsed:5.1f} s] {text}")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write(_ERASE)
            self.stream.flush()
            self.shown = False


_active: list[_Line] = []


@contextmanager
def reporting(enabled: bool, stream: TextIO | None = None) -> Iterator[None]:
    """Show the stages reported inside this block (when ``enabled``); erase the line after."""
    if not enabled:
        yield
        return
    line = _Line(sys.stderr if stream is None else stream)
    _active.append(line)
    try:
        yield
    finally:
        _active.remove(line)
        line.close()


def stage(
    name: str, detail: str = "", *, done: int | None = None, total: int | None = None
) -> None:
    """Report that the run is at ``name`` (``detail``: what it works on; ``done``/``total``: counts)."""
    if not _active:
        return
    count = ""
    if done is not None:
        count = f" {done}/{total}" if total is not None else f" {done}"
    _active[-1].update(f"{name}{count}{f': {detail}' if detail else ''}")
