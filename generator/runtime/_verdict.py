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

``python_verdict_of`` is the same validator for decoded JSON (``validate()``):
pydantic-core's strict Python mode on the data itself, instead of dumping it
to text and parsing that again (which cost three times the validation). Python
mode accepts values the text would not carry or would tell apart (a
``Decimal`` or ``nan`` as a number, ``True`` as the literal ``1``, any object
under ``any`` or in an ignored extra key, a key that is not a string): its
schema refuses them (``_pythonic``), so that what it accepts is what
``json.dumps`` turns into a payload the text validator accepts.

Like the strict validator, it only ever says yes: a payload it rejects is
not a verdict, and the caller then asks the table (which decides and
explains). A class whose schema holds anything this conversion does not know
to keep (a validator function around a model, a custom ``__init__``, a root
model) gets no verdict validator and takes the general path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic_core import CoreConfig, SchemaValidator

from . import _strict_core

__all__ = ["python_verdict_of", "verdict_of"]

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

    def build() -> SchemaValidator | None:
        if plan.validator(name) is None:  # the strict validator's rewrite does not exist for it
            return None
        try:
            schema = _convert(plan.rewrite(cls.__pydantic_core_schema__), plan)
        except _UnconvertibleError:
            return None
        return None if schema is None else SchemaValidator(schema, _CONFIG)

    return _kept(_VERDICTS, plan, name, build)


def _kept(
    store: dict[tuple[int, str], tuple[_strict_core.Plan, SchemaValidator | None]],
    plan: _strict_core.Plan,
    name: str,
    build: Callable[[], SchemaValidator | None],
) -> SchemaValidator | None:
    """The validator ``build`` made for ``name`` under ``plan``, made once per plan."""
    key = (id(plan), name)
    found = store.get(key)
    if found is not None and found[0] is plan:  # the plan kept alive: its id is not reused
        return found[1]
    validator = build()
    store[key] = (plan, validator)
    return validator


# --- the same verdict on decoded JSON (Python mode) ---------------------------------------------

_JSON_VALUE_REF = "verdict:json-value"
# A number as ``json.dumps`` writes it and a JSON parser reads it back (booleans are no numbers):
# strict Python mode would take a ``Decimal``, and ``nan`` (``NaN`` is no JSON) is left to the text.
_NUMBER_GUARD = {"type": "is-instance", "cls": (int, float)}
_JSON_VALUE = {
    "type": "union",
    "ref": _JSON_VALUE_REF,
    # The first match decides (a value matches one of them: strict ``int`` refuses booleans,
    # ``float`` takes an integer only after ``int``), the likeliest first.
    "mode": "left_to_right",
    "choices": [
        {"type": "str"},
        {
            "type": "dict",
            "keys_schema": {"type": "str"},
            "values_schema": {"type": "definition-ref", "schema_ref": _JSON_VALUE_REF},
        },
        {"type": "list", "items_schema": {"type": "definition-ref", "schema_ref": _JSON_VALUE_REF}},
        {"type": "int"},
        {"type": "chain", "steps": [_NUMBER_GUARD, {"type": "float", "allow_inf_nan": False}]},
        {"type": "bool"},
        {"type": "none"},
    ],
}
# What ``_pythonic`` knows to keep exact in Python mode; anything else: no Python verdict.
_PYTHON_KINDS = frozenset(
    {"typed-dict", "typed-dict-field", "str", "int", "bool", "none", "list", "tuple"}
    | {"nullable", "default", "chain", "union", "tagged-union", "definitions", "definition-ref"}
    | {"function-after", "function-wrap", "float", "literal", "dict", "any"}
)
_SUBSCHEMAS = ("schema", "keys_schema", "values_schema", "extras_schema", "extras_keys_schema")


def _python_literal(schema: dict[str, Any]) -> dict[str, Any]:
    """A ``literal`` that tells ``True`` from ``1`` (Python's ``True == 1``), as JSON does."""
    expected = schema.get("expected") or []
    if all(isinstance(e, str) or e is None for e in expected):
        return schema
    for kind, of in (("bool", bool), ("int", int)):
        if all(type(e) is of for e in expected):
            return {"type": "chain", "steps": [{"type": kind}, schema]}
    raise _UnconvertibleError("literal")  # floats, containers or mixed kinds: equality differs


