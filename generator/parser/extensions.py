"""The semantic checks of the ``x-sdk-*`` extensions the parser reads: the one place for them.

* ``info.x-sdk-client-name``: must become a class name;
* ``x-sdk-pagination`` on an operation: string ``cursorParam``,
  ``nextCursorField`` and ``itemsField``; the cursor is a query parameter of
  the operation, the items an array property of its response, the next
  cursor a property of it.

(``x-sdk-resource`` and ``x-sdk-method`` are checked with the other
per-operation rules in ``generator.validate``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator import naming
from generator.errors import Problem, join_pointer
from generator.ir import Parameter
from generator.parser.context import ParseContext, Parsed
from generator.spec_access import OperationView

_PAGINATION_KEYS = ("cursorParam", "nextCursorField", "itemsField")


def client_name(ctx: ParseContext) -> Parsed[str]:
    """The client class name: ``x-sdk-client-name``, else made from the package name."""
    info = ctx.data.get("info") or {}
    client = info.get("x-sdk-client-name") or naming.class_name(ctx.package.removesuffix("_sdk"))
    if naming.is_identifier(str(client)):
        return Parsed(str(client))
    problem = ctx.error(
        "invalid-sdk-name",
        f"x-sdk-client-name {client!r} cannot become a class name",
        "/info/x-sdk-client-name",
    )
    return Parsed(str(client), (problem,))


@dataclass(frozen=True)
class PaginationFields:
    """A checked ``x-sdk-pagination``: its three names and the response schemas they name."""

    cursor_param: str
    next_cursor_field: str
    items_field: str
    items_schema: dict[str, Any]
    next_cursor_schema: Any


def check_pagination(
    ctx: ParseContext, view: OperationView, params: tuple[Parameter, ...], response: Any
) -> Parsed[PaginationFields | None]:
    """``x-sdk-pagination`` of ``view`` checked against its parameters and resolved response."""
    spec = view.op.get("x-sdk-pagination")
    if spec is None:
        return Parsed(None)
    pointer = join_pointer(view.pointer, "x-sdk-pagination")

    def bad(message: str) -> Problem:
        return ctx.error("invalid-pagination", message, pointer)

    if not isinstance(spec, dict) or not all(
        isinstance(spec.get(k), str) for k in _PAGINATION_KEYS
    ):
        return Parsed(
            None,
            (bad("x-sdk-pagination needs string cursorParam, nextCursorField and itemsField"),),
        )
    cursor, next_field, items = (str(spec[k]) for k in _PAGINATION_KEYS)
    problems: list[Problem] = []
    if not any(p.wire_name == cursor and p.location == "query" for p in params):
        problems.append(bad(f"cursorParam {cursor!r} is not a query parameter of the operation"))
    props = (response.get("properties") or {}) if isinstance(response, dict) else {}
    items_schema = ctx.deref(props.get(items)) if items in props else None
    if not isinstance(items_schema, dict) or items_schema.get("type") != "array":
        problems.append(bad(f"itemsField {items!r} is not an array property of the response"))
        return Parsed(None, tuple(problems))
    if next_field not in props:
        problems.append(bad(f"nextCursorField {next_field!r} is not a property of the response"))
        return Parsed(None, tuple(problems))
    fields = PaginationFields(cursor, next_field, items, items_schema, props[next_field])
    return Parsed(fields, tuple(problems))
