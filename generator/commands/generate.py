"""``generate``: write the generated package, touching only files that changed."""

from __future__ import annotations

import argparse
import sys
import time

from generator.commands._common import (
    add_out,
    add_skip_unsupported,
    add_spec,
    add_strict,
    print_warnings,
    require_file,
    require_out_folder,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of ``generate``."""
    add_spec(parser)
    add_out(parser)
    add_strict(parser)
    add_skip_unsupported(parser)
    parser.add_argument(
        "--force",
        action="store_true",
        help="regenerate even when nothing changed; also write into a non-empty folder that "
        "holds no manifest (files the generator did not write are never overwritten)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")


def run(args: argparse.Namespace) -> int:
    """Generate; exit 0 on success."""
    from generator.pipeline import generate  # noqa: PLC0415

    require_file(args.spec, "spec")
    require_out_folder(args.out)
    started = time.perf_counter()
    outcome = generate(
        args.spec,
        args.out,
        args.package,
        force=args.force,
        strict=args.strict,
        skip_unsupported=args.skip_unsupported,
    )
    elapsed = time.perf_counter() - started
    print_warnings((*outcome.warnings, *outcome.skipped))
    if args.quiet:
        return 0
    if outcome.up_to_date:
        print(f"{args.out}: up to date ({elapsed:.2f} s)", file=sys.stderr)
        return 0
    for rel in outcome.plan.changed:
        print(f"wrote {args.out / rel}", file=sys.stderr)
    for rel in outcome.plan.stale:
        print(f"removed {args.out / rel}", file=sys.stderr)
    for rel in outcome.plan.kept:
        print(
            f"kept {args.out / rel}: no longer generated, but edited since it was written",
            file=sys.stderr,
        )
    print(
        f"{args.out}: {len(outcome.plan.changed)} written, {len(outcome.plan.stale)} removed ({elapsed:.2f} s)",
        file=sys.stderr,
    )
    return 0
