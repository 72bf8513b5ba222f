"""A pattern that backtracking engines take exponential time on, met where a service meets it.

``^(https?://)?([\\da-z.-]+)\\.([a-z.]{2,6})([/\\w .-]*)*/?$`` is in public specs
(beezup's, copied from a well-known answer on URL validation). Against a URL
that does not match, a backtracking engine tries every way of splitting the
path between the nested stars: ``regress`` (the generator's ECMA-262 engine)
took 16 s for 18 characters, Python's ``re`` no less, so ``generate`` never
finished on the spec's own example, and ``validate()`` or a strict response
would hang a service on one payload of sixty characters. Both now run such a
pattern on an engine that does not backtrack (see generator/patterns.py and
runtime/_ecma_regex.py). Each step here runs in a subprocess whose timeout
(300 s) stands for "hangs": the old code did not finish them in hours.

The spec is ``cases/kinds/catastrophic_pattern/spec.yaml``; the verdicts come from
jsonschema-rs on the spec's own schema.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest
import yaml

from tests.generator.kinds.support import KIND_CASES, CasePackage, case_package
from tests.support.server import RecordingServer

SPEC = yaml.safe_load((KIND_CASES / "catastrophic_pattern" / "spec.yaml").read_text())
SITE = SPEC["components"]["schemas"]["Site"]
BAD = "http://www.example.com/" + "a" * 40 + "?"
GOOD = "http://www.example.com/" + "a" * 40


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> CasePackage:
    # generate ran the annotation check on the example, which does not match
    return case_package(tmp_path_factory, "catastrophic_pattern")


def test_the_oracle_rejects_the_payload() -> None:
    validator = jsonschema_rs.Draft4Validator(SITE)
    assert not validator.is_valid({"url": BAD})
    assert validator.is_valid({"url": GOOD})


def test_generate_warns_about_the_example_instead_of_hanging(pkg: CasePackage) -> None:
    manifest = json.loads((pkg.out / ".generator-manifest.json").read_text())
    assert manifest["files"], "generated"
    assert (Path(pkg.out) / pkg.package / "types.py").exists()


def test_validate_and_strict_models_judge_the_payload_at_once(pkg: CasePackage) -> None:
    with RecordingServer() as server:
        for url in (BAD, GOOD, BAD, BAD):
            server.enqueue(status=200, body=json.dumps({"url": url}))
        result = pkg.run(
            server,
            """
import importlib
from pydantic import ValidationError
Site = importlib.import_module(sdk.__name__ + ".types").Site
verdicts = []
for url in (ARGS["bad"], ARGS["good"]):
    verdicts.append([e.rule for e in sdk.validate("Site", {"url": url})])
    verdicts.append([e.rule for e in sdk.validate_json("Site", json.dumps({"url": url}))])
    try:
        Site.model_validate({"url": url}, strict=True)
        verdicts.append("valid")
    except ValidationError:
        verdicts.append("invalid")
strict = client.with_options(strict=True)
for _ in range(2):
    try:
        verdicts.append(strict.sites.get_site("s1").url == ARGS["good"])
    except sdk.APIResponseValidationError:
        verdicts.append("refused")
verdicts.append(client.sites.get_site("s1").url == ARGS["bad"])  # lax: kept
try:
    asyncio.run(aclient.with_options(strict=True).sites.get_site("s1"))
except sdk.APIResponseValidationError:
    verdicts.append("refused")
return verdicts
""",
            bad=BAD,
            good=GOOD,
        )
    assert result == [
        ["pattern"], ["pattern"], "invalid",
        [], [], "valid",
        "refused", True, True, "refused",
    ]  # fmt: skip
