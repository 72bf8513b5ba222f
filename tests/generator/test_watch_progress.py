"""Progress output of ``generate``: on a terminal only, never in CI or with ``-q``.

The command runs in a fresh interpreter with its stderr on a real
pseudo-terminal (``os.openpty``) or on a pipe, as a user or a CI job runs it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.generator.helpers import MINI_SPEC, ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals")

ERASE = "\r\x1b[K"
STAGES = ("loading the spec", "rendering types", "rendering the client", "formatting", "writing")


def environment(**extra: str) -> dict[str, str]:
    """The user's environment, outside CI unless ``extra`` says so."""
    env = {k: v for k, v in os.environ.items() if k not in {"GENERATOR_DEBUG", "CI"}}
    return {**env, "PYTHONPATH": str(ROOT), **extra}


def generate(out: Path, *flags: str, tty: bool, env: dict[str, str]) -> tuple[int, str]:
    """``generate --force`` of the mini spec; its exit status and everything it wrote to stderr."""
    argv = [sys.executable, "-m", "generator", "generate", "--spec", str(MINI_SPEC)]
    argv += ["--out", str(out), "--package", "mini_sdk", "--force", *flags]
    if not tty:
        done = subprocess.run(
            argv, cwd=out.parent, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        return done.returncode, done.stderr
    primary, secondary = os.openpty()
    try:
        process = subprocess.Popen(
            argv, cwd=out.parent, env=env, stdout=subprocess.DEVNULL, stderr=secondary
        )
        os.close(secondary)
        secondary = -1
        chunks: list[bytes] = []
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:  # EIO: the terminal's other side closed (the process ended)
                break
            if not chunk:
                break
            chunks.append(chunk)
        status = process.wait(timeout=300)
    finally:
        os.close(primary)
        if secondary != -1:
            os.close(secondary)
    return status, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_a_terminal_sees_each_stage_with_elapsed_time_then_a_clean_report(tmp_path: Path) -> None:
    status, err = generate(tmp_path / "out", tty=True, env=environment())
    assert status == 0, err
    updates = [part for part in err.split(ERASE) if part.startswith("[")]
    for name in STAGES:
        assert any(name in update for update in updates), (name, updates)
    assert all(update.split("]")[0].rstrip().endswith(" s") for update in updates)
    assert "rendering types: " in err
    assert " schemas" in err
    assert "writing: " in err
    report = err.rsplit(ERASE, 1)[1]  # after the line is erased: the usual report
    assert report.startswith("wrote ")
    assert re.fullmatch(r"\S*out: \d+ written, 0 removed \(\d+\.\d\d s\)", report.splitlines()[-1])
    assert ERASE not in report
    assert "\x1b" not in report


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    status, err = generate(tmp_path / "out", tty=False, env=environment())
    assert status == 0, err
    assert "\x1b" not in err
    assert "\r" not in err
    assert not any(name in err for name in STAGES[:3])
    assert "written" in err


@pytest.mark.parametrize(
    ("flags", "env"),
    [
        pytest.param(("-q",), environment(), id="quiet"),
        pytest.param((), environment(CI="true"), id="CI=true"),
        pytest.param((), environment(CI="1"), id="CI=1"),
    ],
)
def test_no_progress_on_a_terminal_with_q_or_in_ci(
    tmp_path: Path, flags: tuple[str, ...], env: dict[str, str]
) -> None:
    status, err = generate(tmp_path / "out", *flags, tty=True, env=env)
    assert status == 0, err
    assert "\x1b" not in err
    assert "\r" not in err
    assert not any(name in err for name in STAGES[:3])
    assert ("written" in err) is (flags != ("-q",))


def test_ci_false_still_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    status, err = generate(tmp_path / "out", tty=True, env=environment(CI="false"))
    assert status == 0, err
    assert ERASE in err
    assert "rendering types" in err
