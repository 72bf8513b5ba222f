"""JSON Schema validators for parts of a bundled spec (the independent oracle).

The whole bundled document is registered as one Draft 2020-12 resource, so
local ``$ref``s (``#/components/schemas/X``) inside any sub-schema resolve
against it. OpenAPI 3.1 schemas are JSON Schema 2020-12; the OpenAPI-only
keywords (``example``, ``discriminator``, ``x-*``) are ignored as unknown ones.
"""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.validators import extend
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator import patterns
from generator.errors import escape_pointer_token
from generator.spec_access import deref

SPEC_URI = "urn:generator:spec"
# OpenAPI patterns are ECMA-262 (``\\p{Letter}``, ``[\\w-.]``): matched as such, not with re.
_Validator: Any = extend(Draft202012Validator, {"pattern": patterns.keyword})  # type: ignore[no-untyped-call]  # jsonschema's own API


class Oracle:
    """Builds validators for schemas at JSON pointers of one bundled spec."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        resource: Resource[Any] = Resource.from_contents(data, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        self._cache: dict[str, Draft202012Validator] = {}

    def at(self, pointer: str) -> Draft202012Validator:
        """A validator for the schema at ``pointer`` (compiled once)."""
        found = self._cache.get(pointer)
        if found is None:
            found = _Validator({"$ref": f"{SPEC_URI}#{pointer}"}, registry=self.registry)
            self._cache[pointer] = found
        return found

    def component(self, name: str) -> Draft202012Validator:
        """A validator for ``#/components/schemas/<name>``."""
        return self.at("/components/schemas/" + escape_pointer_token(name))

    def inline(self, schema: Any) -> Draft202012Validator:
        """A validator for a schema that is not at a pointer (its local refs still resolve)."""
        return _Validator(absolute_refs(schema), registry=self.registry)  # type: ignore[no-any-return]  # extend() is untyped

    def admits_null(self, schema: Any) -> bool:
        """Whether ``null`` is a valid instance of ``schema`` (OpenAPI 3.0 ``nullable`` too)."""
        if _nullable_30(self.data, schema):
            return True
        return bool(self.inline(schema).is_valid(None))


def absolute_refs(node: Any) -> Any:
    """``node`` with every local ``$ref`` pointing into the registered spec."""
    if isinstance(node, list):
        return [absolute_refs(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: absolute_refs(v) for k, v in node.items()}
    ref = out.get("$ref")
    if isinstance(ref, str) and ref.startswith("#"):
        out["$ref"] = SPEC_URI + ref
    return out


def _nullable_30(data: dict[str, Any], schema: Any) -> bool:
    resolved = deref(data, schema)
    return isinstance(resolved, dict) and resolved.get("nullable") is True
