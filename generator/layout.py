"""Client source written directly in the layout black (and isort) give it.

The client modules rendered from templates are made of a few shapes: calls
and collection displays (``OperationSpec(...)``, ``{...}``, ``(...)``),
function signatures with annotated parameters, docstrings and ``from``
imports. This module writes each shape as black's stable style and isort's
``black`` profile lay it out, so those modules need not be formatted:

* an expression stays on one line when it fits in the line length and has no
  magic trailing comma; else it is split at its last bracket (black's
  right-hand split): the contents go on one line, one level deeper, when they
  fit (calls and subscripts), else one item per line with a trailing comma
  (always so for a collection display of several items), recursively;
* a parameter whose annotation is a ``|`` union too long for its line gets
  the union in parentheses, one operand per line when it must;
* a docstring is normalized as black's docstring handling does (by black's
  own helpers: indentation, trailing spaces, quotes at either end);
* the names of a ``from`` import are ordered by isort's key (constants,
  classes, the rest; case-insensitive, natural order of digits) and wrapped
  in parentheses, one per line, when the line is too long.

Strings and numbers are normalized, and widths measured, by black's own
functions. A shape this module is not certain of (a line that would still be
too long and would need black's other rules, an expression it does not know)
raises :class:`LayoutError`; the caller then leaves that module to black.
The tests check every shape against black and isort themselves.
"""

from __future__ import annotations

import ast
import dataclasses
import math
import re
from dataclasses import dataclass
from typing import Any

from generator import literals, string_edit
from generator.black_literal import LINE_LENGTH, LayoutError

__all__ = [
    "LINE_LENGTH",
    "Group",
    "LayoutError",
    "Text",
    "Union",
    "assignment",
    "docstring",
    "expression",
    "fits",
    "flat",
    "import_from",
    "import_key",
    "lines",
    "magic",
    "parameter",
    "returns",
    "string",
    "tree",
    "union_lines",
]

INDENT = "    "


@dataclass(frozen=True)
class Text:
    """An atom: a name, a string or a number, as black writes it."""

    text: str


@dataclass(frozen=True)
class Group:
    """A bracketed, comma-separated list: a call, a subscript or a collection display.

    ``items`` are ``(prefix, node)`` pairs (the prefix is ``"name="`` or
    ``'"key": '``, or empty); ``display``: a collection display (black explodes
    one of several items one per line as soon as it does not fit); ``magic``:
    written with a magic trailing comma (black keeps it split); ``one_tuple``:
    a one-item tuple, written ``(x,)``.
    """

    opening: str
    items: tuple[tuple[str, Any], ...]
    closing: str
    display: bool = False
    magic: bool = False
    one_tuple: bool = False


@dataclass(frozen=True)
class Union:
    """``a | b | ...``: the operands of a union annotation."""

    operands: tuple[Any, ...]


def _black() -> Any:
    """black's string, numeric and width helpers (imported once, on first use)."""
    if _BLACK:
        return _BLACK[0]
    from black.numerics import normalize_numeric_literal  # noqa: PLC0415  # cold path only
    from black.strings import (  # noqa: PLC0415
        fix_multiline_docstring,
        normalize_string_quotes,
        normalize_unicode_escape_sequences,
        str_width,
    )
    from blib2to3.pgen2 import token  # type: ignore[import-untyped]  # noqa: PLC0415
    from blib2to3.pytree import Leaf  # type: ignore[import-untyped]  # noqa: PLC0415

    @dataclass(frozen=True)
    class Helpers:
        width: Any
        quotes: Any
        fix_docstring: Any

        @staticmethod
        def number(text: str) -> str:
            leaf = Leaf(token.NUMBER, text)
            normalize_numeric_literal(leaf)
            return str(leaf.value)

        @staticmethod
        def escapes(text: str) -> str:
            leaf = Leaf(token.STRING, text)
            normalize_unicode_escape_sequences(leaf)
            return str(leaf.value)

    _BLACK.append(Helpers(str_width, normalize_string_quotes, fix_multiline_docstring))
    return _BLACK[0]


_BLACK: list[Any] = []


