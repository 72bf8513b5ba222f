"""``--skip-unsupported`` and ``x-sdk-ignore``: the rest is generated, and what was left out is said.

The case spec (``cases/skip``) has one operation with multipart encoding headers, two that
need only an http digest scheme, one marked ``x-sdk-ignore: true``, one that
offers mutual TLS or a bearer token, and one plain bearer operation. The
expected pointers are read off the spec by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.generator.helpers import CASES, PROBLEM_LINE, load_json, run_cli, run_python

SPEC = CASES / "skip" / "spec.yaml"
ERRORS = [
    "#/components/securitySchemes/digest",
    "#/components/securitySchemes/mtls",
    "#/paths/~1files/post/requestBody/content/multipart~1form-data/encoding/name/headers",
]
SKIPPED = [
    *ERRORS,
    "#/paths/~1legacy/get/security",
    "#/paths/~1legacy/put/security",
    "#/paths/~1internal/get/x-sdk-ignore",
]
METHODS = r"""
import mixed_sdk
client = mixed_sdk.Mixed(api_key="k")
print(json.dumps(sorted(m for m in dir(client.files) if not m.startswith("_"))))
"""


def _lines(err: str, severity: str) -> list[str]:
    """The pointers of the problem lines of ``severity`` in ``err`` (every line must parse)."""
    parsed = [PROBLEM_LINE.match(line) for line in err.splitlines() if " [" in line]
    assert all(parsed), err
    return [m["pointer"] for m in parsed if m and m["severity"] == severity]


def test_without_the_flag_each_unsupported_construct_is_one_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run = run_cli(
        capsys, "generate", "--spec", SPEC, "--out", tmp_path / "out", "--package", "mixed_sdk"
    )
    assert run.code == 1
    assert sorted(_lines(run.err, "error")) == sorted(ERRORS)  # a scheme once, not per operation
    assert not (tmp_path / "out").exists()


def test_the_rest_is_generated_and_every_left_out_construct_printed_and_recorded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ("--spec", SPEC, "--out", out, "--package", "mixed_sdk")
    run = run_cli(capsys, "generate", *args, "--skip-unsupported")
    assert run.code == 0, run.err
    assert sorted(_lines(run.err, "info")) == sorted(SKIPPED)
    assert _lines(run.err, "error") == []
    manifest = load_json(out / ".generator-manifest.json")
    assert sorted("#" + entry["pointer"] for entry in manifest["skipped"]) == sorted(SKIPPED)
    assert all(entry["reason"] for entry in manifest["skipped"])
    methods = run_python(METHODS, cwd=tmp_path, path=[out])
    assert [m for m in methods if not m.startswith("with_")] == ["either_way", "list_files"]

    checked = run_cli(capsys, "check", *args, "--skip-unsupported")
    assert checked.code == 0, checked.err
    assert sorted(_lines(checked.err, "info")) == sorted(SKIPPED)
    # Without the flag the same output is not "up to date": the spec still cannot be generated.
    again = run_cli(capsys, "generate", *args)
    assert again.code == 1
    assert sorted(_lines(again.err, "error")) == sorted(ERRORS)


def test_x_sdk_ignore_alone_needs_no_flag(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: Mixed, version: '1'}\n"
        "paths:\n"
        "  /a:\n"
        "    get: {operationId: kept, tags: [files], responses: {'200': {description: ok}}}\n"
        "  /b:\n"
        "    get: {operationId: hidden, tags: [files], x-sdk-ignore: true,\n"
        "          requestBody: {content: {application/xml: {}}},\n"
        "          responses: {'200': {description: ok}}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run = run_cli(capsys, "generate", "--spec", spec, "--out", out, "--package", "mixed_sdk")
    assert run.code == 0, run.err
    assert _lines(run.err, "info") == ["#/paths/~1b/get/x-sdk-ignore"]
    assert run_python(METHODS, cwd=tmp_path, path=[out]) == [
        "kept",
        "with_raw_response",
        "with_streaming_response",
    ]
    assert load_json(out / ".generator-manifest.json")["skipped"] == [
        {
            "pointer": "/paths/~1b/get/x-sdk-ignore",
            "reason": "operation left out (x-sdk-ignore: true)",
        }
    ]
