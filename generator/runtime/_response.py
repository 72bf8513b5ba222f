"""Raw access to HTTP responses: :class:`APIResponse` and the ``with_raw_response`` proxy.

``resource.with_raw_response.method(...)`` calls the same method with a context
flag set; the client sees the flag and returns an :class:`APIResponse` (status,
headers, ``parse()``) instead of the parsed value. It works for sync methods,
async methods and async list methods (the paginator remembers the flag).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, Generic, TypeVar

import httpx

from ._exceptions import APIResponseValidationError
from ._json import JSONNestingError, loads_json

__all__ = ["APIResponse"]

T = TypeVar("T")

_RAW_RESPONSE: ContextVar[bool] = ContextVar("raw_response", default=False)
_UNPARSED: Any = object()


def raw_response_requested() -> bool:
    """Whether the current call came through ``with_raw_response``."""
    return _RAW_RESPONSE.get()


class ResponseView:
    """What every wrapper of an httpx response shows without reading its body."""

    def __init__(self, http_response: httpx.Response) -> None:
        self.http_response = http_response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        found: str | None = self.http_response.headers.get("x-request-id")
        return found

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def is_closed(self) -> bool:
        """Whether the connection has been released (read to the end or closed)."""
        return self.http_response.is_closed

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<{type(self).__name__} [{self.status_code}] {request.method} {request.url.path}>"


class ParsedResponse(ResponseView, Generic[T]):
    """A response together with the way to parse it into the method's return type."""

    def __init__(self, http_response: httpx.Response, parser: Callable[[], T]) -> None:
        super().__init__(http_response)
        self._parser = parser
        self._parsed: T = _UNPARSED

    def _parse(self) -> T:
        """The parsed body, computed once."""
        if self._parsed is _UNPARSED:
            self._parsed = self._parser()
        return self._parsed


class APIResponse(ParsedResponse[T]):
    """An HTTP response together with the way to parse it into the method's return type."""

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        """The body decoded as JSON, without validation.

        A body that is not JSON, or nests too deeply, raises
        :class:`APIResponseValidationError` with the decoding error as ``__cause__``.
        """
        try:
            return loads_json(self.http_response.content)
        except ValueError as exc:
            request = self.http_response.request
            reason = "nested too deeply" if isinstance(exc, JSONNestingError) else "not JSON"
            raise APIResponseValidationError(
                response=self.http_response,
                body=self.http_response.text,
                message=f"Response to {request.method} {request.url.path}: body is {reason}",
            ) from exc

    def parse(self) -> T:
        """The body parsed exactly as the method would have returned it (cached)."""
        return self._parse()


class RawResponseProxy:
    """Wraps a resource: its methods return :class:`APIResponse` instead of parsed values."""

    def __init__(self, target: object) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if not callable(attribute):
            nested = getattr(attribute, "with_raw_response", None)
            return attribute if nested is None else nested
        if inspect.iscoroutinefunction(attribute):
            return _async_raw(attribute)
        return _sync_raw(attribute)

    def __repr__(self) -> str:
        return f"<with_raw_response of {self._target!r}>"


def _sync_raw(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        token = _RAW_RESPONSE.set(True)
        try:
            return method(*args, **kwargs)
        finally:
            _RAW_RESPONSE.reset(token)

    return call


def _async_raw(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    async def call(*args: Any, **kwargs: Any) -> Any:
        token = _RAW_RESPONSE.set(True)
        try:
            return await method(*args, **kwargs)
        finally:
            _RAW_RESPONSE.reset(token)

    return call
