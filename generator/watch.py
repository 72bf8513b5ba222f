"""``generate --watch``: regenerate on every save, in one long-lived process.

The process stays up between runs, so datamodel-code-generator, black, jinja2
and the spec validator are imported once; each run then costs only the work
that the edit calls for (the manifest lets unchanged files skip black).

What is watched, by polling (standard library only): modification time and
size of each file, then its SHA-256 when either moved, so a save that leaves
the bytes as they were (an editor's touch) does not regenerate.

- The spec and every file it ``$ref``s (as the last successful run's manifest
  lists them) and the templates: a change regenerates in this process.
- The toolkit's own Python code and the ``pyproject.toml`` holding
  ``[tool.scenario-codegen]``: code already imported cannot be reloaded
  safely, so a change restarts the process (same arguments).

After each run: the usual report (files written and removed), then one line
comparing the spec with the previous version that loaded (the ``diff``
command's verdict: breaking or not). A spec that fails prints its problems;
the output folder keeps the last completed run's files and watching goes on.
Ctrl-C ends it with ``interrupted`` and exit status 130; every write is
atomic (:mod:`generator.write`), so the folder is as after the last completed run.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import GeneratorError, Location, error
from generator.fmt import format_python, format_statement
from generator.incremental import Formatter
from generator.interrupt import caused_by_interrupt
from generator.manifest import read_manifest
from generator.pipeline import TEMPLATES_ROOT, TOOLKIT_ROOT
from generator.write import sha256

if TYPE_CHECKING:
    from generator.pipeline import Outcome

POLL_SECONDS = 0.1  # a stat of some 100 files: cheap


@dataclass(frozen=True)
class _Seen:
    """A file as last seen: ``None`` fields for a file that was missing."""

    mtime_ns: int | None
    size: int | None
    digest: str | None


def _look(path: Path, before: _Seen | None) -> _Seen:
    """``path`` now; hashed only when its modification time or size moved since ``before``."""
    try:
        stat = path.stat()
    except OSError:
        return _Seen(None, None, None)
    if before is not None and (stat.st_mtime_ns, stat.st_size) == (before.mtime_ns, before.size):
        return before
    try:
        digest = sha256(path.read_bytes())
    except OSError:
        return _Seen(None, None, None)
    return _Seen(stat.st_mtime_ns, stat.st_size, digest)


class Files:
    """A set of watched files and what each held when last looked at."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.seen: dict[Path, _Seen] = {path: _look(path, None) for path in paths}

    def changed(
        self, paths: Iterable[Path], recorded: Mapping[Path, str] | None = None
    ) -> list[Path]:
        """The files of ``paths`` whose content differs from the last look (created or deleted too).

        A path seen for the first time (a file the spec has just started to ``$ref``)
        is compared with its hash in ``recorded`` (what the last run read), if any.
        """
        known = dict(self.seen)
        for path, digest in (recorded or {}).items():
            known.setdefault(path, _Seen(None, None, digest))
        now = {path: _look(path, known.get(path)) for path in paths}
        moved = sorted(
            path for path in now.keys() & known.keys() if now[path].digest != known[path].digest
        )
        self.seen = now
        return moved


def spec_files(spec: Path, out: Path) -> dict[Path, str]:
    """The spec and the files it ``$ref``s, with their hashes, as the output's manifest recorded them."""
    names = (read_manifest(out) or {}).get("spec_files")
    if not isinstance(names, dict):
        return {}
    return {spec.parent / str(name): str(digest) for name, digest in names.items()}


def template_files() -> list[Path]:
    """Every file under the templates folder."""
    return sorted(path for path in TEMPLATES_ROOT.rglob("*") if path.is_file())


def code_files() -> list[Path]:
    """The toolkit's Python modules and its configuration file: a change restarts the process."""
    from generator.config import find  # noqa: PLC0415  # small

    found = [
        path
        for path in TOOLKIT_ROOT.rglob("*.py")
        if "__pycache__" not in path.relative_to(TOOLKIT_ROOT).parts
    ]
    config = find()
    return sorted([*found, *([config] if config is not None else [])])


