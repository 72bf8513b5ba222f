"""The spec generates clean pydantic v2 models: no numbered class names, importable, examples parse."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec" / "openapi.yaml"
SEEDS = REPO / "tests" / "fixtures" / "seeds"

pytest.importorskip("datamodel_code_generator")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, ModuleType]:
    out = tmp_path_factory.mktemp("codegen") / "spec_models.py"
    cmd = [
        sys.executable,
        "-m",
        "datamodel_code_generator",
        "--input",
        str(SPEC),
        "--input-file-type",
        "openapi",
        "--output-model-type",
        "pydantic_v2.BaseModel",
        "--output",
        str(out),
        "--use-annotated",
        "--field-constraints",
        "--enum-field-as-literal",
        "all",
        "--snake-case-field",
        "--disable-timestamp",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr
    source = out.read_text(encoding="utf-8")
    spec = importlib.util.spec_from_file_location("spec_models_under_test", out)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(spec.name, None)
    shutil.rmtree(out.parent, ignore_errors=True)
    return source, module


def test_no_numbered_class_names(
    generated: tuple[str, ModuleType], spec_doc: dict[str, Any]
) -> None:
    source, _ = generated
    classes = re.findall(r"^class ([A-Za-z_][A-Za-z0-9_]*)\(", source, flags=re.MULTILINE)
    components = set(spec_doc["components"]["schemas"])
    assert set(classes) == components, (set(classes) - components, components - set(classes))
    numbered = [c for c in classes if re.fullmatch(r"[A-Za-z]+[0-9]+", c)]
    assert not numbered


@pytest.mark.parametrize(
    ("fixture_name", "class_name"),
    [
        ("models.list.response.json", "ModelListResponse"),
        ("models.update.response.json", "ModelUpdateResponse"),
        ("models.train.trigger.response.json", "TrainTriggerResponse"),
        ("models.train.action.response.json", "TrainActionResponse"),
        ("models.train.trigger.request.json", "TrainTriggerParams"),
        ("models.train.action.request.json", "TrainActionParams"),
    ],
)
def test_generated_models_parse_examples(
    generated: tuple[str, ModuleType], fixture_name: str, class_name: str
) -> None:
    _, module = generated
    data = json.loads((SEEDS / fixture_name).read_text(encoding="utf-8"))
    parsed = getattr(module, class_name).model_validate(data)
    assert parsed.model_dump(by_alias=True, exclude_unset=True, mode="json") == data


def test_generated_request_models_reject_typos(generated: tuple[str, ModuleType]) -> None:
    _, module = generated
    with pytest.raises(ValueError, match="nmae"):
        module.ModelUpdateParams.model_validate({"nmae": "typo"})
