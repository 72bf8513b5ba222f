"""The strict validator of a generated class: the table's rules pydantic-core can hold, folded in.

A generated class keeps the types a forward-compatible lax mode needs: an
optional property is ``X | None`` even where the spec does not admit
``null``, an attribute name populates a field as well as its wire name, and
an integer ``Literal`` accepts ``true`` for ``1`` (pydantic's reading of
Python's ``True == 1``). ``plan_of(cls, table).validator(name)`` builds, once, a
``SchemaValidator`` from a copy of the class's core schema with, at every
generated class it contains:

- ``null`` refused (``nullable`` removed, the default kept) in each optional
  property whose schema in the table does not admit it;
- fields read by wire name only (``validate_by_name`` off), so that a
  required field of the class is a ``required`` the table states, and an
  extra key that is an attribute name (``model_id`` for ``modelId``)
  refused: such a payload takes the general path, where pydantic populates
  the field by that name, as the lax mode does;
- an integer ``Literal`` preceded by a strict integer (no booleans).

The validator still builds instances of the generated classes. What it
then enforces per class (:class:`Plan`) is what ``_residual`` no longer
checks in Python; when nothing is left, a valid payload costs one call into
pydantic-core. A payload it rejects is not a verdict: the caller decides
with the table.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pydantic
import pydantic.main as pydantic_main
from pydantic_core import PydanticCustomError, SchemaValidator

from . import _jsonschema, _strict_models

__all__ = ["Plan", "PropertyCheck", "plan_of"]


@dataclass
class Fields:
    """What the strict validator holds of one generated class's properties (wire names)."""

    required: frozenset[str]  # fields without a default: pydantic requires them
    stripped: frozenset[str]  # optional ``X | None`` fields made ``X``: the spec has no null
    not_null: frozenset[str]  # fields whose ``null`` it refuses (the stripped ones too)
    schemas: dict[str, Any]  # each field's core schema, without default and nullable
    attributes: frozenset[str]  # attribute names that are not wire names (``model_id``)
    checked: frozenset[str]  # properties whose residual check runs inside the validator
    closed: bool = False  # every key that is not a field is refused (``extra="forbid"``)


