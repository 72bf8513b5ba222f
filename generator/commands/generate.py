"""``generate``: write the generated package, touching only files that changed."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from generator.commands._common import (
    add_out,
    add_skip_unsupported,
    add_spec,
    add_strict,
    print_warnings,
    require_file,
    require_out_folder,
)
from generator.progress import reporting, wanted

if TYPE_CHECKING:
    from generator.fresh import Snapshot
    from generator.incremental import Formatter
    from generator.pipeline import Outcome


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
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing on success (no progress line, no list of files)",
    )
    parser.add_argument(
        "--depfile",
        type=Path,
        metavar="FILE",
        help="after a successful run, write the Make dependencies of the output into FILE "
        "(what `make generate` reads to skip Python when nothing changed)",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="stay running: regenerate on every save of the spec (and the files it $refs) or "
        "a template, printing what changed and the diff's verdict; Ctrl-C ends it",
    )


def run(args: argparse.Namespace) -> int:
    """Generate; exit 0 on success. ``--watch``: again on every save, until Ctrl-C."""
    require_file(args.spec, "spec")
    require_out_folder(args.out)
    if args.watch:
        from generator.watch import watch  # noqa: PLC0415  # only with --watch

        return watch(args)
    snapshot = _snapshot(args)
    outcome = generate_once(args, force=args.force)
    if snapshot is not None and outcome.up_to_date:
        snapshot.record()  # the next run of this command line can answer before its imports
    if args.depfile is not None:
        from generator import depfile  # noqa: PLC0415  # only for make

        depfile.write(args.depfile, args.spec, args.out)
    return 0


def _snapshot(args: argparse.Namespace) -> Snapshot | None:
    """The stats of the run's inputs for the no-op stamp (:mod:`generator.fresh`), when the
    run is one a stamp may answer: the spec a file, no flag that must always run."""
    always = args.force or args.strict or args.skip_unsupported or args.depfile is not None
    if always or not args.spec.is_file() or not getattr(args, "argv", None):
        return None
    from generator.manifest import MANIFEST  # noqa: PLC0415  # small

    if not (args.out / MANIFEST).is_file():  # a first run: it cannot be up to date
        return None
    from generator import config, depfile  # noqa: PLC0415  # small
    from generator.fresh import Snapshot  # noqa: PLC0415

    paths = [*map(str, depfile.inputs(args.spec, args.out)), *map(str, config.candidates())]
    return Snapshot(args.argv, paths, str(args.out), args.quiet)


def generate_once(
    args: argparse.Namespace, *, force: bool, formatter: Formatter | None = None
) -> Outcome:
    """One generation as ``args`` say, with progress on a terminal and the report after it."""
    from generator.pipeline import generate  # noqa: PLC0415

    started = time.perf_counter()
    with reporting(wanted(quiet=args.quiet)):
        outcome = generate(
            args.spec,
            args.out,
            args.package,
            force=force,
            strict=args.strict,
            skip_unsupported=args.skip_unsupported,
            formatter=formatter,
        )
    report(args, outcome, time.perf_counter() - started)
    return outcome


def report(args: argparse.Namespace, outcome: Outcome, elapsed: float) -> None:
    """The warnings, then (unless ``-q``) each file written or removed and a summary line."""
    print_warnings((*outcome.warnings, *outcome.skipped))
    if args.quiet:
        return
    if outcome.up_to_date:
        print(f"{args.out}: up to date ({elapsed:.2f} s)", file=sys.stderr)
        return
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
