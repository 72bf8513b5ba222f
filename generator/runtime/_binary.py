"""Binary responses (files, images, archives, ``*/*``): streamed, never loaded unless asked.

A method whose response is binary returns :class:`BinaryResponse` (sync) or
:class:`AsyncBinaryResponse` over a response whose body has not been read:
``read()`` loads it, ``iter_bytes()`` yields it in chunks, ``write_to_file()``
copies it to disk chunk by chunk. Reading to the end, ``close()`` and leaving
a ``with`` block each release the connection::

    with client.files.download(file_id="f1") as download:
        download.write_to_file("out.bin")
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from types import TracebackType
from typing import Self

from ._response import ResponseView

__all__ = ["AsyncBinaryResponse", "BinaryResponse"]

CHUNK_SIZE = 64 * 1024


class _BinaryBase(ResponseView):
    """What both binary responses know without reading the body."""

    @property
    def content_type(self) -> str | None:
        """The ``Content-Type`` the server sent."""
        found: str | None = self.http_response.headers.get("content-type")
        return found


class BinaryResponse(_BinaryBase):
    """A binary response body of a sync call, read only when asked."""

    def read(self) -> bytes:
        """The whole body (loaded into memory; the connection is released)."""
        return self.http_response.read()

    def iter_bytes(self, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
        """The body in chunks of at most ``chunk_size`` bytes (decoded as the server encoded it)."""
        yield from self.http_response.iter_bytes(chunk_size)

    def write_to_file(self, path: str | os.PathLike[str]) -> int:
        """Copy the body to ``path`` chunk by chunk; returns the number of bytes written."""
        written = 0
        with Path(path).open("wb") as target:
            for chunk in self.iter_bytes():
                written += target.write(chunk)
        return written

    def close(self) -> None:
        """Release the connection without reading the rest."""
        self.http_response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncBinaryResponse(_BinaryBase):
    """A binary response body of an async call, read only when asked."""

    async def read(self) -> bytes:
        """The whole body (loaded into memory; the connection is released)."""
        return await self.http_response.aread()

    async def iter_bytes(self, chunk_size: int = CHUNK_SIZE) -> AsyncIterator[bytes]:
        """The body in chunks of at most ``chunk_size`` bytes."""
        async for chunk in self.http_response.aiter_bytes(chunk_size):
            yield chunk

    async def write_to_file(self, path: str | os.PathLike[str]) -> int:
        """Copy the body to ``path`` chunk by chunk; returns the number of bytes written."""
        written = 0
        with Path(path).open("wb") as target:  # local disk, one chunk at a time
            async for chunk in self.iter_bytes():
                written += target.write(chunk)
        return written

    async def close(self) -> None:
        """Release the connection without reading the rest."""
        await self.http_response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
