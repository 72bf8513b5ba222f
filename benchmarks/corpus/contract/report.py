"""CONTRACT.md from the stored results of the contract check (results only, no measuring here)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from . import classify
from .classify import CAUSES
from .earlier import Row

Record = dict[str, Any]


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f} %" if whole else "-"


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({_pct(part, whole)})"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def shape(message: str) -> str:
    """A finding's message with its values left out, so equal kinds group together."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'...'", message)
    text = re.sub(r"b'\.\.\.'|\d+(\.\d+)?", "N", text)
    return text[:220]


def totals(records: Sequence[Record]) -> dict[str, int]:
    """Sums over every checked spec."""
    keys = (
        "methods",
        "called",
        "calls",
        "async_calls",
        "requests",
        "accepted",
        "responses",
        "parsed",
    )
    found = dict.fromkeys(keys, 0)
    for record in records:
        contract = record.get("contract") or {}
        for key in keys:
            found[key] += int(contract.get(key, 0) or 0)
    return found


def line(record: Record) -> str:
    """One progress line for a spec."""
    contract = record.get("contract")
    if not contract:
        return f"not checked: {record.get('generate_error') or record.get('harness_error') or record.get('generate')}"
    if contract.get("error"):
        return f"check failed: {contract['error']}"
    return (f"{contract['called']}/{contract['methods']} methods, {contract['calls']} calls, "
            f"accepted {contract['accepted']}/{contract['requests']}, parsed {contract['parsed']}/{contract['responses']}")  # fmt: skip


def reclassify(records: Sequence[Record]) -> None:
    """Decide every stored finding's cause again with today's rules (facts kept in the finding)."""
    for record in records:
        for finding in (record.get("contract") or {}).get("findings", []):
            facts = {"invalid": [finding["invalid"]] if finding.get("invalid") else [],
                     "response_error": finding.get("response_error", ""),
                     "undefined": finding.get("undefined", ""), "call": finding.get("call", ""),
                     "query": finding.get("query")}  # fmt: skip
            finding["cause"], finding["why"] = classify.classify(
                finding["stage"], finding["message"], facts
            )


def render(
    records: Sequence[Record],
    catalog_names: Sequence[str],
    notes: Sequence[str] = (),
    earlier: Mapping[str, Row] | None = None,
) -> str:
    """The whole report (``notes``: lines said under the header; ``earlier``: rows of committed
    tables, summed with the stored results into a corpus total for the specs not checked here)."""
    reclassify(records)
    checked = [r for r in records if r.get("contract") and not r["contract"].get("error")]
    sums = totals(checked)
    causes: Counter[str] = Counter()
    refused: Counter[str] = Counter()  # refused requests by cause
    for record in checked:
        causes.update(f["cause"] for f in record["contract"].get("findings", []))
        refused.update(
            f["cause"] for f in record["contract"].get("findings", []) if f["stage"] == "request"
        )
    unchecked = [r for r in records if r not in checked]
    commits = sorted({str(r.get("commit")) for r in records})
    dates = sorted(str(r.get("date", "")) for r in records if r.get("date"))
    out = [
        "# Contract check of the corpus",
        "",
        "> Written by `python -m benchmarks.corpus --contract` from the results stored under "
        "`.corpus/contract/` (commit "
        + ", ".join(commits)
        + (f"; {dates[0]} to {dates[-1]}" if dates else "")
        + '). How it is measured: benchmarks/corpus/README.md, section "The contract check".',
        "",
        *[f"- {note}" for note in notes],
        *([""] if notes else []),
        "## Totals",
        "",
        table(
            ["", "value"],
            [
                ["specs checked (generated and called)", f"{len(checked)} of {len(catalog_names)}"],
                ["client methods", sums["methods"]],
                ["methods called", f"{sums['called']} ({_pct(sums['called'], sums['methods'])})"],
                [
                    "calls (draws x media types, sync + async)",
                    f"{sums['calls']} ({sums['async_calls']} async)",
                ],
                ["requests received by the validating server", sums["requests"]],
                [
                    "requests accepted by openapi-core",
                    f"{sums['accepted']} ({_pct(sums['accepted'], sums['requests'])})",
                ],
                [
                    "... leaving out the requests refused for the spec's own inconsistency",
                    _share(sums["accepted"], sums["requests"] - refused[classify.SPEC]),
                ],
                [
                    "... leaving out those and the ones refused for a limitation of openapi-core",
                    _share(
                        sums["accepted"],
                        sums["requests"] - refused[classify.SPEC] - refused[classify.VALIDATOR],
                    ),
                ],
                [
                    "responses parsed in strict mode",
                    f"{sums['parsed']} of {sums['responses']} ({_pct(sums['parsed'], sums['responses'])})",
                ],
                [
                    "requests refused for a bug of our client",
                    f"{refused['ours']} ({_pct(refused['ours'], sums['requests'])})",
                ],
                [
                    "requests refused, by cause",
                    ", ".join(f"{c} {refused[c]}" for c in CAUSES if refused[c]) or "-",
                ],
                *[[f"findings: {cause}", causes[cause]] for cause in CAUSES if causes[cause]],
                [
                    "specs run but not checked (did not generate, or the check failed)",
                    len(unchecked),
                ],
            ],
        ),
        "",
        "Causes: **ours** a bug of our client; **spec** the spec's own inconsistency; **validator** a "
        "limitation of openapi-core; **drawn value** a drawn value that breaks its own schema (a keyword "
        "hypothesis-jsonschema did not honour); **harness** the check itself; **unclassified** not yet "
        "explained, listed as it is.",
        "",
        *(_corpus_total(checked, refused, earlier) if earlier else []),
        "## Per spec",
        "",
        _per_spec(records, catalog_names),
        "",
        "## Findings per spec, with their cause",
        "",
        "Grouped by spec, stage (request: refused by the validator; client: refused or failed before a "
        "request; response: not parsed), cause and message with its values left out; one example call each.",
        "",
        _findings(checked),
        "",
    ]
    missing = [n for n in catalog_names if n not in {r["name"] for r in records}]
    if missing and earlier:
        known = [n for n in missing if n in earlier]
        unknown = [n for n in missing if n not in earlier]
        out += ["## Not run here", "", "With a row in an earlier table (in the corpus total): "
                + (", ".join(known) or "none") + ".", "",
                "In no table: " + (", ".join(unknown) or "none") + ".", ""]  # fmt: skip
    elif missing:
        out += ["## Not run", "", ", ".join(missing), ""]
    return "\n".join(out)


