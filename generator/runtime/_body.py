"""Validate a request body against its model and encode it as JSON.

With a body model, the arguments (snake_case or camelCase keys at any depth,
model instances, lists of either) are validated by the model, so a bad value
raises :class:`ParameterValidationError` naming the Python keyword and the path
inside it (``parameters.learning_rate: 5 is greater than the maximum 1``)
before anything is sent; the model is then dumped by alias, unset fields left
out. Without a model, the body is sent as given, models dumped by alias.
"""

from __future__ import annotations

import enum
import json
import sys
import types
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pydantic
import pydantic_core

from ._exceptions import ParameterValidationError
from ._operation import OperationSpec
from ._schema import show
from ._types import NotGiven

__all__ = ["encode_body", "strip_not_given", "to_json_value", "validate_fields", "validation_rule"]

_TYPE_RULES = {
    "int_type": "integer",
    "int_parsing": "integer",
    "int_from_float": "integer",
    "float_type": "number",
    "float_parsing": "number",
    "string_type": "string",
    "bool_type": "boolean",
    "bool_parsing": "boolean",
    "list_type": "array",
    "tuple_type": "array",
    "set_type": "array",
    "dict_type": "object",
    "model_type": "object",
    "model_attributes_type": "object",
}
_BOUND_RULES = {
    "less_than_equal": ("le", "maximum", "is greater than the maximum"),
    "greater_than_equal": ("ge", "minimum", "is less than the minimum"),
    "greater_than": ("gt", "exclusiveMinimum", "is less than or equal to the exclusive minimum"),
    "less_than": ("lt", "exclusiveMaximum", "is greater than or equal to the exclusive maximum"),
    "multiple_of": ("multiple_of", "multipleOf", "is not a multiple of"),
    "string_too_short": ("min_length", "minLength", "is shorter than the minimum length"),
    "string_too_long": ("max_length", "maxLength", "is longer than the maximum length"),
    "too_short": ("min_length", "minItems", "has fewer items than the minimum"),
    "too_long": ("max_length", "maxItems", "has more items than the maximum"),
    "string_pattern_mismatch": ("pattern", "pattern", "does not match the pattern"),
}


def dump_model(instance: pydantic.BaseModel) -> dict[str, Any]:
    """``instance`` as JSON-ready values by alias, unset fields left out, secrets revealed.

    pydantic's JSON mode writes a ``SecretStr`` (``format: password``) as
    ``'**********'``: that mask is for logs and reprs, and a request must carry
    the value itself.
    """
    raw = instance.model_dump(mode="python", by_alias=True, exclude_unset=True)
    dumped: dict[str, Any] = pydantic_core.to_jsonable_python(_revealed(raw))
    return dumped


