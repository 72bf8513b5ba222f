"""Stage 5: format generated Python with black, in process, pinned exactly.

black's (and isort's) output changes between releases, so they are pinned in
pyproject.toml and recorded in the manifest; a different black means a cold
regeneration, never a silently churning golden record.

black stays the formatter of record, but a module is formatted only once per
source: results are kept in a content-addressed cache (:mod:`generator.fmt_cache`)
keyed by the source, the formatter versions and this module's own options.
The modules still to format are split in two shares of about the same size
(a module larger than all the others together is cut in two, between two
classes): one is formatted in a forked child process (the second core) while
this process formats the other.
"""

from __future__ import annotations

import ast
import contextlib
import itertools
import re

from generator import forked
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
    import black  # noqa: PLC0415  # heavy import, cold path only

    mode = black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=LINE_LENGTH)
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
    if "\r" in source:
        return None  # ast counts a carriage return as a line end: keep to the simple case
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None  # black reports it on the whole module
    lines = source.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    middle = len(source) // 2
    best: tuple[int, int] | None = None  # (distance from the middle, line of the class after)
    for before, after in itertools.pairwise(body):
        if not (
            isinstance(before, ast.ClassDef)
            and isinstance(after, ast.ClassDef)
            and not after.decorator_list
            and before.end_lineno is not None
        ):
            continue
        gap = lines[before.end_lineno : after.lineno - 1]  # the lines between the two
        if not gap or any(line.strip() for line in gap):
            continue
        distance = abs(starts[after.lineno - 1] - middle)
        if best is None or distance < best[0]:
            best = (distance, after.lineno)
    if best is None:
        return None
    return source[: starts[best[1] - 1]], source[starts[best[1] - 1] :]


JOINT = "\n\n"  # between black's output for the two parts: two blank lines


def format_all(
    sources: dict[str, str], package: str, tools: dict[str, str], *, share: bool = True
) -> dict[str, str]:
    """Every module of ``sources`` (path -> source) formatted by :func:`format_python`.

    ``tools`` (the formatters' versions) keys the cache. Results come from the
    cache where it has them; the rest are formatted and stored: when there are
    several, forking is safe and ``share`` is true (the second core is free),
    split in two shares of about the same size, one formatted in a child
    process while this process formats the other.
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
    if missing and share and forked.usable():
        import black  # noqa: F401, PLC0415  # imported once, before the fork, for both processes
        import isort  # noqa: F401, PLC0415

        pieces = _pieces({rel: sources[rel] for rel in missing}, package)
        theirs, ours = _halves({piece: len(text) for piece, (_, text) in pieces.items()})
        if len(pieces) > 1:
            wait = forked.forked(
                lambda: {piece: _format_piece(piece, pieces[piece], package) for piece in theirs},
                f"black on {', '.join(theirs)}",
            )
            try:
                formatted = {piece: _format_piece(piece, pieces[piece], package) for piece in ours}
            except BaseException:
                # collect the child (no process left behind); this failure is the one to report
                with contextlib.suppress(Exception):
                    wait()
                raise
            formatted.update(wait())
            for rel in missing:
                if rel in formatted:
                    done[rel] = formatted[rel]
                else:  # formatted in two parts
                    done[rel] = formatted[f"{rel}{_HEAD}"] + JOINT + formatted[f"{rel}{_TAIL}"]
    for rel in missing:
        if rel not in done:
            done[rel] = format_python(sources[rel], rel, package)
        cache.put(keys[rel], done[rel])
    return {rel: done[rel] for rel in sources}


_HEAD, _TAIL = " (first part)", " (second part)"
_SPLIT_FROM = 20_000  # characters: below this, a module's two parts are not worth a cut


def _pieces(sources: dict[str, str], package: str) -> dict[str, tuple[str | None, str]]:
    """What the two processes format: each module whole (``(None, source)``), except a module
    larger than all others together, which is cut in two (:func:`split_in_two`) after
    sorting its imports (``(path, part)``: only black is left to run on each part)."""
    pieces: dict[str, tuple[str | None, str]] = {rel: (None, text) for rel, text in sources.items()}
    largest = max(sources, key=lambda rel: (len(sources[rel]), rel))
    size = len(sources[largest])
    if size >= _SPLIT_FROM and size > sum(map(len, sources.values())) - size:
        parts = split_in_two(sort_imports(sources[largest], package))
        if parts is not None:
            del pieces[largest]
            pieces[f"{largest}{_HEAD}"] = (largest, parts[0])
            pieces[f"{largest}{_TAIL}"] = (largest, parts[1])
    return pieces


def _format_piece(key: str, piece: tuple[str | None, str], package: str) -> str:
    rel, text = piece
    return format_python(text, key, package) if rel is None else _black(text, rel)


def _halves(sizes: dict[str, int]) -> tuple[list[str], list[str]]:
    """The paths in two shares of about equal total size (largest first, each to the lighter)."""
    shares: tuple[list[str], list[str]] = ([], [])
    totals = [0, 0]
    for rel in sorted(sizes, key=lambda r: (-sizes[r], r)):
        lighter = 0 if totals[0] <= totals[1] else 1
        shares[lighter].append(rel)
        totals[lighter] += sizes[rel]
    return shares
