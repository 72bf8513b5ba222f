"""An edit of string literals alone, written into black's output without running black.

When a statement's new source differs from its old source only inside string
literals (the same tokens, the same text between them), black's output for
the new source is its output for the old one with those literals replaced,
wherever the layout around a literal cannot depend on its text. This holds,
and :func:`substitute` only answers, for literals of these kinds:

- a docstring (the first statement of a block), triple double-quoted, with no
  prefix, backslash or tab: black re-indents its lines, strips their trailing
  space, pads a quote touching the closing quotes and may move the closing
  quotes to a line of their own; :func:`docstring` does the same;
- any other string statement, triple double-quoted without prefix or
  backslash: black leaves it as it is, and a line holding one string alone
  is never split or joined;
- a one-line string with no prefix or backslash written alone on its line
  (an element of a collection black wrote one per line), in a collection all
  of whose elements black wrote on one line each and whose contents, on one
  line after the statement's indentation, are still longer than the line length:
  black writes it as ``"..."`` (``'...'`` when it holds a double quote), the
  collection stays split one element per line, and the element's own line
  must still fit.

The literal's kind (its quotes, whether it spans lines) must stay the same.
The old source's literals are checked against black's old output first: each
must come out of these rules as black wrote it, or nothing is substituted.
``tests/generator/test_string_edit.py`` compares the result with black's.
"""

from __future__ import annotations

import io
import sys
import tokenize

from generator.black_literal import LINE_LENGTH

_OPENING = ("(", "[", "{")
_CLOSING = (")", "]", "}")
# str.splitlines breaks at these too; black's docstring handling splits with it
_OTHER_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _tokens(text: str) -> list[tokenize.TokenInfo] | None:
    try:
        return list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None


def _offsets(text: str) -> list[int]:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _span(starts: list[int], token: tokenize.TokenInfo) -> tuple[int, int]:
    return starts[token.start[0] - 1] + token.start[1], starts[token.end[0] - 1] + token.end[1]


def plain(token: str) -> str | None:
    """A string that is not a docstring as black writes it; ``None``: not one of ours."""
    if token[:1] not in {"'", '"'} or "\\" in token:
        return None
    if token.startswith('"""'):
        return token
    if token.startswith("'''") or "\n" in token:
        return None
    body = token[1:-1]
    return f'"{body}"' if token[0] == "'" and '"' not in body else token


def docstring(token: str, indent: str, line_length: int = LINE_LENGTH) -> str | None:
    """A docstring as black writes it at ``indent``; ``None``: not one this handles."""
    if not token.startswith('"""') or "\\" in token or "\t" in token:
        return None
    if not _OTHER_BREAKS.isdisjoint(token):
        return None
    text = token[3:-3]
    started_empty = not text
    if "\n" in text:
        lines = text.split("\n")
        margin = min(
            (len(line) - len(line.lstrip()) for line in lines[1:] if line.lstrip()),
            default=sys.maxsize,
        )
        kept = [lines[0].strip()]
        if margin < sys.maxsize:
            for number, line in enumerate(lines[1:], start=1):
                rest = line[margin:].rstrip()
                kept.append(indent + rest if rest or number == len(lines) - 1 else "")
        text = "\n".join(kept)
    else:
        text = text.strip()
    return closed(text, token, indent, started_empty=started_empty, line_length=line_length)


def closed(
    text: str,
    token: str,
    indent: str,
    *,
    started_empty: bool,
    line_length: int = LINE_LENGTH,
    escape_last: bool = False,
) -> str:
    """A docstring's re-indented ``text`` between its quotes, as black closes it.

    A quote at either end gets a space; an empty docstring stays empty only if it
    was; the closing quotes go on a line of their own when the last line would be
    too long with them (unless ``token``, the literal as written, already ended in
    a newline). ``escape_last``: a text ending in an odd run of backslashes gets a
    space (black's rule, so the closing quotes are not escaped) and keeps its
    quotes on the same line.
    """
    trailing_backslash = False
    if text:
        if text[0] == '"':
            text = " " + text
        if text[-1] == '"':
            text += " "
        if escape_last and (len(text) - len(text.rstrip("\\"))) % 2:
            text += " "
            trailing_backslash = True
    elif not started_empty:
        text = " "
    lines = text.splitlines()
    last = len(lines[-1]) if text and not text.endswith("\n") else 0
    if (
        len(lines) > 1
        and last + 3 > line_length
        and len(indent) + 3 <= line_length
        and not trailing_backslash
    ):
        if token[-4] == "\n":
            return f'"""{text}"""'
        return f'"""{text}\n{indent}"""'
    return f'"""{text}"""'


def _is_docstring(tokens: list[tokenize.TokenInfo], index: int) -> bool:
    """The string is a statement of its own, the first of an indented block."""
    before = [t for t in tokens[:index] if t.type not in {tokenize.NL, tokenize.COMMENT}]
    return (
        len(before) >= 2
        and before[-1].type == tokenize.INDENT
        and before[-2].type == tokenize.NEWLINE
        and _alone(tokens, index)
    )


def _alone(tokens: list[tokenize.TokenInfo], index: int) -> bool:
    """The string is a whole statement: nothing before it on its line, a NEWLINE after it."""
    prior = [t for t in tokens[:index] if t.type not in {tokenize.NL, tokenize.COMMENT}]
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    starts_statement = not prior or prior[-1].type in {
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
    }
    return starts_statement and after is not None and after.type == tokenize.NEWLINE


