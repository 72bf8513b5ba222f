"""Enums: every member accepted, every near miss rejected, at every place an enum applies.

The places come from a walk of the spec (spec.use_sites): each property, array item or map
value of each object component whose schema (through its ``$ref``) has an ``enum``, plus
every enum component on its own (its ``TypeAliasType``). Members and near misses (case
variants, a trailing space, a typographic hyphen, a member of another enum, ``true`` for
``1``...) are sent inside an otherwise minimal valid instance; jsonschema must agree that a
member is valid and a near miss is not, and the generated type must agree with jsonschema
in strict and lax mode (deliberate.py lists the accepted exceptions, such as null read as
"absent"). Near misses that hit a known gap are separate strict-xfail cases.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.properties.deliberate import MODES
from tests.properties.judge import base_instance, gap_at, judge
from tests.properties.probes import (
    enum_near_misses,
    integer_member_spellings,
    is_member,
    place,
)
from tests.properties.spec import (
    ENUM_KEYWORDS,
    Node,
    Site,
    component_pointer,
    components,
    enum_components,
    pointer_get,
    use_sites,
)


def standalone_sites() -> list[Site]:
    return [
        Site(
            name,
            (),
            "enum",
            components()[name]["enum"],
            f"{component_pointer(name)}/enum",
            component_pointer(name),
        )
        for name in enum_components()
    ]


ENUM_SITES: list[Site] = use_sites(ENUM_KEYWORDS) + standalone_sites()


def instance_with(site: Site, value: Any) -> Any:
    if not site.location:
        return value
    return place(site.component, base_instance(site.component, "minimal"), site.location, value)


def gap_hit(site: Site, value: Any) -> str | None:
    """The known gap a value runs into at a site, if any.

    None for a component on its own: a type alias used as a type checks the
    schema table in every mode (``_strict_models``), which closes the gaps.
    """
    if not site.location:
        return None
    return gap_at(Node(pointer_get(site.schema_pointer), site.schema_pointer), value)


def _cases() -> tuple[list[Any], list[Any]]:
    members, misses = [], []
    for site in ENUM_SITES:
        members.append(pytest.param(site, id=site.id))
        plain = [v for v in enum_near_misses(site.value) if gap_hit(site, v) is None]
        misses.append(pytest.param(site, plain, id=site.id))
        for value in enum_near_misses(site.value):
            gap = gap_hit(site, value)
            if gap is not None:
                misses.append(
                    pytest.param(
                        site,
                        [value],
                        id=f"{site.id}-gap-{value!r}",
                        marks=pytest.mark.xfail(strict=True, reason=f"known gap: {gap}"),
                    )
                )
    return members, misses


MEMBER_CASES, NEAR_MISS_CASES = _cases()


@pytest.mark.parametrize("site", MEMBER_CASES)
def test_every_member_is_accepted(site: Site) -> None:
    values = list(site.value) + integer_member_spellings(site.value)
    problems = []
    for value in values:
        instance = instance_with(site, value)
        for mode in MODES:
            verdict = judge(site.component, instance, mode)
            if not verdict.oracle:
                problems.append(f"jsonschema rejects member {value!r}: the probe is wrong")
            elif verdict.problem or not verdict.typed.ok:
                problems.append(verdict.report())
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize(("site", "values"), NEAR_MISS_CASES)
def test_near_misses_are_rejected(site: Site, values: list[Any]) -> None:
    assert values, f"{site.id}: no near misses to send"
    problems = []
    for value in values:
        assert not is_member(site.value, value)
        instance = instance_with(site, value)
        for mode in MODES:
            verdict = judge(site.component, instance, mode)
            if verdict.oracle:
                problems.append(f"jsonschema accepts near miss {value!r}: the probe is wrong")
            elif verdict.problem or verdict.typed.ok:
                problems.append(verdict.report())
    assert not problems, "\n\n".join(problems)
