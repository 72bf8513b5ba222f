"""The independent oracle: spec/openapi.yaml read as JSON Schema 2020-12, and walks over it.

Everything the property tests expect comes from here, never from the generated types:

* ``oracle_valid(name, instance)``: the verdict of ``jsonschema``'s Draft 2020-12 validator
  for ``#/components/schemas/<name>``, with the whole spec registered so ``$ref``s resolve;
* ``schema_chain`` / ``schema_at``: the schema that governs a place of an instance;
* ``use_sites``: every place (property, array items, map values, at any nesting inside a
  component) where an ``enum`` or a bound applies, each tied to the JSON pointer of the
  keyword, so tests parametrised from it cover a field added to the spec later;
* ``keyword_sites``: every constraint keyword in ``components/schemas`` found by a plain
  walk of the document (the coverage test compares the two walks).

The supported keyword set is closed: a keyword this module does not understand is an
error (``UnsupportedSchemaError``), so a spec change that needs a new kind of test fails
loudly instead of being skipped.
"""

from __future__ import annotations

import functools
import json
import keyword
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "spec" / "openapi.yaml"
SPEC_URI = "urn:scenario:properties:openapi"
COMPONENTS = "/components/schemas/"

ITEMS = "[]"  # a location step: every item of an array
VALUES = "{}"  # a location step: every value of a map (additionalProperties schema)

