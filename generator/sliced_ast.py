"""The top-level statements of a large module, parsed a slice at a time.

``ast.parse`` of GitHub's types module (2.4 MB) holds a syntax tree of about
180 MB at once, which is most of the generating process's peak memory; the
callers need only each top-level statement's kind and lines. Cut at lines
that start with ``class `` (about every :data:`SLICE` characters), each slice
parses alone, and its tree is dropped before the next slice is parsed.

A slice that parses on its own gives the same statements as the whole module
does: the tokenizer reads the text before a cut the same either way, so if
the cut falls inside a string, a bracket, a continued line or a decorated
definition, the slice before it does not parse; it parses only where the cut
is at the top level, where the whole module's parse starts a new statement
too. When a slice does not parse, the whole module is parsed as before.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
SLICE = 50_000  # characters: a tree of a few megabytes at a time

_CLASS_LINE = re.compile(r"^class ", re.MULTILINE)


def read_top_level(source: str, what: Callable[[int, ast.stmt], T]) -> list[T]:
    """``what(offset, statement)`` for each top-level statement of ``source``, in order.

    A statement's line numbers (and those of the nodes inside it) are ``offset``
    lines short of its line in ``source``; ``what`` reads what it needs of it at
    once (the tree is dropped after its slice). Raises ``SyntaxError`` as
    ``ast.parse(source)`` would.
    """
    cuts = _cuts(source)
    found: list[T] = []
    offset = 0
    for start, end in itertools.pairwise(cuts):
        try:
            body = ast.parse(source[start:end]).body
        except SyntaxError:  # a cut that is not at the top level: the whole module
            return [what(0, node) for node in ast.parse(source).body]
        found += [what(offset, node) for node in body]
        del body
        offset += source.count("\n", start, end)
    return found


def _cuts(source: str) -> list[int]:
    """The offsets where slices start (the first is 0, the last is the end of ``source``)."""
    cuts = [0]
    if "\r" not in source:  # ast counts a carriage return as a line end: one slice
        for match in _CLASS_LINE.finditer(source):
            at = match.start()
            if at - cuts[-1] >= SLICE and len(source) - at >= SLICE // 2:
                cuts.append(at)
    cuts.append(len(source))
    return cuts