def _corpus_total(
    checked: Sequence[Record], refused: Counter[str], earlier: Mapping[str, Row]
) -> list[str]:
    """The corpus total: these results, and the earlier tables' rows of the specs not in them."""
    here = {str(r["name"]) for r in checked}
    others = [row for name, row in sorted(earlier.items()) if name not in here]
    sums = totals(checked)
    requests = sums["requests"] + sum(r.requests for r in others)
    accepted = sums["accepted"] + sum(r.accepted for r in others)
    parsed = sums["parsed"] + sum(r.parsed for r in others)
    responses = sums["responses"] + sum(r.responses for r in others)
    causes = Counter(refused)
    for row in others:
        causes.update(row.refused)
    spec, validator = causes[classify.SPEC], causes[classify.VALIDATOR]
    sources: dict[str, list[str]] = {}
    for row in others:
        sources.setdefault(row.table, []).append(row.name)
    return [
        "## Corpus total",
        "",
        f"These {len(here)} specs' stored results, and for the other {len(others)} the rows of the "
        "earlier tables as they stand (their counts and causes as decided there; a later table's "
        "row replaces an earlier one's): "
        + "; ".join(f"{t}: {', '.join(names)}" for t, names in sorted(sources.items()))
        + ".",
        "",
        table(
            ["", "value"],
            [
                ["specs", f"{len(here) + len(others)} ({len(here)} here, {len(others)} earlier)"],
                ["requests received by the validating server", requests],
                ["requests accepted by openapi-core", _share(accepted, requests)],
                [
                    "... leaving out the requests refused for the spec's own inconsistency",
                    _share(accepted, requests - spec),
                ],
                [
                    "... leaving out those and the ones refused for a limitation of openapi-core",
                    _share(accepted, requests - spec - validator),
                ],
                ["responses parsed in strict mode", _share(parsed, responses)],
                ["requests refused for a bug of our client", causes[classify.OURS]],
                [
                    "requests refused, by cause",
                    ", ".join(f"{c} {causes[c]}" for c in CAUSES if causes[c]) or "-",
                ],
            ],
        ),
        "",
    ]


def _per_spec(records: Sequence[Record], catalog_names: Sequence[str]) -> str:
    order = {name: i for i, name in enumerate(catalog_names)}
    rows = []
    for record in sorted(records, key=lambda r: order.get(r["name"], len(order))):
        contract = record.get("contract") or {}
        if not contract or contract.get("error"):
            why = (
                contract.get("error")
                or record.get("generate_error")
                or record.get("harness_error")
                or record.get("generate")
            )
            rows.append(
                [record["name"], "-", "-", "-", "-", "-", "-", "-", f"not checked: {why}"[:200]]
            )
            continue
        counts = Counter(f["cause"] for f in contract.get("findings", []))
        rows.append([
            record["name"],
            f"{contract['called']} / {contract['methods']}",
            f"{contract['calls']} ({contract['async_calls']})",
            f"{contract['accepted']} / {contract['requests']} ({_pct(contract['accepted'], contract['requests'])})",
            f"{contract['parsed']} / {contract['responses']} ({_pct(contract['parsed'], contract['responses'])})",
            ", ".join(contract.get("kinds", [])) or "-",
            ", ".join(f"{c} {n}" for c, n in sorted(counts.items())) or "-",
            f"{contract.get('seconds', 0):.0f}",
            contract.get("note", ""),
        ])  # fmt: skip
    return table(["spec", "called / methods", "calls (async)", "accepted / requests", "parsed / responses",
                  "body kinds", "findings by cause", "s", "note"], rows)  # fmt: skip


def _findings(records: Sequence[Record]) -> str:
    rows = []
    for record in records:
        groups: dict[tuple[str, str, str, str], list[dict[str, str]]] = {}
        for finding in record["contract"].get("findings", []):
            key = (finding["stage"], finding["cause"], finding["why"], shape(finding["message"]))
            groups.setdefault(key, []).append(finding)
        for (stage, cause, why, _), found in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            example = found[0]
            rows.append([record["name"], stage, cause, len(found), why or "-",
                         f"{example['call'] or example['method']}: {example['message'][:220]}"])  # fmt: skip
    if not rows:
        return "None."
    return table(["spec", "stage", "cause", "calls", "why", "example (call: message)"], rows)
