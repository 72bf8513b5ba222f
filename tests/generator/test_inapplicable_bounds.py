"""A bound of another JSON type than the schema's own ``type`` constrains nothing.

JSON Schema applies ``minLength`` to strings, ``minItems`` to arrays, ``minimum`` to
numbers, ``minProperties`` to objects, and ignores each elsewhere. LaunchDarkly's spec
writes ``type: array, minLength: 1`` (Mailchimp ``type: integer`` with ``items``, which
datamodel-codegen had read as a list); pydantic's ``min_length`` applies to lists too,
so the types had refused ``[]`` (and with them the client, which checks a body's
fields through the model before sending). ``validate()``, the strict model and the lax
model must each give jsonschema's verdict on these payloads (none of them needs a
coercion).
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from tests.generator.helpers import verdicts

SPEC = """
openapi: 3.1.0
info: {title: Bounds, version: "1"}
paths: {}
components:
  schemas:
    Project:
      type: object
      properties:
        environments: {type: array, items: {type: string}, minLength: 1, maxLength: 2}
        key: {type: string, minItems: 2, maxItems: 3, minimum: 5, uniqueItems: true}
        count: {type: integer, minLength: 2, maxItems: 1, minProperties: 1}
        settings: {type: object, maxLength: 1, minItems: 2, maximum: 3}
        tags: {type: array, items: {type: string}, minItems: 1}
        default_country: {type: integer, items: {type: string}}
      example: {environments: ["a"], key: "k", tags: ["t"]}
"""

PAYLOADS = [
    {"environments": []},
    {"environments": ["a", "b", "c"]},
    {"key": "k"},
    {"key": "abcd"},
    {"count": 1},
    {"settings": {}},
    {"settings": {"a": 1, "b": 2}},
    {"tags": []},
    {"tags": ["a"]},
    {"default_country": 5},
]


def test_bounds_of_another_type_are_ignored_as_json_schema_says(tmp_path: Path) -> None:
    schema = yaml.safe_load(SPEC)["components"]["schemas"]["Project"]
    validator = jsonschema.Draft202012Validator(schema)
    expected = [validator.is_valid(p) for p in PAYLOADS]
    assert expected.count(False) == 1  # the oracle itself: only the empty `tags` breaks a bound
    found = verdicts(
        tmp_path, SPEC, "bounds_sdk", "Project", PAYLOADS, ["validate", "strict", "lax"]
    )
    assert found == [[v, v, v] for v in expected]