def fits(line: str) -> bool:
    """Whether ``line`` is within the line length, as black measures it."""
    if line.isascii():
        return len(line) <= LINE_LENGTH
    return bool(_black().width(line) <= LINE_LENGTH)


# --- expressions -------------------------------------------------------------------------


def expression(source: str) -> Any:
    """The layout tree of a one-line Python expression (the source text of a literal or hint)."""
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise LayoutError(f"not an expression: {source[:60]!r}") from exc
    if "\n" in source:
        raise LayoutError("an expression over several lines")
    return _node(tree.body, source.encode("utf-8"))


def tree(node: ast.expr, line: str) -> Any:
    """The layout tree of ``node``, an expression parsed from a module, all on ``line``."""
    if node.lineno != node.end_lineno:
        raise LayoutError("an expression over several lines")
    return _node(node, line.encode("utf-8"))


def literal(value: Any) -> Any:
    """The layout tree of a :class:`generator.literals.Construct` (or of a value inside
    one), built from the values: the tree :func:`expression` makes of its source, without
    writing and parsing that source (Kubernetes' 845 operation constants: a third of the
    client's rendering)."""
    if isinstance(value, literals.Construct):
        return _constructed(value.obj, dict(value.sources))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _constructed(value, {})
    if isinstance(value, tuple):
        items = tuple(("", literal(item)) for item in value)
        one = len(items) == 1
        return Group("(", items, ")", display=True, magic=len(items) > 1, one_tuple=one)
    if isinstance(value, list):
        return Group("[", tuple(("", literal(item)) for item in value), "]", display=True)
    if isinstance(value, dict):
        pairs = tuple((f"{_flat(literal(k))}: ", literal(v)) for k, v in value.items())
        return Group("{", pairs, "}", display=True)
    if isinstance(value, str):
        return Text(_quoted(repr(value)))
    if value is None or isinstance(value, bool):
        return Text(repr(value))
    if isinstance(value, float) and not math.isfinite(value):
        return Group("float(", (("", Text(_quoted(repr(str(value))))),), ")")
    if isinstance(value, int | float):  # a negative number is a unary minus to black
        negative = value < 0 or _negative_zero(value)
        number = _black().number(repr(abs(value)) if negative else repr(value))
        return Text(f"-{number}" if negative else number)
    raise TypeError(f"no Python literal for a {type(value).__name__} value")  # as source()


def _negative_zero(value: int | float) -> bool:
    return isinstance(value, float) and value == 0 and math.copysign(1.0, value) < 0


def _constructed(obj: Any, sources: dict[str, str]) -> Group:
    items = tuple(
        (f"{name}=", expression(text) if verbatim else literal(text))
        for name, text, verbatim in literals.written_fields(obj, sources)
    )
    return Group(f"{type(obj).__name__}(", items, ")")


def _segment(node: ast.AST, data: bytes) -> str:
    return data[node.col_offset : node.end_col_offset].decode("utf-8")  # type: ignore[attr-defined]


def _trailing_comma(node: ast.AST, data: bytes) -> bool:
    text = _segment(node, data)
    return text[:-1].rstrip().endswith(",")


def _node(node: ast.AST, data: bytes) -> Any:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left = _node(node.left, data)
        operands = left.operands if isinstance(left, Union) else (left,)
        return Union((*operands, _node(node.right, data)))
    if isinstance(node, ast.Call | ast.Subscript):
        return _trailer(node, data)
    if isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Dict):
        return _display(node, data)
    return _atom(node, data)


def _atom(node: ast.AST, data: bytes) -> Text:
    if isinstance(node, ast.Constant):
        text = _segment(node, data)
        if isinstance(node.value, str):
            if text[:1] not in "'\"" or text[:3] in ('"""', "'''"):
                raise LayoutError("a prefixed or triple-quoted string")
            if not _one_literal(text):
                raise LayoutError("implicitly concatenated strings")
            return Text(_quoted(text))
        if isinstance(node.value, bool) or node.value is None or node.value is Ellipsis:
            return Text(text)
        if isinstance(node.value, int | float):
            return Text(_black().number(text))
        raise LayoutError(f"a {type(node.value).__name__} constant")
    if isinstance(node, ast.Name):
        return Text(node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name | ast.Attribute):
        return Text(f"{_atom(node.value, data).text}.{node.attr}")
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        operand = node.operand
        if isinstance(operand, ast.Constant) and isinstance(operand.value, int | float):
            sign = "-" if isinstance(node.op, ast.USub) else "+"
            return Text(sign + _flat(_node(operand, data)))
        raise LayoutError("a unary operator")
    raise LayoutError(f"a {type(node).__name__} expression")


