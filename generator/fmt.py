"""Stage 5: format generated Python with black, in process, pinned exactly.

black's (and isort's) output changes between releases, so they are pinned in
pyproject.toml and recorded in the manifest; a different black means a cold
regeneration, never a silently churning golden record.

black stays the formatter of record, but a module is formatted only once per
source: results are kept in a content-addressed cache (:mod:`generator.fmt_cache`)
keyed by the source, the formatter versions and this module's own options.
The modules still to format are split in two shares of about the same size
(a large module is cut in parts between two classes, which black formats
faster than the whole): one is formatted in a forked child process (the
second core) while this process formats the other.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import itertools
import re
from dataclasses import dataclass

from generator import forked, sliced_ast
from generator.errors import GeneratorError, Location, error
from generator.fmt_cache import Cache

LINE_LENGTH = 100


def format_python(source: str, name: str, package: str) -> str:
    """``source`` with sorted imports (isort) formatted by black.

    A syntax error is reported as a problem, not a traceback.
    """
    return _black(sort_imports(source, package), name)


def sort_imports(source: str, package: str) -> str:
    """``source`` with its imports sorted and merged by isort, as black's layout expects."""
    import isort  # noqa: PLC0415  # heavy import, cold path only

    return str(
        isort.code(
            source,
            profile="black",
            line_length=LINE_LENGTH,
            known_first_party=[package],
            force_sort_within_sections=False,
        )
    )


def format_statement(source: str, name: str, package: str) -> str:
    """One top-level statement of module ``name``, formatted as :func:`format_python` would.

    isort moves and merges import lines only; a statement without a line that
    starts like an import is left to black alone (and isort is not imported).
    """
    if _IMPORT_LINE.search(source):
        return format_python(source, name, package)
    return _black(source, name)


_IMPORT_LINE = re.compile(r"^\s*(?:import|from|cimport)\b", re.MULTILINE)


def _black(source: str, name: str) -> str:
    """black's output for ``source``, the literal tables already in its layout kept out of
    its way (:mod:`generator.stand_in`)."""
    from generator.stand_in import put_back, taken_out  # noqa: PLC0415  # cold path only

    shown, originals = taken_out(source)
    formatted = _black_only(shown, name)
    if not originals:
        return formatted
    back = put_back(formatted, originals)
    return back if back is not None else _black_only(source, name)


def _black_only(source: str, name: str) -> str:
    import black  # noqa: PLC0415  # heavy import, cold path only

    mode = black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=LINE_LENGTH)
    # The collector off meanwhile: black's syntax tree (parent links: cycles) grows with the
    # source, and each collection walks it again, half of black's time on a large module. The
    # tree is collected, once, by the first collection after (its objects are still young).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return black.format_str(source, mode=mode)
    except black.parsing.InvalidInput as exc:
        raise GeneratorError(
            [
                error(
                    "internal",
                    f"generated code does not parse ({exc}); please report this with the spec",
                    Location(name),
                )
            ]
        ) from exc
    finally:
        if collecting:
            gc.enable()


def split_in_two(source: str) -> tuple[str, str] | None:
    """``source`` (imports sorted) cut in two near its middle, where black's output is the
    concatenation of its output for each part joined by :data:`JOINT`; ``None`` if no such cut.

    black formats each top-level statement on its own except for the blank lines before
    it; before a top-level class that follows another class, with blank lines and nothing
    else between them (no comment, no decorator), it always writes two (``lines.py``,
    ``_maybe_empty_lines_for_class_or_def``: two at depth 0 unless the line before is a
    decorator, a comment at the same depth, or a stub ``def`` with no blank line after it).
    Only such a place is cut; ``tests/generator/test_fmt_split.py`` compares with black on
    whole modules.
    """
    segments = split_in_segments(source)
    if len(segments) < 2:
        return None
    head, tail = _in_two(segments)
    return "".join(head), "".join(tail)


def split_in_parts(source: str, size: int) -> list[str]:
    """``source`` (imports sorted) cut where :func:`split_in_two` may cut, into parts of
    about ``size`` characters (at least one; joined, they are ``source``).

    black's time per character grows with the module (its syntax tree is alive
    the whole time, and the garbage collector walks it again and again): on
    GitHub's types module, a third of it takes 12 us a character, a
    twenty-seventh 5.5; parts of a few ten thousand characters keep it near the
    low end, and spread over both cores evenly.
    """
    return ["".join(part) for part in _grouped(split_in_segments(source), size)]


