"""Line and column of every value of a JSON text, keyed by JSON pointer.

``json.loads`` is fast but forgets where things were. This is a second,
optional pass over a text already known to be valid JSON: a tokenizer that
records where each value starts (1-based line and column) and which keys an
object repeats. Load runs it only when a message needs a place, so a valid
13 MB spec costs one ``json.loads``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from generator.errors import escape_pointer_token

# A string (unrolled-loop form, fast on long strings), a structural character,
# or a run of literal characters (a number, true, false, null).
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.DOTALL)


@dataclass
class JsonPositions:
    """Where each value starts, and the keys repeated inside one object."""

    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)  # pointer, line, column


@dataclass
class _Frame:
    pointer: str
    is_object: bool
    index: int = 0
    key: str = ""
    keys: set[str] = field(default_factory=set)


def json_positions(text: str) -> JsonPositions:  # noqa: PLR0912  # one loop: a call per token would double its time
    """The places of ``text``, which must be valid JSON."""
    found = JsonPositions()
    line, line_start, last = 1, 0, 0
    stack: list[_Frame] = []
    expecting_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        start = match.start()
        newlines = text.count("\n", last, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", last, start) + 1
        last = start
        first = token[0]
        if first == ",":
            top = stack[-1]
            if top.is_object:
                expecting_key = True
            else:
                top.index += 1
            continue
        if first == ":":
            continue
        if first in "}]":
            stack.pop()
            expecting_key = False
            continue
        if expecting_key:
            top = stack[-1]
            key = token[1:-1] if "\\" not in token else json.loads(token)
            top.key = key
            if key in top.keys:
                where = f"{top.pointer}/{escape_pointer_token(key)}"
                found.duplicates.append((where, line, start - line_start + 1))
            top.keys.add(key)
            expecting_key = False
            continue
        if not stack:
            pointer = ""
        elif stack[-1].is_object:
            pointer = f"{stack[-1].pointer}/{escape_pointer_token(stack[-1].key)}"
        else:
            pointer = f"{stack[-1].pointer}/{stack[-1].index}"
        found.positions[pointer] = (line, start - line_start + 1)
        if first == "{":
            stack.append(_Frame(pointer, is_object=True))
            expecting_key = True
        elif first == "[":
            stack.append(_Frame(pointer, is_object=False))
    return found
