"""The annotation checks' two passes give the OpenAPI validator's verdicts.

jsonschema-rs answers first (``generator.annotations._Values``); the expected
verdicts here come from openapi-schema-validator itself, run on the same
schema with the document as its reference resolver.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator, OAS31Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4, DRAFT202012

from generator.annotations import check_annotations
from generator.load import load

PETS = {
    "Cat": {
        "type": "object",
        "required": ["kind", "meow"],
        "properties": {"kind": {"type": "string"}, "meow": {"type": "boolean"}},
    },
    "Dog": {
        "type": "object",
        "required": ["kind", "bark"],
        "properties": {"kind": {"type": "string"}, "bark": {"type": "boolean"}},
    },
    "Pet": {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"},
        },
    },
    # reaches the discriminator through a reference only
    "Owner": {"type": "object", "properties": {"pet": {"$ref": "#/components/schemas/Pet"}}},
}


def _spec(version: str, schemas: dict[str, Any], examples: dict[str, Any]) -> dict[str, Any]:
    """A spec whose one operation answers with each of ``examples`` (name: (schema, value))."""
    content = {
        f"application/vnd.{name}+json": {"schema": schema, "example": value}
        for name, (schema, value) in examples.items()
    }
    return {
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "responses": {"200": {"description": "ok", "content": content}},
                }
            }
        },
        "components": {"schemas": schemas},
    }


def _oracle(spec: dict[str, Any], schema: Any, value: Any) -> bool:
    """openapi-schema-validator's verdict on ``value``."""
    is_31 = spec["openapi"].startswith("3.1")
    resource = (DRAFT202012 if is_31 else DRAFT4).create_resource(spec)
    resolver = Registry().with_resource("urn:doc", resource).resolver("urn:doc")
    cls = OAS31Validator if is_31 else OAS30Validator
    return bool(cls(schema, _resolver=resolver).is_valid(value))


def _warned(tmp_path: Path, spec: dict[str, Any]) -> set[str]:
    """The media types whose example the annotation checks warned about."""
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    doc = load(path)
    found = check_annotations(doc, is_31=spec["openapi"].startswith("3.1"))
    assert all(p.code == "invalid-example" for p in found), found
    return {
        p.location.pointer.split("/content/")[1].split("/")[0].replace("~1", "/")
        for p in found
        if p.location is not None
    }


EXAMPLES = {
    # draft 4's oneOf accepts it (it is a Dog); 3.0's discriminator says Cat, which it is not
    "mislabelled": ({"$ref": "#/components/schemas/Pet"}, {"kind": "cat", "bark": True}),
    "mislabelled-inside": (
        {"$ref": "#/components/schemas/Owner"},
        {"pet": {"kind": "cat", "bark": True}},
    ),
    "labelled": ({"$ref": "#/components/schemas/Pet"}, {"kind": "cat", "meow": True}),
    "untagged": ({"$ref": "#/components/schemas/Pet"}, {"bark": True}),
    "wrong-type": ({"$ref": "#/components/schemas/Dog"}, {"kind": "dog", "bark": "loud"}),
    "nullable": ({"type": "string", "nullable": True}, None),
    "not-nullable": ({"type": "string"}, None),
    "ecma-digit": ({"type": "string", "pattern": "^\\d+$"}, "\u0661\u0662"),
    "ecma-dot": ({"type": "string", "pattern": "^a.b$"}, "a\rb"),
    "ecma-non-space": ({"type": "string", "pattern": "^\\S$"}, "\ufeff"),
    "ascii-digits": ({"type": "string", "pattern": "^\\d+$"}, "12"),
}


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_verdicts_are_the_openapi_validator_s(tmp_path: Path, version: str) -> None:
    spec = _spec(version, PETS, EXAMPLES)
    expected = {
        f"application/vnd.{name}+json"
        for name, (schema, value) in EXAMPLES.items()
        if not _oracle(spec, schema, value)
    }
    if version.startswith("3.0"):  # the cases this test is about
        assert {"application/vnd.mislabelled+json", "application/vnd.untagged+json"} <= expected
    assert _warned(tmp_path, spec) == expected


def _imports_the_exact_validator(tmp_path: Path, spec: dict[str, Any]) -> bool:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    code = (
        "import sys; from pathlib import Path;"
        "from generator.load import load; from generator.annotations import check_annotations;"
        f"check_annotations(load(Path({str(path)!r})), is_31=False);"
        "print('openapi_schema_validator' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip() == "True"


def test_a_spec_whose_values_all_hold_never_imports_the_openapi_validator(tmp_path: Path) -> None:
    good = {"ok": ({"$ref": "#/components/schemas/Dog"}, {"kind": "dog", "bark": True})}
    assert not _imports_the_exact_validator(tmp_path, _spec("3.0.3", PETS, good))
    bad = {"bad": ({"$ref": "#/components/schemas/Dog"}, {"kind": "dog"})}
    assert _imports_the_exact_validator(tmp_path, _spec("3.0.3", PETS, bad))


def test_unexpected_names_are_listed_in_the_example_s_order_whatever_the_hash_seed(
    tmp_path: Path,
) -> None:
    closed = {"type": "object", "properties": {"id": {"type": "integer"}}}
    closed["additionalProperties"] = False
    value = {"id": 1, "zeta": 1, "alpha": 2, "mu": 3, "beta": 4}
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(_spec("3.0.3", {}, {"closed": (closed, value)})), encoding="utf-8")
    code = (
        "from pathlib import Path;"
        "from generator.load import load; from generator.annotations import check_annotations;"
        f"print(check_annotations(load(Path({str(path)!r})), is_31=False)[0].message)"
    )
    said = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout.strip()
        for seed in range(4)
    }
    assert len(said) == 1
    assert "('zeta', 'alpha', 'mu', 'beta' were unexpected)" in said.pop()
