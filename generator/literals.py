"""Spec text made into Python source by construction, never by interpolation.

Every string from the spec that lands in generated code goes through here:
``repr`` for literals, and :func:`docstring` for triple-quoted docstrings
(backslashes, quotes and control characters escaped), so no spec text can end
a literal early and inject code. The runtime's spec objects (``OperationSpec``
and the classes it holds) are printed by :func:`construct` from their own
dataclass fields: the runtime is the one definition of what they contain.
"""

from __future__ import annotations

import dataclasses
import math
import re
import textwrap
from typing import Any

_CONTROL = {chr(c): f"\\x{c:02x}" for c in range(32) if chr(c) not in "\n\t"} | {
    "\x7f": "\\x7f",
    # line breaks to str.splitlines() and to linters, though not to Python's tokenizer
    "\x85": "\\x85",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_ESCAPED = str.maketrans(_CONTROL)


_TAB_INDENT = re.compile(r"^[ \t]*\t[ \t]*", re.MULTILINE)
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def hint_names(hint: str) -> list[str]:
    """The names a type hint's source mentions, in order (a ``Literal["Model"]`` value
    names nothing)."""
    return _IDENT.findall(_STRING.sub("", hint))


def untab_indent(text: str) -> str:
    """``text`` with the tabs of each line's indentation expanded (stops of 4).

    A description indented with tabs keeps its shape but, inside a docstring,
    would mix tabs with the code's spaces (ruff E101 / W191).
    """
    return _TAB_INDENT.sub(lambda m: m[0].expandtabs(4), text)


def docstring(text: str, indent: int = 4) -> str:
    """A triple-quoted docstring literal holding ``text``, indented for its block."""
    body = untab_indent(text.strip().replace("\r\n", "\n").replace("\r", "\n"))
    # no line ends in spaces (ruff W291/W293): black strips them itself, except from a
    # docstring with a line that ends in a backslash, which it leaves as it is written
    body = "\n".join(line.rstrip(" \t") for line in body.split("\n"))
    body = body.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    body = body.translate(_ESCAPED)
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
    return one_line(text, limit).translate(_ESCAPED)


@dataclasses.dataclass(frozen=True)
class Construct:
    """A constructor call to write: its text is :func:`construct`'s; the layout
    (:func:`generator.layout.literal`) builds black's lines from the values themselves."""

    obj: Any
    sources: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return construct(self.obj, **dict(self.sources))


def written_fields(obj: Any, sources: dict[str, str]) -> list[tuple[str, Any, bool]]:
    """The fields :func:`construct` writes for a dataclass instance, in order:
    ``(name, value, verbatim)``, ``verbatim`` when the value is source text from ``sources``."""
    written = []
    for item in dataclasses.fields(obj):
        if item.name in sources:
            written.append((item.name, sources[item.name], True))
            continue
        current = getattr(obj, item.name)
        if not _is_default(item, current):
            written.append((item.name, current, False))
    return written


def construct(obj: Any, **sources: str) -> str:
    """``ClassName(field=value, ...)`` for a dataclass instance, as Python source.

    Fields are taken from the dataclass itself, so a new field of a runtime spec
    class needs no change here. A field equal to its default is left out;
    ``sources`` gives the source text of fields whose values only exist in the
    generated package (a class it defines), printed verbatim. Nested dataclasses,
    tuples, lists and dicts are printed the same way; other values by ``repr``.
    """
    args = [
        f"{name}={value if verbatim else source(value)}"
        for name, value, verbatim in written_fields(obj, sources)
    ]
    return f"{type(obj).__name__}({', '.join(args)})"


def constructors(obj: Any) -> set[str]:
    """Names of the dataclasses :func:`construct` prints for ``obj`` (what the module imports)."""
    found: set[str] = set()
    stack = [obj]
    while stack:
        item = stack.pop()
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            found.add(type(item).__name__)
            stack.extend(
                getattr(item, f.name)
                for f in dataclasses.fields(item)
                if not _is_default(f, getattr(item, f.name))
            )
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return found


def source(data: Any) -> str:
    """Python source for a value: dataclasses via :func:`construct`, containers item by item.

    Tuples always end with a comma (a one-item tuple needs it), which also
    keeps them one item per line after formatting.
    """
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return construct(data)
    if isinstance(data, tuple):
        return "(" + "".join(f"{source(item)}, " for item in data) + ")"
    if isinstance(data, list):
        return "[" + ", ".join(source(item) for item in data) + "]"
    if isinstance(data, dict):
        return "{" + ", ".join(f"{source(k)}: {source(v)}" for k, v in data.items()) + "}"
    if isinstance(data, float) and not math.isfinite(data):
        return f"float({str(data)!r})"
    if data is None or isinstance(data, bool | int | float | str):
        return repr(data)
    raise TypeError(f"no Python literal for a {type(data).__name__} value")


def _is_default(item: dataclasses.Field[Any], current: Any) -> bool:
    if item.default is not dataclasses.MISSING:
        return bool(current == item.default)
    if item.default_factory is not dataclasses.MISSING:
        return bool(current == item.default_factory())
    return False
