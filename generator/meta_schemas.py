"""The OpenAPI meta-schemas, read as JSON from the validator packages' own files.

openapi-spec-validator and openapi-schema-validator ship them as JSON files;
importing either package to reach them costs about 0.4 s of every run (they
import jsonschema-path, jsonschema and pydantic-settings), while the fast
yes/no checks of :mod:`generator.structure` need only the documents. The
packages are located without being imported; the detailed (slow) checks,
which run only for an invalid spec, still import them.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from typing import Any

# (package, folder of its meta-schemas)
_SPEC_VALIDATOR = ("openapi_spec_validator", "resources/schemas")
_SCHEMA_VALIDATOR = ("openapi_schema_validator", "schemas")
OAS31_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"


def _folder(package: str, inner: str) -> Path:
    spec = importlib.util.find_spec(package)  # a top-level package: found, not executed
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{package} is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / inner


@functools.cache
def openapi(*, is_31: bool) -> dict[str, Any]:
    """The OpenAPI 3.0 or 3.1 document meta-schema (openapi-spec-validator's)."""
    path = _folder(*_SPEC_VALIDATOR) / ("v3.1" if is_31 else "v3.0") / "schema.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@functools.cache
def oas31_resources() -> dict[str, Any]:
    """The OAS 3.1 schema dialect and its vocabulary (openapi-schema-validator's), by ``$id``.

    The JSON Schema 2020-12 meta-schemas they build on are known to jsonschema-rs.
    """
    found: dict[str, Any] = {}
    for path in sorted((_folder(*_SCHEMA_VALIDATOR) / "oas3.1").rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            contents = json.loads(path.read_text(encoding="utf-8"))
            found[contents["$id"]] = contents
    return found
