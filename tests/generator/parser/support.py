"""Small documents for the parser tests: one operation, built from keyword arguments."""

from __future__ import annotations

from typing import Any

from generator.parser.context import ParseContext
from generator.spec_access import OperationView, operations


def document(
    operation: dict[str, Any] | None = None,
    *,
    path: str = "/things",
    method: str = "post",
    schemas: dict[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """An OpenAPI mapping with one operation (``{}`` responses unless given) and components."""
    op = {"operationId": "createThing", "responses": {"204": {"description": "done"}}}
    op.update(operation or {})
    data: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {path: {method: op}},
        "components": {"schemas": schemas or {}},
    }
    data.update(top)
    return data


def context(data: dict[str, Any], package: str = "t_sdk") -> ParseContext:
    """A parse context over ``data``."""
    return ParseContext(data, package=package, spec_name="spec.yaml")


def only_operation(data: dict[str, Any]) -> OperationView:
    """The one operation of ``data``."""
    (view,) = operations(data)
    return view
