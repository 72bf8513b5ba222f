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

A changed class goes one level down by the same rules when only methods of it
changed (its header, the text between its statements and their kinds as
before): each changed method is formatted alone inside a stand-in class at
the same indentation (``class _:``), so a long resource class is not
formatted whole for one edited docstring.

A changed statement (or method) whose source differs from its previous
source only inside string literals is not formatted at all when
:mod:`generator.string_edit` can write the new literals into black's previous
output (a docstring, an element of a table black wrote one per line): black
is then not even imported. The previous source comes from memory in watch
mode, else from the cache folder (``sources/``, keyed by its SHA-256, as
recorded in the manifest).

Anything else formats the whole file, as :func:`generator.fmt.format_python`
always does. ``make check`` formats every file in full, so a difference
would never go unnoticed; ``tests/generator/test_watch_incremental.py``
compares the two on many edits.
"""

from __future__ import annotations

import ast
import contextlib
import io
import itertools
import os
import tokenize
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator import sliced_ast, string_edit
from generator.fmt_cache import folder
from generator.write import sha256

_IMPORTS = frozenset({"Import", "ImportFrom"})
FORMAT = 2  # of the fingerprints recorded in the manifest; a new rule needs a new number
Format = Callable[[str, str, str], str]  # (source, relative path, package) -> formatted


@dataclass(frozen=True)
class _Statement:
    """A top-level statement: its lines (1-based, inclusive) and what its neighbours see."""

    first: int
    last: int
    shape: tuple[object, ...]
    body: tuple[_Statement, ...] = ()  # a class's statements, when each has a line of its own


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


def top_level(source: str) -> list[_Statement] | None:
    """The top-level statements of ``source``, ``None`` when it does not parse.

    The last few answers are kept: a run parses each edited module when splicing
    and again when recording its fingerprints. (Callers never change the list.)
    """
    if source in _PARSED:
        return _PARSED[source]
    found = _parse(source)
    if len(_PARSED) >= 8:
        _PARSED.pop(next(iter(_PARSED)))
    _PARSED[source] = found
    return found


_PARSED: dict[str, list[_Statement] | None] = {}


def _parse(source: str) -> list[_Statement] | None:
    try:  # a slice at a time: the whole tree of a large module is 180 MB
        return sliced_ast.read_top_level(source, _top_statement)
    except SyntaxError:
        return None


def _top_statement(offset: int, node: ast.stmt) -> _Statement:
    body: tuple[_Statement, ...] = ()
    if isinstance(node, ast.ClassDef) and all(inner.col_offset == _INDENT for inner in node.body):
        body = tuple(_statement(inner, offset) for inner in node.body)
        body = body if _separate(list(body)) else ()
    return replace(_statement(node, offset), body=body)


_INDENT = 4  # of a class's statements, as black writes them


def _statement(node: ast.stmt, offset: int = 0) -> _Statement:
    """``node`` as a statement; its line numbers are ``offset`` lines short (:mod:`.top_level`)."""
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
    return _Statement(first + offset, (node.end_lineno or node.lineno) + offset, _shape(node))


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


def fingerprints(source: str, statements: list[_Statement]) -> list[str]:
    """Per statement ``gap:text`` (the text before it, then its own), and the text after the last.

    A class's entry ends with ``|`` and the same for its own statements (the
    first gap holds its header), comma-separated. Short SHA-256 prefixes: enough
    to tell an edited statement from an unchanged one.
    """
    return _prints(source.splitlines(keepends=True), statements, 0, None)


def _prints(
    lines: list[str], statements: Sequence[_Statement], end: int, last: int | None
) -> list[str]:
    prints = []
    for statement in statements:
        gap, text = (
            _text(lines, end + 1, statement.first - 1),
            _text(lines, statement.first, statement.last),
        )
        entry = f"{_digest(gap)}:{_digest(text)}"
        if statement.body:
            inner = _prints(lines, statement.body, statement.first - 1, statement.last)
            entry += "|" + ",".join(inner)
        prints.append(entry)
        end = statement.last
    prints.append(_digest(_text(lines, end + 1, len(lines) if last is None else last)))
    return prints


def _digest(text: str) -> str:
    return sha256(text.encode())[:16]


def _separate(statements: list[_Statement]) -> bool:
    """No two statements share a line (``a = 1; b = 2``)."""
    return all(a.last < b.first for a, b in itertools.pairwise(statements))


def _aligned(source: list[_Statement], formatted: list[_Statement]) -> bool:
    """Each statement but the imports has its counterpart in black's output (aligned from the end)."""
    offset = len(formatted) - len(source)
    return all(
        statement.shape[0] in _IMPORTS
        or (index + offset >= 0 and formatted[index + offset].shape == statement.shape)
        for index, statement in enumerate(source)
    )