def _revealed(value: object) -> object:
    if isinstance(value, pydantic.SecretStr | pydantic.SecretBytes):
        return value.get_secret_value()
    if isinstance(value, Mapping):
        return {k: _revealed(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_revealed(item) for item in value]
    return value


def to_json_value(value: object) -> object:
    """A JSON-ready copy: models dumped by alias (unset fields left out), NOT_GIVEN dropped."""
    if isinstance(value, pydantic.BaseModel):
        return dump_model(value)
    if isinstance(value, Mapping):
        return {str(k): to_json_value(v) for k, v in value.items() if not isinstance(v, NotGiven)}
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    return pydantic_core.to_jsonable_python(value)


def strip_not_given(value: object) -> object:
    """NOT_GIVEN dropped, models turned into their set fields (by alias) at any depth.

    Dumping models lets a value of another model class with the same fields (a
    response's ``model.parameters`` passed back to ``update``) validate as the
    body's own class instead of failing as "not of type object".
    """
    if isinstance(value, pydantic.BaseModel):
        return strip_not_given(value.model_dump(by_alias=True, exclude_unset=True))
    if isinstance(value, Mapping):
        return {k: strip_not_given(v) for k, v in value.items() if not isinstance(v, NotGiven)}
    if isinstance(value, list | tuple):
        return [strip_not_given(item) for item in value]
    return value


def encode_body(
    op: OperationSpec, body: Mapping[str, object] | None, extra_body: Mapping[str, object] | None
) -> bytes | None:
    """The JSON bytes to send, or None for no body."""
    if body is None and op.body_required and not extra_body:
        raise ParameterValidationError(
            "body: a value is required", parameter="body", rule="required"
        )
    payload: dict[str, object] | None = None
    if body is not None:
        if op.body_model is not None:
            payload = _validated(op, body)
        else:
            converted = to_json_value(body)
            payload = dict(converted) if isinstance(converted, Mapping) else None
            if payload is None:
                return json.dumps(converted).encode()
    extra = to_json_value(extra_body) if extra_body else None
    if isinstance(extra, Mapping):
        payload = {**(payload or {}), **extra}
    return None if payload is None else json.dumps(payload, ensure_ascii=False).encode()


def validate_fields(op: OperationSpec, body: Mapping[str, object]) -> dict[str, object]:
    """The body fields validated by ``op.body_model`` and dumped as JSON-ready values by alias."""
    return _validated(op, body)


def _validated(op: OperationSpec, body: Mapping[str, object]) -> dict[str, object]:
    model: type[pydantic.BaseModel] | None = op.type_of("body_model")
    assert model is not None
    try:
        instance = model.model_validate(strip_not_given(body))
    except pydantic.ValidationError as exc:
        admitted = _admitted_as_json(model, body)
        if admitted is None:
            raise _body_error(op, model, exc) from None
        return admitted
    _reject_nulls(op, instance, "")
    return dump_model(instance)


def _admitted_as_json(
    model: type[pydantic.BaseModel], body: Mapping[str, object]
) -> dict[str, object] | None:
    """The body as JSON when the schema admits it though the model's types cannot hold it.

    A class is the object case of its schema: an item or field whose schema has
    ``properties`` but no ``type`` admits any JSON value (DigitalOcean's
    ``resources[]``), which the annotation does not. The schema table's verdict
    (``model_validate(strict=True)``, which refuses keys given by attribute name)
    decides; the JSON it accepted is sent as it is. None when it refuses.
    """
    payload = to_json_value(body)
    if not isinstance(payload, dict):
        return None
    try:
        model.model_validate(payload, strict=True)
    except (pydantic.ValidationError, TypeError):
        return None
    return payload


def _non_nullable(model: type[pydantic.BaseModel]) -> frozenset[str]:
    """Wire names of ``model``'s optional fields that must not be null (its module's table)."""
    table = getattr(sys.modules.get(model.__module__), "__non_nullable__", None) or {}
    return frozenset(table.get(model.__name__, ()))


def _reject_nulls(op: OperationSpec, value: object, path: str) -> None:
    """Raise for a ``None`` the caller set on a field whose schema does not admit null.

    The annotations say ``X | None`` for every optional field; the generated types
    module's ``__non_nullable__`` table says which of them the spec lets be null.
    """
    if isinstance(value, list):
        for index, item in enumerate(value):
            _reject_nulls(op, item, f"{path}[{index}]")
        return
    if not isinstance(value, pydantic.BaseModel):
        return
    forbidden = _non_nullable(type(value))
    for name in value.model_fields_set:
        info = type(value).model_fields.get(name)
        if info is None:
            continue
        wire = info.alias or name
        here = f"{path}.{name}" if path else op.body_fields.get(wire, name)
        item = getattr(value, name)
        if item is None and wire in forbidden:
            keyword = here.split(".", 1)[0].split("[", 1)[0]
            raise ParameterValidationError(
                f"{here}: None is not allowed (the spec does not make it nullable)",
                parameter=keyword,
                rule="not nullable",
                path=here,
            )
        _reject_nulls(op, item, here)


def _unwrap(type_: Any) -> Any:
    """Drop type aliases, Annotated and a None member of a union."""
    while True:
        if type(type_).__name__ == "TypeAliasType":  # ``X = TypeAliasType("X", ...)`` / PEP 695
            type_ = type_.__value__
            continue
        if get_origin(type_) is Annotated:
            type_ = get_args(type_)[0]
            continue
        if _is_union(type_):
            members = [m for m in get_args(type_) if m is not type(None)]
            if len(members) == 1:
                type_ = members[0]
                continue
        return type_


def _is_union(type_: Any) -> bool:
    origin = get_origin(type_)
    return origin is Union or origin is types.UnionType


def _models_in(type_: Any) -> list[type[pydantic.BaseModel]]:
    type_ = _unwrap(type_)
    members = [_unwrap(m) for m in get_args(type_)] if _is_union(type_) else [type_]
    return [m for m in members if isinstance(m, type) and issubclass(m, pydantic.BaseModel)]


def _field(
    models: list[type[pydantic.BaseModel]], key: str
) -> tuple[str, pydantic.fields.FieldInfo] | None:
    for model in models:
        for name, info in model.model_fields.items():
            if key in (name, info.alias, info.validation_alias):
                return name, info
    return None


def _walk(
    op: OperationSpec, model: type[pydantic.BaseModel], loc: tuple[Any, ...]
) -> tuple[str, str, Any]:
    """Map a pydantic error location to (python keyword, dotted python path, leaf type)."""
    first = str(loc[0]) if loc else ""
    found = _field([model], first)
    keyword = op.body_fields.get(first) or (found[0] if found else first)
    path = keyword
    current: Any = found[1].annotation if found else Any
    for part in loc[1:]:
        unwrapped = _unwrap(current)
        if isinstance(part, int):
            path += f"[{part}]"
            args = get_args(unwrapped)
            current = args[0] if args else Any
            continue
        field = _field(_models_in(current), part)
        if field is not None:
            path += f".{field[0]}"
            current = field[1].annotation
        elif _is_union(unwrapped):
            # pydantic names the union member it tried; keep the member, not the name
            members = get_args(unwrapped)
            named = [m for m in members if getattr(_unwrap(m), "__name__", None) == part]
            current = named[0] if named else current
        elif get_origin(unwrapped) in (dict, Mapping):
            path += f"[{part!r}]"
            args = get_args(unwrapped)
            current = args[1] if len(args) == 2 else Any
        else:
            path += f".{part}"
            current = Any
    return keyword, path, _unwrap(current)


def _allowed(leaf: Any) -> list[Any] | None:
    if get_origin(leaf) is Literal:
        return list(get_args(leaf))
    if isinstance(leaf, type) and issubclass(leaf, enum.Enum):
        return [member.value for member in leaf]
    return None


def validation_rule(error: Any, leaf: Any) -> tuple[str, str]:
    """(rule, message) of one pydantic error, in JSON Schema's terms; ``leaf`` is the failing type."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "required", "a value is required"
    if kind in _TYPE_RULES:
        wanted = _TYPE_RULES[kind]
        return f"type {wanted}", f"{show(value)} is not of type {wanted}"
    if kind in ("literal_error", "enum"):
        allowed = _allowed(leaf)
        shown = repr(allowed) if allowed is not None else str(ctx.get("expected", "?"))
        return f"one of {shown}", f"{show(value)} is not one of {shown}"
    if kind == "extra_forbidden":
        return "additionalProperties false", "not an accepted field"
    if kind in _BOUND_RULES:
        key, rule, sentence = _BOUND_RULES[kind]
        bound = ctx.get(key)
        return f"{rule} {bound}", f"{show(value)} {sentence} {bound}"
    return kind, f"{show(value)}: {error.get('msg', 'is not valid')}"


def _body_error(
    op: OperationSpec, model: type[pydantic.BaseModel], exc: pydantic.ValidationError
) -> ParameterValidationError:
    errors = exc.errors(include_url=False)
    first = errors[0]
    keyword, path, leaf = _walk(op, model, tuple(first["loc"]))
    rule, message = validation_rule(first, leaf)
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return ParameterValidationError(
        f"{path}: {message}{more}", parameter=keyword, rule=rule, path=path
    )
