"""Ctrl-C: one line, "interrupted", exit code 130, however early it comes and whoever gets it.

Real interpreters, real signals: SIGINT to the process at many moments of
its first milliseconds (while Python and the toolkit are still importing),
and SIGINT to the whole process group while a forked validator is running
(as a terminal's Ctrl-C does), which must not make two processes speak.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.generator.helpers import MINI_SPEC, ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

SPEC = ROOT / "spec" / "openapi.yaml"  # the largest spec at hand: validation takes a while


def start(out: Path, spec: Path, *, session: bool = False) -> subprocess.Popen[str]:
    """``python -m generator generate --force`` into ``out``, as a user starts it."""
    environment = {k: v for k, v in os.environ.items() if k != "GENERATOR_DEBUG"}
    environment["PYTHONPATH"] = str(ROOT)
    return subprocess.Popen(
        [
            sys.executable, "-m", "generator", "generate", "--spec", str(spec),
            "--out", str(out), "--package", "some_sdk", "--force",
        ],
        cwd=out.parent,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=session,
    )  # fmt: skip


def children(pid: int) -> list[int]:
    """The live child processes of ``pid`` (Linux ``/proc``)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
    except OSError:
        return []
    return [int(word) for word in text.split()]


def bootstrap_only(err: str) -> bool:
    """``err`` is the interpreter's own report of an interrupt before any toolkit code ran.

    (While Python starts, finds ``-m generator`` and imports ``site``, its frozen
    modules run and a SIGINT ends in their traceback; nothing of ours has run.)
    """
    frames = re.findall(r'^\s*File "([^"]+)"', err, flags=re.MULTILINE)
    ours = [f for f in frames if Path(f).is_relative_to(ROOT / "generator")]
    if not frames or ours:
        return False
    if err.rstrip().endswith("KeyboardInterrupt"):
        return True
    # A SIGINT while the runtime sets up sys.stdout (frozen io, before any of our code)
    # ends in CPython's own fatal error, the interrupt mangled on its way ("core initialized").
    return err.startswith("Fatal Python error: init_sys_streams") and (
        "Python runtime state: core initialized" in err
    )


def unraisable_outside_ours(err: str) -> bool:
    """``err`` starts with Python's own "Exception ignored" report, in no frame of ours."""
    frames = re.findall(r'^\s*File "([^"]+)"', err, flags=re.MULTILINE)
    ours = [f for f in frames if Path(f).is_relative_to(ROOT / "generator")]
    return err.startswith("Exception ignored in:") and bool(frames) and not ours


def test_an_early_interrupt_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    outcomes = []
    # Many moments of the first 120 ms, then later ones (doubling) until the handler itself
    # is exercised once: on a loaded machine the interpreter alone can take over 250 ms.
    later = [250 * 2**k for k in range(6)]
    for delay_ms in [*range(0, 120, 5), *later]:
        if delay_ms in later and "handled" in outcomes:
            break
        process = start(tmp_path / f"out-{delay_ms}", MINI_SPEC)
        time.sleep(delay_ms / 1000)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
        assert out == ""
        if process.returncode == -signal.SIGINT and err == "":
            outcomes.append("killed before Python installed its handler")
        elif process.returncode != 0 and bootstrap_only(err):
            outcomes.append("in the interpreter's own start-up")
        elif unraisable_outside_ours(err):
            # Known gap: Python ran the handler inside a finalizer or callback of the
            # standard library, where an exception cannot be raised; it prints
            # "Exception ignored" itself and the run goes on (rare, seen under load).
            outcomes.append("landed where Python cannot raise")
        elif process.returncode == 0 and delay_ms in later:
            outcomes.append("the run had finished")  # the signal came after it
            break
        else:
            assert (process.returncode, err) == (130, "interrupted\n"), delay_ms
            outcomes.append("handled")
    assert "handled" in outcomes, outcomes  # the handler itself was exercised


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_an_interrupt_to_the_process_group_is_reported_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = start(out, SPEC, session=True)
    started = time.monotonic()
    # Wait for the forked validator (or, should validation stop forking, a while).
    while not children(process.pid) and time.monotonic() - started < 1.0:
        assert process.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.001)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, err = process.communicate(timeout=120)

    assert process.returncode == 130, err
    assert err == "interrupted\n"
    written = [p.name for p in out.rglob("*")] if out.exists() else []
    assert [name for name in written if name.endswith((".tmp", ".bak"))] == []


SWALLOWING_RUN = """
import os, signal, sys
import generator.pipeline as pipeline
from generator.__main__ import run

rendered = pipeline.render_all

def render_all(*args, **kwargs):
    files = rendered(*args, **kwargs)
    try:  # what a library's bare except, or C code calling a Python __eq__, does
        os.kill(os.getpid(), signal.SIGINT)
        sum(range(100_000))
    except BaseException:
        pass
    return files

pipeline.render_all = render_all
sys.argv = ["scenario-codegen", *sys.argv[1:]]
run()
"""


UNRAISABLE_RUN = """
import os, signal, sys
import generator.pipeline as pipeline
from generator.__main__ import run

rendered = pipeline.render_all

class Finalized:
    def __del__(self):  # where Python cannot raise (as in importlib's module-lock callback)
        os.kill(os.getpid(), signal.SIGINT)
        sum(range(100_000))

def render_all(*args, **kwargs):
    files = rendered(*args, **kwargs)
    Finalized()  # dropped at once: __del__ runs, the handler's KeyboardInterrupt is unraisable
    return files

pipeline.render_all = render_all
sys.argv = ["scenario-codegen", *sys.argv[1:]]
run()
"""


@pytest.mark.parametrize(
    "script",
    [SWALLOWING_RUN, UNRAISABLE_RUN],
    ids=["swallowed by an except", "where Python cannot raise"],
)
def test_an_interrupt_that_does_not_propagate_still_stops_the_run_before_writing(
    tmp_path: Path, script: str
) -> None:
    out = tmp_path / "out"
    environment = {k: v for k, v in os.environ.items() if k != "GENERATOR_DEBUG"}
    environment["PYTHONPATH"] = str(ROOT)
    process = subprocess.run(
        [
            sys.executable, "-c", script, "generate", "--spec", str(MINI_SPEC),
            "--out", str(out), "--package", "some_sdk", "--force",
        ],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    assert (process.returncode, process.stderr, process.stdout) == (130, "interrupted\n", "")
    assert not out.exists() or list(out.rglob("*")) == []


def test_an_unraisable_error_that_is_not_an_interrupt_is_still_reported() -> None:
    script = (
        "from generator.interrupt import install\n"
        "install()\n"
        "class Broken:\n"
        "    def __del__(self):\n"
        "        raise ValueError('from a finalizer')\n"
        "Broken()\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert process.returncode == 0
    assert process.stderr.startswith("Exception ignored in")
    assert "ValueError: from a finalizer" in process.stderr


def test_an_interrupt_wrapped_by_python_is_still_an_interrupt() -> None:
    """Python wraps a KeyboardInterrupt raised in ``__set_name__`` in a RuntimeError."""
    from generator.interrupt import caused_by_interrupt  # noqa: PLC0415

    class Named:
        def __set_name__(self, owner: type, name: str) -> None:
            raise KeyboardInterrupt

    with pytest.raises(RuntimeError) as caught:
        type("Model", (), {"field": Named()})
    assert caused_by_interrupt(caught.value)
    assert not caused_by_interrupt(RuntimeError("plain"))