def splice(
    old_prints: list[str],
    old_formatted: str,
    done: list[_Statement],
    new_source: str,
    format_one: Callable[[str], str],
    *,
    old_source: str | None = None,
) -> str | None:
    """``new_source`` formatted by reusing ``old_formatted`` (see the module docstring).

    ``old_prints`` are the fingerprints of the previous source, ``done`` the
    statements of ``old_formatted``; ``format_one`` formats one statement's text
    alone; ``old_source`` (the previous source, when known) lets an edit of
    string literals alone skip it. ``None`` when the edit is not one this can do safely.
    """
    new = top_level(new_source)
    if not new or len(old_prints) != len(new) + 1 or not _separate(new) or not _aligned(new, done):
        return None
    new_prints = fingerprints(new_source, new)
    if new_prints[-1] != old_prints[-1]:
        return None
    new_lines, done_lines = (
        new_source.splitlines(keepends=True),
        old_formatted.splitlines(keepends=True),
    )
    offset = len(done) - len(new)
    changed: list[tuple[int, list[tuple[_Statement, _Statement]] | None]] = []
    for index, (before, after) in enumerate(zip(old_prints, new_prints[:-1], strict=False)):
        gap_before, _, text_before = before.partition(":")
        gap_after, _, text_after = after.partition(":")
        if gap_before != gap_after:
            return None
        if text_before == text_after:
            continue
        statement, target = new[index], done[index + offset]
        if statement.shape[0] in _IMPORTS:
            return None
        inner = _inner(
            text_before,
            text_after,
            statement=statement,
            target=target,
            new_lines=new_lines,
            done_lines=done_lines,
        )
        if inner is None and (
            _has_comment(_text(new_lines, statement.first, statement.last))
            or _has_comment(_text(done_lines, target.first, target.last))
        ):
            return None
        changed.append((index, inner))
    earlier = _previous(old_source, old_prints, new, new_lines, [index for index, _ in changed])
    result = list(done_lines)
    for index, inner in reversed(changed):  # from the end: earlier line numbers stay valid
        target, statement = done[index + offset], new[index]
        written = (
            string_edit.substitute(
                earlier[index],
                _text(new_lines, statement.first, statement.last),
                _text(done_lines, target.first, target.last),
            )
            if index in earlier
            else None
        )
        if written is not None:
            result[target.first - 1 : target.last] = written.splitlines(keepends=True)
            continue
        if inner is not None:
            for method, place in reversed(inner):
                text = _text(new_lines, method.first, method.last)
                formatted = format_one("class _:\n" + text)
                if not formatted.startswith("class _:\n"):
                    return None
                lines = formatted.removeprefix("class _:\n").lstrip("\n").splitlines(keepends=True)
                result[place.first - 1 : place.last] = lines
            continue
        formatted = format_one(_text(new_lines, statement.first, statement.last)).lstrip("\n")
        result[target.first - 1 : target.last] = formatted.splitlines(keepends=True)
    return "".join(result)


