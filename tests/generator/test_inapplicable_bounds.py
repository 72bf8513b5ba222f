"""A bound of another JSON type than the schema's own ``type`` constrains nothing.

JSON Schema applies ``minLength`` to strings, ``minItems`` to arrays, ``minimum`` to
numbers, ``minProperties`` to objects, and ignores each elsewhere. LaunchDarkly's spec
writes ``type: array, minLength: 1``; pydantic's ``min_length`` applies to lists too,
so the types had refused ``[]`` (and with them the client, which checks a body's
fields through the model before sending). ``validate()``, the strict model and the lax
model must each give jsonschema's verdict on these payloads (none of them needs a
coercion).
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from tests.generator.helpers import generate, run_python

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
      example: {environments: ["a"], key: "k", tags: ["t"]}
"""

CHECK = """
import bounds_sdk
from bounds_sdk.types import Project
out = []
for payload in ARGS:
    by_validate = not bounds_sdk.validate("Project", payload)
    verdict = [by_validate]
    for strict in (True, False):
        try:
            Project.model_validate(payload, strict=strict)
            verdict.append(True)
        except Exception:
            verdict.append(False)
    out.append(verdict)
print(json.dumps(out))
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
]


def test_bounds_of_another_type_are_ignored_as_json_schema_says(tmp_path: Path) -> None:
    spec = tmp_path / "bounds.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    generate(tmp_path / "out", "bounds_sdk", spec)
    schema = yaml.safe_load(SPEC)["components"]["schemas"]["Project"]
    validator = jsonschema.Draft202012Validator(schema)
    expected = [validator.is_valid(p) for p in PAYLOADS]
    assert expected.count(False) == 1  # the oracle itself: only the empty `tags` breaks a bound
    verdicts = run_python(CHECK, cwd=tmp_path, path=[tmp_path / "out"], args=PAYLOADS)
    assert verdicts == [[v, v, v] for v in expected]
