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
import p_sdk.resources.coupons as coupons
import p_sdk.resources.products as products
import p_sdk.types as types

def spec(module):
    return next(v for v in vars(module).values() if type(v).__name__ == "OperationSpec")

verdicts = {}
for name, payload in ARGS:
    model = spec(products if name.startswith("product") else coupons).type_of("response_type")
    try:
        model.model_validate(payload, strict=True)
        verdicts[name] = True
    except Exception:
        verdicts[name] = False
names = [spec(products).type_of("response_type").__name__, types.Customer.__name__]
print(json.dumps({"types": names, "verdicts": verdicts}))
"""


def test_the_component_keeps_its_name_and_types_the_response(tmp_path: Path) -> None:
    generate(tmp_path / "out", "p_sdk", SPEC)
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    payloads = [
        ("product: an object", {"id": "p1"}),
        ("product: a string", "p1"),
        ("product: no id", {}),
        ("coupon: a customer object", {"products": ["p1"], "customer": {"name": "c"}}),
        ("coupon: a customer id", {"products": ["p1"], "customer": "c1"}),
        ("coupon: an enum value that reads like a class", {"products": [], "kind": "Product"}),
        ("coupon: no enum value", {"products": [], "kind": "ProductModel"}),
    ]
    components = document["components"]["schemas"]

    def expected(name: str, payload: object) -> bool:
        root = components["product" if name.startswith("product") else "coupon_applies_to"]
        schema = {**root, "components": document["components"]}  # its refs resolve here
        return jsonschema.Draft202012Validator(schema).is_valid(payload)

    seen = run_python(SCRIPT, cwd=tmp_path, path=[tmp_path / "out"], args=payloads)

    assert seen == {
        "types": ["Product", "Customer"],
        "verdicts": {name: expected(name, payload) for name, payload in payloads},
    }