def _previous(
    source: str | None,
    prints: list[str],
    new: list[_Statement],
    new_lines: list[str],
    changed: list[int],
) -> dict[int, str]:
    """The previous text of the changed statements, found in ``source`` without parsing it.

    The unchanged statements and the gaps have the same text in both sources.
    So each changed statement starts where it starts in the new source as long
    as the changed ones before it kept their number of lines, and the last one
    ends as many lines from the end as in the new source. Each text taken must
    have the digest its fingerprint says; the search stops at the first that has not.
    """
    if source is None:
        return {}
    old_lines = source.splitlines(keepends=True)
    found: dict[int, str] = {}
    for index in changed:
        statement = new[index]
        digest = prints[index].partition(":")[2].partition("|")[0]
        ends = [statement.last]
        if index == changed[-1]:
            ends.append(len(old_lines) - (len(new_lines) - statement.last))
        texts = [_text(old_lines, statement.first, end) for end in ends if end >= statement.first]
        text = next((t for t in texts if _digest(t) == digest), None)
        if text is None:
            break
        found[index] = text
    return found


_METHODS = frozenset({"FunctionDef", "AsyncFunctionDef"})


def _inner(
    before: str,
    after: str,
    *,
    statement: _Statement,
    target: _Statement,
    new_lines: list[str],
    done_lines: list[str],
) -> list[tuple[_Statement, _Statement]] | None:
    """The methods of a changed class to format alone (new, and its place in the old output).

    ``None`` when the class must be formatted whole: anything but its methods'
    own text changed, or a changed method holds (or follows) a comment.
    """
    _, _, old = before.partition("|")
    _, _, new = after.partition("|")
    if not old or not new or not statement.body or not target.body:
        return None
    old_prints, new_prints = old.split(","), new.split(",")
    if not (len(old_prints) == len(new_prints) == len(statement.body) + 1 == len(target.body) + 1):
        return None
    if old_prints[-1] != new_prints[-1]:
        return None
    if any(a.shape != b.shape for a, b in zip(statement.body, target.body, strict=True)):
        return None
    found: list[tuple[_Statement, _Statement]] = []
    end = statement.first - 1
    for index, (was, now) in enumerate(zip(old_prints, new_prints[:-1], strict=False)):
        method, place = statement.body[index], target.body[index]
        gap = _text(new_lines, end + 1, method.first - 1)
        end = method.last
        gap_was, _, text_was = was.partition(":")
        gap_now, _, text_now = now.partition(":")
        if gap_was != gap_now:
            return None
        if text_was == text_now:
            continue
        if (
            method.shape[0] not in _METHODS
            or _has_comment(gap)
            or _has_comment(_text(new_lines, method.first, method.last))
            or _has_comment(_text(done_lines, place.first, place.last))
        ):
            return None
        found.append((method, place))
    return found or None


def record(source: str) -> list[str] | None:
    """The fingerprints of ``source``'s statements, ``None`` if it does not parse or crowds them.

    (Whether they line up with black's output is checked when splicing.)
    """
    statements = top_level(source)
    if not statements or not _separate(statements):
        return None
    return fingerprints(source, statements)


@dataclass
class _Memory:
    """What a file was last: its source's digest and fingerprints, black's output and its statements."""

    source: str  # SHA-256 of the source
    prints: list[str] | None
    formatted: str
    done: list[_Statement] | None = None
    text: str | None = None  # the source itself, when known


