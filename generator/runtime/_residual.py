"""The part of a schema a strict pydantic type does not already guarantee, compiled once.

``Model.model_validate(payload, strict=True)`` first lets pydantic strict mode
build the model (Rust, fast). What pydantic accepted still has to pass the
keywords the generated type cannot express: ``residual(name, table)`` is a
function ``data -> bool`` that checks only those, so the common valid
payload costs one pass over the keys instead of a full JSON Schema walk.
``False`` is not a verdict: the caller then runs the full check
(``_jsonschema``), which decides and explains.

What a node with exactly one ``type`` and no ``$ref`` / combinator is
trusted to have had checked by pydantic strict mode (the generated Field
constraints): the type itself; ``minLength`` / ``maxLength`` and an all-string
``enum`` on strings; ``minimum`` / ``maximum`` / ``exclusiveMinimum`` /
``exclusiveMaximum`` on numbers; ``minItems`` / ``maxItems`` on arrays; each
property's and each item's value as far as its own node is trusted. Always
checked here: ``null`` in a property (an optional field is ``X | None``;
whether the schema admits ``null`` is decided once, at compile time),
``required``, ``additionalProperties``, ``patternProperties``,
``multipleOf`` (pydantic's is a float test), ``pattern`` (ECMA-262),
non-string ``enum``, ``const``, ``uniqueItems`` and every other keyword; a
node that is not trusted (no single type, combinators, ``$ref`` with
siblings) is checked whole by the full checker.

``residual(name, table, plan)`` compiles the rest for the strict validator
of ``_strict_core`` instead: what its :class:`~._strict_core.Plan` says it
holds (``null`` in a property, a required field read by wire name, an
integer enum without booleans, the values of a ``dict`` property) is not
checked again, and a class with nothing left compiles to "always".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from . import _jsonschema
from ._ecma_regex import compile_pattern

if TYPE_CHECKING:
    from ._strict_core import Plan

__all__ = ["always", "property_check", "residual"]

Check = Callable[[Any], bool]
_TRUSTED_TYPES = frozenset({"object", "string", "integer", "number", "boolean", "array"})
_UNTRUSTING = frozenset({"$ref", "allOf", "anyOf", "oneOf", "not", "if", "prefixItems"})
_GUARANTEED: dict[str, frozenset[str]] = {
    "string": frozenset({"type", "minLength", "maxLength"}),
    "integer": frozenset({"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
    "number": frozenset({"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}),
    "array": frozenset({"type", "minItems", "maxItems", "items"}),
    "object": frozenset({"type", "properties", "required", "additionalProperties"}),
    "boolean": frozenset({"type"}),
}
_ANNOTATIONS = frozenset({"$defs", "definitions"})


def _always(_: Any) -> bool:
    return True


def _without_null(node: Any) -> Any:
    """A property's node for the values other than ``null`` (a ``None`` is judged apart)."""
    declared = node.get("type") if isinstance(node, dict) else None
    if isinstance(declared, list) and len(declared) == 2 and "null" in declared:
        other = next(t for t in declared if t != "null")
        if other != "null":
            return {**node, "type": other}
    return node


def _unique(value: list[Any]) -> bool:
    """``uniqueItems``: no two items equal as JSON values (``1`` and ``1.0`` equal)."""
    return not any(
        any(_jsonschema.json_equal(item, other) for other in value[:i])
        for i, item in enumerate(value)
    )


def _leaf_test(keyword: str, argument: Any, declared: str) -> Check | None:
    """A direct test of one keyword on a value of type ``declared`` (None: not one of these)."""
    if keyword == "pattern" and declared == "string" and isinstance(argument, str):
        compiled = compile_pattern(argument)
        if compiled is None:
            return None
        return lambda value: compiled.search(value) is not None
    if keyword == "const":
        return lambda value: _jsonschema.json_equal(value, argument)
    if keyword == "uniqueItems" and declared == "array" and isinstance(argument, bool):
        return _unique if argument else _always
    if (
        keyword == "multipleOf"
        and declared in ("number", "integer")
        and isinstance(argument, int | float)
        and not isinstance(argument, bool)
    ):
        return lambda value: _jsonschema.is_multiple(value, argument)
    return None


