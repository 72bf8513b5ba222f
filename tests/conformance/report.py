"""Measure the suite's agreement and write the figures by keyword.

    python -m tests.conformance.report          # writes tests/conformance/RESULTS.md
    python -m tests.conformance.report --gaps   # also rewrites known_gaps.txt

``make conformance`` runs the first form. The known-gaps ledger lists the
in-scope tests that still disagree (one ``ID PATH`` line each, PATH being
``validate`` or ``model``); the conformance test treats each as a strict
xfail, so a fixed test fails until it leaves the ledger.
"""

from __future__ import annotations

import argparse
import collections
import tempfile
from pathlib import Path

from tests.conformance import suite

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
GAPS = HERE / "known_gaps.txt"


def gaps_of(outcomes: list[suite.Outcome]) -> list[str]:
    """``ID PATH`` lines of the in-scope tests that disagree."""
    lines = []
    for o in outcomes:
        if o.group.out_of_scope:
            continue
        for path, ok in zip(("validate", "model"), o.agrees, strict=True):
            if not ok:
                lines.append(f"{o.case.id} {path}")
    return lines


def table(outcomes: list[suite.Outcome], refused: dict[str, str]) -> str:
    """The Markdown figures: per file, in-scope tests and how many each path gets right."""
    rows: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for o in outcomes:
        row = rows[o.case.file]
        if o.group.out_of_scope:
            row["out"] += 1
            continue
        row["tests"] += 1
        row["validate"] += o.agrees[0]
        row["model"] += o.agrees[1]
        row["refused"] += bool(o.refused)
    total: collections.Counter[str] = collections.Counter()
    lines = [
        f"# JSON-Schema-Test-Suite ({suite.DIALECT}, from jsonschema {suite.version()})",
        "",
        "Written by `make conformance` (`python -m tests.conformance.report`). In-scope",
        "tests per suite file; how many `validate()` and the strict model",
        "(`Model.model_validate(instance, strict=True)`) judge as the suite does; tests",
        "of groups the generator refused; tests of the out-of-scope groups",
        "(`OUT_OF_SCOPE` in suite.py, with reasons).",
        "",
        "| keyword | tests | validate() | strict model | refused | out of scope |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in suite.FILES:
        row = rows[name]
        total.update(row)
        lines.append(
            f"| {name} | {row['tests']} | {row['validate']} | {row['model']} "
            f"| {row['refused']} | {row['out']} |"
        )
    pct = {k: 100 * total[k] / max(total["tests"], 1) for k in ("validate", "model")}
    lines.append(
        f"| **all** | **{total['tests']}** | **{total['validate']}** ({pct['validate']:.1f}%) "
        f"| **{total['model']}** ({pct['model']:.1f}%) | {total['refused']} | {total['out']} |"
    )
    lines += ["", "Groups the generator refused (its message):", ""]
    lines += [f"- `{gid}`: {msg}" for gid, msg in sorted(refused.items())] or ["- none"]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Run the suite and write the figures (and, with --gaps, the ledger)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gaps", action="store_true", help="rewrite known_gaps.txt too")
    args = parser.parse_args()
    groups = suite.load(suite.fetch())
    with tempfile.TemporaryDirectory() as work:
        generated, outcomes = suite.run(groups, Path(work))
    if generated.failure:
        print(f"generation failed: {generated.failure}")
        return 1
    text = table(outcomes, generated.refused)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    if args.gaps:
        gaps = gaps_of(outcomes)
        GAPS.write_text("".join(line + "\n" for line in gaps), encoding="utf-8")
        print(f"{len(gaps)} known gaps written to {GAPS.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
