"""Strict validation of JSON payloads against the generated types.

    from <package>._validate import validate
    for error in validate("Model", payload):         # [] when the payload is valid
        print(error.path, error.rule, error.message, error.value)

``validate_json`` takes the JSON text itself.
The verdict is JSON Schema's: the generated types module carries
``__schemas__``, each class's schema reduced to the keywords that decide
validity, and ``_jsonschema`` checks the payload against it (``not``,
``oneOf``, ``uniqueItems``, ``const``/``enum`` by JSON equality, keywords of
schemas without ``type``, ``1.0`` as an integer, ...); ``Model.model_validate
(payload, strict=True)`` consults the same table (``_strict_models``). The
strict types run first and explain what both reject; a payload the table
accepts is valid, one only the table rejects gets the table's errors
(keywords ``const``, ``not``, ``oneOf``, ``uniqueItems``, ``false``,
``dependentRequired``, ``minProperties``, ... as well). ``schemas={}`` turns
the table off, leaving the types' own strict mode:

* pydantic strict mode on the JSON text: no coercion (``"1"`` is not an
  integer, ``1`` is not a string, an integer is a number);
* wire (camelCase) names only: a snake_case attribute name in a payload is an
  unknown key, allowed or rejected as ``additionalProperties`` says;
* ``null`` in an optional field: the annotations cannot tell ``name?: string``
  from ``name?: string | null`` (both are ``str | None = None``), so the table
  of optional fields that must not be null (class name -> wire names), which
  the generated types module carries as ``__non_nullable__``, makes the
  difference (``non_nullable=`` replaces it; without any table null is
  accepted in every optional field, as pydantic does);
* numeric and boolean enums compare as JSON does: ``false`` is not ``0`` and
  ``1`` is not ``true`` (pydantic's ``Literal`` would accept them).

Each error names the place as a JSONPath with wire names
(``$.models[0].parameters.learningRate``), the JSON Schema keyword broken
(``type``, ``enum``, ``required``, ``additionalProperties``, ``minimum``,
``maximum``, ``exclusiveMinimum``, ``exclusiveMaximum``, ``multipleOf``,
``minLength``, ``maxLength``, ``pattern``, ``minItems``, ``maxItems``,
``anyOf``; ``json`` for text that is not JSON), a sentence, and the offending
value as shortened JSON (``None`` when the value is absent).
"""

from __future__ import annotations

import contextlib
import copy
import difflib
import functools
import importlib
import json
import re
import sys
import types
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Annotated, Any, ForwardRef, Literal, Union, get_args, get_origin

import pydantic
from pydantic import TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from . import _jsonschema, _strict_models

__all__ = ["PayloadError", "UnknownSchemaError", "Validator", "validate", "validate_json"]

_SHOWN = 60
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_JSON_PLACE = re.compile(r"line (\d+) column (\d+)")
_RULES = {
    "missing": "required",
    "extra_forbidden": "additionalProperties",
    "literal_error": "enum",
    "enum": "enum",
    "greater_than_equal": "minimum",
    "less_than_equal": "maximum",
    "greater_than": "exclusiveMinimum",
    "less_than": "exclusiveMaximum",
    "multiple_of": "multipleOf",
    "string_too_short": "minLength",
    "string_too_long": "maxLength",
    "string_pattern_mismatch": "pattern",
    "too_short": "minItems",
    "too_long": "maxItems",
    "json_invalid": "json",
    "json_type": "json",
}
_JSON_TYPES = {
    "string_type": "string",
    "int_type": "integer",
    "int_from_float": "integer",
    "float_type": "number",
    "bool_type": "boolean",
    "list_type": "array",
    "tuple_type": "array",
    "dict_type": "object",
    "model_type": "object",
    "model_attributes_type": "object",
    "none_required": "null",
}
_TAG_TYPES = {
    "str": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "list": "array",
    "tuple": "array",
    "dict": "object",
    "none": "null",
}
_BOUND_CONTEXT = {
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "multipleOf": "multiple_of",
}
_SIZE_WORDS = {
    "minLength": "is shorter than",
    "maxLength": "is longer than",
    "minItems": "has fewer than",
    "maxItems": "has more than",
}
_BOUND_WORDS = {
    "minimum": "less than the minimum",
    "maximum": "greater than the maximum",
    "exclusiveMinimum": "not greater than the exclusive minimum",
    "exclusiveMaximum": "not less than the exclusive maximum",
    "multipleOf": "not a multiple of",
}


