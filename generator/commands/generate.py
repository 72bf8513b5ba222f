"""``generate``: write the generated package, touching only files that changed."""

from __future__ import annotations

import argparse
import sys
import time

from generator.commands._common import add_out, add_spec, add_strict, print_warnings, require_file
from generator.errors import GeneratorError, Location, error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of ``generate``."""
    add_spec(parser)
    add_out(parser)
    add_strict(parser)
    parser.add_argument("--force", action="store_true", help="regenerate even when nothing changed")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")


def run(args: argparse.Namespace) -> int:
    """Generate; exit 0 on success."""
    from generator.pipeline import generate  # noqa: PLC0415

    require_file(args.spec, "spec")
    if args.out.exists() and not args.out.is_dir():
        where = Location(str(args.out))
        raise GeneratorError([error("usage", "--out names a file, not a folder", where)])
    started = time.perf_counter()
    outcome = generate(args.spec, args.out, args.package, force=args.force, strict=args.strict)
    elapsed = time.perf_counter() - started
    print_warnings(outcome.warnings)
    if args.quiet:
        return 0
    if outcome.up_to_date:
        print(f"{args.out}: up to date ({elapsed:.2f} s)", file=sys.stderr)
        return 0
    for rel in outcome.plan.changed:
        print(f"wrote {args.out / rel}", file=sys.stderr)
    for rel in outcome.plan.stale:
        print(f"removed {args.out / rel}", file=sys.stderr)
    print(
        f"{args.out}: {len(outcome.plan.changed)} written, {len(outcome.plan.stale)} removed ({elapsed:.2f} s)",
        file=sys.stderr,
    )
    return 0
