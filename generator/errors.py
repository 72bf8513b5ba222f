"""Problems found in a spec or an input, as values with a place.

Every stage reports what is wrong as :class:`Problem` values (severity, where,
what, how to fix) instead of raising ad-hoc exceptions, so the CLI can print
all of them, one line each, and map the worst severity to an exit code.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Severity(enum.IntEnum):
    """How bad a problem is; the CLI exits 1 when any ERROR is present."""

    INFO = 10
    WARNING = 20
    ERROR = 30


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: a file, a JSON pointer inside it and, when known, a line."""

    file: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        if self.pointer:
            text += f" at #{self.pointer}"
        return text


@dataclass(frozen=True)
class Problem:
    """One finding: a severity, a stable code, a message, a place and a fix hint."""

    severity: Severity
    code: str
    message: str
    location: Location | None = None
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        text = f"{where}{self.severity.name.lower()} [{self.code}] {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


def error(code: str, message: str, location: Location | None = None, hint: str = "") -> Problem:
    """Shorthand for an ERROR problem."""
    return Problem(Severity.ERROR, code, message, location, hint)


def warning(code: str, message: str, location: Location | None = None, hint: str = "") -> Problem:
    """Shorthand for a WARNING: a defect that does not stop generation (``--strict``: an error)."""
    return Problem(Severity.WARNING, code, message, location, hint)


def arrange(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once, grouped: errors before warnings, then by code, then by place.

    Identical problems (same severity, code, message, place and hint) are kept once.
    """
    unique = dict.fromkeys(problems)
    first_seen: dict[str, int] = {}
    for problem in unique:
        first_seen.setdefault(problem.code, len(first_seen))
    return sorted(
        unique,
        key=lambda p: (
            -p.severity,
            first_seen[p.code],
            _place(p.location),
            p.message,
        ),
    )


def _place(location: Location | None) -> tuple[str, int, int, str]:
    if location is None:
        return ("", 0, 0, "")
    return (location.file, location.line or 0, location.column or 0, location.pointer)


def strict(problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` with every warning made an error (``--strict``)."""
    return [
        Problem(Severity.ERROR, p.code, p.message, p.location, p.hint)
        if p.severity == Severity.WARNING
        else p
        for p in problems
    ]


class GeneratorError(Exception):
    """Raised by a stage that cannot go on; carries every problem it found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(arrange(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def escape_pointer_token(token: str | int) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    """Undo :func:`escape_pointer_token`."""
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(pointer: str, *tokens: str | int) -> str:
    """Append reference tokens to a JSON pointer."""
    return pointer + "".join("/" + escape_pointer_token(t) for t in tokens)
