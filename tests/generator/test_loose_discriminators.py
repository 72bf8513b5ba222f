"""A discriminator the members' schemas do not enforce does not refuse valid payloads.

JSON Schema ignores ``discriminator``; datamodel-codegen made it a required ``Literal``
tag on each member (Bitbucket's base ``object``: ``type: '' is not one of
['PipelineVariable']``) and a union dispatched by the tag alone (Mailchimp's conditions
without ``condition_type``). The verdicts must be jsonschema's; a tag every member
requires and binds to one value still dispatches to its member.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import yaml

from tests.generator.helpers import generate, run_python, verdicts

SPEC = """
openapi: 3.0.0
info: {title: Tags, version: "1"}
paths: {}
components:
  schemas:
    Object:
      type: object
      required: [type]
      properties: {type: {type: string}}
      discriminator: {propertyName: type}
    PipelineVariable:
      allOf:
        - $ref: '#/components/schemas/Object'
        - type: object
          properties: {key: {type: string}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator:
        propertyName: kind
        mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}
    Cat:
      type: object
      required: [meow]
      properties: {kind: {type: string}, meow: {type: integer}}
    Dog:
      type: object
      required: [bark]
      properties: {kind: {type: string}, bark: {type: string}}
    Shape:
      oneOf: [{$ref: '#/components/schemas/Square'}, {$ref: '#/components/schemas/Circle'}]
      discriminator:
        propertyName: shape
        mapping: {square: '#/components/schemas/Square', circle: '#/components/schemas/Circle'}
    Square:
      type: object
      required: [shape]
      properties: {shape: {type: string, enum: [square]}, side: {type: number}}
    Circle:
      type: object
      required: [shape]
      properties: {shape: {type: string, enum: [circle]}, side: {type: number}}
    Holder:
      type: object
      properties:
        pet: {$ref: '#/components/schemas/Pet'}
        shape: {$ref: '#/components/schemas/Shape'}
"""

CASES: list[tuple[str, list[Any]]] = [
    ("PipelineVariable", [{"type": "", "key": "k"}, {"type": "x"}, {"key": "k"}]),
    ("Cat", [{"meow": 1}, {"kind": "dog", "meow": 1}, {"kind": "cat"}]),
    ("Holder", [{"pet": {"meow": 1}}, {"pet": {"kind": "x", "bark": "b"}}, {"pet": {"meow": "x"}},
                {"shape": {"shape": "circle"}}, {"shape": {"side": 1}}]),
]  # fmt: skip


def _expected(name: str, payloads: list[Any]) -> list[bool]:
    components = yaml.safe_load(SPEC)["components"]
    schema = {"$ref": f"#/components/schemas/{name}", "components": components}
    return [jsonschema.Draft202012Validator(schema).is_valid(p) for p in payloads]


def test_payloads_are_judged_as_jsonschema_judges_them(tmp_path: Path) -> None:
    for name, payloads in CASES:
        expected = _expected(name, payloads)
        assert set(expected) == {False, True}  # each case has both verdicts
        (tmp_path / name).mkdir()
        found = verdicts(
            tmp_path / name, SPEC, f"tags_{name.lower()}_sdk", name, payloads,
            ["validate", "strict", "strict_json", "lax"],
        )  # fmt: skip
        assert found == [[v] * 4 for v in expected], name


def test_a_tagged_payload_is_read_as_its_member(tmp_path: Path) -> None:
    spec = tmp_path / "tags.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    generate(tmp_path / "out", "tags_sdk", spec)
    script = """
from tags_sdk.types import Holder
read = [Holder.model_validate(p) for p in ARGS["payloads"]]
print(json.dumps([type(h.pet or h.shape).__name__ for h in read]))
"""
    payloads = [
        {"pet": {"kind": "dog", "bark": "b"}},
        {"pet": {"meow": 1}},
        {"shape": {"shape": "circle", "side": 1}},
        {"shape": {"shape": "square", "side": 1}},
    ]
    found = run_python(script, cwd=tmp_path, path=[tmp_path / "out"], args={"payloads": payloads})
    assert found == ["Dog", "Cat", "Circle", "Square"]
