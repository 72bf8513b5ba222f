"""``lint``: report spec quality findings (rules: see ``generator/toolkit/lint_rules.py``).

Text output: one finding per line on stdout,
``FILE:LINE:COL at #POINTER: SEVERITY [RULE] MESSAGE (hint: HINT)``, and a
summary on stderr. JSON output (``--format json``), one document on stdout,
whatever happened (a spec that does not load gives its problems as findings,
``loaded`` false)::

    {"spec": "openapi.yaml", "loaded": true, "errors": 1, "warnings": 0,
     "findings": [{"rule": "sdk-name", "severity": "error", "message": "...",
                   "file": "openapi.yaml", "pointer": "/paths/~1models/get",
                   "line": 12, "column": 5, "hint": "..."}]}

``--format github`` prints one workflow annotation per finding
(``::error file=...,line=...::message``). ``--select`` / ``--ignore`` take rule ids or id prefixes (``unsupported``),
comma-separated or repeated; without ``--select`` the house rules run only on
a spec that uses ``x-sdk-*``. Exit 1 when any finding is an error (warnings
alone exit 0), 2 for usage errors (an unknown rule, a missing spec).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from typing import Any

from generator.commands._common import add_spec, add_strict, print_warnings


def _names(values: list[str] | None) -> list[str]:
    return [n.strip() for value in values or [] for n in value.split(",") if n.strip()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of ``lint``."""
    add_spec(parser)
    add_strict(parser)
    parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="output format (github: workflow annotations on the spec lines)",
    )
    parser.add_argument(
        "--select", action="append", metavar="RULES", help="run only these rules (ids or prefixes)"
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar="RULES",
        help="do not run these rules (ids or prefixes)",
    )
    # [tool.scenario-codegen.lint] select / ignore (generator.config), used without the flags
    parser.set_defaults(configured_select=[], configured_ignore=[])


def _finding(problem: Any, spec_name: str) -> dict[str, Any]:
    where = problem.location
    return {
        "rule": problem.code,
        "severity": problem.severity.name.lower(),
        "message": problem.message,
        "file": where.file if where else spec_name,
        "pointer": where.pointer if where else "",
        "line": where.line if where else None,
        "column": where.column if where else None,
        "hint": problem.hint,
    }


def _report(spec_name: str, loaded: bool, problems: list[Any]) -> dict[str, Any]:
    from generator.errors import Severity  # noqa: PLC0415  # cold path only

    return {
        "spec": spec_name,
        "loaded": loaded,
        "errors": sum(p.severity >= Severity.ERROR for p in problems),
        "warnings": sum(p.severity == Severity.WARNING for p in problems),
        "findings": [_finding(p, spec_name) for p in problems],
    }


def run(args: argparse.Namespace) -> int:
    """Lint the spec; exit 1 on any error-severity finding."""
    from generator.errors import GeneratorError, error  # noqa: PLC0415  # cold path only
    from generator.toolkit.lint import check_names, lint  # noqa: PLC0415
    from generator.toolkit.spec import load_spec  # noqa: PLC0415

    select = _names(args.select) if args.select else list(args.configured_select)
    ignore = _names(args.ignore) if args.ignore else list(args.configured_ignore)
    try:
        check_names(select, "--select")
        check_names(ignore, "--ignore")
        spec = load_spec(args.spec, strict=args.strict)
        findings = lint(spec, select=select, ignore=ignore)
    except GeneratorError as exc:
        if args.format != "json":
            raise
        return _failed(args.spec.name, list(exc.problems))
    except Exception as exc:  # the JSON document is promised whatever failed
        if args.format != "json":
            raise
        return _failed(args.spec.name, [error("internal", f"{type(exc).__name__}: {exc}")])
    # Loading's warnings that a lint rule reports again (same code, same place) are said once.
    said = {(f.code, f.location.pointer if f.location else "") for f in findings}
    loading = [
        w for w in spec.warnings if (w.code, w.location.pointer if w.location else "") not in said
    ]
    if args.format == "json":  # loading's warnings are findings of the one JSON document
        findings = [*loading, *findings]
    else:
        print_warnings(loading)
    report = _report(spec.name, True, findings)
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
    elif args.format == "github":
        from generator.toolkit.github import annotation  # noqa: PLC0415

        for f in findings:
            where = f.location and replace(f.location, file=str(args.spec.parent / f.location.file))
            print(
                annotation(f.severity.name.lower(), f.code, f"{f.message} (hint: {f.hint})", where)
            )
    else:
        for finding in findings:
            print(finding)
        print(
            f"{spec.name}: {report['errors']} error(s), {report['warnings']} warning(s)",
            file=sys.stderr,
        )
    return 1 if report["errors"] else 0


def _failed(spec_name: str, problems: list[Any]) -> int:
    """The JSON report of a run that stopped before linting; its exit code."""
    report = _report(spec_name, False, problems)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    if any(p.code in ("usage", "file-not-found") for p in problems):
        return 2
    return 1 if report["errors"] else 0
