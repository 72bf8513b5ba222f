"""The fields of a ``multipart`` or ``form`` body: unset ones dropped, the rest checked.

``op.body_schema`` holds, under ``properties``, the schema of each field that
is not a file (``$ref``s inlined); a value that breaks it raises
:class:`ParameterValidationError` naming the keyword argument before
anything is sent. Models are dumped to JSON-ready values first.
"""

from __future__ import annotations

from collections.abc import Mapping

import pydantic

from ._body import to_json_value
from ._exceptions import ParameterValidationError
from ._files import is_file
from ._operation import OperationSpec
from ._schema import check
from ._types import NotGiven

__all__ = ["check_fields"]


def check_fields(op: OperationSpec, body: Mapping[str, object]) -> dict[str, object]:
    """The given fields (wire name -> value), each checked against its schema."""
    schemas = (op.body_schema or {}).get("properties") or {}
    fields: dict[str, object] = {}
    for wire, given in body.items():
        if isinstance(given, NotGiven):
            continue
        value = to_json_value(given) if isinstance(given, pydantic.BaseModel) else given
        schema = schemas.get(wire)
        if schema is not None and not is_file(value):
            found = check(value, schema)
            if found is not None:
                keyword = op.body_fields.get(wire, wire)
                path = keyword + found.path
                raise ParameterValidationError(
                    f"{path}: {found.message}", parameter=keyword, rule=found.rule, path=path
                )
        fields[wire] = value
    return fields
