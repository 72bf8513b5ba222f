"""Ask the generated types, ask jsonschema, and decide whether they agree.

``judge(name, instance, mode)`` is the one comparison every property test makes:

1. jsonschema's verdict on ``instance`` (the oracle, spec.py);
2. the generated type's verdict in ``mode`` and, when it accepts, what it writes back;
3. the deliberate differences (deliberate.py) that apply in ``mode``, as rewrites of the
   instance: the type's verdict must equal jsonschema's verdict on the instance *as the
   type reads it*, and what it writes back must be exactly the instance *as the type writes
   it*. With no difference applying, that is: same verdict, and a byte-for-byte JSON
   round trip.

A disagreement that no listed difference explains is a ``problem``.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from tests.properties.deliberate import DELIBERATE, KNOWN_GAPS, MODES, Difference, Mode, Rule
from tests.properties.probes import maximal, minimal
from tests.properties.spec import (
    Node,
    child,
    component_pointer,
    components,
    json_identical,
    oracle_errors,
    oracle_valid,
    pointer_get,
)

TYPES_MODULE = "scenario_sdk.types"


def types_module() -> Any:
    return importlib.import_module(TYPES_MODULE)


def generated(name: str) -> Any:
    """The generated type named like component ``name`` (a class or a type alias)."""
    found = getattr(types_module(), name, None)
    assert found is not None, f"{TYPES_MODULE} has no type for component {name!r}"
    return found


@functools.cache
def _adapter(name: str) -> TypeAdapter[Any]:
    return TypeAdapter(generated(name))


@dataclass(frozen=True)
class Reading:
    ok: bool
    written: Any = None
    error: str = ""


def typed_read(name: str, instance: Any, mode: Mode) -> Reading:
    """Validate with the generated type; on success, dump it back to JSON-ready data."""
    target = generated(name)
    try:
        if isinstance(target, type) and issubclass(target, BaseModel):
            if mode == "strict":
                model = target.model_validate_json(json.dumps(instance), strict=True)
            else:
                model = target.model_validate(instance)
            written = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
        else:
            adapter = _adapter(name)
            if mode == "strict":
                value = adapter.validate_json(json.dumps(instance), strict=True)
            else:
                value = adapter.validate_python(instance)
            written = adapter.dump_python(value, mode="json")
    except ValidationError as exc:
        errors = [f"{'/'.join(map(str, e['loc']))}: {e['type']}" for e in exc.errors()]
        return Reading(False, error="; ".join(errors[:6]))
    return Reading(True, written)


def rewrite(name: str, instance: Any, rules: Iterable[tuple[str, Rule]]) -> tuple[Any, set[str]]:
    """``instance`` with each rule applied at every place (pre-order), and the rules that fired."""
    rules = tuple(rules)
    used: set[str] = set()

    def walk(value: Any, node: Node) -> Any:
        if not node.pointer:
            return value  # a place the spec says nothing about: no rule can apply
        for rule_name, rule in _rules_at(node.pointer, rules):
            new = rule.apply(value, node)
            if new is not value and not json_identical(new, value):
                used.add(rule_name)
                value = new
        if isinstance(value, dict):
            return {k: walk(v, child(node.schema, node.pointer, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, child(node.schema, node.pointer, i)) for i, v in enumerate(value)]
        return value

    if not rules:
        return instance, used
    return walk(instance, Node(components()[name], component_pointer(name))), used


@functools.cache
def _rules_at(pointer: str, rules: tuple[tuple[str, Rule], ...]) -> tuple[tuple[str, Rule], ...]:
    node = Node(pointer_get(pointer), pointer)
    return tuple((n, r) for n, r in rules if r.at(node))


@dataclass
class Judgement:
    name: str
    mode: Mode
    instance: Any
    oracle: bool
    typed: Reading
    used: set[str] = field(default_factory=set)
    problem: str | None = None

    def report(self) -> str:
        text = json.dumps(self.instance, ensure_ascii=False)
        if len(text) > 1500:
            text = text[:1500] + "..."
        lines = [
            f"{self.name} ({self.mode} mode): {self.problem}",
            f"  jsonschema: {'valid' if self.oracle else 'invalid'}"
            + ("" if self.oracle else f" {oracle_errors(self.name, self.instance)[:4]}"),
            f"  generated type: {'accepts' if self.typed.ok else 'rejects'} {self.typed.error}",
            f"  deliberate differences that applied: {sorted(self.used) or 'none'}",
            f"  instance: {text}",
        ]
        return "\n".join(lines)


def judge(
    name: str,
    instance: Any,
    mode: Mode,
    *,
    differences: Iterable[Difference] = DELIBERATE,
) -> Judgement:
    entries = [d for d in differences if mode in d.modes]
    oracle = oracle_valid(name, instance)
    typed = typed_read(name, instance, mode)
    result = Judgement(name, mode, instance, oracle, typed)
    if typed.ok != oracle:
        # a disagreement: the differences must explain it, i.e. jsonschema must judge the
        # instance as the type reads it the way the type does
        rules = [(d.name, d.reads) for d in entries if d.reads]
        read_as, result.used = rewrite(name, instance, rules)
        as_read = oracle_valid(name, read_as) if result.used else oracle
        if typed.ok != as_read:
            how = "accepts" if typed.ok else "rejects"
            result.problem = (
                f"the generated type {how} what jsonschema finds "
                f"{'valid' if oracle else 'invalid'}"
                + (f" (and {'valid' if as_read else 'invalid'} as read)" if result.used else "")
            )
            return result
    if typed.ok:
        rules = [(d.name, d.writes) for d in entries if d.writes]
        expected, written_by = rewrite(name, instance, rules)
        result.used |= written_by
        if not json_identical(typed.written, expected):
            result.problem = "written back differently: " + first_difference(
                expected, typed.written
            )
    return result


def first_difference(expected: Any, actual: Any, path: str = "") -> str:
    """Where two decoded JSON values first differ (spelling of numbers included)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in expected.keys() | actual.keys():
            if key not in actual:
                return f"{path}/{key}: missing (expected {expected[key]!r})"
            if key not in expected:
                return f"{path}/{key}: unexpected {actual[key]!r}"
            if not json_identical(expected[key], actual[key]):
                return first_difference(expected[key], actual[key], f"{path}/{key}")
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            if not json_identical(e, a):
                return first_difference(e, a, f"{path}/{i}")
    return f"{path or '/'}: expected {expected!r}, got {actual!r}"


