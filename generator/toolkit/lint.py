"""Run the house rules (``lint_rules``) over a loaded spec and collect the findings."""

from __future__ import annotations

from collections.abc import Iterable

from generator.errors import Problem
from generator.toolkit.lint_rules import RULES, LintContext, Rule
from generator.toolkit.spec import LoadedSpec


def lint(spec: LoadedSpec, rules: Iterable[Rule] = RULES) -> list[Problem]:
    """Every finding of ``rules``, rule by rule, each rule's in document order."""
    ctx = LintContext(spec.doc, spec.data)
    findings: list[Problem] = []
    for rule in rules:
        found = [
            Problem(
                rule.severity, rule.id, message, spec.doc.locate(spec.doc.root, pointer), rule.hint
            )
            for pointer, message in rule.check(ctx)
        ]
        findings += sorted(found, key=_place)
    return findings


def _place(problem: Problem) -> tuple[int, str]:
    where = problem.location
    return (where.line or 0, where.pointer) if where else (0, "")