_ONE_LITERAL = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")


def _one_literal(text: str) -> bool:
    """``text`` (a string constant's source) is one literal, not ``'a' 'b'``."""
    if "\\" not in text:
        return text[0] == text[-1] and text[0] not in text[1:-1]
    return _ONE_LITERAL.fullmatch(text) is not None


def _trailer(node: ast.Call | ast.Subscript, data: bytes) -> Group:
    magic = _trailing_comma(node, data)
    if isinstance(node, ast.Call):
        func = _node(node.func, data)
        if not isinstance(func, Text) or any(isinstance(a, ast.Starred) for a in node.args):
            raise LayoutError("a call of an expression, or with *args")
        items = [("", _node(a, data)) for a in node.args]
        for keyword in node.keywords:
            if keyword.arg is None:
                raise LayoutError("a call with **kwargs")
            items.append((f"{keyword.arg}=", _node(keyword.value, data)))
        return Group(f"{func.text}(", tuple(items), ")", magic=magic)
    value = _node(node.value, data)
    if not isinstance(value, Text) or magic:
        raise LayoutError("a subscript of an expression, or with a trailing comma")
    elements = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    if isinstance(node.slice, ast.Tuple) and _segment(node.slice, data).startswith("("):
        elements = [node.slice]
    return Group(f"{value.text}[", tuple(("", _node(e, data)) for e in elements), "]")


def _display(node: ast.Tuple | ast.List | ast.Set | ast.Dict, data: bytes) -> Group:
    magic = _trailing_comma(node, data)
    if isinstance(node, ast.Tuple):
        if not _segment(node, data).startswith("("):
            raise LayoutError("a tuple without parentheses")
        items = tuple(("", _node(e, data)) for e in node.elts)
        one = len(items) == 1
        return Group("(", items, ")", display=True, magic=magic and not one, one_tuple=one)
    if isinstance(node, ast.List):
        items = tuple(("", _node(e, data)) for e in node.elts)
        return Group("[", items, "]", display=True, magic=magic)
    if isinstance(node, ast.Set):
        items = tuple(("", _node(e, data)) for e in node.elts)
        return Group("{", items, "}", display=True, magic=magic)
    if not isinstance(node, ast.Dict):
        raise LayoutError(f"a {type(node).__name__} expression")
    pairs = []
    for key, value in zip(node.keys, node.values, strict=True):
        if key is None:
            raise LayoutError("a dict with ** unpacking")
        pairs.append((f"{_flat(_node(key, data))}: ", _node(value, data)))
    return Group("{", tuple(pairs), "}", display=True, magic=magic)


def _flat(node: Any) -> str:
    """``node`` on one line."""
    if isinstance(node, Text):
        return node.text
    if isinstance(node, Union):
        return " | ".join(_flat(o) for o in node.operands)
    inner = ", ".join(prefix + _flat(item) for prefix, item in node.items)
    comma = "," if node.one_tuple or node.magic else ""
    return f"{node.opening}{inner}{comma}{node.closing}"


def _magic(node: Any) -> bool:
    """Whether ``node`` holds a magic trailing comma at any depth (black then splits it)."""
    if isinstance(node, Text):
        return False
    if isinstance(node, Union):
        return any(_magic(o) for o in node.operands)
    return node.magic or any(_magic(item) for _, item in node.items)


flat = _flat  # for the layouts built on this module's trees (generator.class_layout)
magic = _magic


