"""``python -m generator``: the command-line interface.

Exit codes: 0 ok, 1 a failure or finding, 2 a usage error (bad flag, missing
input file). Problems print one line each on stderr; a traceback never
reaches the user (set ``GENERATOR_DEBUG=1`` to see one for an internal error).

Each subcommand lives in ``generator.commands.<name>`` with ``add_arguments``
and ``run``; modules import their heavy dependencies inside ``run`` so that
``--help`` and the no-op ``generate`` stay fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.errors import GeneratorError, Severity
from generator.interrupt import caused_by_interrupt, interrupted, was_interrupted

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

COMMANDS = {
    "generate": "write the generated package (only files that changed)",
    "check": "exit 1 and list the files that `generate` would change",
    "validate": "validate JSON payloads against a schema of the spec",
    "diff": "compare two spec versions and classify breaking changes",
    "lint": "report spec quality findings",
}

USAGE_CODES = frozenset({"file-not-found", "usage"})


def _available(argv: Sequence[str]) -> dict[str, object]:
    """The command modules to import: only the one named, when the first argument names one."""
    first = argv[0] if argv else ""
    names = [first] if first in COMMANDS else list(COMMANDS)
    modules: dict[str, object] = {}
    for name in names:
        try:
            modules[name] = importlib.import_module(f"generator.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"generator.commands.{name}":
                raise
    return modules


def _prog() -> str:
    """``scenario-codegen`` when run as the console script, else ``python -m generator``."""
    name = Path(sys.argv[0]).name if sys.argv else ""
    return "scenario-codegen" if name.startswith("scenario-codegen") else "python -m generator"


def build_parser(
    modules: dict[str, object], configured: dict[str, dict[str, object]] | None = None
) -> argparse.ArgumentParser:
    """The argument parser with every available subcommand (defaults from ``configured``)."""
    parser = argparse.ArgumentParser(
        prog=_prog(), description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in modules.items():
        command = sub.add_parser(name, help=COMMANDS[name], description=COMMANDS[name])
        module.add_arguments(command)  # type: ignore[attr-defined]  # each command module defines it
        # argparse has no public list of a parser's destinations and set_defaults
        known = {action.dest for action in command._actions} | set(command._defaults)
        command.set_defaults(
            **{k: v for k, v in (configured or {}).get(name, {}).items() if k in known}
        )
        _SUBPARSERS[name] = command
    return parser


_SUBPARSERS: dict[str, argparse.ArgumentParser] = {}


def _parse(parser: argparse.ArgumentParser, arguments: list[str]) -> argparse.Namespace:
    """Parse; an unknown flag is reported with the subcommand's usage, not the top level's."""
    args, extra = parser.parse_known_args(arguments)
    if extra:
        _SUBPARSERS[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def report(exc: GeneratorError) -> int:
    """Print every problem, one line each, and pick the exit code."""
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    if any(p.code in USAGE_CODES for p in exc.problems):
        return EXIT_USAGE
    worst = max((p.severity for p in exc.problems), default=Severity.ERROR)
    return EXIT_FAILURE if worst >= Severity.ERROR else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; returns the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    modules = _available(arguments)
    try:
        from generator.config import defaults  # noqa: PLC0415  # small; only what a run needs

        configured = {name: defaults(name) for name in modules}
    except GeneratorError as exc:
        return report(exc)
    args = _parse(build_parser(modules, configured), arguments)
    args.argv = tuple(arguments)  # the command line as given: generate's no-op stamp keys on it
    try:
        status = int(modules[args.command].run(args))  # type: ignore[attr-defined]
    except GeneratorError as exc:
        if getattr(args, "format", None) == "github":  # the problems as annotations too
            from generator.toolkit.github import annotation  # noqa: PLC0415

            for problem in exc.problems:
                level = problem.severity.name.lower()
                print(annotation(level, problem.code, problem.message, problem.location))
        return report(exc)
    except KeyboardInterrupt:
        return interrupted()
    except Exception as exc:  # last line of defence: no traceback for users
        if caused_by_interrupt(exc):  # Python wraps one raised in __set_name__ (RuntimeError)
            return interrupted()
        if os.environ.get("GENERATOR_DEBUG"):
            raise
        print(
            f"internal error: {type(exc).__name__}: {exc} "
            "(set GENERATOR_DEBUG=1 for a traceback and please report it)",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    return interrupted() if was_interrupted() else status  # a Ctrl-C some code swallowed
