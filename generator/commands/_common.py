"""Arguments and checks several subcommands share."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from generator.errors import GeneratorError, Location, Problem, arrange, error

DEFAULT_SPEC = "spec/openapi.yaml"
DEFAULT_OUT = "generated"
DEFAULT_PACKAGE = "scenario_sdk"


def add_spec(parser: argparse.ArgumentParser) -> None:
    """``--spec PATH``."""
    parser.add_argument(
        "--spec",
        default=DEFAULT_SPEC,
        type=Path,
        help=f"the OpenAPI document, '-' for standard input (default {DEFAULT_SPEC})",
    )


def add_strict(parser: argparse.ArgumentParser) -> None:
    """``--strict``: the spec's warnings are errors."""
    parser.add_argument(
        "--strict",
        action="store_true",
        help="treat the spec's warnings (bad defaults and examples, missing descriptions, ...) as errors",
    )


def add_skip_unsupported(parser: argparse.ArgumentParser) -> None:
    """``--skip-unsupported``: generate the rest, saying what was left out."""
    parser.add_argument(
        "--skip-unsupported",
        action="store_true",
        help="leave out the operations (and security schemes) the generator cannot express, "
        "print one line for each and record them in the manifest, instead of failing",
    )


def print_warnings(problems: Iterable[Problem]) -> None:
    """The spec's warnings, then what was skipped, on stderr: one line each, grouped.

    Neither changes the exit code.
    """
    for problem in arrange(problems):
        print(problem, file=sys.stderr)


def add_out(parser: argparse.ArgumentParser) -> None:
    """``--out DIR`` and ``--package NAME``."""
    parser.add_argument(
        "--out", default=DEFAULT_OUT, type=Path, help=f"output folder (default {DEFAULT_OUT})"
    )
    parser.add_argument(
        "--package",
        default=DEFAULT_PACKAGE,
        type=package_name,
        help=f"Python package name (default {DEFAULT_PACKAGE})",
    )


def package_name(value: str) -> str:
    """argparse type: a lower-case Python package name that shadows nothing it needs."""
    from generator.distribution import reserved_reason  # noqa: PLC0415  # small, but only here

    if (
        not value.isidentifier()
        or not value.isascii()
        or value != value.lower()
        or value.startswith("_")
    ):
        raise argparse.ArgumentTypeError(f"{value!r} is not a lower-case Python package name")
    reason = reserved_reason(value)
    if reason is not None:
        raise argparse.ArgumentTypeError(f"{value!r} {reason}; choose another package name")
    return value


def require_file(path: Path, what: str) -> None:
    """A usage error (exit 2) when an input file named on the command line is missing.

    ``-`` (standard input) and pipes (``<(git show HEAD:spec.yaml)``) are inputs too.
    """
    if str(path) == "-" or (path.exists() and not path.is_dir()):
        return
    if not path.is_file():
        raise GeneratorError([error("file-not-found", f"{what} not found", Location(str(path)))])


def require_out_folder(out: Path) -> None:
    """A usage error (exit 2) when ``--out`` is, or lies below, something that is not a folder."""
    for place in (out, *out.parents):
        if place.exists():
            if not place.is_dir():
                what = "names a file" if place == out else f"lies below {place}, which is a file"
                raise GeneratorError(
                    [error("usage", f"--out {what}, not a folder", Location(str(out)))]
                )
            return
