"""ECMA-262 regular expressions (JSON Schema's dialect), run in time linear in the text.

A pattern is run by pydantic-core's Rust ``regex`` engine, which never
backtracks: a pattern as common in public specs as
``^(https?://)?([\\da-z.-]+)\\.([a-z.]{2,6})([/\\w .-]*)*/?$`` would take
Python's ``re`` minutes on one payload of sixty characters that does not match,
and a service validating what it receives would hang on it. Translated for it
(:func:`to_rust`): ``\\d``, ``\\w``, ``\\s`` and their negations as ECMA-262's
own (ASCII) classes, ``.`` without ECMA-262's four line terminators. What the
Rust engine has no equivalent for (lookaround, back-references, ``\\b``,
Annex B's literal braces) falls back to Python's ``re`` (:func:`translate`:
``\\d``, ``\\w``, ``$`` as the very end, ``\\p{L}``), which backtracks; a
pattern neither can compile gives None (the caller then cannot judge it,
rather than judging it wrongly).
"""

from __future__ import annotations

import re
from typing import Protocol

from pydantic_core import SchemaError, SchemaValidator, core_schema

__all__ = ["Searcher", "compile_pattern", "to_rust", "translate"]


class Searcher(Protocol):
    """A compiled pattern: ``search`` is not None where it matches somewhere in the text."""

    def search(self, string: str, /) -> object | None: ...


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


def compile_pattern(source: str) -> Searcher | None:
    """The compiled ECMA-262 ``source``: by the Rust engine, else by ``re``, else None."""
    rust = to_rust(source)
    if rust is not None:
        try:
            check = SchemaValidator(core_schema.str_schema(pattern=rust, regex_engine="rust-regex"))
        except SchemaError:  # lookaround, a back-reference: no equivalent there
            pass
        else:
            return _Linear(check)
    try:
        return re.compile(translate(source))  # translate raises re.error too
    except re.error:
        return None


class _Linear:
    """A pattern run by pydantic-core's Rust engine (a search, as ``re``'s ``search``)."""

    __slots__ = ("_check",)

    def __init__(self, check: SchemaValidator) -> None:
        self._check = check

    def search(self, string: str, /) -> object | None:
        return True if self._check.isinstance_python(string) else None


# ECMA-262's \s: its WhiteSpace (Unicode's Zs, tab, VT, FF, U+FEFF) and LineTerminator
_SPACE = (
    r"\t\n\x0B\f\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}"
)
_RUST_INSIDE = {  # re's tables, with \D and \W as nested classes (Rust has them) and \s
    **_INSIDE,
    "D": _OUTSIDE["D"],
    "W": _OUTSIDE["W"],
    "s": _SPACE,
    "S": f"[^{_SPACE}]",
}
_RUST_OUTSIDE = {**_OUTSIDE, "s": f"[{_SPACE}]", "S": _RUST_INSIDE["S"]}
_DOT = r"[^\n\r\x{2028}\x{2029}]"
_KEPT_ESCAPES = frozenset("tnrfv") | frozenset(r"""!"#$%&'()*+,-./:;=?@[\]^_`{|}~""")
_ESCAPED_IN_CLASS = frozenset("[&~")  # nested classes and set operators in Rust's syntax
_HEX = re.compile(r"x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|u\{[0-9A-Fa-f]+\}|[pP]\{[A-Za-z0-9_=]+\}")


def to_rust(source: str) -> str | None:
    """``source`` in the syntax of Rust's ``regex`` crate, matching what ECMA-262 matches;
    None where a construct differs and is not translated (the caller falls back to ``re``)."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            escaped = _rust_escape(source, i, in_class=in_class)
            if escaped is None:
                return None
            out.append(escaped[0])
            i = escaped[1]
            continue
        if in_class:
            if source.startswith("--", i):
                return None  # a set difference in Rust's syntax
            in_class = char != "]"
            char = "\\" + char if char in _ESCAPED_IN_CLASS else char
        elif char == "[":
            body = source[i + 1 :].removeprefix("^")
            if body.startswith("]"):
                return None  # [] and [^] (ECMA-262's empty and any class)
            in_class = True
            char = source[i : len(source) - len(body)]
            i += len(char) - 1
        elif char == ".":
            char = _DOT
        elif source.startswith("(?", i) and not source.startswith("(?:", i):
            return None  # lookaround and named groups: left to re
        out.append(char)
        i += 1
    return "".join(out)


def _rust_escape(source: str, i: int, *, in_class: bool) -> tuple[str, int] | None:
    """The escape at ``source[i]`` in Rust's syntax and the offset after it (None: untranslated)."""
    nxt = source[i + 1 : i + 2]
    table = _RUST_INSIDE if in_class else _RUST_OUTSIDE
    if nxt in table:
        follows = source[i + 2 : i + 4]
        if in_class and follows.startswith("-") and follows != "-]":
            return table[nxt] + r"\-", i + 3  # Annex B: a dash after a class escape is literal
        return table[nxt], i + 2
    code = _HEX.match(source, i + 1)
    if code is not None:
        return "\\" + code.group(), code.end()
    if nxt == "0" and not source[i + 2 : i + 3].isdigit():
        return r"\x00", i + 2
    letter = source[i + 2 : i + 3]
    if nxt == "c" and letter.isascii() and letter.isalpha():
        return f"\\x{ord(letter) % 32:02X}", i + 3  # a control character: \cJ is \n
    if nxt and nxt in _KEPT_ESCAPES:
        return "\\" + nxt, i + 2
    return None  # \b, \k, back-references, Annex B's identity escapes of letters
