"""``resource.with_streaming_response``: any method, its response received unread.

``client.files.with_streaming_response.download(...)`` returns a context
manager; entering it sends the request and gives a :class:`StreamedResponse`
(async: :class:`AsyncStreamedResponse`) whose body has not been read:
``iter_bytes()`` / ``iter_lines()`` stream it, ``read()`` loads it,
``parse()`` returns what the method would have returned. Leaving the block
releases the connection, read or not::

    with client.models.with_streaming_response.list() as response:
        for line in response.iter_lines():
            ...

Paginated methods give their raw first-page response (read) the same way.
The flag travels in a context variable, as ``with_raw_response``'s does.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextvars import ContextVar
from types import TracebackType
from typing import Any, TypeVar

import httpx

from ._response import APIResponse, ParsedResponse, RawResponseProxy

__all__ = ["AsyncStreamedResponse", "StreamedResponse"]

T = TypeVar("T")

_STREAM: ContextVar[bool] = ContextVar("stream_response", default=False)


def stream_requested() -> bool:
    """Whether the current call came through ``with_streaming_response``."""
    return _STREAM.get()


def sync_result(
    response: httpx.Response, parse: Callable[[], Any], *, raw: bool, streamed: bool
) -> Any:
    """What a sync call returns: the parsed value, an ``APIResponse`` or a streamed response."""
    if streamed:
        return StreamedResponse(response, parse)
    if raw:
        response.read()  # a binary response arrives unread; a raw one is complete
        return APIResponse(response, parse)
    return parse()


async def async_result(
    response: httpx.Response, parse: Callable[[], Any], *, raw: bool, streamed: bool
) -> Any:
    """What an async call returns: the parsed value, an ``APIResponse`` or a streamed response."""
    if streamed:
        return AsyncStreamedResponse(response, parse)
    if raw:
        await response.aread()
        return APIResponse(response, parse)
    return parse()


class StreamedResponse(ParsedResponse[T]):
    """A sync response whose body is read only when asked."""

    def read(self) -> bytes:
        return self.http_response.read()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        yield from self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        yield from self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        yield from self.http_response.iter_lines()

    def parse(self) -> T:
        """The body read and parsed exactly as the method would have returned it (cached)."""
        self.http_response.read()
        return self._parse()

    def close(self) -> None:
        self.http_response.close()


class AsyncStreamedResponse(ParsedResponse[T]):
    """An async response whose body is read only when asked."""

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        async for chunk in self.http_response.aiter_bytes(chunk_size):
            yield chunk

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        async for chunk in self.http_response.aiter_text(chunk_size):
            yield chunk

    async def iter_lines(self) -> AsyncIterator[str]:
        async for line in self.http_response.aiter_lines():
            yield line

    async def parse(self) -> T:
        """The body read and parsed exactly as the method would have returned it (cached)."""
        await self.http_response.aread()
        return self._parse()

    async def close(self) -> None:
        await self.http_response.aclose()


class _Streaming:
    """The context manager a streaming call returns; the request is sent on entering."""

    def __init__(self, call: Callable[[], Any]) -> None:
        self._call = call
        self._result: Any = None

    def _http_response(self) -> httpx.Response | None:
        found = getattr(self._result, "http_response", None)
        return found if isinstance(found, httpx.Response) else None

    def __enter__(self) -> Any:
        token = _STREAM.set(True)
        try:
            self._result = self._call()
        finally:
            _STREAM.reset(token)
        return self._result

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        response = self._http_response()
        if response is not None:
            response.close()

    async def __aenter__(self) -> Any:
        token = _STREAM.set(True)
        try:
            result = self._call()
            if inspect.isawaitable(result):
                result = await result
            self._result = result
        finally:
            _STREAM.reset(token)
        return self._result

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        response = self._http_response()
        if response is not None:
            await response.aclose()


class StreamingResponseProxy:
    """Wraps a resource: each method returns a context manager over its unread response."""

    def __init__(self, target: object) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if not callable(attribute):
            nested = getattr(attribute, "with_streaming_response", None)
            return attribute if nested is None else nested
        raw_method: Callable[..., Any | Awaitable[Any]] = getattr(
            RawResponseProxy(self._target), name
        )

        def call(*args: Any, **kwargs: Any) -> _Streaming:
            return _Streaming(lambda: raw_method(*args, **kwargs))

        return call

    def __repr__(self) -> str:
        return f"<with_streaming_response of {self._target!r}>"
