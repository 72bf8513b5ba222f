"""Turn decoded JSON into the declared response type, leniently unless asked to be strict.

Strict: the body must match its type exactly, else
:class:`APIResponseValidationError`: a generated class gets the schema table's
verdict (``Model.model_validate(body, strict=True)``, the check ``validate()``
makes: ``null`` where the spec does not allow it, ``oneOf``, ``uniqueItems``,
...); other types pydantic strict mode on the JSON. Default: validate normally, and if that
fails build the value field by field without raising (like Stainless
``construct_type``), keeping whatever does not fit as the raw JSON value, so a
newer server's unknown enum value or extra field stays reachable
(``obj.status == "new-status"``, ``obj.model_extra["newField"]``). Both modes
reject a body that is not JSON or not the declared JSON kind (``_shape.py``),
unless the schema admits it: a generated class is the object case of its
schema, and a schema with object keywords but no ``type`` admits any JSON
value, which is then returned as it is (the schema table decides).
"""

from __future__ import annotations

import enum
import json
import logging
import types
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import httpx
import pydantic
from pydantic import TypeAdapter, ValidationError

from ._exceptions import APIResponseValidationError
from ._json import JSONNestingError, loads_json
from ._shape import ARRAY_ORIGINS, OBJECT_ORIGINS, json_kinds, kind_of
from ._strict_models import is_table_checked

__all__ = ["construct", "parse_response", "type_adapter"]

log = logging.getLogger(__name__.rsplit(".", 1)[0])

_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def type_adapter(type_: Any) -> TypeAdapter[Any]:
    """A cached :class:`TypeAdapter` for ``type_`` (uncached when the type is unhashable)."""
    try:
        return _ADAPTERS[type_]
    except KeyError:
        adapter: TypeAdapter[Any] = TypeAdapter(type_)
        _ADAPTERS[type_] = adapter
        return adapter
    except TypeError:
        return TypeAdapter(type_)


def parse_response(
    type_: Any,
    data: object,
    *,
    strict: bool,
    response: httpx.Response | None = None,
    raw: bytes | None = None,
) -> Any:
    """Parse ``data`` (decoded JSON) as ``type_``; ``None`` type means "no body" (returns None).

    In strict mode the JSON text (``raw`` when given, else ``data`` re-encoded) is
    validated with pydantic's strict mode, where JSON strings are accepted for
    enums and dates as JSON has no other spelling for them.
    """
    if type_ is None:
        return None
    adapter = type_adapter(type_)
    if strict and is_table_checked(type_):
        return _table_checked(type_, data, response)
    if strict:
        text = raw if raw is not None else json.dumps(data)
        try:
            return adapter.validate_json(text, strict=True)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            raise APIResponseValidationError(response=response, body=data, errors=errors) from exc
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        count = exc.error_count()
        log.debug("response did not match %r (%d errors); kept leniently", type_, count)
        return _construct(type_, data)


def parse_json_response(
    type_: Any, raw: bytes, *, strict: bool, response: httpx.Response | None = None
) -> Any:
    """Parse a response body (JSON bytes) as ``type_``; ``None`` type means no body.

    The bytes are validated directly (no intermediate Python objects); only when
    that fails are they decoded, to raise or to build leniently. Both modes raise
    :class:`APIResponseValidationError` for a body that is not JSON (the decoding
    error is the ``__cause__``), or not of the JSON kind ``type_`` declares (an
    empty body counts as ``null``) and not admitted by the schema table of a
    generated class; strict mode also for any other mismatch.
    """
    if type_ is None:
        return None
    try:
        value = type_adapter(type_).validate_json(raw or b"null", strict=strict or None)
    except ValidationError as exc:
        mismatch = exc
    else:
        if not (strict and is_table_checked(type_)):
            return value
        # pydantic accepted it; the schema table has the last word (null where the spec
        # does not allow it, oneOf, uniqueItems, ...), as for Model.model_validate(strict=True)
        return _table_checked(type_, loads_json(raw) if raw else None, response)
    try:
        data: object = loads_json(raw) if raw else None
    except ValueError as exc:
        reason = "nested too deeply" if isinstance(exc, JSONNestingError) else "not JSON"
        body = raw.decode("utf-8", "replace")
        raise APIResponseValidationError(
            response=response, body=body, message=_message(response, f"body is {reason}")
        ) from exc
    kinds = json_kinds(type_)
    found = kind_of(data)
    if found not in kinds and raw:
        admitted = _admitted_by_table(type_, data)
        if admitted is not _REFUSED:
            return admitted
    if found not in kinds:
        what = "an empty body" if not raw else f"a JSON {found}"
        expected = " or ".join(sorted(kinds))
        raise APIResponseValidationError(
            response=response,
            body=data,
            message=_message(response, f"{what} where a JSON {expected} is declared"),
        ) from mismatch
    if strict and is_table_checked(type_):
        return _table_checked(type_, data, response)
    if strict:
        items = _table_checked_items(type_, data)
        if items is not _REFUSED:
            return items
        errors = mismatch.errors(include_url=False)
        raise APIResponseValidationError(response=response, body=data, errors=errors) from mismatch
    log.debug("response did not match %r; kept leniently", type_)
    try:
        return _construct(type_, data)
    except RecursionError as exc:
        raise APIResponseValidationError(
            response=response, body=None, message=_message(response, "body is nested too deeply")
        ) from exc


_REFUSED = object()  # the schema table refused the value (or the type has no entry)


