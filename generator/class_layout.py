"""Top-level classes of simple statements written in black's layout, so black formats the rest.

A types module is mostly classes datamodel-codegen writes in a few shapes: a
docstring, ``name = value`` (``model_config``, enum members), ``name: hint``
and ``name: hint = value``. black formats each top-level statement on its own
(:mod:`generator.fmt` cuts a module between two classes for that reason), so a
class made only of such statements can be written here, by the rules
:mod:`generator.layout` implements and checks against black, while black
formats the classes and statements this module does not take.

:func:`class_statement` answers ``None`` (black's turn) for anything it is not
certain of: a decorator, a comment, a method, a nested class, keyword bases,
blank lines right after the class line, a line continuation, tabs, implicit
string concatenation, and every line :mod:`generator.layout` refuses (a line
still too long after its splits, a union to split). ``tests/generator/
test_class_layout.py`` compares its output with black's on generated classes
and on the types modules of the test specs.
"""

from __future__ import annotations

import ast
import re

from generator import layout
from generator.black_literal import LayoutError

_DEPTH = 1  # a class body's statements


def class_statement(source: str) -> str | None:
    """``source`` (one top-level class statement and blank lines), as black writes it alone;
    ``None`` where black must format it."""
    if "\\" in source or "\t" in source or "\r" in source or "\f" in source:
        return None  # continuations, escapes and odd whitespace: black's own rules
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    if len(body) != 1 or not isinstance(body[0], ast.ClassDef):
        return None
    lines = source.split("\n")
    if "#" in source and _has_comment(body[0], lines):
        return None
    try:
        return _class(body[0], lines)
    except LayoutError:
        return None


_ONE_LINE_STRING = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")  # no backslash: see class_statement


def _has_comment(node: ast.ClassDef, lines: list[str]) -> bool:
    """A ``#`` outside the strings of ``node``: the lines of its string statements over
    several lines (docstrings) are theirs up to the closing quotes, and the rest of a line
    is code once its one-line strings are taken out. (A string over several lines elsewhere
    is triple-quoted, which :mod:`generator.layout` refuses.)"""
    inside: set[int] = set()
    tails: dict[int, int] = {}
    for statement in node.body:
        if _string_statement(statement) and statement.end_lineno != statement.lineno:
            last = (statement.end_lineno or statement.lineno) - 1
            inside.update(range(statement.lineno - 1, last))
            tails[last] = statement.end_col_offset or 0
    for index, line in enumerate(lines):
        if "#" not in line or index in inside:
            continue
        code = _columns(line, tails[index], None) if index in tails else line
        if "#" in _ONE_LINE_STRING.sub("", code):
            return True
    return False


def _class(node: ast.ClassDef, lines: list[str]) -> str:
    if node.decorator_list or node.keywords or getattr(node, "type_params", None):
        raise LayoutError("a decorated class, keyword bases or type parameters")
    bases = [layout.flat(_expression(base, lines)) for base in node.bases]
    header = f"class {node.name}({', '.join(bases)}):" if bases else f"class {node.name}:"
    if node.lineno != node.body[0].lineno - 1 or node.end_lineno is None:
        raise LayoutError("a class line over several lines, or a body on the class line")
    if not layout.fits(header):
        raise LayoutError("a class line too long")
    out = [header]
    previous: ast.stmt | None = None
    for statement in node.body:
        if previous is not None:
            blank = _blank_lines(lines, previous, statement)
            if _is_docstring(previous, node):
                out.append("")  # black: exactly one blank line after a class docstring
            elif blank:
                out.append("")  # at most one inside a block
        out.append(_statement(statement, lines, first=previous is None))
        previous = statement
    return "\n".join(out) + "\n"


def _blank_lines(lines: list[str], before: ast.stmt, after: ast.stmt) -> int:
    if before.end_lineno is None or before.end_lineno >= after.lineno:
        raise LayoutError("two statements on one line")
    gap = lines[before.end_lineno : after.lineno - 1]
    if any(line.strip() for line in gap):
        raise LayoutError("something between two statements")
    return len(gap)


def _is_docstring(statement: ast.stmt, node: ast.ClassDef) -> bool:
    return statement is node.body[0] and _string_statement(statement)


