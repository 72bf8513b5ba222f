"""Stage 5: format generated Python with black, in process, pinned exactly.

black's (and isort's) output changes between releases, so they are pinned in
pyproject.toml and recorded in the manifest; a different black means a cold
regeneration, never a silently churning golden record.
"""

from __future__ import annotations

from generator.errors import GeneratorError, Location, error

LINE_LENGTH = 100


def format_python(source: str, name: str, package: str) -> str:
    """``source`` with sorted imports (isort) formatted by black.

    A syntax error is reported as a problem, not a traceback.
    """
    import black  # noqa: PLC0415  # heavy import, cold path only
    import isort  # noqa: PLC0415

    source = isort.code(
        source,
        profile="black",
        line_length=LINE_LENGTH,
        known_first_party=[package],
        force_sort_within_sections=False,
    )
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