@dataclass(frozen=True)
class PayloadError:
    """One broken rule: where (JSONPath), which JSON Schema keyword, a sentence, the value.

    ``line`` and ``column`` are set only for text that is not JSON.
    """

    path: str
    rule: str
    message: str
    value: str | None = None
    line: int | None = None
    column: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The error as plain JSON-ready values."""
        return asdict(self)


class UnknownSchemaError(KeyError):
    """No generated type has the requested name; ``close`` lists similar names."""

    def __init__(self, name: str, close: list[str]) -> None:
        self.name = name
        self.close = close
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        super().__init__(f"no schema named {name!r}{hint}")

    def __str__(self) -> str:
        return str(self.args[0])


def shorten(value: object) -> str:
    """``value`` as JSON, cut to a readable length."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _is_alias(tp: Any) -> bool:
    return type(tp).__name__ == "TypeAliasType" and hasattr(tp, "__value__")


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, pydantic.BaseModel)


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _unwrap(tp: Any) -> Any:
    """``tp`` without aliases, ``Annotated`` and a lone ``| None``."""
    for _ in range(50):  # bounded: an alias may refer to itself
        if _is_alias(tp):
            tp = tp.__value__
        elif get_origin(tp) is Annotated:
            tp = get_args(tp)[0]
        elif _is_union(tp) and len(_members(tp)) == 1:
            tp = _members(tp)[0]
        else:
            break
    return tp


def _members(tp: Any) -> list[Any]:
    return [m for m in get_args(tp) if m is not type(None)]


def _without_none(tp: Any) -> Any:
    members = _members(tp) if _is_union(tp) else [tp]
    if len(members) == len(get_args(tp)) or not members:
        return tp
    return members[0] if len(members) == 1 else Union[tuple(members)]  # noqa: UP007  # built from a tuple


def _json_member(values: tuple[Any, ...], value: Any) -> Any:
    """``value`` when it equals one of ``values`` as JSON does (booleans are not numbers)."""
    if any(value == v and isinstance(value, bool) == isinstance(v, bool) for v in values):
        return value
    expected = " or ".join(json.dumps(v) for v in values)
    raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": expected})


def _json_literal(tp: Any) -> Any:
    """``Literal[...]`` of numbers or booleans that also tells ``false`` from ``0``."""
    check = functools.partial(_json_member, get_args(tp))
    return Annotated[tp, pydantic.BeforeValidator(check)]


class _Strict:
    """Copies of the generated models whose non-nullable optional fields reject null.

    A copy is a subclass that overrides only the fields that change (``X | None``
    becomes ``X``; the default stays ``None``, which pydantic does not validate),
    so constraints, aliases and config carry over. Models that nothing changes
    are used as they are; cycles go through forward references.
    """

    def __init__(self, non_nullable: Mapping[str, Collection[str]]) -> None:
        self.rules = non_nullable  # looked up by class: a types package's table is lazy
        self.done: dict[type[pydantic.BaseModel], Any] = {}
        self.building: dict[type[pydantic.BaseModel], str] = {}
        self.aliases: set[int] = set()
        self.namespace: dict[str, Any] = {}
        self.modules: list[str] = []  # the modules of the aliases being rewritten, innermost last

    def convert(self, tp: Any) -> Any:
        """``tp`` with every model replaced by its strict copy."""
        result = self._rewrite(tp)
        for twin in self.namespace.values():
            if not twin.__pydantic_complete__:
                twin.model_rebuild(_types_namespace=self.namespace)
        return result

    def _rewrite(self, tp: Any) -> Any:
        if _is_model(tp):
            return self._model(tp)
        if _is_alias(tp):
            if id(tp) in self.aliases:
                return tp
            self.aliases.add(id(tp))
            self.modules.append(tp.__module__)
            inner = self._rewrite(tp.__value__)
            self.modules.pop()
            self.aliases.discard(id(tp))
            return tp if inner is tp.__value__ else inner
        if isinstance(tp, ForwardRef) and self.modules:
            # a class an alias names before it is written ("Section"): out of the alias, the
            # reference would be looked up nowhere
            named = getattr(sys.modules.get(self.modules[-1]), tp.__forward_arg__, None)
            return tp if named is None else self._rewrite(named)
        origin, args = get_origin(tp), get_args(tp)
        if origin is Literal:
            return _json_literal(tp) if any(isinstance(a, int | float) for a in args) else tp
        if not args:
            return tp
        if origin is Annotated:
            inner = self._rewrite(args[0])
            return tp if inner is args[0] else Annotated[(inner, *tp.__metadata__)]
        new = tuple(self._rewrite(a) for a in args)
        if all(n is a for n, a in zip(new, args, strict=True)):
            return tp
        if _is_union(tp):
            return Union[new]  # noqa: UP007  # built from a tuple
        return origin[new]

    def _model(self, cls: type[pydantic.BaseModel]) -> Any:
        if cls in self.done:
            return self.done[cls]
        if cls in self.building:
            return ForwardRef(self.building[cls])
        if issubclass(cls, pydantic.RootModel):
            self.done[cls] = cls
            return cls
        key = f"_strict_{len(self.done) + len(self.building)}_{cls.__name__}"
        self.building[cls] = key
        drop = frozenset(self.rules.get(cls.__name__, ()))
        overrides: dict[str, Any] = {}
        for name, info in cls.model_fields.items():
            annotation = self._rewrite(info.annotation)
            if (info.alias or name) in drop and not info.is_required():
                annotation = _without_none(annotation)
            if annotation is not info.annotation:
                overrides[name] = (annotation, copy.copy(info))
        del self.building[cls]
        twin: Any = cls
        if overrides:
            twin = pydantic.create_model(
                cls.__name__,
                __base__=cls,
                __module__=cls.__module__,
                __doc__=cls.__doc__,
                **overrides,
            )
        self.done[cls] = twin
        self.namespace[key] = twin
        return twin


