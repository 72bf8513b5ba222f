"""Components that repeat one schema under several names keep a type of each name.

datamodel-codegen is given each such schema once (``render_types._without_copies``);
the others are written after its run. Expected answers come from the spec: every
component is importable under its own name, a model reads back as the class its
name says, with its description as docstring; a ``$ref`` keeps naming the model
it points at; strict validation gives jsonschema's verdict; both layouts (one
module, a package) agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.pipeline import generate
from tests.generator.helpers import run_python

SPEC = Path(__file__).parent / "specs" / "repeated_schemas.yaml"
PACKAGE = "r_sdk"

SCRIPT = """
import inspect
import pydantic
import r_sdk.types as types

found = {}
for name, payloads in ARGS["payloads"].items():
    value = getattr(types, name)
    model = isinstance(value, type) and issubclass(value, pydantic.BaseModel)
    verdicts = []
    for payload in payloads:
        try:
            if model:
                read = value.model_validate(payload, strict=True)
            else:
                read = pydantic.TypeAdapter(value).validate_python(payload, strict=True)
            verdicts.append(type(read).__name__ if model else True)
        except pydantic.ValidationError:
            verdicts.append(False)
    doc = inspect.cleandoc(value.__doc__) if model and value.__doc__ else None
    found[name] = {"name": value.__name__, "doc": doc, "verdicts": verdicts}
owner = types.Owner.model_validate({"pet": {"name": "a"}, "kept": {"name": "b"}})
found["Owner"]["fields"] = [type(owner.pet).__name__, type(owner.kept).__name__]
# in a types package: which module each model's family lives in
found["modules"] = {n: getattr(types, n).__module__ for n in ("Pet", "Animal", "Thing", "Item")}
print(json.dumps(found))
"""

PAYLOADS: dict[str, list[Any]] = {
    "Pet": [{"name": "rex"}, {"name": "toolong"}, {"tag": "x"}],
    "Animal": [{"name": "rex", "tag": "t"}, {"name": "toolong"}, {"tag": "x"}],
    "Kept": [{"name": "rex"}, {"name": 1}],
    "Reordered": [{"tag": "t", "name": "rex"}, {"tag": "t"}],
    "Owner": [{"pet": {"name": "rex"}}, {"pet": {"name": "toolong"}}],
    "Colour": ["red", "blue"],
    "Shade": ["green", "blue"],
    "Empty": [{}, {"a": 1}, []],
    "Blank": [{}, {"a": 1}, []],
    "Thing": [{"id": 1}, {"id": "1"}],
    "Item": [{"id": 1}, {"id": "1"}],
    "Basket": [{"item": {"sku": "s"}}, {"item": {"sku": 1}}],
}


def expected(document: dict[str, Any]) -> dict[str, Any]:
    """From the spec: each name, its description, jsonschema's verdict on each payload
    (a model's verdict is the name of the class it reads as)."""
    schemas = document["components"]["schemas"]
    answer: dict[str, Any] = {}
    for name, payloads in PAYLOADS.items():
        schema = {**schemas[name], "components": document["components"]}  # refs resolve here
        validator = jsonschema.Draft4Validator(schema)
        model = schemas[name].get("type") == "object"
        verdicts = [
            (name if model else True) if validator.is_valid(payload) else False
            for payload in payloads
        ]
        doc = schemas[name].get("description") if model else None
        answer[name] = {"name": name, "doc": doc, "verdicts": verdicts}
    answer["Owner"]["fields"] = ["Pet", "Kept"]  # the names its $refs give
    return answer


@pytest.mark.parametrize("split_above", [None, 1], ids=["module", "package"])
def test_each_repeated_schema_has_its_own_named_type(tmp_path: Path, split_above: int) -> None:
    out = tmp_path / "out"
    generate(SPEC, out, PACKAGE, split_above=split_above)
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    assert (out / PACKAGE / ("types" if split_above else "types.py")).exists()
    seen = run_python(SCRIPT, cwd=tmp_path, path=[out], args={"payloads": PAYLOADS})
    modules = seen.pop("modules")
    assert seen == expected(document)
    # a repeated schema lives with the model it repeats (in that model's family)
    assert modules["Animal"] == modules["Pet"]
    assert modules["Item"] == modules["Thing"]
    if split_above:  # Pet joins its one user's family (Owner's); Thing, used by no model, is one
        assert modules["Thing"] == f"{PACKAGE}.types.thing"


def test_the_repeated_schemas_generate_the_same_files_twice(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    generate(SPEC, first, PACKAGE, force=True)
    generate(SPEC, second, PACKAGE, force=True)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
