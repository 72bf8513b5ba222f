"""Literal tables already in black's layout, kept out of black's way.

The types module's ``__non_nullable__`` table is written in black's layout by
:mod:`generator.black_literal`, but it shares a cut of the module with the
classes black must format (:mod:`generator.fmt` cuts only between two
classes), and black reading 100 kB of literal again costs it a second on a
large spec. :func:`taken_out` replaces each top-level assignment whose text is
exactly what :mod:`generator.black_literal` writes for its value (verified
here, so nothing is trusted by name) with a one-line stand-in, the same
target with the value ``None``; :func:`put_back` puts the original text in
black's output in its place. That output is black's for the whole source:
black lays out each statement on its own, and the blank lines it writes
around a statement depend on the kind of its lines (an assignment either
way), not on its value.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from generator import black_literal
from generator.black_literal import Call, LayoutError, SetOf

_LARGE = 2_000  # characters: a smaller table is not worth the check
_TABLE_START = re.compile(r"^[A-Za-z_][^\n]* = [{\[]\n", re.MULTILINE)  # exploded at the top

Originals = dict[str, str]  # stand-in line -> the text it stands in for


def taken_out(source: str) -> tuple[str, Originals]:
    """``source`` with its large literal assignments in black's layout replaced by stand-ins,
    and what each stands in for (empty, and ``source`` itself, when there is none)."""
    if len(source) < _LARGE or "\r" in source or not _TABLE_START.search(source):
        return source, {}
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return source, {}  # black reports it
    lines = source.split("\n")
    replaced: list[tuple[int, int, str]] = []  # first line, end line (0-based, exclusive)
    originals: Originals = {}
    for node in body:
        stand_in = _stand_in(node, lines)
        if stand_in is None or stand_in[0] in originals or stand_in[0] in source:
            continue
        line, text = stand_in
        originals[line] = text
        replaced.append((node.lineno - 1, node.end_lineno or node.lineno, line))
    if not originals:
        return source, {}
    out: list[str] = []
    at = 0
    for first, end, line in replaced:
        out += [*lines[at:first], line]
        at = end
    out += lines[at:]
    return "\n".join(out), originals


def put_back(formatted: str, originals: Originals) -> str | None:
    """black's output for the stand-ins' source with each original in its place; ``None``
    if a stand-in is not in it as one line of its own exactly once (black split it)."""
    lines = formatted.split("\n")
    places = {line: index for index, line in enumerate(lines) if line in originals}
    if len(places) != len(originals) or any(lines.count(s) != 1 for s in originals):
        return None
    for line, index in places.items():
        lines[index] = originals[line].removesuffix("\n")
    return "\n".join(lines)


def _stand_in(node: ast.stmt, lines: list[str]) -> tuple[str, str] | None:
    """(the stand-in line, the statement's text) for an assignment of a literal written as
    :func:`black_literal.assignment` writes it; ``None`` for any other statement."""
    simple = isinstance(node, ast.AnnAssign) and bool(node.simple)
    if not (simple or (isinstance(node, ast.Assign) and len(node.targets) == 1)):
        return None
    value = getattr(node, "value", None)
    if not isinstance(value, ast.Dict | ast.List | ast.Set) or node.end_lineno is None:
        return None
    first = lines[node.lineno - 1]
    if value.lineno != node.lineno or node.col_offset != 0 or not first.isascii():
        return None  # (ast counts columns in bytes)
    text = "\n".join(lines[node.lineno - 1 : node.end_lineno]) + "\n"
    head = first[: value.col_offset]  # the target, its annotation and " = "
    if len(text) < _LARGE or not head.endswith(" = "):
        return None
    target = head.removesuffix(" = ")
    try:
        data = _value(value)
    except (LayoutError, TypeError):  # not a value black_literal writes; an unhashable key
        return None
    for exploded in (True, False):
        try:
            if text == black_literal.assignment(target, data, exploded=exploded):
                return f"{target} = None", text
        except LayoutError:
            continue
    return None


def _value(node: ast.expr) -> Any:
    """The value of a literal in :mod:`generator.black_literal`'s terms (raises
    :class:`LayoutError` for anything else); the text comparison afterwards catches what
    this reading leaves out (a number written otherwise, a duplicate key)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str | int | float | bool):
        return node.value
    if isinstance(node, ast.Constant) and node.value is None:
        return None
    if isinstance(node, ast.Dict):
        if any(key is None for key in node.keys):
            raise LayoutError("a ** in a dict display")
        return {_value(key): _value(item) for key, item in zip(node.keys, node.values, strict=True)}  # type: ignore[arg-type]
    if isinstance(node, ast.List):
        return [_value(item) for item in node.elts]
    if isinstance(node, ast.Set):
        return SetOf(tuple(_value(item) for item in node.elts))
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and len(node.args) == 1
        and not node.keywords
    ):
        return Call(node.func.id, _value(node.args[0]))
    raise LayoutError(f"a {type(node).__name__} in a literal table")
