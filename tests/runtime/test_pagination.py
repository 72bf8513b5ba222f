"""Cursor pagination over three pages: pages, lazy item iteration, sync and async."""

from __future__ import annotations

import pytest

from generator.runtime._pagination import AsyncPaginator, response_field
from tests.runtime.api import AsyncModelsPage, Model, ModelList, ModelsPage, model_json
from tests.runtime.conftest import make_async_client, run
from tests.support.server import RecordingServer


def enqueue_three_pages(server: RecordingServer) -> None:
    server.enqueue(json={"models": [model_json("a"), model_json("b")], "nextPaginationToken": "p2"})
    server.enqueue(json={"models": [model_json("c")], "nextPaginationToken": "p3", "total": 4})
    server.enqueue(json={"models": [model_json("d")], "nextPaginationToken": ""})


def test_first_page_exposes_response_items_cursor_and_attributes(client, server) -> None:
    enqueue_three_pages(server)
    page = client.models.list(page_size=2)
    assert isinstance(page, ModelsPage)
    assert isinstance(page.response, ModelList)
    assert [m.model_id for m in page.items] == ["a", "b"]
    assert [m.model_id for m in page.models] == ["a", "b"]  # the subclass's typed property
    assert page.next_cursor == "p2"
    assert page.next_pagination_token == "p2"  # delegated to the response
    assert page.has_next_page()
    assert len(server.requests) == 1
    with pytest.raises(AttributeError):
        _ = page.no_such_field


def test_get_next_page_reissues_the_call_with_the_cursor(client, server) -> None:
    enqueue_three_pages(server)
    page = client.models.list(page_size=2, status="ready")
    second = page.get_next_page()
    assert isinstance(second, ModelsPage)
    assert [m.model_id for m in second.items] == ["c"]
    assert second.total == 4  # an extra field, reachable through the response
    assert server.requests[1].query == [
        ("pageSize", "2"),
        ("paginationToken", "p2"),
        ("status", "ready"),
    ]
    third = second.get_next_page()
    assert third.next_cursor is None
    assert not third.has_next_page()
    with pytest.raises(RuntimeError, match="no next page"):
        third.get_next_page()


def test_iterating_yields_every_item_lazily(client, server) -> None:
    enqueue_three_pages(server)
    page = client.models.list()
    items = iter(page)
    assert next(items).model_id == "a"
    assert next(items).model_id == "b"
    assert len(server.requests) == 1  # the second page is not fetched yet
    assert next(items).model_id == "c"
    assert len(server.requests) == 2
    assert [m.model_id for m in items] == ["d"]
    assert len(server.requests) == 3


def test_iter_pages(client, server) -> None:
    enqueue_three_pages(server)
    pages = list(client.models.list().iter_pages())
    assert [len(p.items) for p in pages] == [2, 1, 1]
    assert all(isinstance(p, ModelsPage) for p in pages)


def test_missing_cursor_and_repeated_cursor_end_the_listing(client, server) -> None:
    server.enqueue(json={"models": [model_json("a")]})
    assert [m.model_id for m in client.models.list()] == ["a"]
    server.enqueue(json={"models": [model_json("a")], "nextPaginationToken": "same"})
    page = client.models.list(pagination_token="same")
    assert not page.has_next_page()


def test_per_call_options_carry_over_to_next_pages(client, server) -> None:
    enqueue_three_pages(server)
    list(client.models.list(opts={"extra_headers": {"X-Trace": "t"}}))
    assert [r.headers.get("x-trace") for r in server.requests] == ["t", "t", "t"]


def test_response_field_reads_by_wire_name() -> None:
    parsed = ModelList.model_validate({"models": [], "nextPaginationToken": "n", "other": 1})
    assert response_field(parsed, "nextPaginationToken") == "n"
    assert response_field(parsed, "other") == 1
    assert response_field(parsed, "missing") is None
    assert response_field({"k": 1}, "k") == 1
    assert response_field(None, "k") is None


def test_async_paginator_await_gives_the_first_page(server) -> None:
    enqueue_three_pages(server)

    async def main() -> list[str]:
        async with make_async_client(server) as client:
            paginator = client.models.list(page_size=2)
            assert isinstance(paginator, AsyncPaginator)
            assert server.requests == []  # nothing sent until awaited or iterated
            page = await paginator
            assert isinstance(page, AsyncModelsPage)
            assert page.next_pagination_token == "p2"
            second = await page.get_next_page()
            return [m.model_id for m in page.items + second.items]

    assert run(main()) == ["a", "b", "c"]
    assert server.requests[1].query == [("pageSize", "2"), ("paginationToken", "p2")]


def test_async_for_over_the_paginator_walks_every_page(server) -> None:
    enqueue_three_pages(server)

    async def main() -> list[str]:
        async with make_async_client(server) as client:
            return [m.model_id async for m in client.models.list()]

    assert run(main()) == ["a", "b", "c", "d"]
    assert len(server.requests) == 3


def test_async_page_aiter_and_iter_pages(server) -> None:
    enqueue_three_pages(server)
    enqueue_three_pages(server)

    async def main() -> tuple[list[Model], list[int]]:
        async with make_async_client(server) as client:
            page = await client.models.list()
            items = [m async for m in page]
            sizes = [len(p.items) async for p in (await client.models.list()).iter_pages()]
            return items, sizes

    items, sizes = run(main())
    assert [m.model_id for m in items] == ["a", "b", "c", "d"]
    assert sizes == [2, 1, 1]
