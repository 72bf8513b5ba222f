"""``validate``: check JSON payloads against a schema of the spec, strictly.

Payloads are validated by the generated types (pydantic strict mode, wire
names only, null only where the spec allows it); see
``generator/runtime/_validate.py`` for what strict means and the error shape.

Text output: one line per error on stdout,
``FILE[:LINE[:COL]]: PATH: [RULE] MESSAGE``, and a summary on stderr.
JSON output (``--format json``), one document on stdout::

    {"schema": "models.list:response", "type": "ModelListResponse",
     "checked": 3, "invalid": 1,
     "errors": [{"payload": "a.json",
                 "path": "$.models[0].parameters.batchSize", "rule": "maximum",
                 "message": "5 is greater than the maximum 4", "value": "5",
                 "line": 7, "column": 21}]}

``line`` and ``column`` place the offending value in the file (a missing
property: the object lacking it; a JSON syntax error: where it is; JSON
Lines: the payload's line). Exit 0 when every payload is valid, 1 when
any is not, 2 for usage errors (unknown schema name, missing file).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from generator.commands._common import add_out, add_spec, require_file


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of ``validate``."""
    parser.add_argument(
        "--schema",
        metavar="NAME",
        help="a component (Model) or an operation side (models.update:request, models.list:response)",
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="JSON payload files ('-' or none: stdin)"
    )
    add_spec(parser)
    add_out(parser)
    parser.add_argument(
        "--jsonl", action="store_true", help="inputs hold one JSON payload per line (JSON Lines)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument(
        "--clear-cache",
        action="store_true",
        help="remove the packages generated for out-of-date specs (see README) and exit",
    )


def _text(where: str, line: int | None, column: int | None) -> str:
    for part in (line, column):
        if part is None:
            break
        where += f":{part}"
    return where


def run(args: argparse.Namespace) -> int:
    """Validate every payload; exit 1 when any is invalid."""
    if args.clear_cache:
        from generator.toolkit.package import clear_cache  # noqa: PLC0415

        removed, root = clear_cache()
        print(f"removed {removed} cached generation(s) from {root}", file=sys.stderr)
        return 0
    if not args.schema:
        from generator.errors import GeneratorError, error  # noqa: PLC0415

        raise GeneratorError([error("usage", "validate needs --schema NAME (or --clear-cache)")])
    from generator import __version__  # noqa: PLC0415  # cold path only
    from generator.build_ir import build  # noqa: PLC0415
    from generator.manifest import MANIFEST  # noqa: PLC0415
    from generator.runtime._validate import Validator  # noqa: PLC0415
    from generator.toolkit.package import generated_package  # noqa: PLC0415
    from generator.toolkit.payload import check_sources, run_checks  # noqa: PLC0415
    from generator.toolkit.schema_names import resolve  # noqa: PLC0415
    from generator.toolkit.spec import load_spec  # noqa: PLC0415

    require_file(args.spec, "spec")
    names = check_sources(list(args.files))
    # generating validates the spec; an up-to-date generation was made from a valid one
    package = generated_package(args.spec, args.out, args.package)
    spec = load_spec(args.spec, check=False)
    api = build(spec.data, package=args.package, spec_name=spec.name, toolkit_version=__version__)
    target = resolve(args.schema, spec.data, api)
    if package.folder != args.out and (args.out / MANIFEST).is_file():
        print(
            f"note: {args.out} is not an up-to-date generation of {args.spec}; "
            f"using {package.folder}",
            file=sys.stderr,
        )
    validator = Validator(package.module("types"))  # nulls: the module's __non_nullable__ table
    if target.type_name is not None:
        type_: Any = validator.resolve(target.type_name)
    else:  # a response type that is no class (list[Model]): the operation constant names it
        constant = getattr(package.module(str(target.module)), str(target.constant))
        type_ = constant.type_of("response_type")
    checked = invalid = 0
    findings: list[dict[str, Any]] = []
    for result in run_checks(
        lambda raw: validator.validate_json(type_, raw), names, jsonl=args.jsonl
    ):
        checked += 1
        invalid += not result.valid
        for e in result.placed():
            if args.format == "text":
                print(
                    f"{_text(result.payload, e.line, e.column)}: {e.path}: [{e.rule}] {e.message}"
                )
            else:
                findings.append({"payload": result.payload, **e.as_dict()})
    if args.format == "json":
        report = {"schema": args.schema, "type": target.label, "checked": checked,
                  "invalid": invalid, "errors": findings}  # fmt: skip
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        verdict = f"{invalid} invalid" if invalid else "all valid"
        print(f"{checked} payload(s) checked against {args.schema}: {verdict}", file=sys.stderr)
    return 1 if invalid else 0
