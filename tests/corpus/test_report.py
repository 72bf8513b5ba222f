"""The corpus report: totals, ratios, failure groups and the markdown table, from made-up results."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks.corpus import measure, report


def _result(
    name: str, *, ours: dict[str, Any], dmc: dict[str, Any], **extra: Any
) -> measure.SpecResult:
    fields: dict[str, Any] = {
        "name": name,
        "why": f"why {name}",
        "version": "3.0.0",
        "size_mb": 0.5,
        "operations": 4,
        "schemas": 3,
        "constructs": [],
        "ours": measure.Run(**ours),
        "dmc": measure.Run(**dmc),
        "opc": measure.Run(status="ok", exit_code=0, wall=1.0, peak_mib=50, methods=4, types=3),
    }
    fields.update(extra)
    return measure.SpecResult(**fields)


def _ok(wall: float, **extra: Any) -> dict[str, Any]:
    return {"status": "ok", "exit_code": 0, "wall": wall, "peak_mib": 80.0, **extra}


def _failed(code: str, line: str, *kinds: str) -> dict[str, Any]:
    return {"status": "failed", "exit_code": 1, "wall": 0.5, "peak_mib": 40.0, "error_code": code,
            "first_errors": [line], "error_lines": 1, "error_kinds": list(kinds)}  # fmt: skip


RESULTS = [
    _result("a", ours=_ok(2.0, methods=4, types=3), dmc=_ok(1.0), import_status="ok", import_seconds=0.2, lost_operations=0, lost_schemas=[]),
    _result("b", ours=_ok(3.0, methods=3, types=3), dmc=_ok(3.0), import_status="failed: ImportError", lost_operations=1, lost_schemas=[]),
    _result("c", ours=_ok(1.0, methods=4, types=3), dmc=_ok(4.0), import_status="ok", lost_operations=0, lost_schemas=[]),
    _result("d", ours=_failed("unsupported", "d.json:1:2 at #/paths/~1x: error [unsupported] media types ['text/plain'] are not supported", "k1", "k2"), dmc=_ok(1.0)),
    _result("e", ours=_failed("unsupported", "e.json:9 at #/x: error [unsupported] media types ['*/*', 'image/png'] are not supported", "k2"), dmc=_failed("", "boom")),
    _result("f", ours={"status": "timeout", "exit_code": -9, "wall": 300.0, "error_code": "timeout"}, dmc=_ok(2.0)),
    _result("github", ours=_failed("invalid-spec", "g.json: error [invalid-spec] bad 3"), dmc=_ok(30.0)),
]  # fmt: skip


def test_totals_count_each_tool_and_take_the_median_ratio_where_both_generated() -> None:
    t = report.totals(RESULTS)
    assert (t.specs, t.ours_ok, t.ours_imports, t.ours_complete, t.dmc_ok, t.opc_ok) == (
        7,
        3,
        2,
        2,
        6,
        7,
    )
    assert t.ratios == 3  # a, b, c: 2.0, 1.0, 0.25
    assert t.median_ratio == pytest.approx(1.0)
    assert t.above_limit == ["a"]


def test_the_lost_column_names_lost_operations_and_schemas_or_says_none() -> None:
    assert report.lost(RESULTS[0]) == "none"
    assert report.lost(RESULTS[1]) == "1 ops"
    assert report.lost(RESULTS[3]) == "-"  # did not generate: nothing to count
    some = _result("s", ours=_ok(1.0), dmc=_ok(1.0), lost_operations=0,
                   lost_schemas=["A", "B", "C", "D"])  # fmt: skip
    assert report.lost(some) == "4 schemas (A, B, C, ...)"
    assert "| lost |" in report.table(report.HEADERS, [report.row(RESULTS[0])])


def test_no_ratio_without_both_tools_generating() -> None:
    assert report.ratio(RESULTS[3]) is None
    assert report.ratio(RESULTS[0]) == pytest.approx(2.0)
    assert report.totals(RESULTS[3:5]).median_ratio is None


def test_failures_grouped_by_code_largest_first() -> None:
    assert report.failures_by_code(RESULTS) == [
        ("unsupported", ["d", "e"]),
        ("invalid-spec", ["github"]),
        ("timeout", ["f"]),
    ]


def test_error_kind_drops_place_and_values() -> None:
    assert report.failures_by_kind(RESULTS) == [
        ("media types [...] are not supported", ["d", "e"]),
        ("bad N", ["github"]),
    ]


def test_blockers_count_the_specs_each_kind_of_error_appears_in() -> None:
    assert report.blockers(RESULTS) == [("k2", 2), ("k1", 1)]


def _table_rows(markdown: str, header_first_cell: str) -> list[list[str]]:
    """The rows of the markdown table whose header starts with ``header_first_cell``."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header_first_cell} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_table_escapes_pipes_and_flattens_newlines() -> None:
    text = report.table(["a", "b"], [["x|y", "1\n2"]])
    assert text.splitlines() == ["| a | b |", "|---|---|", "| x\\|y | 1 2 |"]