@dataclass(frozen=True)
class _Located:
    """A pydantic error with its JSON path and the union branches its ``loc`` went through."""

    index: int
    raw: Mapping[str, Any]
    segments: tuple[str | int, ...]
    unions: tuple[tuple[int, str], ...]  # (number of segments before the union, branch tag)


def _field_types(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    return {(info.alias or name): info.annotation for name, info in model.model_fields.items()}


def _member(members: list[Any], tag: str) -> Any:
    for member in members:
        plain = _unwrap(member)
        if (_is_model(plain) and plain.__name__ == tag) or getattr(plain, "__name__", None) == tag:
            return member
    return Any


def _child(tp: Any, item: str | int) -> Any:
    if _is_model(tp):
        return _field_types(tp).get(str(item), Any)
    args = get_args(tp)
    if isinstance(item, int) and args:
        return args[0]
    if len(args) == 2:  # a mapping: the value type
        return args[1]
    return Any


def _locate(index: int, root: Any, raw: Mapping[str, Any]) -> _Located:
    segments: list[str | int] = []
    unions: list[tuple[int, str]] = []
    tp = root
    for item in raw["loc"]:
        tp = _unwrap(tp)
        if _is_union(tp):
            unions.append((len(segments), str(item)))
            tp = _member(_members(tp), str(item))
            continue
        segments.append(item)
        tp = _child(tp, item)
    return _Located(index, raw, tuple(segments), tuple(unions))


def _entered(located: _Located, depth: int) -> bool:
    """Whether the value had the branch's type (it failed deeper or on a constraint)."""
    rule = _rule(located.raw)
    return len(located.segments) > depth or rule not in ("type", "json")


def _collapse(errors: list[_Located]) -> list[tuple[int, _Located | PayloadError]]:
    """Keep the errors of the union branch the value came closest to matching."""
    out: list[tuple[int, _Located | PayloadError]] = [(e.index, e) for e in errors if not e.unions]
    groups: dict[tuple[tuple[str | int, ...], int], dict[str, list[_Located]]] = {}
    for e in errors:
        if e.unions:
            depth, tag = e.unions[0]
            groups.setdefault((e.segments[:depth], depth), {}).setdefault(tag, []).append(e)
    for (prefix, depth), branches in groups.items():
        entered = {t: es for t, es in branches.items() if any(_entered(e, depth) for e in es)}
        if entered:
            best = min(entered.values(), key=len)
            out.extend(_collapse([replace(e, unions=e.unions[1:]) for e in best]))
            continue
        first = next(iter(branches.values()))[0]
        value = first.raw.get("input")
        allowed = ", ".join(dict.fromkeys(_tag_type(tag) for tag in branches))
        message = f"{shorten(value)} matches none of the allowed types ({allowed})"
        out.append((first.index, PayloadError(_path(prefix), "anyOf", message, shorten(value))))
    return out


def _tag_type(tag: str) -> str:
    """A union branch tag (``int``, ``constrained-str``, ``list[int]``, ``Model``) in JSON terms."""
    base = tag.removeprefix("constrained-").partition("[")[0]
    return _TAG_TYPES.get(base, tag)


def _path(segments: Iterable[str | int]) -> str:
    text = "$"
    for item in segments:
        if isinstance(item, int):
            text += f"[{item}]"
        elif _IDENT.match(item):
            text += f".{item}"
        else:
            text += f"[{json.dumps(item, ensure_ascii=False)}]"
    return text


def _rule(raw: Mapping[str, Any]) -> str:
    kind = str(raw["type"])
    if kind in _RULES:
        return _RULES[kind]
    if kind in _JSON_TYPES or kind.endswith("_type"):
        return "type"
    return kind


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


def _message(rule: str, raw: Mapping[str, Any], segments: tuple[str | int, ...]) -> str:
    value, ctx = raw.get("input"), raw.get("ctx") or {}
    shown = shorten(value)
    last = segments[-1] if segments else "$"
    if rule == "required":
        return f"required property {last!r} is missing"
    if rule == "additionalProperties":
        return f"property {last!r} is not allowed"
    if value is None and rule == "type":
        return f"null is not allowed (expected {_JSON_TYPES.get(raw['type'], 'a value')})"
    if value is None and rule == "enum":
        return f"null is not allowed (expected {ctx.get('expected', 'a listed value')})"
    if rule == "type" and raw["type"] in _JSON_TYPES:
        return f"{shown} is not of type {_JSON_TYPES[raw['type']]}"
    if rule == "enum" and "expected" in ctx:
        return f"{shown} is not one of {ctx['expected']}"
    if rule in _BOUND_WORDS:
        return f"{shown} is {_BOUND_WORDS[rule]} {_number(ctx.get(_BOUND_CONTEXT[rule]))}"
    if rule in _SIZE_WORDS:
        limit = ctx.get("min_length" if rule.startswith("min") else "max_length")
        return f"{shown} {_SIZE_WORDS[rule]} {limit} {'items' if 'Items' in rule else 'characters'}"
    if rule == "pattern":
        return f"{shown} does not match the pattern {ctx.get('pattern')!r}"
    return str(raw["msg"])


def _payload_error(located: _Located) -> PayloadError:
    raw = located.raw
    rule = _rule(raw)
    if rule == "json":
        place = _JSON_PLACE.search(str(raw["msg"]))
        line, column = (int(place[1]), int(place[2])) if place else (None, None)
        return PayloadError("$", "json", str(raw["msg"]), None, line, column)
    value = None if rule == "required" else shorten(raw.get("input"))
    return PayloadError(_path(located.segments), rule, _message(rule, raw, located.segments), value)


def _once(found: dict[Any, Any], schema: str | Any, find: Callable[[], Any]) -> Any:
    """``found[schema]``, set to ``find()`` on first use; None for an unhashable type (the
    general path)."""
    try:
        return found[schema]
    except KeyError:
        pass
    except TypeError:
        return None
    found[schema] = value = find()
    return value


class Validator:
    """Validates payloads against the types of one generated types module."""

    def __init__(
        self,
        types_module: types.ModuleType | None = None,
        *,
        non_nullable: Mapping[str, Collection[str]] | None = None,
        schemas: Mapping[str, Any] | None = None,
    ) -> None:
        if types_module is None:
            types_module = importlib.import_module(".types", __package__)
        self.types = types_module
        table = non_nullable
        if table is None:
            table = getattr(types_module, "__non_nullable__", None) or {}
        self.strict = _Strict(table)
        self.adapters: dict[Any, tuple[Any, TypeAdapter[Any]]] = {}
        if schemas is None:
            schemas = getattr(types_module, "__schemas__", None) or {}
        self.schemas: Mapping[str, Any] = schemas
        self.verdicts: dict[str, tuple[Any, Any] | None] = {}
        self.quick: dict[Any, Any] = {}  # schema -> the verdict validator that alone decides
        self.quick_data: dict[Any, Any] = {}  # the same, for decoded data (Python mode)

    def names(self) -> list[str]:
        """The names ``validate`` accepts: models and type aliases of the types module."""
        module = self.types.__name__
        if hasattr(self.types, "__path__"):  # a types package: its names, imported on first use
            return sorted(getattr(self.types, "__all__", ()))
        return sorted(
            name
            for name, value in vars(self.types).items()
            if not name.startswith("_")
            and ((_is_model(value) and value.__module__ == module) or _is_alias(value))
        )

    def resolve(self, schema: str | Any) -> Any:
        """The type a schema name denotes (a type passes through unchanged)."""
        if not isinstance(schema, str):
            return schema
        names = self.names()
        if schema not in names:
            raise UnknownSchemaError(schema, difflib.get_close_matches(schema, names, n=5))
        return getattr(self.types, schema)

    def _adapter(self, schema: str | Any) -> tuple[Any, TypeAdapter[Any]]:
        try:
            return self.adapters[schema]
        except (KeyError, TypeError):
            pass
        strict_type = self.strict.convert(self.resolve(schema))
        found: tuple[Any, TypeAdapter[Any]] = (strict_type, TypeAdapter(strict_type))
        with contextlib.suppress(TypeError):  # an unhashable type is not cached
            self.adapters[schema] = found
        return found

    def _table_name(self, schema: str | Any) -> str | None:
        """The ``__schemas__`` entry of ``schema`` (a name or a type of the module), if any."""
        name = schema if isinstance(schema, str) else getattr(schema, "__name__", None)
        if not isinstance(name, str) or name not in self.schemas:
            return None
        if not isinstance(schema, str) and getattr(self.types, name, None) is not schema:
            return None
        return name

    def _by_types(self, schema: str | Any, text: str | bytes) -> list[PayloadError]:
        strict_type, adapter = self._adapter(schema)
        try:
            adapter.validate_json(text, strict=True, by_alias=True, by_name=False)
        except TypeError as exc:  # a constraint pydantic cannot apply to this JSON type
            if self._table_name(schema) is not None:
                return []  # the schema table judges alone
            return [PayloadError("$", "type", str(exc), shorten(text))]
        except ValidationError as exc:
            raws = exc.errors(include_url=False)
            located = [_locate(i, strict_type, raw) for i, raw in enumerate(raws)]
            found = sorted(_collapse(located), key=lambda pair: pair[0])
            return [e if isinstance(e, PayloadError) else _payload_error(e) for _, e in found]
        return []

    def _verdict(self, name: str) -> tuple[Any, Any] | None:
        """The verdict-only validator of table entry ``name`` and its residual (None: none)."""
        if name in self.verdicts:
            return self.verdicts[name]
        found = None
        cls = getattr(self.types, name, None)
        loaded = self.schemas
        if isinstance(loaded, _strict_models.LazyTable):
            loaded = loaded.table
        if isinstance(cls, type) and issubclass(cls, pydantic.BaseModel):
            verdict = importlib.import_module("._verdict", __package__)
            validator = verdict.verdict_of(cls, name, loaded)
            if validator is not None:
                compiled = importlib.import_module("._residual", __package__)
                core = importlib.import_module("._strict_core", __package__)
                check = compiled.residual(name, loaded, core.plan_of(cls, loaded))
                found = (validator, None if compiled.always(check) else check)
        self.verdicts[name] = found
        return found

    def _quick(self, schema: str | Any) -> Any:
        """``validate_json`` of the verdict-only validator of ``schema`` if no residual is left.

        Looked up once per schema (a name or a type): a payload it accepts is valid.
        """

        def find() -> Any:
            name = self._table_name(schema)
            held = self._verdict(name) if name is not None else None
            return held[0].validate_json if held is not None and held[1] is None else None

        return _once(self.quick, schema, find)

    def _quick_data(self, schema: str | Any) -> Any:
        """``_quick`` for decoded data: ``validate_python`` of the Python-mode verdict validator."""

        def find() -> Any:
            if self._quick(schema) is None:  # no verdict validator alone decides
                return None
            name = self._table_name(schema)
            cls = getattr(self.types, name) if name is not None else None
            loaded = self.schemas
            if isinstance(loaded, _strict_models.LazyTable):
                loaded = loaded.table
            verdict = importlib.import_module("._verdict", __package__)
            validator = verdict.python_verdict_of(cls, name, loaded)
            return validator.validate_python if validator is not None else None

        return _once(self.quick_data, schema, find)

    def _decide(self, schema: str | Any, text: str | bytes, data: Any) -> list[PayloadError]:
        """``_judge``, after the verdict-only validator where it alone decides."""
        try:
            quick = self.quick[schema]  # inline: this lookup is most of a valid payload's overhead
        except (KeyError, TypeError):
            quick = self._quick(schema)
        if quick is None:
            return self._judge(schema, text, data)
        try:
            quick(text, strict=True)
        except (ValidationError, TypeError):
            return self._judge(schema, text, data, tried=True)
        return []

    def _accepted(self, name: str, text: str | bytes, data: Any) -> bool:
        """Whether the verdict-only validator and the residual accept the payload (no: undecided)."""
        held = self._verdict(name)
        if held is None:
            return False
        validator, check = held
        try:
            validator.validate_json(text, strict=True)
        except (ValidationError, TypeError):
            return False
        if check is None:
            return True
        if data is _UNDECODED:
            try:
                data = json.loads(text)
            except ValueError:
                return False
        return isinstance(data, dict) and bool(check(data))

    def _judge(
        self, schema: str | Any, text: str | bytes, data: Any, *, tried: bool = False
    ) -> list[PayloadError]:
        """The types' errors, with JSON Schema's verdict from the schema table.

        The strict types explain an invalid payload best (their errors come
        first); the table decides: a payload the table accepts is valid, and
        one only the table rejects gets the table's errors. ``tried``: the
        verdict-only validator already refused the payload.
        """
        name = self._table_name(schema)
        if name is not None and not tried and self._accepted(name, text, data):
            return []
        found = self._by_types(schema, text)
        if name is None or (found and found[0].rule == "json"):
            return found
        if data is _UNDECODED:
            data = json.loads(text)
        issues = list(_jsonschema.errors(data, name, self.schemas))
        if not issues:
            return []
        # the types' errors explain best, but only those naming a JSON Schema keyword are
        # its verdict: a `format` the types enforce (uuid_parsing) is an annotation here
        kept = [error for error in found if error.rule in _KEYWORDS]
        if kept:
            return kept
        return [
            PayloadError(
                _path(where), keyword, message, None if keyword in _ABSENT else shorten(value)
            )
            for where, keyword, message, value in issues
        ]

    def validate_json(self, schema: str | Any, text: str | bytes) -> list[PayloadError]:
        """Every error of the JSON document ``text`` against ``schema`` (a name or a type)."""
        return self._decide(schema, text, _UNDECODED)

    def validate(self, schema: str | Any, data: object) -> list[PayloadError]:
        """Every error of decoded JSON ``data`` against ``schema`` (a name or a type)."""
        try:
            quick = self.quick_data[schema]  # inline, as in ``_decide``
        except (KeyError, TypeError):
            quick = self._quick_data(schema)
        if quick is not None:
            try:
                quick(data, strict=True)
            except (ValueError, TypeError, RecursionError):  # ValidationError is a ValueError
                pass  # not a verdict: the text decides, as for data it does not hold
            else:
                return []
        try:
            text = json.dumps(data)
        except (TypeError, ValueError) as exc:
            return [PayloadError("$", "json", f"not a JSON value: {exc}", shorten(data))]
        return self._decide(schema, text, data)


_UNDECODED = object()
_ABSENT = frozenset({"required", "dependentRequired"})
# JSON Schema 2020-12's assertion keywords (validation vocabulary and applicators), and `false`
_KEYWORDS = frozenset(
    {
        "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
        "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
        "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties",
        "required", "dependentRequired", "allOf", "anyOf", "oneOf", "not", "if", "then",
        "else", "dependentSchemas", "prefixItems", "items", "contains", "properties",
        "patternProperties", "additionalProperties", "propertyNames", "false",
    }
)  # fmt: skip


@functools.cache
def _default() -> Validator:
    return Validator()


def validate(schema: str | Any, data: object) -> list[PayloadError]:
    """Errors of decoded JSON ``data`` against a generated type (by name); [] when valid."""
    return _default().validate(schema, data)


def validate_json(schema: str | Any, text: str | bytes) -> list[PayloadError]:
    """Errors of the JSON text against a generated type (by name); [] when valid."""
    return _default().validate_json(schema, text)
