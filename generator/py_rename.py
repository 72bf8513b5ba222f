"""Rename module-level names in Python source, token by token, all at once.

Used on datamodel-codegen's types module, whose classes and aliases are
module globals: a NAME token is renamed wherever it appears, and so is the
name string a ``TypeAliasType("Name", ...)`` call repeats; every other string
(an enum value that happens to read ``"Product"``, a docstring) is left alone.
"""

from __future__ import annotations

import io
import tokenize


def rename_globals(source: str, renamed: dict[str, str]) -> str:
    """``source`` with each name in ``renamed`` replaced by its value (simultaneously)."""
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    edits: list[Edit] = []
    for index, token in enumerate(tokens):
        if token.type == tokenize.NAME and token.string in renamed:
            edits.append((*token.start, token.end[1], renamed[token.string]))
        elif token.type == tokenize.STRING and _alias_name(tokens, index):
            quote, name = token.string[0], token.string[1:-1]
            if name in renamed:
                edits.append((*token.start, token.end[1], f"{quote}{renamed[name]}{quote}"))
    return apply_edits(source, edits)


Edit = tuple[int, int, int, str]  # row (1-based), start column, end column, replacement


def apply_edits(source: str, edits: list[Edit]) -> str:
    """``source`` with each token-position edit made (edits in source order, not overlapping)."""
    lines = source.splitlines(keepends=True)
    for row, start, end, text in reversed(edits):  # right to left: columns stay valid
        line = lines[row - 1]
        lines[row - 1] = line[:start] + text + line[end:]
    return "".join(lines)


def _alias_name(tokens: list[tokenize.TokenInfo], index: int) -> bool:
    """The token at ``index`` is the first argument of a ``TypeAliasType(`` call."""
    kept = [t for t in tokens[max(0, index - 4) : index] if t.type not in LAYOUT]
    return (
        len(kept) >= 2  # the name and the parenthesis
        and kept[-1].string == "("
        and kept[-2].type == tokenize.NAME
        and kept[-2].string == "TypeAliasType"
    )


# tokens that carry no code: skipped when looking at a token's neighbours
LAYOUT = frozenset(
    {tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT}
)