def test_rendered_report_has_one_row_per_spec_with_the_measured_values() -> None:
    meta = report.Meta(command="python -m benchmarks.corpus", date="2026-01-01", versions={"ruff": "1"},
                       selected=[r.name for r in RESULTS])  # fmt: skip
    text = report.render(RESULTS, meta)
    assert "Partial run" not in text
    rows = _table_rows(text.split("## Per spec", 1)[1], "spec")
    assert [r[0] for r in rows] == ["a", "b", "c", "d", "e", "f", "github"]
    assert all(len(r) == len(report.HEADERS) for r in rows)
    by_name = {r[0]: dict(zip(report.HEADERS, r, strict=True)) for r in rows}
    assert by_name["a"]["ours"] == "ok"
    assert by_name["a"]["ours/dmc"] == "2.00x"
    assert by_name["a"]["methods / types"] == "4 / 3"
    assert by_name["a"]["import"] == "ok 0.20 s"
    assert by_name["d"]["ours"] == "exit 1 [unsupported]"
    assert by_name["f"]["ours"] == "timeout"
    assert by_name["e"]["dmc"] == "exit 1"
    github = text.split("## GitHub's spec", 1)[1].split("##", 1)[0]
    assert "| github |" in github
    assert "g.json: error [invalid-spec] bad 3" in github


def test_a_run_that_did_not_measure_every_selected_spec_says_so() -> None:
    meta = report.Meta(command="c", date="d", versions={}, selected=["a", "b", "zz"])
    text = report.render(RESULTS[:2], meta)
    assert "**Partial run: 2 of 3 selected specs measured.** Not measured: zz." in text
    assert "Not measured in this run." in text  # no GitHub row


def test_results_round_trip_through_json() -> None:
    assert [measure.from_json(r.to_json()) for r in RESULTS] == RESULTS


def test_redact_makes_repository_paths_relative_and_hides_other_absolute_paths() -> None:
    line = (
        "/srv/repo/.venv/bin/python -m generator x /var/tmp/abc/def/spec.json "
        'File "/home/user/lib/python/x.py" at #/paths/~1tmp~1x/get and a/b/c'
    )
    assert report.redact(line, "/srv/repo") == (
        ".venv/bin/python -m generator x .../spec.json "
        'File ".../x.py" at #/paths/~1tmp~1x/get and a/b/c'
    )


def test_github_targets_from_its_row() -> None:
    fast = _result("github", ours=_ok(20.0, methods=4, types=3, peak_mib=300.0), dmc=_ok(30.0),
                   import_status="ok", import_seconds=1.5)  # fmt: skip
    assert [r[2] for r in report.github_targets(fast)] == ["met", "met", "met", "missed"]
    lazy = _result("github", ours=_ok(20.0, methods=4, types=3, peak_mib=300.0), dmc=_ok(30.0),
                   import_status="ok", import_seconds=0.01, first_use_seconds=1.2)  # fmt: skip
    assert report.github_targets(lazy)[3][1:] == ["1.20 s", "missed"]  # the first use counts
    assert report.row(lazy)[report.HEADERS.index("import")] == "ok 0.01 / 1.20 s"
    assert report.github_targets(fast)[2][1] == "315 MB"  # 300 MiB
    failed = RESULTS[-1]
    assert [r[2] for r in report.github_targets(failed)] == [
        "missed",
        "not measured",
        "not measured",
        "not measured",
    ]