def gap_at(node: Node, value: Any, gaps: Iterable[Difference] = KNOWN_GAPS) -> str | None:
    """The known gap that putting ``value`` at a place governed by ``node`` runs into."""
    for gap in gaps:
        rule = gap.reads
        if (
            rule
            and node.pointer
            and rule.at(node)
            and not json_identical(rule.apply(value, node), value)
        ):
            return gap.name
    return None


@functools.cache
def _accepted_base(name: str, shape: str) -> Any:
    instance = maximal(name) if shape == "maximal" else minimal(name)
    for mode in MODES:
        verdict = judge(name, instance, mode)
        accepted = verdict.oracle and verdict.typed.ok and not verdict.problem
        assert accepted, (
            f"the {shape} instance of {name}, the base of the probes, must be accepted by "
            f"jsonschema and the generated type:\n{verdict.report()}"
        )
    return instance


def base_instance(name: str, shape: str) -> Any:
    """A minimal or full valid instance, checked to be accepted by both sides, so that a
    probe rejected "as expected" is not rejected for something else. Do not modify it."""
    return _accepted_base(name, shape)


def assert_agree(name: str, instance: Any, modes: Iterable[Mode], **kwargs: Any) -> None:
    """Fail with every mode's report unless the type and jsonschema agree in all ``modes``."""
    reports = [judge(name, instance, m, **kwargs) for m in modes]
    problems = [r.report() for r in reports if r.problem]
    assert not problems, "\n\n".join(problems)
