"""The one file type uploads accept, and reading it in chunks, again for each retry.

A file argument (:data:`FileTypes`) is any of: ``bytes``; a binary file object
(``open(path, "rb")``, ``io.BytesIO``); a :class:`pathlib.Path` (or any
``os.PathLike``); or a tuple ``(filename, content)`` /
``(filename, content, media_type)`` whose content is one of the former.
:func:`to_file_part` turns it into a :class:`FilePart`, which yields the
content in chunks without reading it whole, and can yield it again when a
retry re-sends the request: a path is reopened, a seekable file object is
sought back to where it was, bytes are bytes. A file object that cannot seek
can be sent once; sending it again raises :class:`BodyNotReplayableError`.
"""

from __future__ import annotations

import io
import mimetypes
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TypeAlias, TypeGuard

from ._exceptions import InvalidRequestError

__all__ = ["BodyNotReplayableError", "FileTypes"]

FileContent: TypeAlias = bytes | IO[bytes] | os.PathLike[str]
FileTypes: TypeAlias = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)

CHUNK_SIZE = 64 * 1024
_REREADABLE = (bytes, bytearray, memoryview, os.PathLike)


class BodyNotReplayableError(InvalidRequestError):
    """An upload read from a stream that cannot seek was needed a second time (a retry)."""


def _is_content(value: object) -> TypeGuard[FileContent]:
    return isinstance(value, bytes | bytearray | memoryview | os.PathLike) or (
        hasattr(value, "read") and not isinstance(value, io.TextIOBase)
    )


def is_file(value: object) -> bool:
    """Whether ``value`` is one of :data:`FileTypes` (a ``str`` is not: it is a field value)."""
    if isinstance(value, tuple) and len(value) in (2, 3):
        return (value[0] is None or isinstance(value[0], str)) and _is_content(value[1])
    return _is_content(value)


class FilePart:
    """One file of an upload: its name, media type, size (when known) and chunks."""

    def __init__(
        self, field: str, content: FileContent, filename: str | None, media_type: str | None
    ) -> None:
        self.field = field
        self.filename = filename
        self.media_type = media_type or _guess(filename)
        self._content = content
        self._start = _position(content)
        self._sent = False

    @property
    def size(self) -> int | None:
        """The number of bytes :meth:`chunks` will yield, when it can be known beforehand."""
        content = self._content
        if isinstance(content, bytes | bytearray | memoryview):
            return len(content)
        if isinstance(content, os.PathLike):
            return Path(content).stat().st_size
        if self._start is not None:
            try:
                return os.fstat(content.fileno()).st_size - self._start
            except (AttributeError, OSError, io.UnsupportedOperation):
                end = content.seek(0, io.SEEK_END)
                content.seek(self._start)
                return end - self._start
        return None

    def chunks(self) -> Iterator[bytes]:
        """The content in chunks; called once per attempt to send the request."""
        content = self._content
        if isinstance(content, bytes | bytearray | memoryview):
            yield bytes(content)
            return
        if isinstance(content, os.PathLike):
            with Path(content).open("rb") as stream:
                yield from _read(stream)
            return
        if self._start is not None:
            content.seek(self._start)
        else:
            self.check_replayable()
        self._sent = True
        yield from _read(content)

    def check_replayable(self) -> None:
        """Raise :class:`BodyNotReplayableError` if the content cannot be yielded again."""
        if self._sent and self._start is None and not isinstance(self._content, _REREADABLE):
            raise BodyNotReplayableError(
                f"the upload {self.field!r} is a file object that cannot seek: it was sent once and "
                "cannot be sent again for a retry (pass bytes, a pathlib.Path or a seekable file, "
                "or max_retries=0)"
            )


def to_file_part(field: str, value: FileTypes, allowed: tuple[str, ...] = ()) -> FilePart:
    """``value`` (one of :data:`FileTypes`) as the part of field ``field``.

    ``allowed``: the media types the spec lists for the part; without one
    from the caller, the guessed type is used when it is allowed (``image/*``
    covers ``image/png``), else the first allowed type.
    """
    if isinstance(value, tuple):
        filename, content = value[0], value[1]
        media_type = value[2] if len(value) == 3 else None
    else:
        filename, content, media_type = _filename(value, field), value, None
    if media_type is None and allowed:
        guessed = _guess(filename)
        fits = any(_covers(pattern, guessed) for pattern in allowed)
        media_type = guessed if fits else next((a for a in allowed if "*" not in a), guessed)
    return FilePart(field, content, filename, media_type)


def _covers(pattern: str, media: str) -> bool:
    """Whether a media type (``image/png``) is ``pattern`` or one its wildcard covers."""
    kind, _, sub = pattern.lower().partition("/")
    media_kind, _, media_sub = media.lower().partition("/")
    return kind in ("*", media_kind) and sub in ("*", media_sub)


def _filename(content: FileContent, field: str) -> str:
    if isinstance(content, os.PathLike):
        return Path(content).name
    name = getattr(content, "name", None)
    if isinstance(name, str) and name:
        return Path(name).name
    return field


def _guess(filename: str | None) -> str:
    guessed = mimetypes.guess_type(filename)[0] if filename else None
    return guessed or "application/octet-stream"


def _position(content: FileContent) -> int | None:
    """Where a seekable file object stands now (``None``: not a file object, or not seekable)."""
    if isinstance(content, bytes | bytearray | memoryview | os.PathLike):
        return None
    try:
        if not content.seekable():
            return None
        return content.tell()
    except (AttributeError, OSError, ValueError):
        return None


def _read(stream: IO[bytes]) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK_SIZE):
        yield chunk
