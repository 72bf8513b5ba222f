"""``check``: exit 1 and show what ``generate`` would change (the golden-record check).

``--format github`` prints one workflow annotation per file instead of the
diff (``::error file=generated/x.py,title=stale::...``), so a CI run marks
the stale files.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from generator.commands._common import (
    add_out,
    add_skip_unsupported,
    add_spec,
    add_strict,
    print_warnings,
    require_file,
    require_out_folder,
)
from generator.errors import Problem

MAX_DIFF_LINES = 200


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of ``check``."""
    add_spec(parser)
    add_out(parser)
    add_strict(parser)
    add_skip_unsupported(parser)
    parser.add_argument("--no-diff", action="store_true", help="list the files only")
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="output format (github: one workflow annotation per file)",
    )


def run(args: argparse.Namespace) -> int:
    """Regenerate in memory and compare with the output folder."""
    from generator.pipeline import check  # noqa: PLC0415

    require_file(args.spec, "spec")
    require_out_folder(args.out)
    warnings: list[Problem] = []
    skipped: list[Problem] = []
    result, _ = check(
        args.spec,
        args.out,
        args.package,
        strict=args.strict,
        warnings=warnings,
        skip_unsupported=args.skip_unsupported,
        skipped=skipped,
    )
    print_warnings([*warnings, *skipped])
    if result.empty and not result.foreign:
        print(f"{args.out}: up to date", file=sys.stderr)
        return 0
    hint = (
        f"run `make generate` (python -m generator generate --spec {args.spec} "
        f"--out {args.out} --package {args.package})"
    )
    if args.format == "github":
        _annotate(args.out, result, hint)
        return 1
    shown = 0
    for rel, text in result.changed.items():
        path = args.out / rel
        print(f"would change: {path}")
        if args.no_diff or shown >= MAX_DIFF_LINES:
            continue
        try:
            old = path.read_text(encoding="utf-8").splitlines(keepends=True)
        except OSError:
            old = []
        for line in difflib.unified_diff(
            old, text.splitlines(keepends=True), f"{path} (committed)", f"{path} (generated)"
        ):
            if shown < MAX_DIFF_LINES:
                sys.stdout.write(line if line.endswith("\n") else line + "\n")
            shown += 1
    for rel in result.stale:
        print(f"would remove: {args.out / rel}")
    for rel in result.kept:
        print(f"would keep: {args.out / rel} (no longer generated, edited since it was written)")
    for rel in result.foreign:
        print(f"would refuse: {args.out / rel} (in the way, not written by the generator)")
    if shown > MAX_DIFF_LINES:
        print(f"... diff cut after {MAX_DIFF_LINES} lines")
    print(f"{args.out} is stale: {hint}", file=sys.stderr)
    return 1


def _annotate(out: Path, result: Any, hint: str) -> None:
    """One workflow annotation per file that ``generate`` would touch."""
    from generator.errors import Location  # noqa: PLC0415
    from generator.toolkit.github import annotation  # noqa: PLC0415

    for what, rels in (
        ("would change", list(result.changed)),
        ("would remove", result.stale),
        ("would keep (edited since it was written)", result.kept),
        ("would refuse (not written by the generator)", result.foreign),
    ):
        for rel in rels:
            where = Location(str(out / rel))
            print(annotation("error", "stale generated code", f"{what}: {hint}", where))
