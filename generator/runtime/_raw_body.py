"""Encode a ``binary`` or ``text`` request body: the one ``body`` argument as sent.

``binary`` (octet streams, images, archives, ...) takes :data:`BinaryContent`:
``bytes``, a binary file object, a :class:`pathlib.Path`, or an iterable of
``bytes`` chunks. Files and paths are streamed in chunks with their
``Content-Length`` and re-sent from their start on a retry (``_files``); an
iterator is sent chunked, once (a retry then raises
:class:`~._files.BodyNotReplayableError`). ``text`` takes a ``str``, sent as
UTF-8 with ``charset=utf-8`` unless the media type names another charset; an
XML document may be ``bytes`` too, sent as they are (it names its own encoding).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import IO, TypeAlias

from ._exceptions import ParameterValidationError
from ._files import BodyNotReplayableError, FilePart, is_file

__all__ = ["BinaryContent"]

BinaryContent: TypeAlias = bytes | IO[bytes] | os.PathLike[str] | Iterable[bytes]


class RawContent:
    """A binary body as a re-iterable byte stream, sync or async as the client is."""

    def __init__(self, chunks: FilePart | Iterable[bytes]) -> None:
        self._chunks = chunks
        self._sent = False

    @property
    def size(self) -> int | None:
        return self._chunks.size if isinstance(self._chunks, FilePart) else None

    def check_replayable(self) -> None:
        """Raise if the body is an iterator that has already been sent."""
        if isinstance(self._chunks, FilePart):
            self._chunks.check_replayable()
        elif self._sent and iter(self._chunks) is self._chunks:
            raise BodyNotReplayableError(
                "the request body is an iterator: it was sent once and cannot be sent again for "
                "a retry (pass bytes, a pathlib.Path or a seekable file, or max_retries=0)"
            )

    def _iterate(self) -> Iterator[bytes]:
        self.check_replayable()
        self._sent = True
        if isinstance(self._chunks, FilePart):
            yield from self._chunks.chunks()
        else:
            for chunk in self._chunks:
                yield bytes(chunk)


class SyncRawContent(RawContent):
    def __iter__(self) -> Iterator[bytes]:
        return self._iterate()


class AsyncRawContent(RawContent):
    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._iterate():
            yield chunk


def binary_content(value: object, *, is_async: bool) -> bytes | SyncRawContent | AsyncRawContent:
    """``value`` (one of :data:`BinaryContent`) as what httpx sends."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if is_file(value) and not isinstance(value, tuple):
        chunks: FilePart | Iterable[bytes] = FilePart("body", value, None, None)  # type: ignore[arg-type]
    elif isinstance(value, Iterable) and not isinstance(value, str | dict):
        chunks = value
    else:
        raise ParameterValidationError(
            f"body: {type(value).__name__} is not binary content "
            "(bytes, a binary file object, a pathlib.Path or an iterable of bytes)",
            parameter="body",
            rule="type binary",
        )
    return AsyncRawContent(chunks) if is_async else SyncRawContent(chunks)


def is_xml(media_type: str) -> bool:
    """``application/xml``, ``text/xml`` or a ``+xml`` type (parameters and case ignored): the
    runtime's one test of it, for bodies sent and responses read."""
    essence = media_type.split(";", 1)[0].strip().lower()
    return essence in ("application/xml", "text/xml") or essence.endswith("+xml")


def text_content(value: object, media_type: str) -> tuple[bytes, str]:
    """The bytes of a text body and its ``Content-Type`` (with the charset it is encoded in).

    An XML document may be ``bytes`` too (it declares its own encoding): sent
    as they are, under the media type as the spec names it.
    """
    if isinstance(value, bytes | bytearray | memoryview) and is_xml(media_type):
        return bytes(value), media_type
    if not isinstance(value, str):
        raise ParameterValidationError(
            f"body: {type(value).__name__} is not of type string",
            parameter="body",
            rule="type string",
        )
    charset = "utf-8"
    for param in media_type.split(";")[1:]:
        key, _, found = param.partition("=")
        if key.strip().lower() == "charset" and found.strip():
            charset = found.strip().strip('"')
    content_type = (
        media_type if "charset=" in media_type.lower() else f"{media_type}; charset=utf-8"
    )
    try:
        return value.encode(charset), content_type
    except (LookupError, UnicodeEncodeError) as exc:
        raise ParameterValidationError(
            f"body: cannot be encoded as {charset} ({exc})", parameter="body", rule="charset"
        ) from None