def _admitted_by_table(type_: Any, data: object) -> Any:
    """``data`` as the schema table admits it for the generated class ``type_``, else ``_REFUSED``.

    A class stands for the object case of its schema; a schema with ``properties``
    (or other object keywords) and no ``type`` admits every non-object too, and
    then the JSON value itself is the result, as ``Model.model_validate(data,
    strict=True)`` gives it. The table, not the Python type, says so.
    """
    if not is_table_checked(type_):
        return _REFUSED
    try:
        return type_.model_validate(data, strict=True)
    except ValidationError:
        return _REFUSED


def _table_checked_items(type_: Any, data: object) -> Any:
    """A list (or map) of one generated class, each item with the schema table's verdict.

    ``list[Model]`` has no table entry of its own; its items do, and a schema with
    ``properties`` but no ``type`` admits any item (OpenAI's model list): the
    items the table admits as they are, else ``_REFUSED``.
    """
    origin, args = get_origin(type_), get_args(type_)
    item: Any = args[-1] if args else None
    try:
        if origin is list and len(args) == 1 and is_table_checked(item) and isinstance(data, list):
            return [item.model_validate(value, strict=True) for value in data]
        if origin is dict and len(args) == 2 and is_table_checked(item) and isinstance(data, dict):
            return {k: item.model_validate(v, strict=True) for k, v in data.items()}
    except ValidationError:
        pass
    return _REFUSED


def _table_checked(type_: Any, data: object, response: httpx.Response | None) -> Any:
    """``data`` as the generated class ``type_`` with the schema table's verdict (strict mode)."""
    try:
        return type_.model_validate(data, strict=True)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        raise APIResponseValidationError(response=response, body=data, errors=errors) from exc


def _message(response: httpx.Response | None, problem: str) -> str:
    if response is None:
        return f"Response: {problem}"
    request = response.request
    return f"Response to {request.method} {request.url.path}: {problem}"


def construct(type_: Any, value: object) -> Any:
    """``value`` validated as ``type_`` if it fits, else built leniently; never raises."""
    try:
        return type_adapter(type_).validate_python(value)
    except ValidationError:
        return _construct(type_, value)
    except pydantic.PydanticSchemaGenerationError:
        return value


def _model_class(type_: Any) -> type[pydantic.BaseModel] | None:
    if isinstance(type_, type) and issubclass(type_, pydantic.BaseModel):
        return type_
    return None


def _construct(type_: Any, value: object) -> Any:
    if value is None or type_ is Any or type_ is object:
        return value
    if type(type_).__name__ == "TypeAliasType":  # a PEP 695 ``type X = ...`` alias
        return construct(type_.__value__, value)
    origin, args = get_origin(type_), get_args(type_)
    if origin is Annotated:
        return construct(args[0], value)
    if origin is Union or origin is types.UnionType:
        return _construct_union(args, value)
    if origin is Literal or (isinstance(type_, type) and issubclass(type_, enum.Enum)):
        return value  # an unknown member: keep it as sent
    model = _model_class(type_)
    if model is not None:
        return _construct_model(model, value)
    if origin in ARRAY_ORIGINS and isinstance(value, list):
        if origin is tuple and args and args[-1] is not Ellipsis:
            return [construct(t, v) for t, v in zip(args, value, strict=False)] + value[len(args) :]
        item_type = args[0] if args else Any
        return [construct(item_type, item) for item in value]
    if origin in OBJECT_ORIGINS and isinstance(value, dict):
        value_type = args[1] if len(args) == 2 else Any
        return {key: construct(value_type, item) for key, item in value.items()}
    return value


def _field_keys(name: str, info: pydantic.fields.FieldInfo) -> list[str]:
    keys = [key for key in (info.alias, info.validation_alias) if isinstance(key, str)]
    return [*keys, name]


def _construct_model(model: type[pydantic.BaseModel], value: object) -> Any:
    if issubclass(model, pydantic.RootModel):
        root = model.model_fields["root"].annotation
        return model.model_construct(construct(root, value))
    if not isinstance(value, Mapping):
        return value
    fields: dict[str, Any] = {}
    used: set[str] = set()
    for name, info in model.model_fields.items():
        for key in _field_keys(name, info):
            if key in value:
                fields[name] = construct(info.annotation, value[key])
                used.add(key)
                break
    extras = {k: v for k, v in value.items() if k not in used and k not in fields}
    return model.model_construct(**fields, **extras)


def _score(model: type[pydantic.BaseModel], value: Mapping[Any, Any]) -> int:
    """How well a mapping fits a model: matching keys, and a lot more for a matching tag."""
    score = 0
    for name, info in model.model_fields.items():
        key = next((k for k in _field_keys(name, info) if k in value), None)
        if key is None:
            continue
        score += 1
        if get_origin(info.annotation) is Literal and value[key] in get_args(info.annotation):
            score += 100
    return score


def _construct_union(members: tuple[Any, ...], value: object) -> Any:
    options = [m for m in members if m is not type(None)]
    if isinstance(value, Mapping):
        models = [m for m in (_model_class(_unannotated(o)) for o in options) if m is not None]
        if models:
            best = max(models, key=lambda m: _score(m, value))
            return _construct_model(best, value)
    if isinstance(value, list):
        for option in options:
            if get_origin(_unannotated(option)) in ARRAY_ORIGINS:
                return _construct(option, value)
    return value


def _unannotated(type_: Any) -> Any:
    while get_origin(type_) is Annotated:
        type_ = get_args(type_)[0]
    return type_
