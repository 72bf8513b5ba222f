"""Reading our generator's problem lines: the first error's code, and kinds of errors.

A line reads ``FILE:LINE:COL at #POINTER: error [CODE] MESSAGE``; a crash is a
traceback instead, named by the exception it ends with.
"""

from __future__ import annotations

import re

ERROR_CODE = re.compile(r"\berror \[([^\]]+)\]")
TRACEBACK_LAST = re.compile(r"^(\w+(?:\.\w+)*(?:Error|Exception|Exit)\b.*)$")


def first_error_code(stderr: str) -> str:
    """The code of our first reported error, or the exception a traceback ends with."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    for line in lines:
        match = ERROR_CODE.search(line)
        if match:
            return match.group(1)
    if any(line.startswith("Traceback") for line in lines):
        for line in reversed(lines):
            match = TRACEBACK_LAST.match(line.strip())
            if match:
                return "traceback: " + match.group(1).split(":", 1)[0]
        return "traceback"
    return "no error code" if lines else "no output"


_PLACE = re.compile(r"^.*?\berror \[[^\]]+\]\s*")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")
_LIST = re.compile(r"\[[^\]]*\]")
_NUMBER = re.compile(r"\b\d+\b")


def error_kind(line: str) -> str:
    """An error line without its place and its values: lines of one kind read the same.

    ``x.json:1:669 at #/paths/...: error [unsupported] response media types ['*/*'] are
    not supported`` becomes ``response media types [...] are not supported``.
    """
    text = _PLACE.sub("", line, count=1)
    text = _LIST.sub("[...]", _QUOTED.sub("'...'", text))
    return _NUMBER.sub("N", text).strip()[:160]


def error_kinds(output: str) -> list[str]:
    """The distinct kinds (see :func:`error_kind`) of every error line, in order of appearance."""
    kinds: dict[str, None] = {}
    for line in output.splitlines():
        if ERROR_CODE.search(line):
            kinds.setdefault(error_kind(line), None)
    return list(kinds)
