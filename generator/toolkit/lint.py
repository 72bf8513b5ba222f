"""Run the lint rules (``lint_rules``) over a loaded spec and collect the findings.

Which rules run: ``select`` (rule ids or id prefixes such as ``unsupported``)
or, by default, every rule, the house rules only on a spec that uses
``x-sdk-*``; then ``ignore`` (ids or prefixes) takes rules away.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from generator.errors import GeneratorError, Problem, error
from generator.toolkit.lint_rules import RULES, LintContext, Rule
from generator.toolkit.spec import LoadedSpec


def _matches(rule: Rule, names: Iterable[str]) -> bool:
    return any(rule.id == name or rule.id.startswith(name + "-") for name in names)


def check_names(names: Sequence[str], flag: str) -> None:
    """Refuse a name that matches no rule (a usage error naming it)."""
    unknown = [n for n in names if not any(_matches(r, [n]) for r in RULES)]
    if unknown:
        known = ", ".join(r.id for r in RULES)
        raise GeneratorError(
            [
                error(
                    "usage",
                    f"{flag}: no lint rule {', '.join(map(repr, unknown))} (rules: {known})",
                )
            ]
        )


def chosen(ctx: LintContext, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> list[Rule]:
    """The rules to run on ``ctx``'s spec for these ``--select`` / ``--ignore`` names."""
    if select:
        rules = [r for r in RULES if _matches(r, select)]
    else:
        rules = [r for r in RULES if not r.house or ctx.uses_sdk_extensions]
    return [r for r in rules if not _matches(r, ignore)]


def lint(
    spec: LoadedSpec,
    rules: Iterable[Rule] | None = None,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> list[Problem]:
    """Every finding of ``rules`` (default: :func:`chosen`), rule by rule, each in document order."""
    ctx = LintContext(spec.doc, spec.data)
    findings: list[Problem] = []
    for rule in chosen(ctx, select, ignore) if rules is None else rules:
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
