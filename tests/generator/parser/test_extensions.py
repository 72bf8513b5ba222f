"""parser.extensions: x-sdk-client-name and x-sdk-pagination are checked in one place."""

from __future__ import annotations

from typing import Any

import pytest

from generator.errors import join_pointer
from generator.ir import Parameter
from generator.parser.extensions import check_pagination, client_name
from generator.parser.pagination import parse_pagination
from generator.runtime._operation import ParamSpec
from tests.generator.parser.support import context, document, only_operation

PAGE = {
    "type": "object",
    "properties": {
        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
        "next": {"type": "string"},
    },
}
CURSOR = Parameter(ParamSpec(name="cursor", wire="cursor", location="query", schema={}), "str", "")
WHERE = join_pointer("/paths", "/things", "get", "x-sdk-pagination")
GOOD = {"cursorParam": "cursor", "nextCursorField": "next", "itemsField": "data"}


def _data(pagination: Any) -> dict[str, Any]:
    return document(
        {"x-sdk-pagination": pagination},
        method="get",
        schemas={"Thing": {"type": "object", "properties": {}}},
    )


def test_client_name_from_the_extension_or_the_package() -> None:
    named = document(info={"title": "T", "version": "1", "x-sdk-client-name": "Acme"})
    assert client_name(context(named)).value == "Acme"
    assert client_name(context(document(), package="shop_sdk")).value == "Shop"


def test_a_client_name_that_is_no_identifier_is_a_problem_at_the_extension() -> None:
    bad = document(info={"title": "T", "version": "1", "x-sdk-client-name": "my client"})
    ((problem),) = client_name(context(bad)).problems
    assert (problem.code, problem.location.pointer if problem.location else "") == (
        "invalid-sdk-name", "/info/x-sdk-client-name",
    )  # fmt: skip


def test_valid_pagination_becomes_page_classes_and_types() -> None:
    data = _data(GOOD)
    ctx = context(data)
    parsed = parse_pagination(ctx, only_operation(data), (CURSOR,), PAGE)
    page = parsed.value
    assert parsed.problems == ()
    assert page is not None
    assert (page.spec.cursor_param, page.spec.next_cursor_field, page.spec.items_field) == (
        "cursor",
        "next",
        "data",
    )
    assert (page.item_type, page.cursor_type) == ("Thing", "str | None")
    assert page.sync_page.startswith("Sync")
    assert page.async_page.startswith("Async")
    assert page.type_names == ("Thing",)
    again = parse_pagination(ctx, only_operation(data), (CURSOR,), PAGE).value
    assert again is not None
    assert again.sync_page != page.sync_page


@pytest.mark.parametrize(
    ("pagination", "params", "messages"),
    [
        ("cursor", (CURSOR,), ["x-sdk-pagination needs string cursorParam, nextCursorField and itemsField"]),
        ({**GOOD, "itemsField": 3}, (CURSOR,), ["x-sdk-pagination needs string cursorParam, nextCursorField and itemsField"]),
        ({**GOOD, "cursorParam": "after"}, (CURSOR,), ["cursorParam 'after' is not a query parameter of the operation"]),
        ({**GOOD, "itemsField": "next"}, (CURSOR,), ["itemsField 'next' is not an array property of the response"]),
        ({**GOOD, "nextCursorField": "more"}, (CURSOR,), ["nextCursorField 'more' is not a property of the response"]),
        ({**GOOD, "cursorParam": "after", "itemsField": "x"}, (CURSOR,),
         ["cursorParam 'after' is not a query parameter of the operation",
          "itemsField 'x' is not an array property of the response"]),
    ],
)  # fmt: skip
def test_invalid_pagination_is_reported_at_the_extension(
    pagination: Any, params: tuple[Parameter, ...], messages: list[str]
) -> None:
    data = _data(pagination)
    checked = check_pagination(context(data), only_operation(data), params, PAGE)
    assert [p.message for p in checked.problems] == messages
    assert {p.location.pointer for p in checked.problems if p.location} == {WHERE}
    assert {p.code for p in checked.problems} == {"invalid-pagination"}


def test_no_extension_no_pagination() -> None:
    data = document(method="get")
    parsed = parse_pagination(context(data), only_operation(data), (), PAGE)
    assert (parsed.value, parsed.problems) == (None, ())
