"""``nullable: true`` without a ``type`` beside it, read as the document's 3.0 version says.

OpenAPI 3.0.0 to 3.0.2: "Allows sending a null value for the defined schema" (Stripe's
3.0.0 spec puts it beside ``anyOf``, and its API answers null there). 3.0.3 narrowed it:
"A true value adds "null" to the allowed types specified by the type keyword, only if
type is explicitly defined within the same Schema Object." ``validate()`` and the strict
model must agree with the version's text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.generator.helpers import generate, run_python

SPEC = """
openapi: {version}
info: {{title: Charges, version: "1"}}
paths: {{}}
components:
  schemas:
    Charge:
      type: object
      properties:
        created:
          nullable: true
          anyOf:
            - {{type: integer}}
            - {{type: object, properties: {{gt: {{type: integer}}}}}}
        amount: {{type: integer}}
"""

CHECK = """
import charges_sdk
from charges_sdk.types import Charge
out = []
for payload in ARGS:
    by_validate = not charges_sdk.validate("Charge", payload)
    try:
        Charge.model_validate(payload, strict=True)
        by_model = True
    except Exception:
        by_model = False
    out.append([by_validate, by_model])
print(json.dumps(out))
"""


@pytest.mark.parametrize(
    ("version", "null_allowed"), [("3.0.0", True), ("3.0.1", True), ("3.0.3", False)]
)
def test_nullable_without_type_follows_the_documents_version(
    tmp_path: Path, version: str, null_allowed: bool
) -> None:
    spec = tmp_path / "charges.yaml"
    spec.write_text(SPEC.format(version=version), encoding="utf-8")
    generate(tmp_path / "out", "charges_sdk", spec)
    payloads = [{"created": None}, {"created": 5}, {"amount": None}, {"created": "x"}]
    verdicts = run_python(CHECK, cwd=tmp_path, path=[tmp_path / "out"], args=payloads)
    expected = [null_allowed, True, False, False]
    assert verdicts == [[v, v] for v in expected]