def split_in_segments(source: str) -> list[str]:
    """``source`` cut at every place :func:`split_in_two` may cut (joined, they are ``source``)."""
    bounds = [0, *_cuts(source), len(source)]
    return [source[start:end] for start, end in itertools.pairwise(bounds)]


def _grouped(segments: list[str], size: int) -> list[list[str]]:
    """Consecutive ``segments`` in groups of at least ``size`` characters, the last at
    least half that (or the only one)."""
    left = sum(map(len, segments))
    groups: list[list[str]] = [[]]
    length = 0
    for segment in segments:
        if length >= size and left >= size // 2:
            groups.append([])
            length = 0
        groups[-1].append(segment)
        length += len(segment)
        left -= len(segment)
    return groups


def _cuts(source: str) -> list[int]:
    """The offsets of the lines where :func:`split_in_two` may cut ``source``, in order."""
    if "\r" in source:
        return []  # ast counts a carriage return as a line end: keep to the simple case
    try:  # each statement's kind and lines (the whole tree of a large module is 180 MB)
        body = sliced_ast.read_top_level(source, _kind_and_lines)
    except SyntaxError:
        return []  # black reports it on the whole module
    lines = source.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    cuts: list[int] = []
    for before, after in itertools.pairwise(body):
        if not (before.cls and after.cls and not after.decorated and before.end is not None):
            continue
        gap = lines[before.end : after.first - 1]  # the lines between the two
        if not gap or any(line.strip() for line in gap):
            continue
        cuts.append(starts[after.first - 1])
    return cuts


@dataclass(frozen=True)
class _Lines:
    """What :func:`_cuts` reads of a top-level statement."""

    cls: bool  # a class definition
    decorated: bool
    first: int  # its first line (after any decorator), 1-based
    end: int | None  # its last line


def _kind_and_lines(offset: int, node: ast.stmt) -> _Lines:
    end = None if node.end_lineno is None else node.end_lineno + offset
    decorated = bool(getattr(node, "decorator_list", ()))
    return _Lines(isinstance(node, ast.ClassDef), decorated, node.lineno + offset, end)


JOINT = "\n\n"  # between black's output for the two parts: two blank lines

# What is formatted: (the module a part belongs to, or None for a whole module; its text,
# for a part the segments black formats each on its own)
_Piece = tuple[str | None, tuple[str, ...]]


def format_all(
    sources: dict[str, str], package: str, tools: dict[str, str], *, share: bool = True
) -> dict[str, str]:
    """Every module of ``sources`` (path -> source) formatted by :func:`format_python`.

    ``tools`` (the formatters' versions) keys the cache. Results come from the
    cache where it has them; the rest are formatted and stored, a large module
    in parts (:func:`split_in_parts`): when there are several pieces, forking
    is safe and ``share`` is true (the second core is free), split in two
    shares of about the same size, one formatted in a child process while this
    process formats the other.
    """
    cache = Cache.open(tools, package)
    done: dict[str, str] = {}
    keys: dict[str, str] = {}
    for rel, source in sources.items():
        keys[rel] = cache.key(source)
        cached = cache.get(keys[rel])
        if cached is not None:
            done[rel] = cached
    missing = [rel for rel in sources if rel not in done]
    if missing:
        import black  # noqa: F401, PLC0415  # imported once, before the fork, for both processes

        pieces = _pieces({rel: sources[rel] for rel in missing}, package)
        formatted = _format_pieces(pieces, package, share=share)
        for rel in missing:
            if rel in formatted:
                done[rel] = formatted[rel]
            else:  # formatted in parts
                done[rel] = JOINT.join(
                    formatted[key] for key in pieces if key.startswith(rel + _PART)
                )
            cache.put(keys[rel], done[rel])
    return {rel: done[rel] for rel in sources}


