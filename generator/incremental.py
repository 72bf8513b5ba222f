"""Formatting in watch mode: black only the top-level statements an edit changed.

An edit of one description or enum value changes one or two classes of a
4,000-line types module; black formats a file in time proportional to its
length. black formats each top-level statement the same whatever surrounds
it, except for the blank lines before it, which depend on its own kind and on
the kind of the line before (a class, a decorator, an import, ...). So, given
the previous run's source and black's output for it, the new output is the
old one with each changed statement replaced by black's output for that
statement alone, as long as nothing around it can move:

- the same number of top-level statements, in the same order and kinds
  (class, function, assignment; the same name), the text between statements
  (blank lines) unchanged, and no changed import (isort, run before black,
  sorts and merges imports in place and touches nothing else);
- each changed statement starts and ends with the same kinds of line as
  before (decorators, the last nested statement), and holds no comment (one
  could attach to a neighbour).

Anything else formats the whole file, as :func:`generator.fmt.format_python`
always does. ``make check`` formats every file in full, so a difference
would never go unnoticed; ``tests/generator/test_watch_incremental.py``
compares the two on many edits.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Callable
from dataclasses import dataclass

_IMPORTS = frozenset({"Import", "ImportFrom"})
Format = Callable[[str, str, str], str]  # (source, relative path, package) -> formatted


@dataclass(frozen=True)
class _Statement:
    """A top-level statement: its lines (1-based, inclusive) and what its neighbours see."""

    first: int
    last: int
    shape: tuple[object, ...]


def _shape(node: ast.stmt) -> tuple[object, ...]:
    """What black's blank-line rules see of a statement: its kind, name, first and last lines."""
    name: object = None
    if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
        name = node.name
    elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        name = tuple(ast.dump(t) for t in targets if t is not None)
    tail: list[object] = []
    inner: ast.AST = node
    while True:
        body = getattr(inner, "body", None)
        if not isinstance(body, list) or not body:
            break
        if getattr(inner, "orelse", None) or getattr(inner, "finalbody", None):
            tail.append("else")  # the last line is in another branch: keep it simple
            break
        inner = body[-1]
        kind: object = type(inner).__name__
        if isinstance(inner, ast.Expr) and isinstance(inner.value, ast.Constant):
            kind = (kind, type(inner.value.value).__name__)
        tail.append(kind)
    decorators = len(getattr(node, "decorator_list", ()))
    return (type(node).__name__, name, decorators, tuple(tail))


def _statements(source: str) -> list[_Statement] | None:
    """The top-level statements of ``source``, ``None`` when it does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found = []
    for node in tree.body:
        first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
        found.append(_Statement(first, node.end_lineno or node.lineno, _shape(node)))
    return found


def _has_comment(text: str) -> bool:
    """Whether ``text`` holds a ``#`` comment (one that does not tokenize counts as one)."""
    if "#" not in text:
        return False
    try:
        return any(
            token.type == tokenize.COMMENT
            for token in tokenize.generate_tokens(io.StringIO(text).readline)
        )
    except (tokenize.TokenError, SyntaxError):
        return True


def _text(lines: list[str], first: int, last: int) -> str:
    return "".join(lines[first - 1 : last])


def splice(
    old_source: str,
    old_formatted: str,
    new_source: str,
    format_one: Callable[[str], str],
    parsed: tuple[list[_Statement] | None, list[_Statement] | None] | None = None,
) -> str | None:
    """``new_source`` formatted by reusing ``old_formatted`` (see the module docstring).

    ``format_one`` formats the text of one statement alone. ``None`` when the
    edit is not one this can do safely; the caller then formats the whole file.
    ``parsed``: the statements of ``old_source`` and ``old_formatted``, if known.
    """
    old, done = (
        parsed if parsed is not None else (_statements(old_source), _statements(old_formatted))
    )
    new = _statements(new_source)
    if old is None or new is None or done is None or len(old) != len(new) or not old:
        return None
    old_lines, new_lines = (
        old_source.splitlines(keepends=True),
        new_source.splitlines(keepends=True),
    )
    offset = len(done) - len(old)  # isort may have merged imports: align from the end
    for index, statement in enumerate(old):
        if statement.shape[0] in _IMPORTS:
            continue
        if index + offset < 0 or done[index + offset].shape != statement.shape:
            return None  # the previous output does not line up with its source
    changed: list[int] = []
    previous_old_end = previous_new_end = 0
    for index, (a, b) in enumerate(zip(old, new, strict=True)):
        if a.first <= previous_old_end or b.first <= previous_new_end:  # two on one line
            return None
        gap_old = _text(old_lines, previous_old_end + 1, a.first - 1)
        gap_new = _text(new_lines, previous_new_end + 1, b.first - 1)
        if gap_old != gap_new or a.shape != b.shape:
            return None
        previous_old_end, previous_new_end = a.last, b.last
        text_old, text_new = _text(old_lines, a.first, a.last), _text(new_lines, b.first, b.last)
        if text_old == text_new:
            continue
        if a.shape[0] in _IMPORTS or _has_comment(text_old) or _has_comment(text_new):
            return None
        changed.append(index)
    if _text(old_lines, previous_old_end + 1, len(old_lines)) != _text(
        new_lines, previous_new_end + 1, len(new_lines)
    ):
        return None
    result = old_formatted.splitlines(keepends=True)
    for index in reversed(changed):  # from the end: earlier line numbers stay valid
        target = done[index + offset]
        statement = new[index]
        formatted = format_one(_text(new_lines, statement.first, statement.last)).lstrip("\n")
        result[target.first - 1 : target.last] = formatted.splitlines(keepends=True)
    return "".join(result)


class Formatter:
    """A formatter that remembers each file's last source and output (one per watch process)."""

    def __init__(self, format_whole: Format) -> None:
        self.format_whole = format_whole
        self.last: dict[str, tuple[str, str]] = {}
        self.parsed: dict[str, tuple[list[_Statement] | None, list[_Statement] | None]] = {}
        self.spliced = 0  # files formatted by splicing, for tests and curiosity

    def __call__(self, source: str, rel: str, package: str, reused: str | None) -> str:
        """``source`` formatted (``reused``: the output on disk, known to match it)."""
        result = reused if reused is not None else self._format(source, rel, package)
        if self.last.get(rel) != (source, result):
            self.last[rel] = (source, result)
            self.parsed.pop(rel, None)
        return result

    def warm(self) -> None:
        """Parse what the next edit will compare with (watch mode calls it while idle)."""
        for rel, (source, formatted) in self.last.items():
            if rel not in self.parsed:
                self.parsed[rel] = (_statements(source), _statements(formatted))

    def _format(self, source: str, rel: str, package: str) -> str:
        previous = self.last.get(rel)
        if previous is not None:
            parsed = self.parsed.get(rel)
            if parsed is None:
                parsed = self.parsed[rel] = (_statements(previous[0]), _statements(previous[1]))
            spliced = splice(
                previous[0],
                previous[1],
                source,
                lambda text: self.format_whole(text, rel, package),
                parsed,
            )
            if spliced is not None:
                self.spliced += 1
                return spliced
        return self.format_whole(source, rel, package)
