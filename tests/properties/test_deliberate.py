"""The lists in deliberate.py stay true: each entry is needed, explains its witness, and each
known gap is a strict xfail that starts failing (XPASS) the day the types get fixed."""

from __future__ import annotations

import pytest

from tests.properties.deliberate import DELIBERATE, KNOWN_GAPS, MODES, Difference
from tests.properties.judge import judge


def _id(difference: Difference) -> str:
    return difference.name


def test_entries_are_named_once_and_give_reasons() -> None:
    names = [d.name for d in (*DELIBERATE, *KNOWN_GAPS)]
    assert len(names) == len(set(names)), names
    for d in (*DELIBERATE, *KNOWN_GAPS):
        assert len(d.reason) > 40, f"{d.name}: say why"
        assert d.modes, d.name
        assert d.modes <= set(MODES), d.name
        assert d.reads or d.writes, f"{d.name}: a difference must rewrite something"
        assert d.witness.mode in d.modes, d.name


@pytest.mark.parametrize("difference", DELIBERATE, ids=_id)
def test_deliberate_difference_is_real_and_explains_its_witness(difference: Difference) -> None:
    w = difference.witness
    instance = w.build()
    others = [d for d in DELIBERATE if d is not difference]
    bare = judge(w.component, instance, w.mode, differences=others)
    assert bare.problem, (
        f"{difference.name}: without this entry the witness shows no difference; the types "
        f"may have changed and the entry may be stale\n{bare.report()}"
    )
    full = judge(w.component, instance, w.mode)
    assert not full.problem, full.report()
    assert difference.name in full.used, full.report()


@pytest.mark.parametrize("gap", KNOWN_GAPS, ids=_id)
def test_known_gap_entry_explains_its_witness(gap: Difference) -> None:
    w = gap.witness
    verdict = judge(w.component, w.build(), w.mode, differences=(*DELIBERATE, gap))
    assert not verdict.problem, verdict.report()
    assert gap.name in verdict.used, verdict.report()


@pytest.mark.parametrize(
    "gap",
    [pytest.param(g, marks=pytest.mark.xfail(strict=True, reason=g.reason)) for g in KNOWN_GAPS],
    ids=_id,
)
def test_known_gap_is_still_open(gap: Difference) -> None:
    """Fails while the gap exists (xfail); an XPASS means it is fixed: remove the entry."""
    w = gap.witness
    verdict = judge(w.component, w.build(), w.mode)
    assert not verdict.problem, verdict.report()
