"""Differential: mutated instances are judged alike by jsonschema and the generated types.

For every object component: a valid instance drawn from the spec, changed in one to three
places (a value replaced by another JSON value, by a near-miss enum member or a bound's
neighbour; a key removed; a key added: an absent property, a property's snake_case name, a
look-alike, random text). jsonschema (Draft 2020-12 over the spec) and the generated type,
in strict mode (``model_validate_json(text, strict=True)``, standalone validation) and in
lax mode (``model_validate(payload)``), must give the same verdict, and an accepted
instance must be written back exactly. A disagreement passes only when deliberate.py's
named differences (or its known gaps) explain it: jsonschema must judge the instance *as
the type reads it* the way the type does.
"""

from __future__ import annotations

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from tests.properties.deliberate import DELIBERATE, KNOWN_GAPS, MODES
from tests.properties.judge import judge
from tests.properties.spec import object_components
from tests.properties.strategies import mutated

DIFFERENTIAL_SCHEMAS = object_components()


@pytest.mark.parametrize("name", DIFFERENTIAL_SCHEMAS)
@given(data=st.data())
def test_mutations_are_judged_alike(name: str, data: st.DataObject) -> None:
    instance, changes = data.draw(mutated(name), label="mutated instance")
    reports = []
    for mode in MODES:
        verdict = judge(name, instance, mode, differences=(*DELIBERATE, *KNOWN_GAPS))
        event(f"jsonschema: {'valid' if verdict.oracle else 'invalid'}")
        for used in sorted(verdict.used):
            event(f"{mode}: explained by {used}")
        if verdict.problem:
            reports.append(verdict.report())
    assert not reports, "changes: " + "; ".join(changes) + "\n\n" + "\n\n".join(reports)
