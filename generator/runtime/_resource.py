"""Bases for generated resource classes (``client.models`` and the like).

A resource keeps its client in ``self._client`` and calls
``self._client.request(...)``; ``with_raw_response`` gives the same methods
returning :class:`APIResponse`, ``with_streaming_response`` the same methods
returning a context manager over the unread response (``_streaming``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._response import RawResponseProxy
from ._streaming import StreamingResponseProxy

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["AsyncAPIResource", "SyncAPIResource"]


class SyncAPIResource:
    """Base of generated sync resources."""

    _client: SyncAPIClient

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    @property
    def with_raw_response(self) -> RawResponseProxy:
        """This resource with every method returning an ``APIResponse``."""
        return RawResponseProxy(self)

    @property
    def with_streaming_response(self) -> StreamingResponseProxy:
        """This resource with every method returning ``with`` context over the unread response."""
        return StreamingResponseProxy(self)


class AsyncAPIResource:
    """Base of generated async resources."""

    _client: AsyncAPIClient

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    @property
    def with_raw_response(self) -> RawResponseProxy:
        """This resource with every method returning an ``APIResponse`` (awaitable as before)."""
        return RawResponseProxy(self)

    @property
    def with_streaming_response(self) -> StreamingResponseProxy:
        """This resource with every method returning ``async with`` context over the unread response."""
        return StreamingResponseProxy(self)
