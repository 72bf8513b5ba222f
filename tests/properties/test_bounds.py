"""Bounds: every bounded place accepts its bound when inclusive, rejects it when exclusive,
and is decided correctly by the nearest values on both sides.

The places come from a walk of the spec (spec.use_sites: ``minimum``, ``maximum``,
``exclusiveMinimum``, ``exclusiveMaximum``, ``minLength``, ``maxLength`` on any property,
array item or map value of any object component). Probes, per keyword:

* numbers: the bound as a float and ``math.nextafter`` below and above it; where the bound
  is integral also the integers bound-1, bound, bound+1 (the usual JSON spelling);
* integers: bound-1, bound, bound+1;
* lengths: limit-1, limit, limit+1 characters, in ASCII and in astral characters (JSON
  Schema counts code points; the JSON text carries them as surrogate-pair escapes).

The expected verdict is the keyword's definition (with the place's other bounds); the test
checks that jsonschema agrees, then that the generated type agrees in strict and lax mode,
and that an accepted value is written back exactly (spelling rules in deliberate.py).
"""

from __future__ import annotations

import pytest

from tests.properties.deliberate import MODES
from tests.properties.judge import base_instance, judge
from tests.properties.probes import MAP_KEY, Probe, bound_probes, place
from tests.properties.spec import (
    BOUND_KEYWORDS,
    ITEMS,
    VALUES,
    Site,
    pointer_get,
    schema_at,
    schema_chain,
    use_sites,
)

BOUND_SITES: list[Site] = use_sites(BOUND_KEYWORDS)
BOUND_CASES = [
    pytest.param(site, probe, id=f"{site.id}-{probe.label}")
    for site in BOUND_SITES
    for probe in bound_probes(site, pointer_get(site.schema_pointer))
]


@pytest.mark.parametrize(("site", "probe"), BOUND_CASES)
def test_bound_edges(site: Site, probe: Probe) -> None:
    base = base_instance(site.component, "minimal")
    instance = place(site.component, base, site.location, probe.value)
    path = tuple(0 if s == ITEMS else MAP_KEY if s == VALUES else s for s in site.location)
    node = schema_at(site.component, path)
    assert site.schema_pointer in [n.pointer for n in schema_chain(node.schema, node.pointer)], (
        f"{site.id}: the probe does not reach the schema holding the keyword"
    )
    for mode in MODES:
        verdict = judge(site.component, instance, mode)
        assert verdict.oracle == probe.expected, (
            f"{site.id}: jsonschema says {'valid' if verdict.oracle else 'invalid'} for "
            f"{probe.value!r}, the keyword's definition says otherwise: the probe is wrong"
        )
        assert not verdict.problem, verdict.report()
        assert verdict.typed.ok == probe.expected, verdict.report()
