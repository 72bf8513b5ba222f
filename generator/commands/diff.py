"""``diff``: compare two versions of a spec and classify every change for clients.

Both specs are loaded, validated and bundled; see ``generator/toolkit/diff.py``
for what is compared and ``generator/toolkit/diff_model.py`` for how each
change is judged (its level, ``breaking``, ``warning`` or ``info``, and why) and
the table of rule ids (``RULES``).

Text output: one block per change on stdout::

    BREAKING      GET /models (models.list) | query parameter pageSize: maximum <= 500 -> <= 100
                  why: requests that were valid may now be rejected
                  old: #/components/schemas/ModelListParams/properties/pageSize/maximum
                  new: #/components/schemas/ModelListParams/properties/pageSize/maximum

and a summary on stderr. ``--format github``: one workflow annotation per
change (``::error`` for breaking, ``::warning``, ``::notice`` for info) at
the line of the new spec (of the old one for what was removed). JSON output (``--format json``), one document::

    {"old": "old.yaml", "new": "new.yaml", "breaking": 1, "non_breaking": 0,
     "changes": [{"kind": "bound-tightened", "level": "breaking", "breaking": true,  # or warning / info
                  "message": "...", "reason": "...",
                  "operation": {"method": "GET", "path": "/models", "sdk": "models.list"},
                  "where": "query parameter pageSize",
                  "old_pointer": "...", "new_pointer": "..."}]}

``operation`` is null for component-level changes; a pointer is null where
the thing does not exist in that spec. Exit 1 when a change at or above
``--fail-on`` is found (``breaking``, the default; ``any``; ``none``: never),
2 for usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from generator.commands._common import add_strict, print_warnings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of ``diff``."""
    parser.add_argument("old", type=Path, metavar="OLD", help="the old spec ('-': standard input)")
    parser.add_argument("new", type=Path, metavar="NEW", help="the new spec ('-': standard input)")
    parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="output format (github: workflow annotations on the spec lines)",
    )
    add_strict(parser)
    parser.add_argument(
        "--fail-on",
        choices=("breaking", "any", "none"),
        default="breaking",
        help="exit 1 when a change at this level is found (default: breaking)",
    )


def run(args: argparse.Namespace) -> int:
    """Diff the specs; the exit code follows ``--fail-on``."""
    from generator.commands._common import require_file  # noqa: PLC0415  # cold path only
    from generator.toolkit.diff import diff  # noqa: PLC0415
    from generator.toolkit.spec import COMPARABLE, load_spec  # noqa: PLC0415

    require_file(args.old, "old spec")
    require_file(args.new, "new spec")
    # what only stops generate (an undeclared path parameter, ...) is a warning here
    old = load_spec(args.old, "old spec", strict=args.strict, tolerate=COMPARABLE)
    new = load_spec(args.new, "new spec", strict=args.strict, tolerate=COMPARABLE)
    print_warnings([*old.warnings, *new.warnings])
    changes = diff(old.data, new.data)
    breaking = sum(c.breaking for c in changes)
    if args.format == "github":
        from generator.toolkit.github import annotation  # noqa: PLC0415

        for c in changes:
            spec, pointer, given = (
                (new, c.new_pointer, args.new)
                if c.new_pointer is not None
                else (old, c.old_pointer, args.old)
            )
            where = spec.doc.locate(spec.doc.root, pointer or "")
            where = replace(where, file=str(given.parent / where.file))
            head = f"{c.operation} | {c.where}" if c.operation else c.where
            print(
                annotation(
                    c.level, f"{c.kind} ({c.level})", f"{head}: {c.message} ({c.reason})", where
                )
            )
    elif args.format == "json":
        report = {
            "old": str(args.old),
            "new": str(args.new),
            "breaking": breaking,
            "non_breaking": len(changes) - breaking,
            "changes": [c.as_dict() for c in changes],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for c in changes:
            head = f"{c.operation} | {c.where}" if c.operation else c.where
            print(f"{c.level.upper() if c.breaking else c.level:<13} {head}: {c.message}")
            print(f"{'':<13} why: {c.reason}")
            for label, pointer in (("old", c.old_pointer), ("new", c.new_pointer)):
                if pointer is not None:
                    print(f"{'':<13} {label}: #{pointer}")
        print(
            f"{len(changes)} change(s): {breaking} breaking, {len(changes) - breaking} non-breaking",
            file=sys.stderr,
        )
    if args.fail_on == "any":
        return 1 if changes else 0
    if args.fail_on == "breaking":
        return 1 if breaking else 0
    return 0
