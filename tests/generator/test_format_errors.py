"""``validate()``'s errors name what JSON Schema refuses, never a ``format`` the types enforce.

``format`` is an annotation in JSON Schema 2020-12. The generated types still parse
``format: uuid`` into ``UUID`` (a convenience of the lax models), and an invalid
payload's errors are explained by the types first: they must not blame the format
(SendGrid's segment ids, typeless objects with ``format: uuid`` strings) and must name
the keyword jsonschema names.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from tests.generator.helpers import generate, run_python

SPEC = """
openapi: 3.0.0
info: {title: Segments, version: "1"}
paths: {}
components:
  schemas:
    Segment:
      properties:
        id: {type: string, format: uuid, minLength: 36, maxLength: 36}
        sample:
          type: array
          items: {$ref: '#/components/schemas/Contact'}
    Contact:
      properties:
        id: {type: string, format: uuid}
"""

CHECK = """
import segments_sdk
print(json.dumps([[[e.path, e.rule] for e in segments_sdk.validate("Segment", p)] for p in ARGS]))
"""


def _expected(payload: object) -> list[list[str]]:
    spec = yaml.safe_load(SPEC)
    schema = {**spec["components"]["schemas"]["Segment"], "components": spec["components"]}
    schema["properties"]["sample"]["items"] = {"$ref": "#/components/schemas/Contact"}
    validator = jsonschema.Draft202012Validator(schema)
    found = []
    for error in validator.iter_errors(payload):
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.path)
        found.append([path, str(error.validator)])
    return sorted(found)


def test_errors_name_the_keyword_json_schema_names(tmp_path: Path) -> None:
    spec = tmp_path / "segments.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    generate(tmp_path / "out", "segments_sdk", spec)
    payloads = [
        {"id": "vZg", "sample": [{"id": "x"}]},
        {"id": "z" * 36, "sample": [{"id": "x"}]},
        {"id": "1c7b3c5e-0000-4000-8000-00000000000", "sample": []},
    ]
    found = run_python(CHECK, cwd=tmp_path, path=[tmp_path / "out"], args=payloads)
    assert [sorted(f) for f in found] == [_expected(p) for p in payloads]