def lines(prefix: str, node: Any, suffix: str, depth: int, *, long_head: bool = False) -> list[str]:
    """``prefix``, ``node``, ``suffix`` at ``depth`` (in levels of 4 spaces), as black's lines.

    ``prefix`` and ``suffix`` hold no brackets (``name=``, ``return ``, ``,``).
    ``long_head``: the first line (``prefix`` and the opening bracket) may be too
    long, as black leaves it when nothing shorter can be made of it.
    """
    indent = INDENT * depth
    one = f"{indent}{prefix}{_flat(node)}{suffix}"
    if not _magic(node) and fits(one):
        return [one]
    if not isinstance(node, Group):
        raise LayoutError(f"a line too long that black would split otherwise: {one.strip()[:60]}")
    head = f"{indent}{prefix}{node.opening}"
    tail = f"{indent}{node.closing}{suffix}"
    if not ((long_head or fits(head)) and fits(tail)) or not node.items:
        raise LayoutError(f"a bracket that does not fit: {head.strip()[:60]}")
    inner = INDENT * (depth + 1)
    several = len(node.items) > 1 or node.magic
    if not (node.display and several) and not _magic(node):
        body = inner + ", ".join(p + _flat(item) for p, item in node.items)
        if node.one_tuple:
            body += ","
        if fits(body):
            return [head, body, tail]
    if not several and not node.one_tuple:
        item_prefix, item = node.items[0]
        if isinstance(item, Union):
            raise LayoutError("a union to split inside brackets")
        return [head, *lines(item_prefix, item, "", depth + 1), tail]
    out = [head]
    for item_prefix, item in node.items:
        if isinstance(item, Union) and not fits(f"{inner}{item_prefix}{_flat(item)},"):
            raise LayoutError("a union to split inside brackets")
        out += _item(item_prefix, item, depth + 1)
    out.append(tail)
    return out


def _item(prefix: str, node: Any, depth: int) -> list[str]:
    """One item of an exploded bracket (its trailing comma added)."""
    one = f"{INDENT * depth}{prefix}{_flat(node)},"
    if isinstance(node, Text) and not fits(one) and _unsplittable(prefix + node.text):
        return [one]  # black leaves a line without brackets as it is
    return lines(prefix, node, ",", depth)


def _unsplittable(text: str) -> bool:
    """No bracket, nor a delimiter black would split at, outside string literals."""
    outside = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "", text)
    return not re.search(
        r"[()\[\]{}|,]|\s(?:and|or|not|in|is|if|else)\s|[-+*/%<>=]{1,2}\s", outside
    )


def assignment(target: str, source: str | literals.Construct, depth: int = 0) -> str:
    """``target = <source>`` as black lays it out (``source``: an expression's source text,
    or a :class:`~generator.literals.Construct`).

    When ``target = `` and the value's opening bracket do not fit on the line (a
    long constant's name), black's second opinion wraps the value in parentheses,
    taken if every line of it fits; else the overlong head line stays and the
    value's brackets split as usual.
    """
    node = literal(source) if isinstance(source, literals.Construct) else expression(source)
    prefix = f"{target} = "
    indent = INDENT * depth
    one = f"{indent}{prefix}{_flat(node)}"
    if not isinstance(node, Group) or fits(f"{indent}{prefix}{node.opening}"):
        return "\n".join(lines(prefix, node, "", depth))
    if not _magic(node) and fits(one):
        return one
    if fits(f"{indent}{prefix}("):
        wrapped = [f"{indent}{prefix}(", *lines("", node, "", depth + 1), f"{indent})"]
        if all(fits(line) for line in wrapped):
            return "\n".join(wrapped)
    return "\n".join(lines(prefix, node, "", depth, long_head=True))


def statement(prefix: str, source: str, suffix: str = "", depth: int = 0) -> str:
    """``prefix``, the expression ``source``, ``suffix``, as black lays them out at ``depth``."""
    return "\n".join(lines(prefix, expression(source), suffix, depth))


def string(value: str) -> str:
    """``value`` as a string literal, as black writes ``repr(value)``."""
    return _quoted(repr(value))


def _quoted(text: str) -> str:
    """A one-line string literal as black writes it (black's helpers only for a backslash)."""
    plain = string_edit.plain(text)
    return plain if plain is not None else str(_black().quotes(_black().escapes(text)))


# --- signatures --------------------------------------------------------------------------


