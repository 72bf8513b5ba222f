"""generator.meta_schemas reads the very documents the validator packages use."""

from __future__ import annotations

import subprocess
import sys

from openapi_schema_validator import OAS31Validator
from openapi_schema_validator._specifications import REGISTRY
from openapi_spec_validator.schemas import schema_v30, schema_v31

from generator import meta_schemas


def test_the_openapi_meta_schemas_are_openapi_spec_validator_s() -> None:
    assert meta_schemas.openapi(is_31=False) == dict(schema_v30)
    assert meta_schemas.openapi(is_31=True) == dict(schema_v31)


def test_the_31_dialect_and_its_vocabulary_are_openapi_schema_validator_s() -> None:
    found = meta_schemas.oas31_resources()
    assert found[meta_schemas.OAS31_DIALECT] == OAS31Validator.META_SCHEMA
    assert len(found) >= 2  # the dialect and the vocabulary it names
    for uri, contents in found.items():
        assert REGISTRY[uri].contents == contents


def test_reading_them_imports_neither_package() -> None:
    code = (
        "import sys; from generator import meta_schemas;"
        "meta_schemas.openapi(is_31=False); meta_schemas.openapi(is_31=True);"
        "meta_schemas.oas31_resources();"
        "print(sorted(m for m in sys.modules if m.startswith('openapi_')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
