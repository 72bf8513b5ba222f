"""A verdict-only validator of a generated class: the strict validator's rules, no objects built.

``validate()`` needs a verdict and errors, not model instances. ``verdict_of
(cls, table)`` derives, once per class, a ``SchemaValidator`` from the core
schema that ``_strict_core`` rewrote for the strict models (so the types stay
the one source of truth), with every generated class turned into a typed
dict of the same fields: the same field schemas and constraints, the same
required fields (read by wire name only), the same handling of extra keys
(but for attribute names, see ``_typed_dict``), and the same residual
(``_residual``) for what pydantic-core does not hold.
Building dicts instead of instances, and leaving absent optional fields out
instead of filling their defaults, is what it saves.

Like the strict validator, it only ever says yes: a payload it rejects is
not a verdict, and the caller then asks the table (which decides and
explains). A class whose schema holds anything this conversion does not know
to keep (a validator function around a model, a custom ``__init__``, a root
model) gets no verdict validator and takes the general path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic_core import CoreConfig, SchemaValidator

from . import _strict_core

__all__ = ["verdict_of"]

# How the verdict validator reads keys: by wire name only, as the strict validator does.
_CONFIG: CoreConfig = {"validate_by_name": False, "validate_by_alias": True}
_FIELD_KEYS = frozenset({"type", "schema", "validation_alias", "serialization_alias", "metadata"})
_FIELD_KEYS |= {"serialization_exclude", "frozen"}
_MODEL_FIELDS_KEYS = frozenset({"type", "fields", "model_name", "computed_fields", "strict"})
_MODEL_FIELDS_KEYS |= {"extras_schema", "extras_keys_schema", "extra_behavior", "ref"}
_MODEL_FIELDS_KEYS |= {"metadata", "serialization"}
_MODEL_KEYS = frozenset({"type", "cls", "schema", "config", "ref", "metadata", "serialization"})
_MODEL_KEYS |= {"generic_origin", "root_model", "custom_init", "post_init", "revalidate_instances"}
_MODEL_KEYS |= {"strict", "frozen"}
_CONFIG_KEYS = frozenset(
    {"title", "extra_fields_behavior", "validate_by_name", "validate_by_alias"}
)
_DEFAULT_KEYS = frozenset({"type", "schema", "default", "ref", "metadata", "serialization"})


# What a function-after validator may wrap: it then sees the same value in both validators.
_LEAVES = frozenset({"str", "int", "float", "bool", "none", "literal", "any"})


class _UnconvertibleError(Exception):
    """The schema holds something whose meaning a typed dict would not keep."""


def _convertible(model: dict[str, Any]) -> bool:
    """Whether a ``model`` schema means no more than its fields, extras and these settings."""
    inner = model["schema"]
    config = model.get("config") or {}
    return not (
        set(model) - _MODEL_KEYS
        or model.get("root_model")
        or model.get("custom_init")
        or model.get("post_init")
        or model.get("revalidate_instances") not in (None, "never")
        or inner.get("type") != "model-fields"
        or set(inner) - _MODEL_FIELDS_KEYS
        or inner.get("computed_fields")
        or set(config) - _CONFIG_KEYS  # a setting that may change validation
        or config.get("validate_by_name")
        or config.get("validate_by_alias") is False
    )


def _field(spec: dict[str, Any]) -> dict[str, Any]:
    """The typed-dict field of a ``model-field``: an absent optional field is left out."""
    if set(spec) - _FIELD_KEYS or spec.get("type") != "model-field":
        raise _UnconvertibleError(spec.get("type"))
    schema = spec["schema"]
    required = schema.get("type") != "default"
    if not required:
        if set(schema) - _DEFAULT_KEYS:
            raise _UnconvertibleError("default")  # on_error, validate_default, a factory
        schema = schema["schema"]  # the default itself is not validated
    field: dict[str, Any] = {"type": "typed-dict-field", "schema": schema, "required": required}
    if "validation_alias" in spec:
        field["validation_alias"] = spec["validation_alias"]
    return field


def _typed_dict(model: dict[str, Any], rewritten_keys: bool) -> dict[str, Any]:
    """The typed dict of a rewritten ``model`` schema (its fields, extras and config)."""
    if not _convertible(model):
        raise _UnconvertibleError(model.get("cls"))
    inner = model["schema"]
    config = model.get("config") or {}
    fields = {attribute: _field(spec) for attribute, spec in inner["fields"].items()}
    extra = inner.get("extra_behavior") or config.get("extra_fields_behavior") or "ignore"
    if extra == "allow" and "extras_schema" not in inner:
        extra = "ignore"  # the same verdict (extra keys unchecked), without keeping the extras
    if inner.get("extras_keys_schema") is not None and not rewritten_keys:
        raise _UnconvertibleError(model.get("cls"))  # the class's own rule on extra keys
    # The rewrite's rule (``rewritten_keys``: the strict validator refuses extra keys that
    # are attribute names) only sends such payloads where pydantic populates fields by those
    # names; as JSON Schema reads them they are extra keys like any other, which the typed
    # dict (extras schema) and the residual (additionalProperties, patternProperties, ...)
    # judge. Fields refusing them would cost a lookup per name on every object of a payload.
    out: dict[str, Any] = {"type": "typed-dict", "fields": fields, "extra_behavior": extra}
    if "extras_schema" in inner:
        out["extras_schema"] = inner["extras_schema"]
    for key in ("ref", "metadata"):
        if key in model:
            out[key] = model[key]
    return out


def _dropped(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema``, its output (a container) thrown away as soon as it is built.

    The caller wants a verdict only: a list item's dicts and lists then go
    back to the allocator at once instead of all living until the whole
    payload is judged (a 100-model page built a tree of several MB, that
    outgrew the CPU caches). The second step turns any value into ``None``
    without Python: ``none`` refuses it, and its default replaces the error.
    """
    kind = schema.get("type")
    inner = schema.get("schema") if kind == "nullable" else schema
    if not isinstance(inner, dict) or inner.get("type") not in _CONTAINERS:
        return schema
    return {"type": "chain", "steps": [schema, _DROP]}


