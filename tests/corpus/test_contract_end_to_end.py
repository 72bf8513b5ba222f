"""The contract check end to end on a small case spec: generate, serve, call, validate.

The verdicts come from openapi-core in the server's own venv (created once under
.corpus/venvs/, from the package index): a package generated from the spec it is
served with must be accepted whole; served with a stricter copy of the spec
(a header the client never sends, an id of another type), openapi-core must refuse
exactly the requests of the changed operation and the client must fail to parse
the changed responses. Header names reach openapi-core as sent: a required
``X_Tenant`` is accepted when sent, and refused when the served spec names it
``X-Tenant`` instead (the WSGI environ alone cannot tell the two apart).
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.corpus import contract
from generator.cli import main as generate

ROOT = Path(__file__).resolve().parents[2]
CASE = Path(__file__).resolve().parent / "cases" / "contract.yaml"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("contract") / "ours"
    code = generate(
        ["generate", "--spec", str(CASE), "--out", str(out), "--package", "contract_case", "-q"]
    )
    assert code == 0
    return out


def _check(package: Path, served: Path | None = None, draws: int = 2) -> contract.Contract:
    return contract.check(
        CASE, package, "contract_case", ROOT / ".corpus", 60, draws=draws, served=served,
        driver_python=Path(sys.executable),
    )  # fmt: skip


def test_every_request_of_a_faithful_client_is_accepted_and_every_response_parsed(
    package: Path,
) -> None:
    result = _check(package)
    assert result.error == ""
    assert (result.methods, result.called) == (5, 5)
    assert result.requests == result.calls > 5  # several draws each, sync and async
    assert result.async_calls == 6  # the first draw of each method and body media type
    assert set(result.kinds) == {"form", "json-fields", "multipart"}
    assert result.findings == []
    assert result.accepted == result.requests
    assert result.parsed == result.responses == result.calls


def test_a_stricter_served_spec_is_refused_by_the_validator_where_it_differs(
    package: Path, tmp_path: Path
) -> None:
    spec: dict[str, Any] = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    served = copy.deepcopy(spec)
    get_pet = served["paths"]["/pets/{petId}"]["get"]
    get_pet["parameters"].append(
        {"name": "X-Required", "in": "header", "required": True, "schema": {"type": "string"}}
    )
    served["paths"]["/search"]["post"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "type": "array", "minItems": 1, "items": {"type": "integer"}}  # fmt: skip
    path = tmp_path / "served.json"
    path.write_text(json.dumps(served), encoding="utf-8")
    result = _check(package, served=path, draws=2)
    refused = {f["operation"] for f in result.findings if f["stage"] == "request"}
    unparsed = {f["operation"] for f in result.findings if f["stage"] == "response"}
    assert refused == {"getPet"}
    assert all("X-Required" in f["message"] for f in result.findings if f["stage"] == "request")
    get_pet_calls = sum(1 for f in result.findings if f["stage"] == "request")
    assert result.accepted == result.requests - get_pet_calls
    assert unparsed == {"search"}
    assert result.parsed == result.responses - sum(
        1 for f in result.findings if f["stage"] == "response"
    )


def test_a_header_name_with_an_underscore_is_not_taken_for_one_with_a_hyphen(
    package: Path, tmp_path: Path
) -> None:
    spec: dict[str, Any] = yaml.safe_load(CASE.read_text(encoding="utf-8"))
    served = copy.deepcopy(spec)
    for parameter in served["paths"]["/pets/{petId}"]["get"]["parameters"]:
        if parameter["name"] == "X_Tenant":
            parameter["name"] = "X-Tenant"
    path = tmp_path / "served.json"
    path.write_text(json.dumps(served), encoding="utf-8")
    result = _check(package, served=path, draws=2)
    refused = [f for f in result.findings if f["stage"] == "request"]
    assert {f["operation"] for f in refused} == {"getPet"}
    assert all("X-Tenant" in f["message"] for f in refused)
    assert result.accepted == result.requests - len(refused) > 0