def _string_statement(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _statement(statement: ast.stmt, lines: list[str], *, first: bool) -> str:
    if isinstance(statement, ast.Pass):
        return layout.INDENT + "pass"
    if _string_statement(statement) and first:
        return layout.INDENT + layout.docstring(_literal(statement, lines), _DEPTH)
    if _string_statement(statement):  # an attribute's docstring: a string, not a docstring
        return _string(statement, lines)
    if isinstance(statement, ast.Assign):
        if len(statement.targets) != 1 or not isinstance(statement.targets[0], ast.Name):
            raise LayoutError("an assignment to several targets, or not to a name")
        value = _value_text(statement.value, lines)
        return layout.assignment(statement.targets[0].id, value, _DEPTH)
    if isinstance(statement, ast.AnnAssign):
        if not (isinstance(statement.target, ast.Name) and statement.simple):
            raise LayoutError("an annotated assignment to something else than a name")
        return _annotated(statement, statement.target.id, lines)
    raise LayoutError(f"a {type(statement).__name__} statement")


def _literal(statement: ast.stmt, lines: list[str]) -> str:
    """The source of a string statement: its lines as they are when it spans several."""
    if statement.lineno == statement.end_lineno:
        return _value_text(statement, lines)
    return "\n".join(lines[statement.lineno - 1 : statement.end_lineno]).strip()


def _string(statement: ast.stmt, lines: list[str]) -> str:
    """A string statement after the first: black leaves a ``\"\"\"`` string as it is and
    normalizes the quotes of a one-line one; either stays on its line."""
    text = _literal(statement, lines)
    triple = text.startswith('"""') and text.endswith('"""') and len(text) >= 6
    if statement.lineno != statement.end_lineno:
        if statement.col_offset != len(layout.INDENT):
            raise LayoutError("a string over several lines, indented otherwise")
        if not triple:
            raise LayoutError("a string over several lines that is not triple double-quoted")
    if triple:
        return layout.INDENT + text
    node = layout.expression(text)
    if not isinstance(node, layout.Text):
        raise LayoutError("a string statement that is not one literal")
    return layout.INDENT + node.text


def _annotated(statement: ast.AnnAssign, name: str, lines: list[str]) -> str:
    """``name: hint`` or ``name: hint = value`` as black lays it out.

    With a value without brackets (``None``, a number, a string) that does not
    fit on the line, black puts the value in parentheses of its own while the
    line up to them fits (``_prefer_split_rhs_oop_over_rhs``: the left side of
    the assignment holds brackets and is short enough), else splits the hint.
    """
    prefix = f"{name}: "
    hint = _expression(statement.annotation, lines)
    if statement.value is None:
        if isinstance(hint, layout.Union) and not layout.fits(
            f"{layout.INDENT}{prefix}{layout.flat(hint)}"
        ):
            return "\n".join(_wrapped_union(prefix, hint, ""))
        return "\n".join(layout.lines(prefix, hint, "", _DEPTH))
    value = _expression(statement.value, lines)
    flat_hint = layout.flat(hint)
    if isinstance(value, layout.Text):
        one = f"{layout.INDENT}{prefix}{flat_hint} = {value.text}"
        if layout.magic(hint) or not layout.fits(one):
            return "\n".join(_split_before_value(prefix, hint, value.text))
        return one
    one = f"{layout.INDENT}{prefix}{flat_hint} = {layout.flat(value)}"
    if layout.magic(hint) or layout.magic(value) or not layout.fits(one):
        raise LayoutError("a bracketed default on a line too long")
    return one


def _split_before_value(prefix: str, hint: object, value: str) -> list[str]:
    """``name: hint = value`` too long for its line: the value in parentheses of its own
    while the line up to them fits, else split at the hint's last bracket (of its last
    bracketed operand, for a union whose later operands are names: ``] | None = None``)."""
    head = f"{layout.INDENT}{prefix}{layout.flat(hint)} = ("
    if not layout.magic(hint) and layout.fits(head[:-1] + " "):  # one short of the limit
        body = f"{layout.INDENT * (_DEPTH + 1)}{value}"
        if not isinstance(hint, layout.Group | layout.Union) or not layout.fits(body):
            raise LayoutError("a value too long for a line of its own")
        return [head, body, f"{layout.INDENT})"]
    if isinstance(hint, layout.Group):
        return layout.lines(prefix, hint, f" = {value}", _DEPTH)
    return _wrapped_union(prefix, hint, f" = {value}")


def _wrapped_union(prefix: str, hint: object, tail: str) -> list[str]:
    """A hint that is a union too long for its line, in the parentheses black adds to it (it
    keeps them when the union's last operand is a name: ``can_omit_invisible_parens``)."""
    if not isinstance(hint, layout.Union) or not isinstance(hint.operands[-1], layout.Text):
        raise LayoutError("a hint without brackets, or a union ending in one, too long")
    indent = layout.INDENT * _DEPTH
    return [f"{indent}{prefix}(", *layout.union_lines(hint, _DEPTH + 1), f"{indent}){tail}"]


def _expression(node: ast.expr, lines: list[str]) -> object:
    """The layout tree of ``node`` (parsed from ``lines``): from the node itself when it is
    on one line, else from its lines joined."""
    if node.lineno == node.end_lineno:
        return layout.tree(node, lines[node.lineno - 1])
    return layout.expression(_value_text(node, lines))


def _value_text(node: ast.expr | ast.stmt, lines: list[str]) -> str:
    """The source of ``node`` on one line (the lines of a bracketed expression joined by
    a space); ``ast`` counts columns in UTF-8 bytes."""
    first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
    if first == last:
        return _columns(lines[first], node.col_offset, node.end_col_offset)
    pieces = [_columns(lines[first], node.col_offset, None).strip()]
    pieces += [line.strip() for line in lines[first + 1 : last]]
    pieces.append(_columns(lines[last], 0, node.end_col_offset).strip())
    return " ".join(pieces)


def _columns(line: str, start: int, end: int | None) -> str:
    if line.isascii():
        return line[start:end]
    return line.encode("utf-8")[start:end].decode("utf-8")
