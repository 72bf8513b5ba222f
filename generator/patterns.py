"""``pattern`` strings as OpenAPI means them: ECMA-262 regular expressions.

Python's ``re`` is another dialect: it rejects ``[\\w-./:]`` (a class escape
as a range end, literal in ECMA-262's Annex B) and ``\\p{Letter}`` (Unicode
properties, ECMA-262's ``u`` mode). Validity uses ``regress``, a binding to an
ECMA-262 engine, trying ``u`` mode first (where ``\\p{...}`` lives) and then
the Annex B grammar. Matching uses jsonschema-rs's engine where it compiles the
pattern (Rust's ``regex``, whose time is linear in the text, or ``fancy-regex``
with a backtracking limit for lookaround and back-references), and ``regress``
only for the Annex B patterns it refuses: ``regress`` backtracks, and a
pattern as common in public specs as ``^(https?://)?...([/\\w .-]*)*/?$`` takes
it minutes on one example of thirty characters that does not match.
:func:`to_python` translates a pattern to ``re`` where an equivalent exists,
for code that needs Python's engine.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import regress

# Unicode property escapes with an exact ``re`` equivalent outside a class.
_PROPERTIES = {
    "L": r"[^\W\d_]",
    "Letter": r"[^\W\d_]",
    "Nd": r"\d",
    "Decimal_Number": r"\d",
}
_PROPERTY = re.compile(r"\\([pP])\{([^}]*)\}")
_NAMED_GROUP = re.compile(r"\(\?<(?=[A-Za-z_])")
_BACKREF = re.compile(r"\\k<([A-Za-z_][A-Za-z0-9_]*)>")
_CLASS_ESCAPE = re.compile(r"\\[dDwWsS]")


@functools.lru_cache(maxsize=4096)
def compiled(pattern: str) -> regress.Regex | None:
    """The ECMA-262 regex of ``pattern``, or None when it is not valid ECMA-262."""
    for flags in ("u", ""):
        try:
            return regress.Regex(pattern, flags)
        except regress.RegressError:
            continue
    return None


def invalid_reason(pattern: str) -> str | None:
    """Why ``pattern`` is not an ECMA-262 regular expression (None when it is one)."""
    if compiled(pattern) is not None:
        return None
    try:
        regress.Regex(pattern, "u")
    except regress.RegressError as exc:
        return str(exc) or "not an ECMA-262 regular expression"
    return None  # pragma: no cover - compiled() would have succeeded


def search(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches somewhere in ``text`` (JSON Schema's ``pattern``)."""
    linear = _linear(pattern)
    if linear is not None:
        return bool(linear.is_valid(text))
    regex = compiled(pattern)
    return regex is not None and regex.find(text) is not None


@functools.lru_cache(maxsize=4096)
def _linear(pattern: str) -> Any:
    """A jsonschema-rs validator of ``{"pattern": pattern}`` (None where it refuses the
    pattern): its engine never backtracks without bound."""
    import jsonschema_rs  # noqa: PLC0415  # matching only

    try:
        return jsonschema_rs.Draft202012Validator({"pattern": pattern})
    except ValueError:  # jsonschema-rs's ValidationError: not a regex it knows
        return None


def to_python(pattern: str) -> str | None:
    """An ``re`` pattern matching what ``pattern`` matches, or None where there is none."""
    if compiled(pattern) is None:
        return None
    text = _NAMED_GROUP.sub("(?P<", pattern)
    text = _BACKREF.sub(r"(?P=\1)", text)
    text = _literal_dashes(text)
    translated = _properties(text) if _PROPERTY.search(text) else text
    if translated is None:
        return None
    try:
        re.compile(translated)
    except re.error:
        return None
    return translated


def untranslatable_reason(pattern: str) -> str | None:
    """Why a valid ECMA-262 ``pattern`` has no Python ``re`` equivalent (None when it has one)."""
    if compiled(pattern) is None or to_python(pattern) is not None:
        return None
    found = _PROPERTY.search(pattern)
    if found:
        return f"Python's re has no Unicode property escape like {found.group()}"
    return "Python's re cannot express it"


def _literal_dashes(pattern: str) -> str:
    """Escape a ``-`` next to a class escape inside ``[...]`` (literal in ECMA-262 Annex B)."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class and char == "-" and out and out[-1] != "[":
            previous = out[-1]
            following = pattern[i + 1 : i + 3]
            if _CLASS_ESCAPE.fullmatch(previous) or _CLASS_ESCAPE.fullmatch(following):
                out.append(r"\-")
                i += 1
                continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class and out and out[-1] != "[":
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)


def _properties(pattern: str) -> str | None:
    """``\\p{...}`` outside classes replaced by ``re`` equivalents; None when one has none."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        found = _PROPERTY.match(pattern, i)
        if found:
            negated, name = found.group(1) == "P", found.group(2)
            replacement = _PROPERTIES.get(name)
            if replacement is None or negated or in_class:
                return None
            out.append(replacement)
            i = found.end()
            continue
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)


def keyword(validator: Any, pattern: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """JSON Schema's ``pattern`` keyword with ECMA-262 semantics, for ``jsonschema.validators.extend``.

    A pattern that is not ECMA-262 is reported where the schema is checked, not here.
    """
    from jsonschema.exceptions import ValidationError  # noqa: PLC0415  # cold path only

    valid = isinstance(pattern, str) and compiled(pattern) is not None
    if valid and isinstance(instance, str) and not search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")