def _format_pieces(pieces: dict[str, _Piece], package: str, *, share: bool) -> dict[str, str]:
    """Each piece formatted: on both cores when there are several, ``share`` says the second
    core is free and forking is safe; here otherwise."""
    if not (len(pieces) > 1 and share and forked.usable()):
        return {piece: _format_piece(piece, pieces[piece], package) for piece in pieces}
    import isort  # noqa: F401, PLC0415  # imported once, before the fork, for both processes

    theirs, ours = _halves({piece: sum(map(len, text)) for piece, (_, text) in pieces.items()})
    wait = forked.forked(
        lambda: {piece: _format_piece(piece, pieces[piece], package) for piece in theirs},
        f"black on {_named(theirs)}",
    )
    try:
        formatted = {piece: _format_piece(piece, pieces[piece], package) for piece in ours}
    except BaseException:
        # collect the child (no process left behind); this failure is the one to report
        with contextlib.suppress(Exception):
            wait()
        raise
    formatted.update(wait())
    return formatted


def _named(pieces: list[str]) -> str:
    """The modules ``pieces`` belong to, each once, in order."""
    return ", ".join(dict.fromkeys(piece.partition(_PART)[0] for piece in pieces))


_PART = " (part "  # a piece of a module cut in parts: "<path> (part 0003)"
_SPLIT_FROM = 20_000  # characters: below this, a module's parts are not worth a cut
_PART_SIZE = 30_000  # characters: a part's size, where black's time per character is low


def _pieces(sources: dict[str, str], package: str) -> dict[str, _Piece]:
    """What is formatted: each module whole (``(None, (source,))``), except a module of at
    least :data:`_SPLIT_FROM` characters, which is cut in parts (:func:`split_in_parts`; in
    two, near the middle, if too small for that and larger than all others together) after
    sorting its imports: ``(path, segments)``, where black's output for the part is that of
    each segment (:func:`split_in_segments`) joined by :data:`JOINT`."""
    pieces: dict[str, _Piece] = {}
    total = sum(map(len, sources.values()))
    for rel, text in sources.items():
        if len(text) < _SPLIT_FROM:
            pieces[rel] = (None, (text,))
            continue
        segments = split_in_segments(sort_imports(text, package))
        parts = _grouped(segments, _PART_SIZE)
        if len(parts) == 1 and len(segments) > 1 and len(text) > total - len(text):
            parts = _in_two(segments)  # for two cores
        pieces.update({f"{rel}{_PART}{i:04d})": (rel, tuple(part)) for i, part in enumerate(parts)})
    return pieces


def _in_two(segments: list[str]) -> list[list[str]]:
    """``segments`` (at least two) in two groups, cut at the boundary nearest the middle
    (the first of two as near)."""
    middle = sum(map(len, segments)) // 2
    ends = list(itertools.accumulate(map(len, segments[:-1])))
    at = min(range(len(ends)), key=lambda i: (abs(ends[i] - middle), i)) + 1
    return [segments[:at], segments[at:]]


def _format_piece(key: str, piece: _Piece, package: str) -> str:
    rel, segments = piece
    if rel is None:
        return format_python(segments[0], key, package)
    return _laid_out(segments, rel)


def _laid_out(segments: tuple[str, ...], rel: str) -> str:
    """black's output for ``segments`` of module ``rel``: a class :mod:`generator.class_layout`
    writes in black's layout from there, the others (consecutive ones together) by black."""
    from generator.class_layout import class_statement  # noqa: PLC0415  # cold path only

    out: list[str] = []
    pending: list[str] = []
    for segment in segments:
        laid = class_statement(segment)
        if laid is None:
            pending.append(segment)
            continue
        if pending:
            out.append(_black("".join(pending), rel))
            pending = []
        out.append(laid)
    if pending:
        out.append(_black("".join(pending), rel))
    return JOINT.join(out)


def _halves(sizes: dict[str, int]) -> tuple[list[str], list[str]]:
    """The paths in two shares of about equal total size (largest first, each to the lighter)."""
    shares: tuple[list[str], list[str]] = ([], [])
    totals = [0, 0]
    for rel in sorted(sizes, key=lambda r: (-sizes[r], r)):
        lighter = 0 if totals[0] <= totals[1] else 1
        shares[lighter].append(rel)
        totals[lighter] += sizes[rel]
    return shares
