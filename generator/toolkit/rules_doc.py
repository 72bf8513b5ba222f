"""docs/rules.md: the rule tables of ``diff`` and ``lint``, rendered from their rule lists.

``python -m generator.toolkit.rules_doc`` rewrites the file; a test fails when
it is out of step with ``diff_model.RULES`` / ``LEVELS`` or ``lint_rules.RULES``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.toolkit.diff_model import LEVELS, RULES
from generator.toolkit.lint_rules import RULES as LINT_RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"

_INTRO = """\
# Rules of `diff` and `lint`

Generated from `generator/toolkit/diff_model.py` and `generator/toolkit/lint_rules.py`
by `python -m generator.toolkit.rules_doc`; do not edit by hand.

## diff

A change is *breaking* when a client written against the old spec can fail
against the new one. Schema rules are judged by the side the schema is on:
in what a client sends (a request; a webhook's answer) a tighter schema
breaks, in what it reads (a response; a webhook's payload) a looser one does;
in an error (non-2xx) body or a component no operation uses they are `info`.
Each rule has a case folder of its name under `tests/toolkit/cases/diff/`,
and every level listed is shown by one of the case folders.

| id | level | what it catches |
|---|---|---|
"""

_LINT = """
## lint

House rules run by default only on a spec that uses `x-sdk-*` extensions;
`--select` runs them anywhere. Each rule has a case folder of its name under
`tests/toolkit/cases/lint/`.

| id | severity | house | what it catches | fix |
|---|---|---|---|---|
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    """The whole document."""
    rows = [
        f"| `{rule}` | {' / '.join(LEVELS.get(rule, ()))} | {_cell(what)} |\n"
        for rule, what in RULES.items()
    ]
    lint_rows = [
        f"| `{r.id}` | {r.severity.name.lower()} | {'yes' if r.house else ''} | {_cell(r.summary)} "
        f"| {_cell(r.hint)} |\n"
        for r in LINT_RULES
    ]
    return _INTRO + "".join(rows) + _LINT + "".join(lint_rows)


def main() -> int:
    """Rewrite docs/rules.md."""
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(render(), encoding="utf-8")
    sys.stderr.write(f"wrote {DOC.name}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
