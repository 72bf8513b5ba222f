"""The generated pyproject declares what its types need beyond pydantic (``EmailStr``)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.generator.helpers import generate


def _spec(tmp_path: Path, string_format: str) -> Path:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        f"""openapi: 3.1.0
info: {{title: People, version: '1'}}
paths:
  /people:
    get:
      operationId: listPeople
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Person'}}
components:
  schemas:
    Person:
      type: object
      properties:
        contact: {{type: string, format: {string_format}}}
""",
        encoding="utf-8",
    )
    return spec


@pytest.mark.parametrize(
    ("string_format", "needs_email_validator"), [("email", True), ("uri", False)]
)
def test_email_types_declare_email_validator(
    tmp_path: Path, string_format: str, needs_email_validator: bool
) -> None:
    out = tmp_path / "out"
    generate(out, "people", _spec(tmp_path, string_format))
    types_source = (out / "people" / "types.py").read_text(encoding="utf-8")
    project = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [r for r in project["dependencies"] if r.startswith("email-validator")]
    # pydantic's EmailStr imports only when email-validator is installed
    assert ("EmailStr" in types_source) is needs_email_validator
    assert bool(declared) is needs_email_validator
