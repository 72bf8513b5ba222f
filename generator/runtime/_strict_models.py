"""``Model.model_validate(payload, strict=True)`` with JSON Schema's verdict.

The types module ends by calling ``bind(globals())``: each generated class
with an entry in the module's ``__schemas__`` table gets ``model_validate``
and ``model_validate_json`` that, when ``strict=True``, first check the
payload against the table (``_jsonschema``, the same check ``validate()``
uses) and raise a ``ValidationError`` naming every broken keyword. A
payload the table accepts is then built by pydantic strict mode, or, where
strict mode is narrower than JSON Schema (``1.0`` for an integer), by the
lax mode, whose coercions are then only changes of spelling. Lax
validation (``strict`` not set) is pydantic's own, unchanged.

Type aliases (components that are not objects) have no strict switch of
their own. Those that pydantic can only type as ``Any`` (a schema without
``type``: ``{"not": {...}}``, ``{"minimum": 1.1}``, ``{"uniqueItems": true}``)
are rebound to ``Annotated[Any, AfterValidator(...)]`` checking the table in
every mode, as pydantic's own constraints apply in every mode; the other
aliases keep pydantic's verdict (``validate()`` is exact for all of them).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any, get_args, get_origin

import pydantic
from pydantic import AfterValidator, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from . import _jsonschema

__all__ = ["bind"]


def _raise_issues(title: str, data: Any, name: str, table: Mapping[str, Any]) -> None:
    details: list[InitErrorDetails] = [
        {
            "type": PydanticCustomError(keyword, "{message}", {"message": message}),
            "loc": where,
            "input": value,
        }
        for where, keyword, message, value in _jsonschema.errors(data, name, table)
    ]
    if details:
        raise ValidationError.from_exception_data(title, details)


def _bind_class(cls: type[pydantic.BaseModel], name: str, table: Mapping[str, Any]) -> None:
    original = cls.model_validate.__func__  # type: ignore[attr-defined]
    original_json = cls.model_validate_json.__func__  # type: ignore[attr-defined]

    def build(klass: Any, data: Any, kwargs: dict[str, Any]) -> Any:
        try:
            return original(klass, data, strict=True, **kwargs)
        except ValidationError:
            return original(klass, data, strict=False, **kwargs)

    def model_validate(
        klass: Any, /, obj: Any, *, strict: bool | None = None, **kwargs: Any
    ) -> Any:
        if not strict or isinstance(obj, pydantic.BaseModel):
            return original(klass, obj, strict=strict, **kwargs)
        _raise_issues(klass.__name__, obj, name, table)
        return build(klass, obj, kwargs)

    def model_validate_json(
        klass: Any,
        /,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        **kwargs: Any,
    ) -> Any:
        if not strict:
            return original_json(klass, json_data, strict=strict, **kwargs)
        try:
            data = json.loads(json_data)
        except ValueError:
            return original_json(klass, json_data, strict=strict, **kwargs)  # pydantic's JSON error
        _raise_issues(klass.__name__, data, name, table)
        return build(klass, data, kwargs)

    model_validate.__doc__ = original.__doc__
    model_validate_json.__doc__ = original_json.__doc__
    setattr(cls, "model_validate", classmethod(model_validate))  # noqa: B010
    setattr(cls, "model_validate_json", classmethod(model_validate_json))  # noqa: B010


def _first_issue(name: str, table: Mapping[str, Any], value: Any) -> Any:
    for where, keyword, message, _ in _jsonschema.errors(value, name, table):
        place = "".join(f"[{p!r}]" for p in where)
        raise PydanticCustomError(keyword, "{place}{message}", {"place": place, "message": message})
    return value


def _checked_alias(alias: Any, name: str, table: Mapping[str, Any]) -> Any:
    """``alias`` rebuilt to check the table, when pydantic types it as ``Any``; else None."""
    value = alias.__value__
    base = get_args(value)[0] if get_origin(value) is Annotated else value
    if base is not Any:
        return None
    check = AfterValidator(lambda v: _first_issue(name, table, v))
    return type(alias)(alias.__name__, Annotated[Any, check])


def bind(namespace: dict[str, Any]) -> None:
    """Give the classes of a types module (its ``globals()``) the table-checked strict mode."""
    table = namespace.get("__schemas__") or {}
    module = namespace.get("__name__")
    for name in table:
        cls = namespace.get(name)
        if type(cls).__name__ == "TypeAliasType":
            checked = _checked_alias(cls, name, table)
            if checked is not None:
                namespace[name] = checked
            continue
        if (
            isinstance(cls, type)
            and issubclass(cls, pydantic.BaseModel)
            and cls.__module__ == module
        ):
            _bind_class(cls, name, table)
