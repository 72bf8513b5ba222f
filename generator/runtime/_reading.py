"""Read a streamed response body under a size limit and the call's deadline.

httpx decompresses without bounds: one 64 KB gzip chunk can inflate to 64 MB
before anyone sees it. Here gzip and deflate are inflated with zlib's
``max_length``, so no more than ``limit + 1`` decompressed bytes ever exist;
other encodings (br, zstd, stacked ones) go through httpx's decoders, checked
chunk by chunk. Passing the limit raises :class:`APIResponseTooLargeError`
at once, corrupt compressed data :class:`APIResponseDecodingError`; the
deadline is checked after every chunk received. The body ends up where
``response.content`` finds it, and the response is closed.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterator

import httpx

from ._deadline import Deadline
from ._exceptions import APIResponseDecodingError, APIResponseTooLargeError

__all__ = ["aread_body", "read_body"]

_GZIP = {"gzip", "x-gzip"}
_STEP = 256 * 1024  # decompressed bytes per zlib call: the overshoot in memory, at most
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS, "raw-deflate": -zlib.MAX_WBITS}


class _Body:
    """Decompressed bytes collected so far, with the limit enforced on every append."""

    def __init__(self, response: httpx.Response, limit: int | None) -> None:
        self.response = response
        self.limit = limit
        self.data = bytearray()
        codings = response.headers.get("content-encoding", "").lower().split(",")
        codings = [c.strip() for c in codings if c.strip() and c.strip() != "identity"]
        self.mode = "identity"
        if codings == ["deflate"]:
            self.mode = "deflate"
        elif len(codings) == 1 and codings[0] in _GZIP:
            self.mode = "gzip"
        elif codings:
            self.mode = "httpx"  # httpx decodes; chunks are checked after the fact
        self._inflater: zlib._Decompress | None = None
        bodiless = response.request.method == "HEAD" or response.status_code in (204, 304)
        if self.mode == "identity" and limit is not None and not bodiless:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise APIResponseTooLargeError(response=response, limit=limit)

    @property
    def wants_raw(self) -> bool:
        """Whether chunks should come undecoded (we inflate them) or decoded by httpx."""
        return self.mode != "httpx"

    def feed(self, chunk: bytes) -> None:
        if self.mode in ("identity", "httpx"):
            self._append(chunk)
            return
        try:
            self._inflate(chunk)
        except zlib.error as exc:
            raise APIResponseDecodingError(response=self.response, reason=str(exc)) from exc

    def _inflate(self, chunk: bytes) -> None:
        if self._inflater is None:
            mode = self.mode
            if mode == "deflate" and chunk and (chunk[0] & 0x0F) != 8:
                mode = "raw-deflate"  # servers often send deflate without the zlib header
            self._inflater = zlib.decompressobj(_WBITS[mode])
        inflater = self._inflater
        while chunk and not inflater.eof:
            self._append(inflater.decompress(chunk, self._room()))
            chunk = inflater.unconsumed_tail

    def _room(self) -> int:
        """zlib's ``max_length``: a step, never past one byte over the limit."""
        if self.limit is None:
            return _STEP
        return min(_STEP, self.limit - len(self.data) + 1)

    def _append(self, data: bytes) -> None:
        self.data += data
        if self.limit is not None and len(self.data) > self.limit:
            self.data = bytearray()
            raise APIResponseTooLargeError(response=self.response, limit=self.limit)

    def finish(self) -> None:
        """Check the compressed stream ended properly and hand the body to the response."""
        inflater = self._inflater
        if inflater is not None:
            try:  # output zlib held back for lack of room
                while not inflater.eof and (out := inflater.decompress(b"", self._room())):
                    self._append(out)
            except zlib.error as exc:
                raise APIResponseDecodingError(response=self.response, reason=str(exc)) from exc
            if not inflater.eof:
                reason = "the compressed data ends early"
                raise APIResponseDecodingError(response=self.response, reason=reason)
        self.response._content = bytes(self.data)


def _already_read(response: httpx.Response, limit: int | None) -> bool:
    """Whether a transport handed over the body already read (``httpx.MockTransport``)."""
    if not response.is_stream_consumed:
        return False
    if limit is not None and len(response.content) > limit:
        raise APIResponseTooLargeError(response=response, limit=limit)
    return True


def read_body(response: httpx.Response, *, limit: int | None, deadline: Deadline) -> None:
    """Read ``response`` (sent with ``stream=True``) into ``response.content``, then close it."""
    try:
        if _already_read(response, limit):
            return
        body = _Body(response, limit)
        chunks: Iterator[bytes] = response.iter_raw() if body.wants_raw else _decoded(response)
        for chunk in chunks:
            body.feed(chunk)
            deadline.check(response.request)
        body.finish()
    finally:
        response.close()


async def aread_body(response: httpx.Response, *, limit: int | None, deadline: Deadline) -> None:
    """The async :func:`read_body`."""
    try:
        if _already_read(response, limit):
            return
        body = _Body(response, limit)
        chunks = response.aiter_raw() if body.wants_raw else _adecoded(response)
        async for chunk in chunks:
            body.feed(chunk)
            deadline.check(response.request)
        body.finish()
    finally:
        await response.aclose()


def _decoded(response: httpx.Response) -> Iterator[bytes]:
    try:
        yield from response.iter_bytes()
    except httpx.DecodingError as exc:
        raise APIResponseDecodingError(response=response, reason=str(exc)) from exc


async def _adecoded(response: httpx.Response) -> AsyncIterator[bytes]:
    try:
        async for chunk in response.aiter_bytes():
            yield chunk
    except httpx.DecodingError as exc:
        raise APIResponseDecodingError(response=response, reason=str(exc)) from exc
