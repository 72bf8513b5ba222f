"""Black for the few statements of a laid-out module the layout could not write.

The layout filters (:mod:`generator.layout`) write client modules in black's
layout, and give up on a shape they are not certain of (a constant's name so
long that its call's opening bracket does not fit on the line, a method name
longer than the line). Formatting the whole module with black for one such
statement cost seconds on real specs (a resource module of GitLab's spec is
1 MB of source: 8 s of black for 4 statements). Instead, a filter that gives
up writes its plain source behind :data:`MARK`, and :func:`settle` formats
only the statements holding a mark: a module-level statement alone, a method
or other member of a class inside a stand-in class, so that black sees it at
its own depth and decides every split as it would in the whole module.

Black's output for a module is made statement by statement; the layout
already writes the blank lines between statements as black does, so the
module settled here is the one black would write (the tests check that
against black on the whole module).
"""

from __future__ import annotations

import ast
from collections.abc import Callable

# Never in generated source: Python source cannot hold a NUL, and every literal the
# templates write escapes control characters.
MARK = "\x00"

_STAND_IN = "class _:\n"


def settle(source: str, black: Callable[[str], str]) -> str | None:
    """``source`` without its marks, each marked statement formatted by ``black``.

    ``black`` formats a whole module's source. ``None`` when the marked source
    does not parse as Python: the caller formats the whole module then.
    """
    if MARK not in source:
        return source
    lines = source.splitlines(keepends=True)
    marked = {number for number, line in enumerate(lines, 1) if MARK in line}
    plain = [line.replace(MARK, "") for line in lines]
    try:
        tree = ast.parse("".join(plain))
    except SyntaxError:
        return None
    spans: list[tuple[int, int, int]] = []  # (first line, last line, depth), 1-based
    for statement in tree.body:
        first, last = _span(statement)
        if not any(first <= number <= last for number in marked):
            continue
        members = _members(statement, marked) if isinstance(statement, ast.ClassDef) else None
        spans.extend(members if members is not None else [(first, last, 0)])
    for first, last, depth in sorted(spans, reverse=True):  # from the end: numbers stay valid
        formatted = _formatted("".join(plain[first - 1 : last]), depth, black)
        if formatted is None:
            return None
        plain[first - 1 : last] = [formatted]
    return "".join(plain)


def _span(node: ast.stmt) -> tuple[int, int]:
    decorators = getattr(node, "decorator_list", None) or []
    first = min([node.lineno, *(d.lineno for d in decorators)])
    return first, node.end_lineno or node.lineno


def _members(cls: ast.ClassDef, marked: set[int]) -> list[tuple[int, int, int]] | None:
    """The marked members of ``cls`` (at depth 1), or ``None`` when a mark lies outside
    them (the class line, its docstring): then the whole class statement is formatted."""
    spans = [_span(member) for member in cls.body]
    inside = {number for first, last in spans for number in range(first, last + 1)}
    first, last = _span(cls)
    if any(first <= number <= last and number not in inside for number in marked):
        return None
    return [(a, b, 1) for a, b in spans if any(a <= number <= b for number in marked)]


def _formatted(text: str, depth: int, black: Callable[[str], str]) -> str | None:
    """``text`` (whole lines) formatted at ``depth``; ``None`` if black's output is not
    of the expected shape (the stand-in class line not kept as written)."""
    if depth == 0:
        return black(text)
    out = black(_STAND_IN + text)
    if not out.startswith(_STAND_IN):
        return None
    return out[len(_STAND_IN) :].lstrip("\n")
