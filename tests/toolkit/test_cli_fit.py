"""The command line in a build pipeline: ``[tool.scenario-codegen]`` configuration, the console
script, subcommand usage on a bad flag, and ``--format github`` workflow annotations."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest

from generator.cli import main
from tests.toolkit.conftest import HERE, REPO, Cli

LINT = HERE / "cases" / "lint"
DIFF = HERE / "cases" / "diff"
ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.+)$"
)


def _project(tmp_path: Path, table: str) -> Path:
    api = tmp_path / "api"
    api.mkdir()
    shutil.copy(LINT / "house-rules-off" / "spec.yaml", api / "spec.yaml")
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "x"\n\n[tool.scenario-codegen]\n{table}\n', encoding="utf-8"
    )
    return tmp_path


def test_configuration_gives_spec_and_lint_rules(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = 'spec = "api/spec.yaml"\n\n[tool.scenario-codegen.lint]\nselect = ["sdk-name"]'
    monkeypatch.chdir(_project(tmp_path, table) / "api")  # found from a subfolder too
    report = cli("lint", "--format", "json").json()
    assert report["spec"] == "spec.yaml"
    assert [f["rule"] for f in report["findings"]] == ["sdk-name"] * 3
    flagged = cli("lint", "--format", "json", "--select", "inline-object").json()
    assert {f["rule"] for f in flagged["findings"]} == {"inline-object"}


def test_configured_out_and_package_make_a_bare_generate_work(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = 'spec = "api/spec.yaml"\nout = "client"\npackage = "petstore_sdk"'
    monkeypatch.chdir(_project(tmp_path, table))
    result = cli("generate")
    assert result.code == 0, result.err
    assert (tmp_path / "client" / "petstore_sdk" / "__init__.py").is_file()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('spek = "x.yaml"', "[tool.scenario-codegen] spek: unknown key"),
        ("spec = 3", "[tool.scenario-codegen] spec: must be a string"),
        ('[tool.scenario-codegen.lint]\nselect = "all"', "lint.select: must be a list of rule ids"),
    ],
)
def test_a_bad_configuration_is_a_usage_error_naming_the_key(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, message: str
) -> None:
    monkeypatch.chdir(_project(tmp_path, table))
    result = cli("lint")
    assert result.code == 2
    assert message in result.err
    assert "pyproject.toml" in result.err


def test_console_script_is_declared() -> None:
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    module, _, function = scripts["scripts"]["scenario-codegen"].partition(":")
    imported = __import__(module, fromlist=[function])
    assert callable(getattr(imported, function))


def test_a_bad_flag_shows_the_subcommands_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["lint", "--bogus"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: ")
    assert " lint " in err.splitlines()[0]
    assert "unrecognized arguments: --bogus" in err


def _names_key(path: Path, line: int, key: str) -> bool:
    """Whether the 1-based ``line`` of ``path`` (the value) or the one above it holds ``key``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return any(lines[n - 1].strip().startswith(key) for n in (line, line - 1) if n >= 1)


def _check_annotations(out: str) -> list[tuple[str, ...]]:
    rows = []
    for line in out.splitlines():
        match = ANNOTATION.match(line)
        assert match, line
        rows.append(match.groups())
    return rows


def test_lint_github_annotations_point_at_the_spec_line(cli: Cli) -> None:
    spec = LINT / "unsupported-body" / "spec.yaml"
    result = cli("lint", "--spec", spec, "--format", "github")
    ((command, file, line, _col, title, message),) = _check_annotations(result.out)
    assert (command, title) == ("error", "unsupported-body")
    assert Path(file) == spec
    assert _names_key(spec, int(line), "headers:")
    assert "X-Rate-Limit" in message
    assert result.code == 1


def test_diff_github_annotations_by_level(cli: Cli) -> None:
    folder = DIFF / "security-removed"
    result = cli("diff", folder / "old.yaml", folder / "new.yaml", "--format", "github")
    rows = _check_annotations(result.out)
    assert sorted((r[0], r[4]) for r in rows) == [
        ("error", "security-removed (breaking)"),
        ("notice", "security-added (info)"),
    ]
    assert all(Path(r[1]) == folder / "new.yaml" for r in rows)
    assert all(_names_key(folder / "new.yaml", int(r[2]), "security:") for r in rows)


def test_github_annotations_for_a_spec_that_does_not_validate(cli: Cli, tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n", encoding="utf-8")
    result = cli("lint", "--spec", spec, "--format", "github")
    assert result.code == 1
    rows = _check_annotations_loose(result.out)
    assert rows
    assert all(r.startswith("::error file=bad.yaml") for r in rows)


def test_check_github_annotations_name_each_stale_file(cli: Cli, tmp_path: Path) -> None:
    spec = LINT / "house-rules-off" / "spec.yaml"
    out = tmp_path / "out"
    assert cli("generate", "--spec", spec, "--out", out).code == 0
    readme = out / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nedited\n", encoding="utf-8")
    result = cli("check", "--spec", spec, "--out", out, "--format", "github")
    assert result.code == 1
    assert result.out.splitlines() == [
        f"::error file={readme},title=stale generated code::would change: run `make generate` "
        f"(python -m generator generate --spec {spec} --out {out} --package scenario_sdk)"
    ]


def _check_annotations_loose(out: str) -> list[str]:
    lines = out.splitlines()
    assert all(re.match(r"^::(error|warning|notice) [^:]*::.+$", line) for line in lines), lines
    return lines