class Formatter:
    """Formats each file, splicing when it knows the file's previous source and output.

    It learns them from the previous run's manifest (``statements``: the
    fingerprints; the output on disk, checked against the manifest's hash) or,
    in watch mode, where one formatter lives across runs, from memory.
    ``recorded`` is what this run's manifest records.
    """

    def __init__(self, format_whole: Format, format_part: Format | None = None) -> None:
        self.format_whole = format_whole
        self.format_part = format_part or format_whole  # one statement alone
        self.memory: dict[str, _Memory] = {}
        self.previous: dict[str, Any] = {}
        self.out: Path | None = None
        self.recorded: dict[str, list[str]] = {}
        self.spliced = 0  # files formatted by splicing, for tests and curiosity

    def start(self, out: Path, previous: dict[str, Any]) -> None:
        """A new run into ``out``; ``previous`` is the last run's manifest (``{}``: reuse nothing)."""
        self.out, self.previous, self.recorded = out, previous, {}
        if not previous:
            self.memory = {}

    def __call__(self, source: str, rel: str, package: str, reused: str | None) -> str:
        """``source`` formatted (``reused``: the output on disk, known to be black's for it)."""
        digest = sha256(source.encode())
        result = reused if reused is not None else self._format(source, rel, package)
        memory = self.memory.get(rel) or self._recalled(rel)
        if memory is None or memory.source != digest or memory.formatted != result:
            memory = self.memory[rel] = _Memory(digest, record(source), result, text=source)
        else:
            memory.text = source
            self.memory[rel] = memory
        if memory.prints is not None:
            _keep(digest, source)
        if memory.prints is not None:
            self.recorded[rel] = memory.prints
        return result

    def warm(self) -> None:
        """Recall and parse what the next edit will be compared with (watch mode, while idle)."""
        listed = (self.previous.get("statements") or {}).get("files") or {}
        for rel in listed:
            if rel not in self.memory:
                recalled = self._recalled(rel)
                if recalled is not None:
                    self.memory[rel] = recalled
        for memory in self.memory.values():
            if memory.done is None:
                memory.done = top_level(memory.formatted)

    def _recalled(self, rel: str) -> _Memory | None:
        """The file as the previous run's manifest and output folder have it."""
        statements = self.previous.get("statements") or {}
        prints = (
            (statements.get("files") or {}).get(rel) if statements.get("format") == FORMAT else None
        )
        source = (self.previous.get("sources") or {}).get(rel)
        if not isinstance(prints, list) or not isinstance(source, str) or self.out is None:
            return None
        try:
            data = (self.out / rel).read_bytes()
        except OSError:
            return None
        if sha256(data) != (self.previous.get("files") or {}).get(rel):
            return None
        return _Memory(source, [str(p) for p in prints], data.decode("utf-8"))

    def _format(self, source: str, rel: str, package: str) -> str:
        spliced = self.spliced_or_none(source, rel, package)
        return spliced if spliced is not None else self.format_whole(source, rel, package)

    def spliced_or_none(self, source: str, rel: str, package: str) -> str | None:
        """``source`` formatted by splicing into the file's previous output, or None if unsafe."""
        memory = self.memory.get(rel) or self._recalled(rel)
        if memory is None or memory.prints is None:
            return None
        if memory.done is None:
            memory.done = top_level(memory.formatted)
        if memory.done is None:
            return None
        if memory.text is None:
            memory.text = _kept(memory.source)
        spliced = splice(
            memory.prints,
            memory.formatted,
            memory.done,
            source,
            lambda text: self.format_part(text, rel, package),
            old_source=memory.text,
        )
        if spliced is not None:
            self.spliced += 1
        return spliced

    def manifest_entry(self) -> dict[str, Any]:
        """The manifest's ``statements``: the fingerprints of every file that has them."""
        return {"format": FORMAT, "files": dict(sorted(self.recorded.items()))}


def _sources() -> Path | None:
    base = folder()
    return None if base is None else base / "sources"


def _kept(digest: str) -> str | None:
    """The source whose SHA-256 is ``digest``, as :func:`_keep` stored it (``None``: not kept)."""
    where = _sources()
    if where is None:
        return None
    try:
        data = (where / digest[:2] / digest).read_bytes()
    except OSError:
        return None
    return data.decode("utf-8") if sha256(data) == digest else None


def _keep(digest: str, source: str) -> None:
    """Store ``source`` under its SHA-256 (for the next run's splice); best effort."""
    where = _sources()
    if where is None:
        return
    path = where / digest[:2] / digest
    if path.exists():
        return
    temp = path.with_name(f".{digest}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(source.encode())
        temp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
