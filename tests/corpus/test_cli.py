"""The corpus command line refuses unknown specs with one line, before fetching anything."""

from __future__ import annotations

import pytest

from benchmarks.corpus.__main__ import main


def test_unknown_spec_is_a_usage_error_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--only", "no-such-spec", "xkcd"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: not in specs.toml: no-such-spec"]
