"""Spec text made into Python source by construction, never by interpolation.

Every string from the spec that lands in generated code goes through here:
``repr`` for literals, and :func:`docstring` for triple-quoted docstrings
(backslashes, quotes and control characters escaped), so no spec text can end
a literal early and inject code.
"""

from __future__ import annotations

import pprint
import textwrap
from typing import Any

_CONTROL = {chr(c): f"\\x{c:02x}" for c in range(32) if chr(c) not in "\n\t"} | {
    "\x7f": "\\x7f",
    # line breaks to str.splitlines() and to linters, though not to Python's tokenizer
    "\x85": "\\x85",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def docstring(text: str, indent: int = 4) -> str:
    """A triple-quoted docstring literal holding ``text``, indented for its block."""
    body = text.strip().replace("\r\n", "\n").replace("\r", "\n")
    body = body.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    body = "".join(_CONTROL.get(ch, ch) for ch in body)
    # A quote right before the closing quotes would end the literal early; it
    # needs escaping unless it already is (an odd run of backslashes before it).
    if body.endswith('"') and (len(body) - 1 - len(body[:-1].rstrip("\\"))) % 2 == 0:
        body = body[:-1] + '\\"'
    if not body:
        body = "(no description in the spec)"
    pad = " " * indent
    if "\n" not in body:
        return f'"""{body}"""'
    return '"""' + textwrap.indent(body, pad).lstrip() + "\n" + pad + '"""'


def one_line(text: str, limit: int = 200) -> str:
    """A description on one line (whitespace collapsed), cut at ``limit`` characters.

    Plain text, not a literal: it is printed through :func:`docstring` (which
    escapes), so escaping here as well would double every backslash.
    """
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[: limit - 3].rstrip() + "..."
    return line


def comment_text(text: str, limit: int = 200) -> str:
    """``text`` safe inside a ``#`` comment: one line, control characters as ``\\xNN``.

    A NUL byte or a lone carriage return in a comment would make the module
    unreadable or end the comment early.
    """
    return "".join(_CONTROL.get(ch, ch) for ch in one_line(text, limit))


def value(data: Any) -> str:
    """A Python literal for JSON-like data (dicts, lists, strings, numbers)."""
    return pprint.pformat(data, width=88, sort_dicts=False)