def verdict(old: dict[str, Any], new: dict[str, Any]) -> str:
    """One line: the ``diff`` command's judgement of ``new`` against ``old``."""
    from generator.toolkit.diff import diff  # noqa: PLC0415  # warm after the first run

    changes = diff(old, new)
    if not changes:
        return "diff: no change to the API"
    breaking = [change for change in changes if change.breaking]
    if not breaking:
        return f"diff: not breaking ({len(changes)} change(s))"
    first = breaking[0]
    head = f"{first.operation} | {first.where}" if first.operation else first.where
    return (
        f"diff: BREAKING ({len(breaking)} of {len(changes)} change(s) break clients; "
        f"first: {head}: {first.message})"
    )


def _bundled(spec: Path) -> dict[str, Any] | None:
    """The spec as the differ compares it (already validated by the run), ``None`` if it fails."""
    from generator.toolkit.spec import load_spec  # noqa: PLC0415

    try:
        return load_spec(spec, check=False).data
    except GeneratorError:
        return None


def _run(args: argparse.Namespace, formatter: Formatter, *, force: bool) -> Outcome | None:
    """One generation; its problems are printed, never raised. ``None`` when it failed."""
    from generator.cli import report  # noqa: PLC0415  # loaded: the CLI called us
    from generator.commands.generate import generate_once  # noqa: PLC0415

    try:
        return generate_once(args, force=force, formatter=formatter)
    except GeneratorError as exc:
        report(exc)
        _say("the output is unchanged; fix the spec and save again")
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # one line, as the CLI would print it, and keep watching
        if caused_by_interrupt(exc):
            raise KeyboardInterrupt from exc
        if os.environ.get("GENERATOR_DEBUG"):
            raise
        _say(f"internal error: {type(exc).__name__}: {exc}")
    return None


def _restart(changed: list[Path]) -> None:
    """Start this command afresh (its imported code changed on disk)."""
    _say(f"{_names(changed)} changed: restarting")
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])  # noqa: S606  # our own argv


def _say(line: str) -> None:
    """One line to the user, on stderr (where ``generate`` reports), at once."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _names(paths: list[Path]) -> str:
    shown = [os.path.relpath(path) if path.is_absolute() else str(path) for path in paths[:3]]
    more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    return ", ".join(shown) + more


def watch(args: argparse.Namespace, *, poll: float = POLL_SECONDS) -> int:
    """Generate, then again on every change, until Ctrl-C (which raises ``KeyboardInterrupt``)."""
    spec: Path = args.spec
    if str(spec) == "-" or not spec.is_file():
        where = Location(str(spec))
        raise GeneratorError([error("usage", "--watch needs a spec file to watch", where)])
    code = Files(code_files())
    inputs = Files([spec, *spec_files(spec, args.out), *template_files()])
    formatter = Formatter(format_python, format_statement)
    outcome = _run(args, formatter, force=args.force)
    previous = _bundled(spec) if outcome is not None else None
    formatter.start(args.out, read_manifest(args.out) or {})  # the next run checks tools
    formatter.warm()
    _say(f"watching {spec} and the templates (Ctrl-C ends)")
    while True:
        time.sleep(poll)
        restart = code.changed(code_files())
        if restart:
            _restart(restart)
        recorded = spec_files(spec, args.out)
        changed = inputs.changed([spec, *recorded, *template_files()], recorded)
        if not changed:
            continue
        _say(f"{time.strftime('%H:%M:%S')} {_names(changed)} changed")
        if _run(args, formatter, force=False) is not None:
            current = _bundled(spec)
            if previous is not None and current is not None:
                _say(verdict(previous, current))
            previous = current if current is not None else previous
            formatter.warm()