def parameter(name: str, hint: str, default: str | None, depth: int) -> str:
    """One parameter of an exploded signature (``name: hint = default,``), as black's lines."""
    node = expression(hint)
    indent = INDENT * depth
    tail = f" = {default}," if default is not None else ","
    flat = _flat(node)
    one = f"{indent}{name}: {flat}{tail}"
    if fits(one):
        return one
    if isinstance(node, Union):
        return "\n".join([f"{indent}{name}: (", *union_lines(node, depth + 1), f"{indent}){tail}"])
    if isinstance(node, Group) and node.opening.endswith("["):
        return "\n".join(lines(f"{name}: ", node, tail, depth))
    raise LayoutError(f"a parameter too long: {one.strip()[:60]}")


def union_lines(node: Union, depth: int) -> list[str]:
    """A union inside parentheses black added, at ``depth``: on one line when it fits, else
    one operand per line (``| b``), an operand too long split at its brackets."""
    inner = INDENT * depth
    body = inner + _flat(node)
    if fits(body):
        return [body]
    out = []
    for index, operand in enumerate(node.operands):
        bar = "| " if index else ""
        line = f"{inner}{bar}{_flat(operand)}"
        if fits(line) and not _magic(operand):
            out.append(line)
        elif isinstance(operand, Group) and operand.opening.endswith("["):
            out += lines(bar, operand, "", depth)
        else:
            raise LayoutError(f"a union operand too long: {line.strip()[:60]}")
    return out


def returns(hint: str, depth: int) -> str:
    """The closing line of an exploded signature, ``) -> hint:``, as black's lines."""
    node = expression(hint)
    one = f"{INDENT * depth}) -> {_flat(node)}:"
    if fits(one):
        return one
    if isinstance(node, Group) and node.opening.endswith("["):
        return "\n".join(lines(") -> ", node, ":", depth))
    raise LayoutError(f"a return annotation too long: {one.strip()[:60]}")


# --- docstrings --------------------------------------------------------------------------

_BACKSLASH_NEWLINE = re.compile(r"\\\s*\n")


def docstring(literal: str, depth: int) -> str:
    """A ``\"\"\"`` docstring literal as black rewrites it at ``depth`` (black's own steps)."""
    if not (literal.startswith('"""') and literal.endswith('"""') and len(literal) >= 6):
        raise LayoutError("a docstring that is not a plain triple-quoted string")
    plain = string_edit.docstring(literal, INDENT * depth)
    if plain is not None:  # no backslash, tab or odd line break: black's steps without black
        return plain
    helpers = _black()
    literal = helpers.escapes(literal)
    if _BACKSLASH_NEWLINE.search(literal):
        return str(helpers.quotes(literal))
    body = literal[3:-3]
    started_empty = not body
    indent = INDENT * depth
    body = helpers.fix_docstring(body, indent) if "\n" in literal else body.strip()
    return string_edit.closed(body, literal, indent, started_empty=started_empty, escape_last=True)


# --- imports -----------------------------------------------------------------------------


def import_key(name: str, *, names: bool = True) -> list[Any]:
    """isort's sort key (profile black) of an imported name, or of a module (``names=False``)."""
    match = re.match(r"^(\.+)\s*(.*)", name)
    if match:
        name = "_".join(match.groups())
    kind = ""
    if names:
        if name.isupper() and len(name) > 1:
            kind = "A"
        elif name[0:1].isupper():
            kind = "B"
        else:
            kind = "C"
    key = f"B{kind}{name.lower()}"
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key)]


def import_from(module: str, names: Any, depth: int = 0) -> str:
    """``from module import names`` as isort writes it (profile black), names in its order.

    At ``depth`` (inside an ``if`` block) the first line carries no indentation
    (the template's), the others do.
    """
    ordered = sorted(set(names), key=import_key)
    indent = INDENT * depth
    line = f"from {module} import {', '.join(ordered)}"
    if len(indent + line) <= LINE_LENGTH:
        return line
    inner = indent + INDENT
    return "\n".join([f"from {module} import (", *(f"{inner}{n}," for n in ordered), f"{indent})"])


def module_order(modules: Any) -> list[str]:
    """Modules in the order isort writes their ``from`` imports within one section."""
    return sorted(modules, key=lambda m: import_key(m, names=False))