class _Compiler:
    def __init__(self, table: Mapping[str, Any], plan: Plan | None = None) -> None:
        self.table = table
        self.plan = plan
        self.checker = plan.checker if plan is not None else _jsonschema.checker(table)
        self.components: dict[str, Check] = {}

    def full(self, node: Any) -> Check:
        checker = self.checker
        return lambda value: checker.valid(value, node, 0)

    def component(self, name: str) -> Check:
        found = self.components.get(name)
        if found is None:
            cell: list[Check] = []

            def later(value: Any) -> bool:  # a recursive reference: compiled below
                return cell[0](value)

            self.components[name] = later
            compiled = self.node(self.table[name], name)
            cell.append(compiled)
            self.components[name] = compiled
            found = compiled
        return found

    def node(self, node: Any, owner: str | None = None, core: Any = None) -> Check:
        """The residual of ``node``: of component ``owner``, or held by core schema ``core``."""
        if node is True or node == {}:
            return _always
        if not isinstance(node, dict):
            return self.full(node)
        keys = set(node) - _ANNOTATIONS
        ref = node.get("$ref")
        if keys == {"$ref"} and isinstance(ref, str) and ref.startswith(_jsonschema.PREFIX):
            name = ref[len(_jsonschema.PREFIX) :]
            if "/" not in name and name in self.table:
                return self.component(name)
        declared = node.get("type")
        if not isinstance(declared, str) or declared not in _TRUSTED_TYPES or keys & _UNTRUSTING:
            return self.full(node)
        guaranteed = self.guaranteed(node, declared)
        rest = {k: v for k, v in node.items() if k in keys - guaranteed}
        checks: list[Check] = []
        if declared == "object":
            members = self.members(node, owner, core)
            if members is not _always:
                checks.append(members)
        elif declared == "array" and "items" in node:
            item = self.node(node["items"])
            if item is not _always:
                checks.append(lambda value: all(map(item, value)))
        if rest:
            checks.append(self.leaf(rest, declared))
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return lambda value: all(check(value) for check in checks)

    def leaf(self, rest: dict[str, Any], declared: str) -> Check:
        """The keywords ``rest`` of a node of one ``declared`` type, on a value of that type.

        ``pattern``, ``const``, ``uniqueItems`` and ``multipleOf`` become direct
        tests; a node with any other keyword left is checked whole by the checker.
        """
        tests = [_leaf_test(keyword, argument, declared) for keyword, argument in rest.items()]
        if any(test is None for test in tests):
            return self.full({**rest, "type": declared})
        found = [test for test in tests if test is not None and test is not _always]
        if not found:
            return _always
        if len(found) == 1:
            return found[0]
        return lambda value: all(test(value) for test in found)

    def guaranteed(self, node: dict[str, Any], declared: str) -> set[str]:
        """The keywords of a node of one ``declared`` type that pydantic strict mode holds."""
        guaranteed = set(_GUARANTEED[declared])
        enum = node.get("enum")
        if isinstance(enum, list) and all(isinstance(m, str) for m in enum):
            guaranteed.add("enum")
        elif (
            declared == "integer"
            and isinstance(enum, list)
            and self.plan is not None
            and tuple(enum) in self.plan.literals
        ):
            guaranteed.add("enum")  # a Literal the strict validator preceded by a strict int
        return guaranteed

    def members(self, node: dict[str, Any], owner: str | None = None, core: Any = None) -> Check:
        """Key-level rules of an object node, and each property's residual.

        ``null`` is judged once per property at compile time (the table's own
        verdict on it); a ``None`` value is then valid or not without a walk.
        """
        properties: dict[str, Any] = node.get("properties") or {}
        required = tuple(node.get("required") or ())
        extra = node.get("additionalProperties", True)
        null_bad = frozenset(
            n for n, sub in properties.items() if not self.checker.valid(None, sub, 0)
        )
        held = self.plan.of(owner) if self.plan is not None and owner is not None else None
        inside: frozenset[str] = frozenset()  # properties the strict validator checks itself
        if held is not None:
            required = tuple(n for n in required if n not in held.required)
            null_bad = null_bad - held.not_null
            inside = held.checked
        schemas = held.schemas if held is not None else {}
        nested = tuple(
            (name, check)
            for name, check in (
                (n, self.node(_without_null(sub), core=schemas.get(n)))
                for n, sub in properties.items()
                if n not in inside
            )
            if check is not _always
        )
        known = frozenset(properties)
        extra_check = None if extra is True or extra == {} else self.full(extra)
        if held is not None and held.closed:
            extra_check = None  # the strict validator refused every key that is not a field
        if (
            extra_check is not None
            and self.plan is not None
            and not properties
            and "patternProperties" not in node
            and isinstance(core, dict)
            and core.get("type") == "dict"
        ):  # a dict[str, X]: the strict validator built each value as X
            values = self.node(extra, core=core.get("values_schema"))
            extra_check = None if values is _always else values
        if not required and not null_bad and not nested and extra_check is None:
            return _always

        def members(value: Any) -> bool:
            for name in required:
                if name not in value:
                    return False
            if null_bad and None in value.values():
                for name in null_bad:
                    if name in value and value[name] is None:
                        return False
            for name, check in nested:
                item = value.get(name)
                if item is not None and not check(item):
                    return False
            if extra_check is not None:
                for name in value.keys() - known:
                    if not extra_check(value[name]):
                        return False
            return True

        return members


_CACHE: dict[tuple[int, int], tuple[Mapping[str, Any], Plan | None, _Compiler]] = {}


def residual(name: str, table: Mapping[str, Any], plan: Plan | None = None) -> Check:
    """``data -> bool``: whether what pydantic strict mode accepted passes the rest of ``name``.

    With ``plan``: what the strict validator of that plan accepted.
    """
    return _compiler(table, plan).component(name)


def _compiler(table: Mapping[str, Any], plan: Plan | None) -> _Compiler:
    key = (id(table), id(plan))
    found = _CACHE.get(key)
    if found is None or found[0] is not table or found[1] is not plan:
        found = _CACHE[key] = (table, plan, _Compiler(table, plan))
    return found[2]


def property_check(table: Mapping[str, Any], plan: Plan, node: Any, core: Any) -> Check:
    """The residual of a property's ``node`` (not ``null``) held by core schema ``core``."""
    return _compiler(table, plan).node(_without_null(node), core=core)


def always(check: Check) -> bool:
    """Whether ``check`` is the residual of a schema with nothing left to check."""
    return check is _always
