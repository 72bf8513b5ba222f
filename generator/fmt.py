"""Stage 5: format generated Python with black, in process, pinned exactly.

black's (and isort's) output changes between releases, so they are pinned in
pyproject.toml and recorded in the manifest; a different black means a cold
regeneration, never a silently churning golden record.

black stays the formatter of record, but a module is formatted only once per
source: results are kept in a content-addressed cache (:mod:`generator.fmt_cache`)
keyed by the source, the formatter versions and this module's own options.
The modules still to format are split in two shares of about the same size:
one is formatted in a forked child process (the second core) while this
process formats the other.
"""

from __future__ import annotations

import contextlib
import re

from generator import forked
from generator.errors import GeneratorError, Location, error
from generator.fmt_cache import Cache

LINE_LENGTH = 100


def format_python(source: str, name: str, package: str) -> str:
    """``source`` with sorted imports (isort) formatted by black.

    A syntax error is reported as a problem, not a traceback.
    """
    import isort  # noqa: PLC0415  # heavy import, cold path only

    source = isort.code(
        source,
        profile="black",
        line_length=LINE_LENGTH,
        known_first_party=[package],
        force_sort_within_sections=False,
    )
    return _black(source, name)


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


def format_all(sources: dict[str, str], package: str, tools: dict[str, str]) -> dict[str, str]:
    """Every module of ``sources`` (path -> source) formatted by :func:`format_python`.

    ``tools`` (the formatters' versions) keys the cache. Results come from the
    cache where it has them; the rest are formatted and stored: when there are
    several and forking is safe, split in two shares of about the same size,
    one formatted in a child process while this process formats the other.
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
    if len(missing) > 1 and forked.usable():
        import black  # noqa: F401, PLC0415  # imported once, before the fork, for both processes
        import isort  # noqa: F401, PLC0415

        theirs, ours = _halves({rel: len(sources[rel]) for rel in missing})
        wait = forked.forked(
            lambda: {rel: format_python(sources[rel], rel, package) for rel in theirs},
            f"black on {', '.join(theirs)}",
        )
        try:
            for rel in ours:
                done[rel] = format_python(sources[rel], rel, package)
        except BaseException:
            # collect the child (no process left behind); this failure is the one to report
            with contextlib.suppress(Exception):
                wait()
            raise
        done.update(wait())
    for rel in missing:
        if rel not in done:
            done[rel] = format_python(sources[rel], rel, package)
        cache.put(keys[rel], done[rel])
    return {rel: done[rel] for rel in sources}


def _halves(sizes: dict[str, int]) -> tuple[list[str], list[str]]:
    """The paths in two shares of about equal total size (largest first, each to the lighter)."""
    shares: tuple[list[str], list[str]] = ([], [])
    totals = [0, 0]
    for rel in sorted(sizes, key=lambda r: (-sizes[r], r)):
        lighter = 0 if totals[0] <= totals[1] else 1
        shares[lighter].append(rel)
        totals[lighter] += sizes[rel]
    return shares