ENUM_KEYWORDS = frozenset({"enum"})
BOUND_KEYWORDS = frozenset(
    {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength"}
)
STRUCTURE_KEYWORDS = frozenset(
    {"$ref", "type", "properties", "required", "additionalProperties", "items"}
)
ANNOTATION_KEYWORDS = frozenset(
    {"description", "title", "examples", "example", "deprecated", "$comment"}
)
SUPPORTED_KEYWORDS = ENUM_KEYWORDS | BOUND_KEYWORDS | STRUCTURE_KEYWORDS | ANNOTATION_KEYWORDS
JSON_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")


class UnsupportedSchemaError(Exception):
    """The spec uses a construct these tests cannot draw from or reason about yet."""


# --------------------------------------------------------------------------- the document


@functools.cache
def spec() -> dict[str, Any]:
    doc = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def components() -> dict[str, Any]:
    schemas: dict[str, Any] = spec()["components"]["schemas"]
    return schemas


def escape(token: str) -> str:
    """A JSON pointer reference token for a key."""
    return token.replace("~", "~0").replace("/", "~1")


def component_pointer(name: str) -> str:
    return COMPONENTS + escape(name)


@functools.cache
def pointer_get(pointer: str) -> Any:
    node: Any = spec()
    for raw in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
        token = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def is_object_schema(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object"


def object_components() -> list[str]:
    """Components that are JSON objects (each a pydantic class)."""
    return [name for name, s in components().items() if is_object_schema(s)]


def enum_components() -> list[str]:
    """Components that are a bare enum (each a ``TypeAliasType`` of a ``Literal``)."""
    return [name for name, s in components().items() if "enum" in s and not is_object_schema(s)]


def unsupported_keywords(node: Any, pointer: str) -> list[str]:
    """Pointers of keywords, anywhere under ``node`` (a schema), that this module does not know."""
    found: list[str] = []
    for schema, where in iter_schemas(node, pointer):
        found += [
            f"{where}/{k}" for k in schema if k not in SUPPORTED_KEYWORDS and not k.startswith("x-")
        ]
        if isinstance(schema.get("type"), list) and ({"object", "array"} & set(schema["type"])):
            found.append(f"{where}/type (a list with object or array)")
    return found


def iter_schemas(node: Any, pointer: str) -> Iterator[tuple[dict[str, Any], str]]:
    """Every schema object in ``node`` (not following ``$ref``), with its JSON pointer."""
    if not isinstance(node, dict):
        return
    yield node, pointer
    for name, sub in (node.get("properties") or {}).items():
        yield from iter_schemas(sub, f"{pointer}/properties/{escape(name)}")
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            yield from iter_schemas(node[key], f"{pointer}/{key}")


# ------------------------------------------------------------------------------ the oracle


@functools.cache
def _registry() -> Registry[Any]:
    resource: Resource[Any] = Resource.from_contents(spec(), default_specification=DRAFT202012)
    return Registry().with_resource(SPEC_URI, resource)


@functools.cache
def _validator_at(pointer: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"{SPEC_URI}#{pointer}"}, registry=_registry())


_VERDICTS: dict[tuple[str, str], bool] = {}


def oracle_valid(name: str, instance: Any) -> bool:
    """jsonschema's verdict for ``instance`` against component ``name`` (memoised)."""
    key = (name, json.dumps(instance, sort_keys=True))
    found = _VERDICTS.get(key)
    if found is None:
        if len(_VERDICTS) > 4096:
            _VERDICTS.clear()
        found = _VERDICTS[key] = bool(_validator_at(component_pointer(name)).is_valid(instance))
    return found


def oracle_valid_at(pointer: str, instance: Any) -> bool:
    """jsonschema's verdict for ``instance`` against the schema at ``pointer``."""
    return bool(_validator_at(pointer).is_valid(instance))


def oracle_errors(name: str, instance: Any) -> list[str]:
    validator = _validator_at(component_pointer(name))
    return [
        f"/{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


# ------------------------------------------------------------------------ schema navigation


@dataclass(frozen=True)
class Node:
    """A schema with the JSON pointer it was read from (after following ``$ref``s)."""

    schema: dict[str, Any]
    pointer: str


def schema_chain(schema: dict[str, Any], pointer: str) -> list[Node]:
    """``schema`` and the schemas its ``$ref`` chain leads to, in order (all of them apply)."""
    if pointer and pointer_get(pointer) is schema:
        return list(_chain_at(pointer))
    return _chain(schema, pointer)


@functools.cache
def _chain_at(pointer: str) -> tuple[Node, ...]:
    return tuple(_chain(pointer_get(pointer), pointer))


def _chain(schema: dict[str, Any], pointer: str) -> list[Node]:
    chain = [Node(schema, pointer)]
    while "$ref" in chain[-1].schema:
        ref = chain[-1].schema["$ref"]
        if not ref.startswith("#/"):
            raise UnsupportedSchemaError(f"{chain[-1].pointer}: non-local $ref {ref!r}")
        target = ref[1:]
        if len(chain) > 20 or any(n.pointer == target for n in chain):
            raise UnsupportedSchemaError(f"{pointer}: $ref loop through {target}")
        chain.append(Node(pointer_get(target), target))
    return chain


def merged(schema: dict[str, Any], pointer: str = "") -> dict[str, Any]:
    """The keywords of a schema and its ``$ref`` targets in one dict (do not modify it).

    A keyword found at two places of the chain with different values would need both to
    hold (an intersection); the spec has none, and this says so instead of guessing.
    """
    if pointer and pointer_get(pointer) is schema:
        return _merged_at(pointer)
    return _merge(schema, pointer)


@functools.cache
def _merged_at(pointer: str) -> dict[str, Any]:
    return _merge(pointer_get(pointer), pointer)


def _merge(schema: dict[str, Any], pointer: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for node in _chain(schema, pointer):
        for key, value in node.schema.items():
            if key == "$ref" or key in ANNOTATION_KEYWORDS or key.startswith("x-"):
                continue
            if key in out and out[key] != value:
                raise UnsupportedSchemaError(f"{node.pointer}: {key} differs along the $ref chain")
            out[key] = value
    return out


def child(schema: dict[str, Any], pointer: str, step: str | int) -> Node:
    """The schema governing ``step`` (a key of an object, an index of an array) under a schema.

    Places no schema speaks about (an extra key of an open object, or the inside of a value
    whose type the schema does not expect) get the empty schema ``{}``: anything goes there.
    """
    if pointer and pointer_get(pointer) is schema:
        return _child_at(pointer, step if isinstance(step, str) else 0)
    return _child(schema, pointer, step)


@functools.cache
def _child_at(pointer: str, step: str | int) -> Node:
    return _child(pointer_get(pointer), pointer, step)


def _child(schema: dict[str, Any], pointer: str, step: str | int) -> Node:
    chain = schema_chain(schema, pointer)
    for node in reversed(chain):
        s = node.schema
        if isinstance(step, int):
            if isinstance(s.get("items"), dict):
                return Node(s["items"], node.pointer + "/items")
            continue
        props = s.get("properties") or {}
        if step in props:
            return Node(props[step], f"{node.pointer}/properties/{escape(step)}")
    for node in reversed(chain):
        s = node.schema
        if not isinstance(step, int) and isinstance(s.get("additionalProperties"), dict):
            return Node(s["additionalProperties"], node.pointer + "/additionalProperties")
    return Node({}, "")


def schema_at(name: str, path: tuple[str | int, ...]) -> Node:
    """The schema that governs ``path`` (keys and indices) in an instance of component ``name``."""
    node = Node(components()[name], component_pointer(name))
    for step in path:
        node = child(node.schema, node.pointer, step)
    return node


def json_type(value: Any) -> str:
    """The JSON Schema type name of a decoded JSON value (integers are the narrowest)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if math.isfinite(value) and value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    raise TypeError(f"not a JSON value: {value!r}")


def json_schema_equal(a: Any, b: Any) -> bool:
    """Equality as JSON Schema defines it (``enum``, ``const``): numbers by value, deep."""
    ta, tb = json_type(a), json_type(b)
    numeric = {"integer", "number"}
    if ta in numeric and tb in numeric:
        return bool(a == b)
    if ta != tb:
        return False
    if ta == "array":
        return len(a) == len(b) and all(json_schema_equal(x, y) for x, y in zip(a, b, strict=True))
    if ta == "object":
        return a.keys() == b.keys() and all(json_schema_equal(a[k], b[k]) for k in a)
    return bool(a == b)


def json_identical(a: Any, b: Any) -> bool:
    """Equality of decoded JSON down to the spelling of numbers (``1`` is not ``1.0``)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(json_identical(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(json_identical(a[k], b[k]) for k in a)
    return bool(a == b)


def allowed_types(schema: dict[str, Any]) -> set[str]:
    """The JSON types the ``type`` keyword (or an ``enum``) lets through; all for ``{}``."""
    s = merged(schema)
    types: set[str]
    if "type" in s:
        types = {s["type"]} if isinstance(s["type"], str) else set(s["type"])
    elif "enum" in s:
        types = {json_type(v) for v in s["enum"]}
    else:
        return set(JSON_TYPES)
    if "number" in types:
        types.add("integer")
    return types


def admits_type(schema: dict[str, Any], value: Any) -> bool:
    return json_type(value) in allowed_types(schema)


def is_required(parent: dict[str, Any], key: str) -> bool:
    return key in merged(parent).get("required", [])


# ------------------------------------------------------------------------------ use sites

Location = tuple[str, ...]


@dataclass(frozen=True)
class Site:
    """One place inside a component where a constraint keyword applies."""

    component: str  # the object component owning the property
    location: Location  # property name, then ITEMS / VALUES steps
    keyword: str
    value: Any  # the keyword's value
    keyword_pointer: str  # where the keyword is written in the spec
    schema_pointer: str  # the schema the keyword belongs to

    @property
    def id(self) -> str:
        return f"{format_location(self.component, self.location)}:{self.keyword}"


def _fmt_step(step: str) -> str:
    return step if step in (ITEMS, VALUES) else "." + step


def format_location(component: str, location: Location) -> str:
    return component + "".join(_fmt_step(s) for s in location)


def property_locations(name: str) -> Iterator[tuple[Location, Node]]:
    """Every value place of component ``name`` that its own schema describes.

    Property values, then array items and map values below them, down to the next named
    object component (which owns its own places) or a scalar.
    """
    root = Node(components()[name], component_pointer(name))
    yield from _locations(root, (), depth=0)


def _locations(node: Node, prefix: Location, depth: int) -> Iterator[tuple[Location, Node]]:
    if depth > 12:
        raise UnsupportedSchemaError(f"{node.pointer}: nested too deep for the location walk")
    s = merged(node.schema, node.pointer)
    for prop, sub in (s.get("properties") or {}).items():
        target = _property_node(node, prop)
        here = (*prefix, prop)
        yield here, Node(sub, target)
        yield from _below(Node(sub, target), here, depth + 1)


def _property_node(node: Node, prop: str) -> str:
    for link in reversed(schema_chain(node.schema, node.pointer)):
        if prop in (link.schema.get("properties") or {}):
            return f"{link.pointer}/properties/{escape(prop)}"
    raise KeyError(prop)


def _below(node: Node, prefix: Location, depth: int) -> Iterator[tuple[Location, Node]]:
    chain = schema_chain(node.schema, node.pointer)
    if len(chain) > 1 and chain[-1].pointer.startswith(COMPONENTS):
        named = chain[-1].pointer[len(COMPONENTS) :]
        if "/" not in named and is_object_schema(chain[-1].schema):
            return  # a named object: its places belong to that component
    s = merged(node.schema, node.pointer)
    last = chain[-1]
    if isinstance(s.get("items"), dict):
        items = _keyword_node(chain, "items")
        here = (*prefix, ITEMS)
        yield here, items
        yield from _below(items, here, depth + 1)
    if isinstance(s.get("additionalProperties"), dict) and not s.get("properties"):
        values = _keyword_node(chain, "additionalProperties")
        here = (*prefix, VALUES)
        yield here, values
        yield from _below(values, here, depth + 1)
    if s.get("properties"):  # an inline object schema: its places are owned here
        yield from _locations(Node(last.schema, last.pointer), prefix, depth + 1)


def _keyword_node(chain: list[Node], key: str) -> Node:
    for link in reversed(chain):
        if isinstance(link.schema.get(key), dict):
            return Node(link.schema[key], f"{link.pointer}/{key}")
    raise KeyError(key)


def constraint_sites(node: Node, component: str, location: Location) -> Iterator[Site]:
    """The enum and bound keywords that apply at one place (along its ``$ref`` chain)."""
    for link in schema_chain(node.schema, node.pointer):
        for key in sorted(ENUM_KEYWORDS | BOUND_KEYWORDS):
            if key in link.schema:
                yield Site(
                    component,
                    location,
                    key,
                    link.schema[key],
                    f"{link.pointer}/{key}",
                    link.pointer,
                )


def use_sites(keywords: frozenset[str]) -> list[Site]:
    """Every (component, place, keyword) where one of ``keywords`` applies, in spec order."""
    out: list[Site] = []
    for name in object_components():
        for location, node in property_locations(name):
            out += [s for s in constraint_sites(node, name, location) if s.keyword in keywords]
    return out


def keyword_sites(keywords: frozenset[str]) -> dict[str, Any]:
    """Pointer -> value of every ``keywords`` occurrence in components/schemas (plain walk)."""
    found: dict[str, Any] = {}
    for name, schema in components().items():
        for node, where in iter_schemas(schema, component_pointer(name)):
            for key in keywords & node.keys():
                found[f"{where}/{key}"] = node[key]
    return found


# ---------------------------------------------------------------------------------- names

_CAMEL_1 = re.compile(r"(.)([A-Z][a-z]+)")
_CAMEL_2 = re.compile(r"([a-z0-9])([A-Z])")


@functools.cache
def python_name(wire_name: str) -> str:
    """The snake_case attribute name a camelCase property gets (``populate_by_name`` key).

    Written from the convention (datamodel-code-generator's ``snake_case_field``), not read
    from the generated code: it only serves to recognise the deliberate populate-by-name
    difference, and a mismatch shows up as an unexplained disagreement.
    """
    snake = _CAMEL_2.sub(r"\1_\2", _CAMEL_1.sub(r"\1_\2", wire_name)).lower()
    return snake + "_" if keyword.iskeyword(snake) else snake


def property_names(schema: dict[str, Any], pointer: str = "") -> dict[str, str]:
    """Python name -> wire name of the properties of an object schema."""
    if pointer and pointer_get(pointer) is schema:
        return _property_names_at(pointer)
    return {python_name(p): p for p in merged(schema).get("properties") or {}}


@functools.cache
def _property_names_at(pointer: str) -> dict[str, str]:
    return {
        python_name(p): p for p in merged(pointer_get(pointer), pointer).get("properties") or {}
    }


# ----------------------------------------------------------------------------- operations


def operation_schemas() -> dict[str, str]:
    """Component name -> role, for the schemas the operations use at their top level."""
    roles: dict[str, str] = {}
    for item in spec()["paths"].values():
        for method, op in item.items():
            if method in ("parameters", "summary", "description", "servers"):
                continue
            body = op.get("requestBody")
            if body is not None:
                ref = body["content"]["application/json"]["schema"]["$ref"]
                roles[ref.rsplit("/", 1)[1]] = "request body"
            for status, declared in op["responses"].items():
                response = pointer_get(declared["$ref"][1:]) if "$ref" in declared else declared
                for media in (response.get("content") or {}).values():
                    ref = media["schema"].get("$ref", "")
                    if ref.startswith("#" + COMPONENTS):
                        roles.setdefault(ref.rsplit("/", 1)[1], f"response {status}")
            for param in op.get("parameters", []):
                ref = param.get("schema", {}).get("$ref", "")
                if ref.startswith("#" + COMPONENTS) and "/properties/" in ref:
                    roles[ref[len("#" + COMPONENTS) :].split("/", 1)[0]] = "query set"
    return roles