@dataclass
class Plan:
    """The rewrite of one types module's core schemas, and what it enforces."""

    namespace: Mapping[str, Any]
    table: Mapping[str, Any]
    checker: Any
    fields: dict[str, Fields | None] = field(default_factory=dict)
    literals: set[tuple[int, ...]] = field(default_factory=set)  # integer Literals made strict
    validators: dict[str, SchemaValidator | None] = field(default_factory=dict)

    def component(self, cls: Any) -> str | None:
        """The table entry of a generated class of this module, if it has one."""
        name = getattr(cls, "__name__", None)
        if not isinstance(cls, type) or not isinstance(name, str):
            return None
        if self.namespace.get(name) is not cls or name not in self.table:
            return None
        node = self.table[name]
        if not isinstance(node, dict) or node.get("type") != "object":
            return None
        return name

    def of(self, name: str) -> Fields | None:
        """The fields of component ``name`` as the strict validator holds them (None: not a class)."""
        if name in self.fields:
            return self.fields[name]
        cls = self.namespace.get(name)
        found = None
        if self.component(cls) == name:
            schema = _model_schema(cls.__pydantic_core_schema__)  # type: ignore[union-attr]
            if schema is not None and schema["schema"].get("type") == "model-fields":
                found = self._fields(self.table[name], schema["schema"]["fields"])
                extra = (schema.get("config") or {}).get("extra_fields_behavior")
                # forbidden by the class, or by the rewrite (an attribute name is no extra key)
                found.closed = extra == "forbid" or (bool(found.attributes) and extra != "allow")
        self.fields[name] = found
        return found

    def _fields(self, node: dict[str, Any], fields: dict[str, Any]) -> Fields:
        properties = node.get("properties") or {}
        required: set[str] = set()
        stripped: set[str] = set()
        not_null: set[str] = set()
        schemas: dict[str, Any] = {}
        attributes: set[str] = set()
        checked: set[str] = set()
        for attribute, spec in fields.items():
            alias = spec.get("validation_alias", attribute)
            if not isinstance(alias, str):
                continue
            if alias != attribute:
                attributes.add(attribute)
            if alias in properties:
                checked.add(alias)
            inner = spec["schema"]
            if inner.get("type") != "default":
                required.add(alias)
            else:
                inner = inner["schema"]
                if (
                    inner.get("type") == "nullable"
                    and _refuses_null(inner["schema"])  # not ``Any``: it takes null itself
                    and alias in properties
                    and not self.checker.valid(None, properties[alias], 0)
                ):
                    stripped.add(alias)
            if inner.get("type") == "nullable":
                inner = inner["schema"]
                if alias in stripped:
                    not_null.add(alias)
            elif _refuses_null(inner):
                not_null.add(alias)
            schemas[alias] = inner
        return Fields(
            frozenset(required),
            frozenset(stripped),
            frozenset(not_null),
            schemas,
            frozenset(attributes),
            frozenset(checked),
        )

    def rewrite(self, schema: Any) -> Any:
        """A copy of core schema ``schema`` with the rules above at each class of the module."""
        if isinstance(schema, list):
            return [self.rewrite(item) for item in schema]
        if not isinstance(schema, dict):
            return schema
        out = {key: self.rewrite(value) for key, value in schema.items()}
        kind = out.get("type")
        if kind == "model" and isinstance(out.get("config"), dict):
            out["config"] = {**out["config"], "validate_by_name": False}
            name = self.component(out.get("cls"))
            held = self.of(name) if name is not None else None
            if held is not None and held.attributes:
                if out["config"].get("extra_fields_behavior") == "allow":
                    keys = _not_one_of(held.attributes)
                    out["schema"] = {**out["schema"], "extras_keys_schema": keys}
                else:  # no extra key at all (an ignored one could be an attribute name)
                    out["config"]["extra_fields_behavior"] = "forbid"
            if held is not None and held.stripped:
                fields = out["schema"]["fields"]
                for attribute, spec in fields.items():
                    if spec.get("validation_alias", attribute) in held.stripped:
                        default = spec["schema"]
                        fields[attribute] = {
                            **spec,
                            "schema": {**default, "schema": default["schema"]["schema"]},
                        }
            if held is not None and name is not None:
                self._check_inside(name, held, out["schema"]["fields"])
        elif kind == "literal":
            expected = out.get("expected")
            if (
                isinstance(expected, list)
                and expected
                and all(type(member) is int for member in expected)
            ):
                self.literals.add(tuple(expected))
                return {"type": "chain", "steps": [{"type": "int", "strict": True}, out]}
        return out

    def _check_inside(self, name: str, held: Fields, fields: dict[str, Any]) -> None:
        """Wrap each field of ``held.checked`` that keeps a residual check in a validator running it.

        The check (``_residual``'s, of the property's node) runs on the JSON value
        after the field's own schema accepted it, as the residual pass would, so
        the class's residual leaves its properties out (only key-level rules can
        remain) and a payload needs no Python pass of its own.
        """
        compiled = importlib.import_module("._residual", __package__)
        properties = self.table[name].get("properties") or {}
        for attribute, spec in fields.items():
            wire = spec.get("validation_alias", attribute)
            if wire not in held.checked:
                continue
            check = compiled.property_check(self.table, self, properties[wire], held.schemas[wire])
            if compiled.always(check):
                continue
            outer = spec["schema"]
            inner = outer["schema"] if outer.get("type") == "default" else outer
            wrapper = {
                "type": "function-wrap",
                "function": {"type": "no-info", "function": PropertyCheck(check)},
                "schema": inner,
            }
            if outer.get("type") == "default":
                fields[attribute] = {**spec, "schema": {**outer, "schema": wrapper}}
            else:
                fields[attribute] = {**spec, "schema": wrapper}

    def validator(self, name: str) -> SchemaValidator | None:
        """The strict validator of class ``name`` (None: no plain model schema to rewrite)."""
        if name not in self.validators:
            cls = self.namespace.get(name)
            found = None
            if self.of(name) is not None:
                schema = self.rewrite(cls.__pydantic_core_schema__)  # type: ignore[union-attr]
                found = self._build(schema)
            self.validators[name] = found
        return self.validators[name]

    def _build(self, schema: Any) -> SchemaValidator:
        """A validator of ``schema`` that rebuilds the module's classes rather than reuse theirs.

        pydantic-core reuses the validator of a complete class named by a
        ``model`` schema (a prebuilt validator); marking the classes incomplete
        while it builds, as ``model_rebuild`` does under its lock, makes it
        build them from the rewritten schema.
        """
        classes = [
            value
            for value in self.namespace.values()
            if isinstance(value, type) and vars(value).get("__pydantic_complete__") is True
        ]
        with _LOCK:
            try:
                for cls in classes:
                    type.__setattr__(cls, "__pydantic_complete__", False)
                return SchemaValidator(schema)
            finally:
                for cls in classes:
                    type.__setattr__(cls, "__pydantic_complete__", True)


