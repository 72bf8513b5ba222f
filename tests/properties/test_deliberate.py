"""The lists in deliberate.py stay true: each entry is needed, explains its witness, and each
known gap (instance-level or in the JSON text) is a strict xfail that starts failing (XPASS)
the day the types get fixed."""

from __future__ import annotations

import json
import math

import pytest
from pydantic import ValidationError

from tests.properties.deliberate import (
    DELIBERATE,
    KNOWN_GAPS,
    KNOWN_TEXT_GAPS,
    MODES,
    Difference,
    TextGap,
)
from tests.properties.judge import generated, judge


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


def _strict_json(text: str) -> object:
    """Python's json module held to RFC 8259: no NaN / Infinity, no number it cannot hold."""

    def finite(literal: str) -> float:
        value = float(literal)
        if not math.isfinite(value):
            raise ValueError(f"{literal} is beyond the double range")
        return value

    def constant(name: str) -> float:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=constant, parse_float=finite)


@pytest.mark.parametrize("gap", KNOWN_TEXT_GAPS, ids=lambda g: g.name)
def test_known_text_gap_texts_are_not_json_numbers(gap: TextGap) -> None:
    for text in gap.texts:
        with pytest.raises(ValueError, match=r"JSON|double"):
            _strict_json(text)


@pytest.mark.parametrize(
    "gap",
    [
        pytest.param(g, marks=pytest.mark.xfail(strict=True, reason=g.reason))
        for g in KNOWN_TEXT_GAPS
    ],
    ids=lambda g: g.name,
)
@pytest.mark.parametrize("strict", [True, False], ids=["strict", "lax"])
def test_known_text_gap_is_still_open(gap: TextGap, strict: bool) -> None:
    """Fails while the types accept the texts (xfail); an XPASS means fixed: drop the entry."""
    accepted = []
    for text in gap.texts:
        try:
            generated(gap.component).model_validate_json(text, strict=strict)
        except ValidationError:
            continue
        accepted.append(text)
    assert not accepted, f"{gap.component} accepts {accepted}"
