"""The corpus' and benchmarks' child runs: each command's own peak memory, exit code and timeout.

The expected sizes come from the commands themselves (a child that allocates
and touches 64 MiB), against a bench process holding far more than that.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from benchmarks.corpus import measure  # noqa: F401  # puts benchmarks/ on sys.path, as the corpus does

import harness  # isort: skip

TOUCH = "x = bytearray({mib} << 20); x[::4096] = b'1' * len(x[::4096]); raise SystemExit({code})"


def test_the_peak_is_the_command_s_own_not_the_bench_s(tmp_path: Path) -> None:
    held = bytearray(256 << 20)
    held[::4096] = b"1" * len(held[::4096])  # the bench's pages, resident
    small = harness.run_child([sys.executable, "-c", "pass"], cwd=tmp_path)
    large = harness.run_child([sys.executable, "-c", TOUCH.format(mib=64, code=3)], cwd=tmp_path)
    assert small.returncode == 0
    assert small.max_rss_kb < 128 << 10  # a bare interpreter, not the bench's 256 MiB
    assert large.returncode == 3
    assert (64 << 10) <= large.max_rss_kb < (64 << 10) + small.max_rss_kb + (32 << 10)
    assert large.cpu > 0
    del held


def test_a_command_past_its_timeout_is_killed_with_its_children(tmp_path: Path) -> None:
    marker = tmp_path / "survived"
    grandchild = f"import time; time.sleep(2); open({str(marker)!r}, 'w')"
    script = tmp_path / "parent.py"
    script.write_text(
        "import subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', {grandchild!r}])\n"
        "time.sleep(30)\n",
        encoding="utf-8",
    )
    child = harness.run_child([sys.executable, str(script)], cwd=tmp_path, timeout=1)
    assert child.returncode < 0
    assert child.wall < 10
    time.sleep(2.5)
    assert not marker.exists()  # the grandchild went with the group


def test_a_missing_command_is_an_exit_code_and_its_reason(tmp_path: Path) -> None:
    child = harness.run_child(["no-such-command-here"], cwd=tmp_path)
    assert child.returncode == 127
    assert "no-such-command-here" in child.stderr
