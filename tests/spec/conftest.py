"""Shared fixtures for the spec tests: the parsed spec, the seed fixtures and a spec walker.

Nothing here reads outside the repository: the reference pages' JSON examples were copied to
tests/fixtures/seeds/ and the field inventory to tests/spec/inventory.json.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "spec" / "openapi.yaml"
README_PATH = REPO / "spec" / "README.md"
SEEDS = REPO / "tests" / "fixtures" / "seeds"
INVENTORY_PATH = Path(__file__).resolve().parent / "inventory.json"

SPEC_URI = "urn:scenario:openapi"
BOUND_KEYS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
    "multipleOf",
)
OPERATIONS = ("models.list", "models.update", "models.train.trigger", "models.train.action")


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Field:
    """One field of an operation as found in the spec."""

    node: dict[str, Any]  # the property schema (or the parameter object for query/path)
    schema: dict[str, Any]  # the schema of the field (== node for body/response fields)
    required: bool


class SpecWalker:
    """Resolves local $refs (merging sibling keywords) and enumerates operation fields."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    # ------------------------------------------------------------------ refs
    def pointer(self, ref: str) -> Any:
        assert ref.startswith("#/"), f"only local refs are used in the spec, got {ref!r}"
        node: Any = self.doc
        for raw in ref[2:].split("/"):
            node = node[raw.replace("~1", "/").replace("~0", "~")]
        return node

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        """Follow $ref chains; keywords next to a $ref win over the target's."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            seen += 1
            assert seen < 20, "ref loop"
            target = self.pointer(node["$ref"])
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            node = {**target, **siblings}
        return node

    # ------------------------------------------------------------ field info
    def field_type(self, node: dict[str, Any]) -> str:
        s = self.resolve(node)
        t = s.get("type")
        if isinstance(t, list):
            return "|".join(t)
        if t == "array":
            return f"array<{self.field_type(s.get('items', {}))}>"
        if t == "object":
            if s.get("properties"):
                return "object"
            ap = s.get("additionalProperties")
            if isinstance(ap, dict):
                return f"map<{self.field_type(ap)}>"
            return "object"
        if t is None:
            return "any"
        return str(t)

    def field_enum(self, node: dict[str, Any]) -> list[Any] | None:
        s = self.resolve(node)
        while True:
            if s.get("type") == "array":
                s = self.resolve(s.get("items", {}))
            elif s.get("type") == "object" and isinstance(s.get("additionalProperties"), dict):
                s = self.resolve(s["additionalProperties"])
            else:
                break
        return s.get("enum")

    def field_bounds(self, node: dict[str, Any]) -> dict[str, Any]:
        s = self.resolve(node)
        return {k: s[k] for k in BOUND_KEYS if k in s}

    def curation_notes(self, field: Field) -> str:
        parts = [
            field.node.get("x-curation", ""),
            field.schema.get("x-curation", ""),
            self.resolve(field.schema).get("x-curation", ""),
        ]
        return " | ".join(p for p in parts if p)

    # ------------------------------------------------------------ operations
    def operations(self) -> Iterator[tuple[str, str, str, dict[str, Any], dict[str, Any]]]:
        """Yield (sdk name, path, method, operation, path item)."""
        for path, item in self.doc["paths"].items():
            for method, op in item.items():
                if method in ("parameters", "summary", "description", "servers"):
                    continue
                yield f"{op['x-sdk-resource']}.{op['x-sdk-method']}", path, method, op, item

    def operation(self, sdk_name: str) -> tuple[dict[str, Any], dict[str, Any]]:
        for name, _path, _method, op, item in self.operations():
            if name == sdk_name:
                return op, item
        raise KeyError(sdk_name)

    def response_schema(self, sdk_name: str) -> dict[str, Any]:
        op, _ = self.operation(sdk_name)
        schema: dict[str, Any] = op["responses"]["200"]["content"]["application/json"]["schema"]
        return schema

    def request_schema(self, sdk_name: str) -> dict[str, Any] | None:
        op, _ = self.operation(sdk_name)
        if "requestBody" not in op:
            return None
        body = self.resolve(op["requestBody"])
        schema: dict[str, Any] = body["content"]["application/json"]["schema"]
        return schema

    def parameters(self, sdk_name: str) -> list[dict[str, Any]]:
        op, item = self.operation(sdk_name)
        return [self.resolve(p) for p in [*item.get("parameters", []), *op.get("parameters", [])]]

    def fields(self, sdk_name: str) -> dict[tuple[str, str], Field]:
        """All fields of an operation keyed by (side, dotted path)."""
        out: dict[tuple[str, str], Field] = {}
        for param in self.parameters(sdk_name):
            key = (param["in"], param["name"])
            assert key not in out, f"duplicate parameter {key}"
            out[key] = Field(param, param["schema"], bool(param.get("required", False)))
        body = self.request_schema(sdk_name)
        if body is not None:
            self._walk_object(body, "", "body", out, 0)
        self._walk_object(self.response_schema(sdk_name), "", "response", out, 0)
        return out

    def _walk_object(
        self,
        schema: dict[str, Any],
        prefix: str,
        side: str,
        out: dict[tuple[str, str], Field],
        depth: int,
    ) -> None:
        assert depth < 30, f"schema too deep at {prefix}"
        s = self.resolve(schema)
        required = set(s.get("required", []))
        for name, prop in s.get("properties", {}).items():
            path = prefix + name
            out[(side, path)] = Field(prop, prop, name in required)
            self._descend(prop, path, side, out, depth + 1)

    def _descend(
        self,
        prop: dict[str, Any],
        path: str,
        side: str,
        out: dict[tuple[str, str], Field],
        depth: int,
    ) -> None:
        s = self.resolve(prop)
        if s.get("type") == "array":
            self._descend(s.get("items", {}), path + "[]", side, out, depth + 1)
            return
        if s.get("properties"):
            self._walk_object(s, path + ".", side, out, depth + 1)
        ap = s.get("additionalProperties")
        if isinstance(ap, dict) and ap:
            self._descend(ap, path + "{}", side, out, depth + 1)

    # ------------------------------------------------------------ validation
    def validator(self, schema: dict[str, Any]) -> Draft202012Validator:
        """A 2020-12 validator for a schema whose local refs point into the spec document."""
        resource = Resource.from_contents(self.doc, default_specification=DRAFT202012)
        registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        if "$ref" in schema:
            schema = {**schema, "$ref": SPEC_URI + schema["$ref"]}
        return Draft202012Validator(schema, registry=registry)


@pytest.fixture(scope="session")
def spec_doc() -> dict[str, Any]:
    doc = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


@pytest.fixture(scope="session")
def walker(spec_doc: dict[str, Any]) -> SpecWalker:
    return SpecWalker(spec_doc)


@pytest.fixture(scope="session")
def inventory() -> dict[str, Any]:
    data = load_json(INVENTORY_PATH)
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="session")
def readme_text() -> str:
    return README_PATH.read_text(encoding="utf-8")
