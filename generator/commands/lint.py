"""``lint``: report spec quality findings (house rules; see ``generator/toolkit/lint_rules.py``).

Text output: one finding per line on stdout,
``FILE:LINE:COL at #POINTER: SEVERITY [RULE] MESSAGE (hint: HINT)``, and a
summary on stderr. JSON output (``--format json``), one document on stdout::

    {"spec": "openapi.yaml", "errors": 1, "warnings": 0,
     "findings": [{"rule": "sdk-name", "severity": "error", "message": "...",
                   "file": "openapi.yaml", "pointer": "/paths/~1models/get",
                   "line": 12, "column": 5, "hint": "..."}]}

Exit 1 when any finding is an error (warnings alone exit 0), 2 for usage
errors; a spec that does not load or validate is reported like ``generate`` does.
"""

from __future__ import annotations

import argparse
import json
import sys

from generator.commands._common import add_spec, add_strict, print_warnings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of ``lint``."""
    add_spec(parser)
    add_strict(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def run(args: argparse.Namespace) -> int:
    """Lint the spec; exit 1 on any error-severity finding."""
    from generator.errors import Severity  # noqa: PLC0415  # cold path only
    from generator.toolkit.lint import lint  # noqa: PLC0415
    from generator.toolkit.spec import load_spec  # noqa: PLC0415

    spec = load_spec(args.spec, strict=args.strict)
    print_warnings(spec.warnings)
    findings = lint(spec)
    errors = sum(f.severity >= Severity.ERROR for f in findings)
    warnings = sum(f.severity == Severity.WARNING for f in findings)
    if args.format == "json":
        report = {
            "spec": spec.name,
            "errors": errors,
            "warnings": warnings,
            "findings": [
                {
                    "rule": f.code,
                    "severity": f.severity.name.lower(),
                    "message": f.message,
                    "file": f.location.file if f.location else spec.name,
                    "pointer": f.location.pointer if f.location else "",
                    "line": f.location.line if f.location else None,
                    "column": f.location.column if f.location else None,
                    "hint": f.hint,
                }
                for f in findings
            ],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(finding)
        print(f"{spec.name}: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0
