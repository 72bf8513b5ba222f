"""Data tables written directly in black's style, so black need not reformat them.

The types module ends with two large literal tables (``__non_nullable__`` and
``__schemas__``); formatted by black from one-line ``repr``s they cost almost
half of black's time on that module. :func:`assignment` writes such a table
the way black lays out a literal: on one line when it fits in the line
length, else one element per line with a trailing comma, a single element
without one, recursively. Strings and numbers are normalized as black
normalizes them: a string without a backslash, an integer and the width of an
ASCII line by the rules black applies to them (so black is not imported for
them), anything else by black's own functions (quotes, numeric literals,
``str_width``), so the text is what black would write; the tests check it
against black on many generated values.

A value this module does not lay out (one that is not plain JSON data, an
infinite float, an empty set) raises :class:`LayoutError`: the caller then
leaves that table to black.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LINE_LENGTH = 100
_INDENT = "    "


class LayoutError(Exception):
    """The value is not one this module lays out exactly like black."""


@dataclass(frozen=True)
class Call:
    """``func(arg)``: a call of one argument (``frozenset({...})``)."""

    func: str
    arg: Any


@dataclass(frozen=True)
class SetOf:
    """A set display of the given items, in that order."""

    items: tuple[Any, ...]


def assignment(
    target: str, value: Any, *, exploded: bool = False, line_length: int = LINE_LENGTH
) -> str:
    """``target = value`` as black formats it (``target`` may carry an annotation), with a newline.

    ``exploded``: as black formats the value written one element per line with
    a trailing comma (black keeps such a "magic trailing comma" split).
    """
    writer = _Writer(line_length)
    entries = _entries(value)
    if exploded and entries:
        opening, closing = writer.brackets(value)
        lines = [f"{target} = {opening}"]
        for entry in entries:
            lines += writer.entry(entry, ",", 1)
        return "\n".join([*lines, closing]) + "\n"
    lines = writer.lines(f"{target} = ", value, "", 0)
    return "\n".join(lines) + "\n"


def _entries(value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [(_KEY, item) for item in value.items()]
    if isinstance(value, list):
        return [("", item) for item in value]
    if isinstance(value, SetOf):
        return [("", item) for item in value.items]
    if isinstance(value, Call):
        return [("", value.arg)]
    return []


_KEY = "key"


class _Writer:
    def __init__(self, line_length: int) -> None:
        self.line_length = line_length
        self._flat: dict[int, str] = {}
        self._atoms: dict[tuple[type, Any], str] = {}

    def _width(self, line: str) -> int:
        """The width black measures (``str_width``: the length, for ASCII text)."""
        if line.isascii():
            return len(line)
        from black.strings import str_width  # noqa: PLC0415  # heavy import, only when needed

        return int(str_width(line))

    def lines(self, prefix: str, value: Any, suffix: str, depth: int) -> list[str]:
        """``value`` after ``prefix`` (and before ``suffix``) at ``depth``, as black's lines."""
        indent = _INDENT * depth
        one = f"{indent}{prefix}{self.flat(value)}{suffix}"
        entries = _entries(value)
        if self._width(one) <= self.line_length or not entries:
            return [one]
        opening, closing = self.brackets(value)
        out = [f"{indent}{prefix}{opening}"]
        if len(entries) == 1:
            out += self.entry(entries[0], "", depth + 1)
        else:
            for entry in entries:
                out += self.entry(entry, ",", depth + 1)
        out.append(f"{indent}{closing}{suffix}")
        return out

    def entry(self, entry: tuple[str, Any], suffix: str, depth: int) -> list[str]:
        kind, item = entry
        if kind == _KEY:
            key, item = item
            return self.lines(f"{self.atom(key)}: ", item, suffix, depth)
        return self.lines("", item, suffix, depth)

    @staticmethod
    def brackets(value: Any) -> tuple[str, str]:
        if isinstance(value, dict | SetOf):
            return "{", "}"
        if isinstance(value, list):
            return "[", "]"
        return f"{value.func}(", ")"

    def flat(self, value: Any) -> str:
        """``value`` on one line (remembered: a parent that does not fit asks again)."""
        key = id(value)
        if key not in self._flat:
            self._flat[key] = self._one_line(value)
        return self._flat[key]

    def _one_line(self, value: Any) -> str:
        if isinstance(value, dict):
            return (
                "{" + ", ".join(f"{self.atom(k)}: {self.flat(v)}" for k, v in value.items()) + "}"
            )
        if isinstance(value, list):
            return "[" + ", ".join(self.flat(v) for v in value) + "]"
        if isinstance(value, SetOf):
            if not value.items:
                raise LayoutError("an empty set display")
            return "{" + ", ".join(self.flat(v) for v in value.items) + "}"
        if isinstance(value, Call):
            return f"{value.func}({self.flat(value.arg)})"
        return self.atom(value)

    def atom(self, value: Any) -> str:
        """A string, number, boolean or ``None`` as black writes it (remembered: keys repeat)."""
        key = (type(value), repr(value) if isinstance(value, float) else value)  # -0.0 == 0.0
        if key not in self._atoms:
            self._atoms[key] = self._atom(value)
        return self._atoms[key]

    def _atom(self, value: Any) -> str:
        if value is None or isinstance(value, bool):
            return repr(value)
        if isinstance(value, str):
            text = repr(value)
            if "\\" not in text:
                # without a backslash black only turns '...' into "..." when the text
                # holds no double quote (repr picks "..." only for a text holding ' alone)
                return f'"{text[1:-1]}"' if text[0] == "'" and '"' not in text else text
            from black.strings import normalize_string_quotes  # noqa: PLC0415

            return str(normalize_string_quotes(text))
        if isinstance(value, int):
            return repr(value)  # black leaves a decimal integer as it is
        if isinstance(value, float):
            text = repr(value).lower()
            if text.lstrip("-") in {"inf", "nan"}:
                raise LayoutError(f"the float {text}")
            from black.numerics import (  # noqa: PLC0415
                format_float_or_int_string,
                format_scientific_notation,
            )

            sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
            # what black's normalize_numeric_literal does to a decimal literal
            if "e" in digits:
                return sign + str(format_scientific_notation(digits))
            return sign + str(format_float_or_int_string(digits))
        raise LayoutError(f"a value of type {type(value).__name__}")