class PropertyCheck:
    """A wrap validator: the field's schema, then a property's residual check on the JSON value."""

    def __init__(self, check: Any) -> None:
        self.check = check

    def __call__(self, value: Any, handler: Any) -> Any:
        out = handler(value)
        if value is not None:  # null is judged apart (``nullable`` and the residual's null rule)
            try:
                accepted = self.check(value)
            except (TypeError, AttributeError, ValueError):
                accepted = False
            if not accepted:
                raise PydanticCustomError("residual", "the schema table's check failed")
        return out


def _not_one_of(names: frozenset[str]) -> dict[str, Any]:
    """A core schema of extra keys that refuses ``names`` (Python runs for extra keys only)."""

    def check(key: str) -> str:
        if key in names:
            raise PydanticCustomError("attribute_name", "an attribute name, not a wire name")
        return key

    return {
        "type": "function-after",
        "function": {"type": "no-info", "function": check},
        "schema": {"type": "str"},
    }


def _model_schema(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The ``model`` schema of a class's core schema (also when it has definitions)."""
    if schema.get("type") == "definitions":
        inner = schema.get("schema") or {}
        if inner.get("type") == "definition-ref":
            ref = inner.get("schema_ref")
            inner = next((d for d in schema.get("definitions", ()) if d.get("ref") == ref), {})
        schema = inner
    return schema if schema.get("type") == "model" else None


_LOCK = getattr(pydantic_main, "_rebuild_lock", None) or threading.RLock()
_NOT_NULL = frozenset({"str", "int", "float", "bool", "model", "list", "dict"})


def _refuses_null(schema: dict[str, Any]) -> bool:
    """Whether core schema ``schema`` refuses ``None`` in strict mode (False: not known to)."""
    kind = schema.get("type")
    if kind == "literal":
        return None not in schema.get("expected", [None])
    if kind == "union":
        choices = schema.get("choices") or [{}]
        return all(_refuses_null(c[0] if isinstance(c, tuple) else c) for c in choices)
    return kind in _NOT_NULL


_PLANS: dict[tuple[str, int], Plan] = {}


def plan_of(cls: type[pydantic.BaseModel], table: Mapping[str, Any]) -> Plan:
    """The plan of the types module of ``cls`` with its schema table (one per module and table)."""
    key = (cls.__module__, id(table))
    found = _PLANS.get(key)
    if found is None or found.table is not table:
        namespace = _strict_models.types_namespace(cls.__module__)
        found = _PLANS[key] = Plan(namespace, table, _jsonschema.checker(table))
    return found
