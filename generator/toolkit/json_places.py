"""Where each value of a JSON text is: JSONPath-like segments -> (line, column), both from 1.

``validate`` reports a broken rule at its JSON path (``$.lines[0].comment``);
this module finds that value in the payload's text so the report can name
``FILE:LINE:COLUMN`` as well. A path whose value is absent (a missing
required property) is placed at the nearest enclosing value that exists.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re

Segments = tuple[str | int, ...]

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"')
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")
_SEGMENT = re.compile(r'\.([^.\[]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


class _NotJSONError(Exception):
    """The text stops being JSON here: keep what was found so far."""


def _string(text: str, i: int) -> tuple[str, int]:
    """The JSON string starting at ``i`` and where it ends."""
    match = _STRING.match(text, i)
    if match is None:
        raise _NotJSONError
    return str(json.loads(match.group())), match.end()


def value_places(text: str) -> dict[Segments, tuple[int, int]]:
    """The start (line, column) of every value in ``text``; partial for text that is not JSON."""
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    offsets: dict[Segments, int] = {}

    def skip(i: int) -> int:
        match = _WS.match(text, i)
        return match.end() if match else i

    def expect(i: int, char: str) -> int:
        if text[i : i + 1] != char:
            raise _NotJSONError
        return i + 1

    def container(i: int, path: Segments, close: str) -> int:
        i = skip(i + 1)
        if text[i : i + 1] == close:
            return i + 1
        index = 0
        while True:
            if close == "}":
                key, i = _string(text, i)
                i = skip(expect(skip(i), ":"))
                i = value(i, (*path, key))
            else:
                i = value(i, (*path, index))
                index += 1
            i = skip(i)
            if text[i : i + 1] == close:
                return i + 1
            i = skip(expect(i, ","))

    def value(i: int, path: Segments) -> int:
        i = skip(i)
        offsets[path] = i
        char = text[i : i + 1]
        if char in ("{", "["):
            return container(i, path, "}" if char == "{" else "]")
        if char == '"':
            return _string(text, i)[1]
        match = _SCALAR.match(text, i)
        if match is None:
            raise _NotJSONError
        return match.end()

    with contextlib.suppress(_NotJSONError, ValueError, RecursionError):
        value(0, ())
    places: dict[Segments, tuple[int, int]] = {}
    for path, offset in offsets.items():
        line = bisect.bisect_right(starts, offset)
        places[path] = (line, offset - starts[line - 1] + 1)
    return places


def parse_path(path: str) -> Segments | None:
    """``$.a[0]["b c"]`` -> ``("a", 0, "b c")``; ``None`` for a path of another form."""
    if not path.startswith("$"):
        return None
    segments: list[str | int] = []
    i = 1
    while i < len(path):
        match = _SEGMENT.match(path, i)
        if match is None:
            return None
        name, index, quoted = match.groups()
        segments.append(name if name is not None else int(index) if index else json.loads(quoted))
        i = match.end()
    return tuple(segments)


def place_of(places: dict[Segments, tuple[int, int]], path: str) -> tuple[int, int] | None:
    """Where the value at ``path`` is, or the nearest enclosing value; ``None`` if unknown."""
    segments = parse_path(path)
    if segments is None:
        return None
    for end in range(len(segments), -1, -1):
        found = places.get(segments[:end])
        if found is not None:
            return found
    return None