def _refers(schema: Any) -> bool:
    """Whether ``schema`` holds a ``definition-ref`` (whose definition is converted apart)."""
    if isinstance(schema, list):
        return any(_refers(item) for item in schema)
    if not isinstance(schema, dict):
        return False
    return schema.get("type") == "definition-ref" or any(_refers(v) for v in schema.values())


_CONTAINERS = frozenset({"typed-dict", "definition-ref", "list", "dict", "tuple"})
_DROP = {"type": "default", "schema": {"type": "none"}, "default": None, "on_error": "default"}


def _convert(schema: Any, plan: _strict_core.Plan, *, kept: bool = False) -> Any:
    """``schema`` (a rewritten core schema) with each model made a typed dict.

    The items of lists (values of dicts) that are containers are judged and
    dropped (``_dropped``), but where another schema reads what they built
    (``kept``: the steps of a chain but the last).
    """
    if isinstance(schema, list):
        return [_convert(item, plan, kept=kept) for item in schema]
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if kind == "function-wrap" and isinstance(
        (schema.get("function") or {}).get("function"), _strict_core.PropertyCheck
    ):
        pass  # the plan's check of a property: it sees the JSON value, returns the handler's
    elif kind in ("function-before", "function-wrap", "function-plain"):
        raise _UnconvertibleError(kind)  # what it hands on or returns may be an instance
    if kind == "function-after" and (schema.get("schema") or {}).get("type") not in _LEAVES:
        raise _UnconvertibleError(kind)  # it may expect an instance
    if kind == "chain":
        steps = schema.get("steps") or []
        last = len(steps) - 1
        if any(_refers(step) for step in steps[:last]):
            raise _UnconvertibleError(kind)  # a definition it reads drops its list items
        return {
            **schema,
            "steps": [_convert(st, plan, kept=kept or i < last) for i, st in enumerate(steps)],
        }
    out = {key: _convert(value, plan, kept=kept) for key, value in schema.items()}
    if not kept and kind == "list" and isinstance(out.get("items_schema"), dict):
        out["items_schema"] = _dropped(out["items_schema"])
    if not kept and kind == "dict" and isinstance(out.get("values_schema"), dict):
        out["values_schema"] = _dropped(out["values_schema"])
    if kind == "model":
        name = plan.component(schema.get("cls"))
        held = plan.of(name) if name is not None else None
        return _typed_dict(out, held is not None and bool(held.attributes))
    return out


_VERDICTS: dict[tuple[int, str], tuple[_strict_core.Plan, SchemaValidator | None]] = {}


def verdict_of(cls: Any, name: str, table: Mapping[str, Any]) -> SchemaValidator | None:
    """The verdict-only validator of generated class ``cls`` (component ``name`` of ``table``).

    None when it has none (not a plain generated class, or a schema this
    module does not convert). Its acceptance is the strict validator's, and
    also an extra key that is an attribute name where extra keys are allowed;
    what the residual of ``name`` leaves is the caller's to check.
    """
    plan = _strict_core.plan_of(cls, table)
    key = (id(plan), name)
    found = _VERDICTS.get(key)
    if found is not None and found[0] is plan:
        return found[1]
    validator = None
    if plan.validator(name) is not None:  # the strict validator's rewrite exists for it
        try:
            schema = _convert(plan.rewrite(cls.__pydantic_core_schema__), plan)
        except _UnconvertibleError:
            schema = None
        if schema is not None:
            validator = SchemaValidator(schema, _CONFIG)
    _VERDICTS[key] = (plan, validator)
    return validator
