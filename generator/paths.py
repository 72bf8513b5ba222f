"""Which paths below the output folder the generator may read, write or delete.

A relative path is accepted only when it names a place strictly inside the
output folder: written in POSIX form, no empty, ``.`` or ``..`` component, not
absolute (neither a POSIX root nor a Windows drive), no NUL or backslash, and,
on disk, no component that is a symbolic link or a non-folder where a folder
is expected. The output folder itself may be a symbolic link: the user named it.

The paths checked come from the renderer and from the manifest of a previous
run, a committed file that nobody reviews: both are data, never trusted.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath


def unsafe_reason(out: Path, rel: object) -> str | None:
    """Why ``rel`` may not be touched below ``out``, or None when it may."""
    reason = _syntax_reason(rel)
    if reason is not None:
        return reason
    assert isinstance(rel, str)  # _syntax_reason accepts strings only
    return _disk_reason(out, rel.split("/"))


def _syntax_reason(rel: object) -> str | None:
    if not isinstance(rel, str) or not rel:
        return "is not a relative path"
    if "\0" in rel or "\\" in rel:
        return "contains a NUL or backslash"
    if PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).drive:
        return "is an absolute path"
    parts = rel.split("/")
    if ".." in parts:
        return "leaves the output folder (..)"
    if any(part in {"", "."} for part in parts):
        return "is not a normalised relative path"
    return None


def _disk_reason(out: Path, parts: list[str]) -> str | None:
    """Walk ``parts`` below ``out`` without following any symbolic link."""
    current = out
    for index, part in enumerate(parts):
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return None  # nothing further down exists: nothing to escape through
        except NotADirectoryError:
            return f"goes through {current.parent}, which is not a folder"
        last = index == len(parts) - 1
        if stat.S_ISLNK(mode):
            kind = "is a symbolic link" if last else "goes through a symbolically linked folder"
            return f"{kind} ({current})"
        if not last and not stat.S_ISDIR(mode):
            return f"goes through {current}, which is not a folder"
        if last and not stat.S_ISREG(mode):
            return f"is not a regular file ({current})"
    return None
