"""A component keeps its name when an inline schema's natural model name is the same.

datamodel-codegen names the items of ``products`` ``Product`` and, meeting the
component ``product`` later, renames the component; the client's response types
follow the component. Verdicts come from jsonschema on the spec's own schemas.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from tests.generator.helpers import generate, run_python

SPEC = Path(__file__).parent / "specs" / "inline_name_clash.yaml"

SCRIPT = """
import p_sdk.types as types
from p_sdk.resources.products import *  # noqa
import p_sdk.resources.products as products
spec = next(v for v in vars(products).values() if type(v).__name__ == "OperationSpec")
verdicts = {}
for name, payload in ARGS:
    try:
        spec.response_type.model_validate(payload, strict=True)
        verdicts[name] = True
    except Exception:
        verdicts[name] = False
print(json.dumps({"type": spec.response_type.__name__, "verdicts": verdicts}))
"""


def test_the_component_keeps_its_name_and_types_the_response(tmp_path: Path) -> None:
    generate(tmp_path / "out", "p_sdk", SPEC)
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    schema = {**document["components"]["schemas"]["product"]}
    payloads = [("object", {"id": "p1"}), ("string", "p1"), ("no id", {})]
    expected = {name: jsonschema.Draft202012Validator(schema).is_valid(p) for name, p in payloads}

    seen = run_python(SCRIPT, cwd=tmp_path, path=[tmp_path / "out"], args=payloads)

    assert seen == {"type": "Product", "verdicts": expected}
