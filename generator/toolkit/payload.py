"""Read payloads (files, ``-`` for stdin, JSON Lines) and run each through a check.

A check is any function from JSON text to a list of
:class:`~generator.runtime._validate.PayloadError`; this module only knows
where payloads come from and where they are (file, line) for the report.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from generator.errors import GeneratorError, Location, Problem, error
from generator.runtime._validate import PayloadError
from generator.toolkit.json_places import place_of, value_places

STDIN = "-"
_BOM = b"\xef\xbb\xbf"

Check = Callable[[bytes], list[PayloadError]]


@dataclass(frozen=True)
class Result:
    """The errors of one payload; ``line`` is its line for JSON Lines input, ``text`` the payload."""

    payload: str
    line: int | None
    errors: list[PayloadError]
    text: bytes = b""

    def placed(self) -> list[PayloadError]:
        """The errors with the line and column of the offending value in the file.

        A syntax error keeps its own place; a broken rule is placed at its value
        (a missing property: at the object that lacks it).
        """
        if not self.errors:
            return []
        places = value_places(self.text.decode("utf-8", errors="replace"))
        placed: list[PayloadError] = []
        for e in self.errors:
            at = place_of(places, e.path) if e.line is None else None
            if at is None:
                placed.append(replace(e, line=self.line) if self.line is not None else e)
            else:  # a JSON Lines payload is one line: the value's column on that line
                placed.append(replace(e, line=self.line or at[0], column=at[1]))
        return placed

    @property
    def valid(self) -> bool:
        """Whether the payload broke no rule."""
        return not self.errors


def check_sources(names: list[str]) -> list[str]:
    """The inputs to read (stdin when none is named); missing files are usage errors."""
    names = names or [STDIN]
    problems: list[Problem] = []
    for name in names:
        if name != STDIN and not Path(name).is_file():
            problems.append(error("file-not-found", "payload file not found", Location(name)))
    if names.count(STDIN) > 1:
        problems.append(error("usage", "stdin ('-') can be read only once"))
    if problems:
        raise GeneratorError(problems)
    return names


def _label(name: str) -> str:
    return "<stdin>" if name == STDIN else name


def _read(name: str, stdin: BinaryIO) -> bytes:
    if name == STDIN:
        return stdin.read()
    return Path(name).read_bytes()


def _lines(name: str, stdin: BinaryIO) -> Iterator[tuple[int, bytes]]:
    if name == STDIN:
        yield from enumerate(stdin, start=1)
        return
    with Path(name).open("rb") as handle:
        yield from enumerate(handle, start=1)


def _at_line(errors: list[PayloadError], line: int) -> list[PayloadError]:
    """Errors of a JSON Lines payload, syntax errors placed at the payload's line in the file."""
    return [replace(e, line=line) if e.line is not None else e for e in errors]


def run_checks(
    check: Check, names: list[str], *, jsonl: bool, stdin: BinaryIO | None = None
) -> Iterator[Result]:
    """The result of every payload, in input order (JSON Lines: blank lines are skipped)."""
    source = stdin if stdin is not None else sys.stdin.buffer
    for name in names:
        label = _label(name)
        if not jsonl:
            text = _read(name, source).removeprefix(_BOM)
            yield Result(label, None, check(text), text)
            continue
        for number, raw in _lines(name, source):
            text = (raw.removeprefix(_BOM) if number == 1 else raw).rstrip(b"\r\n")
            if text.strip():
                yield Result(label, number, _at_line(check(text), number), text)
