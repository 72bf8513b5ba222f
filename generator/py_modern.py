"""Spell datamodel-codegen's leftover ``typing`` aliases the way Python 3.11 code does.

datamodel-codegen writes ``dict``/``list`` and ``X | None`` almost everywhere
(``use_standard_collections``, ``use_union_operator``) but not in two places:
the ``__pydantic_extra__`` annotation of an object with typed extra keys
(``Dict[str, X]``) and the forward references of a recursive type alias
(``"list[Optional[Alias]]"``), and an ``Optional[...]`` it leaves as a runtime
value inside a type alias (``Annotated[Optional[list[...]], Field(...)]``).
ruff flags them (UP006, UP035, UP045), so the types module would not be
lint-clean. Token by token: ``Dict``/``List`` names become the builtins,
``Optional[X]`` inside a string forward reference becomes ``X | None``, and so
does a runtime ``Optional[X]`` whose ``X`` does not start with a string (``|``
on a string would fail when evaluated; ruff leaves those too);
``Union[...]`` as a runtime value stays. Names no longer used leave the
``typing`` import.
"""

from __future__ import annotations

import io
import re
import tokenize

from generator.py_rename import LAYOUT, Edit, apply_edits

_BUILTINS = {"Dict": "dict", "List": "list"}
_IMPORT = re.compile(r"^from typing import (?P<names>[A-Za-z_, ]+)$", re.MULTILINE)
_OPTIONAL = "Optional["
_STRING_ALIAS = re.compile(r"(?<![\w.])(Dict|List)\[")


def modernize(source: str) -> str:
    """``source`` with the aliases above rewritten (unchanged when it has none)."""
    found = _IMPORT.search(source)
    if found is None:
        return source
    imported = [n.strip() for n in found["names"].split(",")]
    if not any(n in _BUILTINS or n == "Optional" for n in imported):
        return source
    import_row = source.count("\n", 0, found.start()) + 1
    edits, optional_left = _edits(source, imported, import_row)
    kept = [n for n in imported if n not in _BUILTINS and (n != "Optional" or optional_left)]
    result = apply_edits(source, edits)
    new_import = f"from typing import {', '.join(kept)}" if kept else ""
    return result[: found.start()] + new_import + result[found.end() :]


def _edits(source: str, imported: list[str], import_row: int) -> tuple[list[Edit], bool]:
    """The (row, start, end, text) replacements, and whether ``Optional`` is still used."""
    edits: list[Edit] = []
    optional_left = False
    alias_depth: int | None = None  # the bracket depth inside a ``TypeAliasType(`` call
    closes: set[int] = set()  # the depths whose "]" ends a runtime Optional[ rewritten
    # a runtime ``Optional`` just read, then with its "[": rewritten unless a string follows
    optional: list[tokenize.TokenInfo] = []
    depth, previous = 0, ""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.start[0] == import_row or token.type in LAYOUT:
            continue
        if optional:
            optional, opened = _opened(optional, token)
            if opened is not None:
                edits.append(opened)
                closes.add(depth)  # the "[" read just before this token
            optional_left = optional_left or (not optional and opened is None)
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
            if token.string == "(" and previous == "TypeAliasType" and alias_depth is None:
                alias_depth = depth
        elif token.type == tokenize.OP and token.string in ")]}":
            alias_depth = None if depth == alias_depth else alias_depth
            if token.string == "]" and depth in closes:
                closes.discard(depth)
                edits.append((*token.start, token.end[1], " | None"))
            depth -= 1
        elif token.type == tokenize.NAME and token.string in _BUILTINS and token.string in imported:
            edits.append((*token.start, token.end[1], _BUILTINS[token.string]))
        elif token.type == tokenize.NAME and token.string == "Optional":
            optional = [token] if previous != "." else []
            optional_left = optional_left or previous == "."
        elif token.type == tokenize.STRING and alias_depth is not None:
            # a forward reference of a recursive alias (its first argument, the name, has no "[")
            text = _STRING_ALIAS.sub(lambda m: _BUILTINS[m[1]] + "[", token.string)
            text = _without_optional(text)
            optional_left = optional_left or _OPTIONAL in text
            if text != token.string:
                edits.append((*token.start, token.end[1], text))
        previous = token.string
    return sorted(edits), optional_left or bool(optional)


def _opened(
    optional: list[tokenize.TokenInfo], token: tokenize.TokenInfo
) -> tuple[list[tokenize.TokenInfo], Edit | None]:
    """The next step of a runtime ``Optional[X]`` read so far (``optional``) at ``token``:
    still pending (its bracket, right after the name), or done, with the edit deleting
    ``Optional[`` when ``X`` does not start with a string (its ``]`` becomes `` | None``)."""
    if len(optional) == 1:
        name = optional[0]
        adjacent = token.string == "[" and token.start == name.end
        return ([name, token] if adjacent else []), None
    name, bracket = optional
    if token.type == tokenize.STRING:
        return [], None
    return [], (*name.start, bracket.end[1], "")


def _without_optional(text: str) -> str:
    """Every ``Optional[X]`` in ``text`` (a string token) spelled ``X | None``, innermost too."""
    while (start := text.find(_OPTIONAL)) != -1:
        if start and (text[start - 1].isalnum() or text[start - 1] in "_."):
            return text  # ``typing.Optional[`` or another name ending so: left alone
        open_at = start + len(_OPTIONAL) - 1
        close_at = _closing(text, open_at)
        if close_at is None:
            return text
        inner = text[open_at + 1 : close_at]
        text = text[:start] + f"{inner} | None" + text[close_at + 1 :]
    return text


def _closing(text: str, open_at: int) -> int | None:
    depth = 0
    for index in range(open_at, len(text)):
        if text[index] == "[":
            depth += 1
        elif text[index] == "]":
            depth -= 1
            if depth == 0:
                return index
    return None
