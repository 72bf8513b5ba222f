"""Cursor pagination of a list operation as an IR :class:`~generator.ir.Pagination`.

``x-sdk-pagination`` is checked in ``extensions``; this module names the page
classes (one pair per paginated operation, unique in the package) and the
attributes and types the page classes expose.
"""

from __future__ import annotations

from typing import Any

from generator import naming
from generator.ir import Pagination, Parameter
from generator.parser.context import ParseContext, Parsed
from generator.parser.extensions import check_pagination
from generator.runtime._operation import PaginationSpec
from generator.schema_types import optional
from generator.spec_access import OperationView


def parse_pagination(
    ctx: ParseContext, view: OperationView, params: tuple[Parameter, ...], response: Any
) -> Parsed[Pagination | None]:
    """The pagination of ``view`` (``None`` without ``x-sdk-pagination`` or when it is invalid)."""
    checked = check_pagination(ctx, view, params, response)
    fields = checked.value
    if fields is None:
        return Parsed(None, checked.problems)
    # One page class pair per paginated operation: two lists with the same
    # itemsField (``data``) must not define the same class twice.
    taken = [*ctx.schema_classes.values(), *ctx.synthetic, *ctx.page_bases]
    base = naming.deduplicate(
        [*taken, naming.class_name(fields.items_field) + "Cursor"], separator=""
    )[-1]
    ctx.page_bases.add(base)
    item_type = ctx.typer.hint(fields.items_schema.get("items") or {}, input_side=False)
    pagination = Pagination(
        spec=PaginationSpec(
            cursor_param=fields.cursor_param,
            next_cursor_field=fields.next_cursor_field,
            items_field=fields.items_field,
        ),
        item_type=item_type,
        sync_page=f"Sync{base}",
        async_page=f"Async{base}",
        items_attr=naming.attribute(fields.items_field, reserved=naming.PAGE_ATTRIBUTES),
        cursor_attr=naming.attribute(fields.next_cursor_field, reserved=naming.PAGE_ATTRIBUTES),
        cursor_type=optional(ctx.typer.hint(fields.next_cursor_schema, input_side=False)),
        type_names=tuple(sorted(set(ctx.typer.names_in(item_type)))),
    )
    return Parsed(pagination, checked.problems)
