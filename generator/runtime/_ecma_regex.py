"""ECMA-262 regular expressions (JSON Schema's dialect) run by Python's ``re``.

Differences translated: ``\\d``, ``\\w`` (and ``\\D``, ``\\W``) are ASCII-only
in ECMA-262; ``$`` matches only at the very end (Python's also before a final
newline); ``\\p{L}`` / ``\\p{Letter}`` (Unicode letters) and ``\\P{...}`` of
them, which ``re`` lacks. A pattern ``re`` still cannot compile gives None
(the caller then cannot judge it, rather than judging it wrongly).
"""

from __future__ import annotations

import re

__all__ = ["compile_pattern", "translate"]

_LETTER = re.compile(r"\\([pP])\{(?:L|Letter)\}")
_OUTSIDE = {"d": "[0-9]", "D": "[^0-9]", "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]"}
_INSIDE = {"d": "0-9", "w": "A-Za-z0-9_"}


def translate(source: str) -> str:
    """``source`` rewritten so Python's ``re`` matches what ECMA-262 matches."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source):
            letter = _LETTER.match(source, i)
            if letter is not None:
                if in_class:  # a letter class inside [...] has no re spelling
                    raise re.error(f"{letter[0]} inside a character class")
                out.append(r"[\W\d_]" if letter[1] == "P" else r"[^\W\d_]")
                i = letter.end()
                continue
            nxt = source[i + 1]
            table = _INSIDE if in_class else _OUTSIDE
            out.append(table.get(nxt, char + nxt))
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            out.append(r"\Z")
            i += 1
            continue
        out.append(char)
        i += 1
    return "".join(out)


def compile_pattern(source: str) -> re.Pattern[str] | None:
    """The compiled ECMA-262 ``source``, or None when ``re`` cannot express it."""
    try:
        return re.compile(translate(source))  # translate raises re.error too
    except re.error:
        return None
