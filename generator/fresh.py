"""The no-op ``generate`` decided from file times, before anything heavy is imported.

``python -m generator generate`` on an up-to-date folder proves it from
content: the spec's hashes, the toolkit's, the tool versions and every written
file's hash in the manifest (:func:`generator.pipeline.is_up_to_date`). That
check needs the pipeline's imports and reads every file; a bare interpreter
start costs less than either. So each run that proved the folder up to date
leaves a *stamp* in the cache folder, and the next run with the same command
line compares the stamp with the file system before importing anything else,
as ``make`` and ``git status`` do.

A stamp is keyed by the command line, the working folder, the interpreter and
its ``sys.path``; it holds the modification time, size and inode of every
input the output depends on (:func:`generator.depfile.inputs`: the spec and
what it ``$ref``s, the toolkit's code and templates, the ``site-packages``
folders, every file written), of each ``pyproject.toml`` that could configure
the run (:func:`generator.config.candidates`, missing ones included) and of
every folder on ``sys.path``. Only when every one is unchanged is the run a
no-op; anything else (no stamp, one stat different, an unreadable stamp) runs
the full check, which writes a new stamp when it finds the folder up to date.

The stat of each input is taken *before* the full check reads it, so an edit
made meanwhile is seen by the next run. A file modified less than
:data:`RACY_NS` before that snapshot could be edited again within the file
system's timestamp resolution without changing its time (git's "racily clean"
entries): its SHA-256 is kept too and compared. A file copied in with an old
time, the same size and the same inode is not seen, as with ``make``;
``--force`` always runs. Runs with ``--force``, ``--strict``,
``--skip-unsupported``, ``--watch``, ``--depfile`` or a spec on standard input
never leave a stamp. Stamps live in ``fresh/`` below the formatting cache's
folder, which ``$SCENARIO_CODEGEN_CACHE=off`` turns off.

This module imports only what the interpreter has loaded at start-up (``os``,
``sys``, ``time``) and ``marshal``, both built in; ``hashlib`` only to compare a
recent file.
"""

import marshal
import os
import sys
import time

TYPE_CHECKING = False  # typing's own would import it (a fifth of this module's budget)
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

FORMAT = 1
RACY_NS = 2_000_000_000  # FAT's resolution, the coarsest file system in use
ENV = "SCENARIO_CODEGEN_CACHE"

Stat = tuple[int, int, int] | None  # (mtime_ns, size, inode); None: the path does not exist


def cache_root() -> str | None:
    """The formatting cache's folder, or ``None`` when the cache is off.

    ``$SCENARIO_CODEGEN_CACHE`` when set, else ``scenario-codegen/black`` below
    ``$XDG_CACHE_HOME`` or ``~/.cache`` (:func:`generator.fmt_cache.folder` is this one).
    """
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in {"", "off", "0", "no"} else chosen
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "scenario-codegen", "black")


def _key(arguments: "Sequence[str]") -> tuple[object, ...]:
    return (FORMAT, tuple(arguments), os.getcwd(), sys.executable, sys.version, tuple(sys.path))


_PRIME = (1 << 61) - 1


def _stamp_path(key: tuple[object, ...]) -> str | None:
    root = cache_root()
    if root is None:
        return None
    text = repr(key).encode("utf-8", "surrogateescape")
    name = f"{int.from_bytes(text, 'big') % _PRIME:016x}.stamp"  # zlib's crc32 is an import
    return os.path.join(root, "fresh", name)  # a clash only replaces a stamp: keys are compared


def _stat(path: str) -> Stat:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino)


def _sha256(path: str) -> str | None:
    from hashlib import sha256  # noqa: PLC0415  # only for a file modified moments ago

    try:
        with open(path, "rb") as file:
            return sha256(file.read()).hexdigest()
    except OSError:
        return None


def up_to_date(arguments: "Sequence[str]") -> int | None:
    """Exit status 0 when the stamp of this command line shows nothing changed, else ``None``.

    Prints what the full check prints for an up-to-date folder (nothing with ``-q``).
    """
    started = time.perf_counter()
    if not arguments or arguments[0] != "generate":
        return None
    key = _key(arguments)
    path = _stamp_path(key)
    if path is None:
        return None
    now = time.time_ns()
    try:
        with open(path, "rb") as file:
            stamp = marshal.loads(file.read())
        if stamp["key"] != key:
            return None
        hashed = False
        for entry, recorded, digest in stamp["entries"]:
            if _stat(entry) != recorded or (digest is not None and _sha256(entry) != digest):
                return None
            hashed = hashed or digest is not None
        out, quiet = stamp["out"], stamp["quiet"]
    except (OSError, EOFError, ValueError, TypeError, KeyError):  # no stamp, or not one of ours
        return None
    if hashed:  # proven by content at ``now``: what is no longer recent needs no hash again
        stamp["entries"] = [
            (entry, recorded, digest if recorded and recorded[0] >= now - RACY_NS else None)
            for entry, recorded, digest in stamp["entries"]
        ]
        _write(path, stamp)
    if not quiet:
        print(f"{out}: up to date ({time.perf_counter() - started:.2f} s)", file=sys.stderr)
    return 0


class Snapshot:
    """The stats of a run's inputs, taken before the full check reads them."""

    def __init__(
        self, arguments: "Sequence[str]", paths: "Iterable[str]", out: str, quiet: bool
    ) -> None:
        self.key = _key(arguments)
        now = time.time_ns()
        entries: list[tuple[str, Stat, str | None]] = []
        watched = {os.path.abspath(path) for path in paths}
        watched |= {os.path.abspath(entry or ".") for entry in sys.path}
        self.usable = True
        for path in sorted(watched):
            stat = _stat(path)
            digest = None
            if stat is not None and stat[0] >= now - RACY_NS:
                digest = _sha256(path)
                if digest is None:  # a folder changed moments ago: no content to compare
                    self.usable = False
            entries.append((path, stat, digest))
        self.entries = entries
        self.out = out
        self.quiet = quiet

    def record(self) -> None:
        """Keep the stamp (the full check found the folder up to date); never fails a run."""
        path = _stamp_path(self.key)
        if path is not None and self.usable:
            _write(
                path,
                {"key": self.key, "entries": self.entries, "out": self.out, "quiet": self.quiet},
            )


def _write(path: str, stamp: dict[str, object]) -> None:
    """Write a stamp atomically; a failure only costs the next run its shortcut."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as file:
            file.write(marshal.dumps(stamp))
        os.replace(tmp, path)
        _prune(os.path.dirname(path))
    except (OSError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass


KEPT = 64  # stamps: one per command line and folder; the least recently written go first


def _prune(folder: str) -> None:
    with os.scandir(folder) as found:
        stamps = [
            (entry.stat().st_mtime_ns, entry.path)
            for entry in found
            if entry.name.endswith(".stamp")
        ]
    for _, path in sorted(stamps, reverse=True)[KEPT:]:
        os.unlink(path)
