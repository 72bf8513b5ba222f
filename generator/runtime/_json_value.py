"""Encode a ``json-value`` request body: one value (a list, a union member, a string, ...).

The value is validated as the operation's ``body_type`` (models and plain
dicts both accepted for object members), so a bad value raises
:class:`ParameterValidationError` naming ``body`` and the place inside it
before anything is sent; it is then dumped as JSON by alias, unset fields
left out. Keys of ``extra_body`` are merged into an object value only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pydantic

from ._body import strip_not_given, to_json_value, validation_rule
from ._exceptions import ParameterValidationError
from ._lenient import type_adapter
from ._operation import OperationSpec
from ._schema import check

__all__ = ["encode_json_value"]


def encode_json_value(
    op: OperationSpec, value: object, extra_body: Mapping[str, object] | None
) -> bytes:
    """The JSON bytes of ``value`` validated as ``op.body_type`` (sent as given without one)."""
    type_ = op.type_of("body_type")
    payload = to_json_value(value) if type_ is None else _validated(type_, value)
    if op.body_schema is not None:
        found = check(payload, op.body_schema)
        if found is not None:
            path = "body" + found.path
            raise ParameterValidationError(
                f"{path}: {found.message}", parameter="body", rule=found.rule, path=path
            )
    extra = to_json_value(extra_body) if extra_body else None
    if isinstance(payload, dict) and isinstance(extra, Mapping):
        payload = {**payload, **extra}
    return json.dumps(payload, ensure_ascii=False).encode()


def _validated(type_: Any, value: object) -> object:
    adapter = type_adapter(type_)
    try:
        instance = adapter.validate_python(strip_not_given(value))
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        path = "body" + "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]
        )
        rule, message = validation_rule(first, Any)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ParameterValidationError(
            f"{path}: {message}{more}", parameter="body", rule=rule, path=path
        ) from None
    return adapter.dump_python(instance, mode="json", by_alias=True, exclude_unset=True)