def _children(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with each schema it holds made ``_pythonic``."""
    out = dict(schema)
    for key in _SUBSCHEMAS:
        if isinstance(out.get(key), dict):
            out[key] = _pythonic(out[key])
    for key in ("items_schema", "steps", "definitions"):  # a schema or a list of schemas
        if key in out:
            out[key] = _pythonic(out[key])
    if "choices" in out:  # a union's list (of schemas or (schema, label)), a tagged union's dict
        choices = out["choices"]
        out["choices"] = (
            {tag: _pythonic(choice) for tag, choice in choices.items()}
            if isinstance(choices, dict)
            else _pythonic(choices)
        )
    if "fields" in out:
        out["fields"] = {name: _pythonic(field) for name, field in out["fields"].items()}
    return out


def _python_typed_dict(schema: dict[str, Any]) -> dict[str, Any]:
    """A ``typed-dict`` whose extra keys (strings, as JSON's) hold JSON values too."""
    if schema.get("extra_behavior", "ignore") == "ignore":
        schema["extra_behavior"] = "allow"  # an ignored key is not looked at: now it is
    if schema["extra_behavior"] == "allow" and "extras_schema" not in schema:
        schema["extras_schema"] = {"type": "definition-ref", "schema_ref": _JSON_VALUE_REF}
    return schema


def _python_dict(schema: dict[str, Any]) -> dict[str, Any]:
    """A ``dict`` whose keys are strings, as JSON's are (``json.dumps`` turns ``1`` into ``"1"``)."""
    keys = schema.get("keys_schema")
    if keys is None or keys.get("type") == "definition-ref":  # ``any`` became a reference
        schema["keys_schema"] = {"type": "str"}
    elif keys.get("type") != "str":
        raise _UnconvertibleError("dict keys")
    return schema


def _python_float(schema: dict[str, Any]) -> dict[str, Any]:
    """A ``float`` that refuses what is no JSON number (a ``Decimal``, ``nan``)."""
    return {"type": "chain", "steps": [_NUMBER_GUARD, {**schema, "allow_inf_nan": False}]}


_PYTHON_FIXES = {
    "typed-dict": _python_typed_dict,
    "dict": _python_dict,
    "float": _python_float,
    "literal": _python_literal,
}


def _pythonic(schema: Any) -> Any:
    """``schema`` (a converted verdict schema) refusing in Python mode what JSON text cannot be."""
    if isinstance(schema, list | tuple):
        return type(schema)(_pythonic(item) for item in schema)
    if not isinstance(schema, dict):
        return schema
    kind = schema.get("type")
    if kind not in _PYTHON_KINDS:
        raise _UnconvertibleError(kind)
    if kind == "any":
        return {"type": "definition-ref", "schema_ref": _JSON_VALUE_REF}
    out = _children(schema)
    fix = _PYTHON_FIXES.get(kind)
    return fix(out) if fix is not None else out


_PYTHON_VERDICTS: dict[tuple[int, str], tuple[_strict_core.Plan, SchemaValidator | None]] = {}


def python_verdict_of(cls: Any, name: str, table: Mapping[str, Any]) -> SchemaValidator | None:
    """``verdict_of`` for decoded JSON: call its ``validate_python(data, strict=True)``.

    What it accepts, ``json.dumps`` turns into a payload ``verdict_of``'s
    validator accepts; None where there is no verdict validator or its
    schema holds something this module does not know to keep exact in Python mode.
    """
    plan = _strict_core.plan_of(cls, table)

    def build() -> SchemaValidator | None:
        if verdict_of(cls, name, table) is None:
            return None
        try:
            schema = _pythonic(_convert(plan.rewrite(cls.__pydantic_core_schema__), plan))
        except _UnconvertibleError:
            return None
        if schema is None:
            return None
        wrapped = {"type": "definitions", "schema": schema, "definitions": [_JSON_VALUE]}
        return SchemaValidator(wrapped, _CONFIG)

    return _kept(_PYTHON_VERDICTS, plan, name, build)