def _edited(
    old: str, old_tokens: list[tokenize.TokenInfo], new: str, new_tokens: list[tokenize.TokenInfo]
) -> list[tuple[int, str]] | None:
    """The strings ``new`` changed (index among the strings, new token); ``None``: not strings alone."""
    if len(old_tokens) != len(new_tokens):
        return None
    starts = _offsets(old)
    changed: list[tuple[int, str]] = []
    strings = 0
    pieces: list[str] = []
    at = 0
    for was, now in zip(old_tokens, new_tokens, strict=True):
        if was.type != now.type or was.type == tokenize.COMMENT:
            return None
        if was.type != tokenize.STRING:
            continue
        if was.string != now.string:
            start, end = _span(starts, was)
            pieces += [old[at:start], now.string]
            at = end
            changed.append((strings, now.string))
        strings += 1
    if not changed or "".join([*pieces, old[at:]]) != new:
        return None  # something besides the strings changed
    return changed


def substitute(old: str, new: str, formatted: str, line_length: int = LINE_LENGTH) -> str | None:
    """black's output for ``new``, given its output ``formatted`` for ``old``; ``None`` if unsure.

    ``old``, ``new`` and ``formatted`` are one statement each (with their
    indentation, whole lines); ``formatted`` is black's text for ``old`` at
    the same indentation.
    """
    old_tokens, new_tokens, done_tokens = _tokens(old), _tokens(new), _tokens(formatted)
    if old_tokens is None or new_tokens is None or done_tokens is None:
        return None
    changed = _edited(old, old_tokens, new, new_tokens)
    done_strings = [i for i, t in enumerate(done_tokens) if t.type == tokenize.STRING]
    old_strings = [i for i, t in enumerate(old_tokens) if t.type == tokenize.STRING]
    if changed is None or len(done_strings) != len(old_strings):
        return None
    done_lines = formatted.splitlines(keepends=True)
    done_starts = _offsets(formatted)
    replacements: list[tuple[int, int, str]] = []
    for number, token in changed:
        old_index, done_index = old_strings[number], done_strings[number]
        written = _rewritten(
            old_tokens,
            old_index,
            done_tokens,
            done_index,
            token=token,
            done_lines=done_lines,
            line_length=line_length,
        )
        if written is None:
            return None
        start, end = _span(done_starts, done_tokens[done_index])
        replacements.append((start, end, written))
    result = formatted
    for start, end, written in reversed(replacements):
        result = result[:start] + written + result[end:]
    return result


def _rewritten(
    old_tokens: list[tokenize.TokenInfo],
    old_index: int,
    done_tokens: list[tokenize.TokenInfo],
    done_index: int,
    *,
    token: str,
    done_lines: list[str],
    line_length: int,
) -> str | None:
    """The new string ``token`` as black writes it where black wrote the old one; ``None``: unsure."""
    was, done = old_tokens[old_index].string, done_tokens[done_index]
    if (was.startswith('"""'), "\n" in was) != (token.startswith('"""'), "\n" in token):
        return None  # its kind changed: the lines around it may see it differently
    if _is_docstring(old_tokens, old_index):
        if not _is_docstring(done_tokens, done_index):
            return None
        indent = " " * done.start[1]
        expected = docstring(was, indent, line_length)
        written = docstring(token, indent, line_length)
    elif _alone(old_tokens, old_index) and was.startswith('"""'):
        if old_tokens[old_index].start[1] == 0:
            return None  # a module's first statement is its docstring: not told apart here
        expected, written = plain(was), plain(token)
    else:
        expected, written = plain(was), plain(token)
        if (
            written is None
            or not (was.isascii() and token.isascii())
            or not _element_kept(done_lines, done, written, line_length)
        ):
            return None
    if expected is None or expected != done.string:
        return None  # the old string did not come out as these rules say: not ours
    return written


def _element_kept(lines: list[str], done: tokenize.TokenInfo, written: str, limit: int) -> bool:
    """The string is an element alone on its line, in a collection that stays one per line."""
    row, column = done.start[0] - 1, done.start[1]
    line = lines[row].rstrip("\n")
    indent = line[:column]
    if indent.strip() or line not in {indent + done.string, indent + done.string + ","}:
        return False
    if len(line) > limit or len(line) - len(done.string) + len(written) > limit:
        return False
    first = row
    while first > 0 and _indent(lines[first - 1]) == column:
        first -= 1
    last = row
    while last + 1 < len(lines) and _indent(lines[last + 1]) == column:
        last += 1
    if first == 0 or last + 1 >= len(lines):
        return False
    opener, closer = lines[first - 1].rstrip(), lines[last + 1].strip()
    if not opener.endswith(_OPENING) or not closer.startswith(_CLOSING):
        return False
    if _indent(lines[first - 1]) >= column or _indent(lines[last + 1]) >= column:
        return False
    elements = [lines[i].strip().removesuffix(",") for i in range(first, last + 1)]
    if len(elements) < 2 or not all(
        lines[i].rstrip("\n").endswith(",") for i in range(first, last)
    ):
        return False
    # The collection's contents on one line after the statement's own indentation: every
    # line black measures that holds them all is at least this long (an enclosing bracket
    # may be one of black's invisible parentheses, as wide as nothing), before and after.
    before = _indent(lines[0]) + sum(map(len, elements)) + 2 * (len(elements) - 1)
    after = before - len(done.string) + len(written)
    return before > limit and after > limit


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" ")) if line.strip() else -1
