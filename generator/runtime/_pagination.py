"""Cursor pagination: pages that know how to fetch the next one, and item iteration.

A page wraps the parsed response of a list call and the call's arguments. Its
items and next cursor are read from the response fields whose wire names the
operation's :class:`PaginationSpec` gives; the next page is the same call with
the cursor parameter set. Iterating a page yields every item of every page,
fetching each next page only when needed, and stops at the last page: one
without a cursor, an empty page (whatever cursor it carries), or one whose
cursor was seen before in this iteration (a server cycling through cursors).
Other attributes are read from the response (``page.next_pagination_token``). Generated code subclasses these
classes, e.g. ``class SyncModelsCursor(SyncCursorPage["Model"])`` (the item type a string:
the pagination module imports the types for type checkers only).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pydantic

from ._operation import OperationSpec, PaginationSpec
from ._types import RequestOptions

if TYPE_CHECKING:
    from typing import Self

    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["AsyncCursorPage", "AsyncPaginator", "SyncCursorPage"]

log = logging.getLogger(__name__.rsplit(".", 1)[0])

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT", bound="AsyncCursorPage[Any]")


def response_field(response: object, wire: str) -> object:
    """The value of the response field called ``wire`` on the wire (None if absent)."""
    if isinstance(response, pydantic.BaseModel):
        for name, info in type(response).model_fields.items():
            if (info.alias or name) == wire:
                return getattr(response, name, None)
        return (response.model_extra or {}).get(wire)
    if isinstance(response, Mapping):
        return response.get(wire)
    return None


class _CursorPage(Generic[ItemT]):
    """What sync and async pages share: the call, the response, items and cursor."""

    def __init__(
        self,
        *,
        operation: OperationSpec,
        params: Mapping[str, object],
        body: Mapping[str, object] | None,
        options: RequestOptions,
        response: Any,
    ) -> None:
        self.operation = operation
        self.response = response
        self._params = params
        self._body = body
        self._options = options

    @property
    def _pagination(self) -> PaginationSpec:
        spec = self.operation.pagination
        if spec is None:
            raise TypeError(f"{self.operation.operation_id} is not a paginated operation")
        return spec

    @property
    def items(self) -> list[ItemT]:
        """The items on this page."""
        found = response_field(self.response, self._pagination.items_field)
        return list(found) if isinstance(found, list | tuple) else []

    @property
    def next_cursor(self) -> str | None:
        """The cursor of the next page; None on the last page."""
        found = response_field(self.response, self._pagination.next_cursor_field)
        if found is None or found == "":
            return None
        return str(found)

    def has_next_page(self) -> bool:
        """Whether there is a next page: items here, and a cursor other than this page's own."""
        cursor = self.next_cursor
        if cursor is None or not self.items:
            return False
        return cursor != self._params.get(self._pagination.cursor_param)

    def _cursor(self) -> str | None:
        """The cursor that fetched this page (None for the first)."""
        found = self._params.get(self._pagination.cursor_param)
        return None if found is None else str(found)

    def _continues(self, seen: set[str]) -> bool:
        """Whether iteration goes on after this page; records its next cursor in ``seen``."""
        if not self.has_next_page():
            return False
        cursor = self.next_cursor
        assert cursor is not None  # has_next_page() checked
        if cursor in seen:
            log.warning(
                "%s: the server sent cursor %r again; stopping the iteration",
                self.operation.operation_id,
                cursor,
            )
            return False
        seen.add(cursor)
        return True

    def _next_params(self) -> dict[str, object]:
        if not self.has_next_page():
            raise RuntimeError("no next page: check has_next_page() first")
        return {**self._params, self._pagination.cursor_param: self.next_cursor}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or "response" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.__dict__["response"], name)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(items={len(self.items)}, next_cursor={self.next_cursor!r})"


class SyncCursorPage(_CursorPage[ItemT]):
    """One page of a sync list call; iterate it for every item of every page."""

    def __init__(
        self,
        *,
        client: SyncAPIClient,
        operation: OperationSpec,
        params: Mapping[str, object],
        body: Mapping[str, object] | None,
        options: RequestOptions,
        response: Any,
    ) -> None:
        super().__init__(
            operation=operation, params=params, body=body, options=options, response=response
        )
        self._client = client

    def get_next_page(self) -> Self:
        """Fetch the next page (raises RuntimeError on the last page)."""
        params = self._next_params()
        page: Self = self._client._fetch_page(
            self.operation, params, self._body, self._options, type(self), raw=False
        )
        return page

    def iter_pages(self) -> Iterator[Self]:
        """This page and every following one, fetched as they are reached."""
        page = self
        seen = {c for c in (self._cursor(),) if c is not None}
        while True:
            yield page
            if not page._continues(seen):
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.iter_pages():
            yield from page.items


class AsyncCursorPage(_CursorPage[ItemT]):
    """One page of an async list call; ``async for`` it for every item of every page."""

    def __init__(
        self,
        *,
        client: AsyncAPIClient,
        operation: OperationSpec,
        params: Mapping[str, object],
        body: Mapping[str, object] | None,
        options: RequestOptions,
        response: Any,
    ) -> None:
        super().__init__(
            operation=operation, params=params, body=body, options=options, response=response
        )
        self._client = client

    async def get_next_page(self) -> Self:
        """Fetch the next page (raises RuntimeError on the last page)."""
        params = self._next_params()
        page: Self = await self._client._fetch_page(
            self.operation, params, self._body, self._options, type(self), raw=False
        )
        return page

    async def iter_pages(self) -> AsyncIterator[Self]:
        """This page and every following one, fetched as they are reached."""
        page = self
        seen = {c for c in (self._cursor(),) if c is not None}
        while True:
            yield page
            if not page._continues(seen):
                return
            page = await page.get_next_page()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


class AsyncPaginator(Generic[ItemT, PageT]):
    """What an async list method returns, without awaiting.

    ``await paginator`` fetches the first page; ``async for item in paginator``
    yields every item over every page.
    """

    def __init__(
        self,
        *,
        client: AsyncAPIClient,
        operation: OperationSpec,
        params: Mapping[str, object],
        body: Mapping[str, object] | None,
        options: RequestOptions,
        page_cls: type[PageT],
        raw: bool = False,
    ) -> None:
        self._client = client
        self._operation = operation
        self._params = params
        self._body = body
        self._options = options
        self._page_cls = page_cls
        self._raw = raw

    async def _first_page(self, *, raw: bool) -> Any:
        return await self._client._fetch_page(
            self._operation, self._params, self._body, self._options, self._page_cls, raw=raw
        )

    def __await__(self) -> Generator[Any, None, PageT]:
        return self._first_page(raw=self._raw).__await__()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        page: PageT = await self._first_page(raw=False)
        async for item in page:
            yield item
