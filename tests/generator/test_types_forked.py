"""The types module rendered in a child process forked when the run starts.

Each case runs in a fresh interpreter: in the full suite other tests' threads
turn forking off (``forked.usable``), and the rendering falls back to this
process. The expected answers come from outside the code under test: the
output of the same run with forking off, the exception the test itself
raises, and the operating system's own list of child processes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.generator.helpers import MINI_SPEC, ROOT, run_python

DEFERRED = """
import os
from generator import forked
from generator.errors import GeneratorError, error

def problems(call):
    try:
        return ["value", call()]
    except GeneratorError as exc:
        return ["problems", [f"{p.code}: {p.message}" for p in exc.problems]]

def children_left():
    try:
        return os.waitpid(-1, os.WNOHANG) != (0, 0)
    except ChildProcessError:
        return False

seen = {"usable": forked.usable()}
child = forked.deferred(lambda: None, lambda value: [value, os.getpid()], "doubling")
child.send({"n": 21})
value, pid = child.wait()
seen["value"], seen["elsewhere"] = value, pid != os.getpid()
child.close()

def refuse(value):
    raise GeneratorError([error("bad-thing", f"no {value}")])

child = forked.deferred(lambda: None, refuse, "refusing")
child.send("way")
seen["refused"] = problems(child.wait)

def crash(value):
    raise RuntimeError(f"boom {value}")

def broken_warm_up():
    raise ImportError("not here")

child = forked.deferred(broken_warm_up, crash, "the crashing work")
child.send(1)
seen["crashed"] = problems(child.wait)

child = forked.deferred(lambda: None, crash, "never started")
child.close()  # no input: the child leaves at once
child = forked.deferred(lambda: None, crash, "given what cannot be pickled")
try:
    child.send(lambda: None)
    seen["unpicklable_sent"] = True
except Exception:
    seen["unpicklable_sent"] = False
child.close()
seen["closed_unsent_left_children"] = children_left()
# a child at work when this process fails is stopped, not awaited (awaiting it
# would outlast the interpreter's timeout); afterwards the process is gone
child = forked.deferred(lambda: None, lambda seconds: __import__("time").sleep(seconds), "slow")
child.send(3600)
child.close()
try:
    os.kill(child._pid, 0)
    seen["stopped"] = False
except ProcessLookupError:
    seen["stopped"] = True
big = "x" * 5_000_000  # far more than a pipe holds: written while the child warms up
child = forked.deferred(lambda: __import__("time").sleep(0.2), len, "counting")
child.send(big)
seen["big"] = child.wait()

class Spec:  # stands for the spec the types child drops before datamodel-codegen runs
    pass

def dropping(value):
    import weakref
    alive = weakref.ref(value)
    del value  # the work's own reference: the child holds no other
    return alive() is None

child = forked.deferred(lambda: None, dropping, "dropping its input")
child.send(Spec())
seen["input_freed"] = child.wait()
seen["children_left"] = children_left()
print(json.dumps(seen))
"""


def test_a_deferred_child_answers_like_a_forked_one_and_leaves_nothing_behind() -> None:
    seen = run_python(DEFERRED, cwd=ROOT, path=[ROOT])
    assert seen["usable"], "forking is not usable in a fresh interpreter: nothing was tested"
    assert seen["value"] == {"n": 21}
    assert seen["elsewhere"], "the work ran in this process"
    assert seen["refused"] == ["problems", ["bad-thing: no way"]]
    assert seen["crashed"] == [
        "problems",
        ["internal: the crashing work failed: RuntimeError: boom 1"],
    ]
    assert not seen["unpicklable_sent"]
    assert not seen["closed_unsent_left_children"]
    assert seen["stopped"], "the child at work was left running"
    assert seen["big"] == 5_000_000
    assert seen["input_freed"], "the child kept its input while the work ran"
    assert not seen["children_left"]


GENERATE = """
import os
from pathlib import Path
os.environ["SCENARIO_CODEGEN_CACHE"] = "off"
from generator import forked, render_types
from generator.errors import GeneratorError
from generator.pipeline import generate

seen = {"usable": forked.usable(), "parent": os.getpid()}
real = render_types.render_prepared  # both paths reach it: render_types here, the child directly
where = Path(ARGS["tmp"]) / "rendered-in"

def recording(*args, **options):
    where.write_text(str(os.getpid()))
    return real(*args, **options)

render_types.render_prepared = recording

def tree(folder):
    return {str(p.relative_to(folder)): p.read_bytes().decode()
            for p in sorted(folder.rglob("*")) if p.is_file()}

forked_out = Path(ARGS["tmp"]) / "forked"
generate(Path(ARGS["spec"]), forked_out, "mini_sdk", force=True)
seen["rendered_elsewhere"] = int(where.read_text()) != os.getpid()
usable = forked.usable
forked.usable = lambda: False
here_out = Path(ARGS["tmp"]) / "here"
generate(Path(ARGS["spec"]), here_out, "mini_sdk", force=True)
seen["rendered_here"] = int(where.read_text()) == os.getpid()
forked.usable = usable
seen["same"] = tree(forked_out) == tree(here_out)

def unpicklable(self, value):
    raise TypeError("cannot pickle this")

sent = forked.Deferred.send
forked.Deferred.send = unpicklable
fallback_out = Path(ARGS["tmp"]) / "fallback"
generate(Path(ARGS["spec"]), fallback_out, "mini_sdk", force=True)
seen["fallback_here"] = int(where.read_text()) == os.getpid()
seen["fallback_same"] = tree(fallback_out) == tree(here_out)
forked.Deferred.send = sent

def failing(*args, **options):
    raise RuntimeError("datamodel-codegen fell over")

render_types.render_prepared = failing
failed_out = Path(ARGS["tmp"]) / "failed"
try:
    generate(Path(ARGS["spec"]), failed_out, "mini_sdk", force=True)
    seen["failure"] = None
except GeneratorError as exc:
    seen["failure"] = [f"{p.code}: {p.message}" for p in exc.problems]
seen["written"] = failed_out.exists()
try:
    seen["children_left"] = os.waitpid(-1, os.WNOHANG) != (0, 0)
except ChildProcessError:
    seen["children_left"] = False
print(json.dumps(seen))
"""


def test_the_types_module_rendered_in_a_child_is_the_same_and_its_failure_one_problem(
    tmp_path: Path,
) -> None:
    args = {"spec": str(MINI_SPEC), "tmp": str(tmp_path)}
    seen = run_python(GENERATE, cwd=ROOT, path=[ROOT], args=args)
    assert seen["usable"], "forking is not usable in a fresh interpreter: nothing was tested"
    assert seen["rendered_elsewhere"], "the types module was not rendered in a child"
    assert seen["rendered_here"], "with forking off, the types module was not rendered here"
    assert seen["same"], "the output differs when the types module is rendered in a child"
    assert seen["fallback_here"], "input the child cannot get was not rendered here"
    assert seen["fallback_same"]
    assert seen["failure"] == [
        "internal: datamodel-code-generator (the types module) failed: "
        "RuntimeError: datamodel-codegen fell over"
    ]
    assert not seen["written"], "a failed run wrote output"
    assert not seen["children_left"], "a child process was left behind"


BEFORE_LOAD = """
import os
os.environ["SCENARIO_CODEGEN_CACHE"] = "off"
from pathlib import Path
from generator import forked, load
from generator.pipeline import generate
order = []
real_deferred, real_load = forked.deferred, load.load
def deferring(*args, **kwargs):
    order.append("types child")
    return real_deferred(*args, **kwargs)
def loading(*args, **kwargs):
    order.append("load")
    return real_load(*args, **kwargs)
forked.deferred, load.load = deferring, loading
generate(Path(ARGS["spec"]), Path(ARGS["out"]), "mini_sdk", force=True)
print(json.dumps(order))
"""


def test_the_types_child_is_forked_before_the_spec_is_loaded(tmp_path: Path) -> None:
    """Forked later, the child would hold a copy of the loaded document all along (on
    GitHub's spec, 190 MB of its peak); the order is recorded at the two calls."""
    args = {"spec": str(MINI_SPEC), "out": str(tmp_path / "out")}
    order = run_python(BEFORE_LOAD, cwd=ROOT, path=[ROOT], args=args)
    assert order == ["types child", "load"]


LATER_CHILD = """
import json
from generator import forked

# the types child, forked first, waits for the end of its input ...
child = forked.deferred(lambda: None, lambda value: len(value), "types")
# ... while a child forked after it (the spec's checks) has a last answer larger than a
# pipe holds, which its parent reads only at the end
first, last = forked.forked_stages([lambda: "x", lambda: "y" * 1_000_000], "checks")
seen = {"first": first()}
child.send("z" * 100)
seen["child"] = child.wait()  # before the last answer is read
seen["last"] = len(last())
print(json.dumps(seen))
"""


def test_a_child_forked_later_does_not_hold_an_earlier_childs_input_open(tmp_path: Path) -> None:
    """A later child inherits the parent's pipe ends; holding the deferred child's input
    open (while blocked on an answer its parent reads last) would hang every process."""
    done = subprocess.run(
        [sys.executable, "-c", LATER_CHILD],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,  # hung before the fix: the run never ends
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"first": "x", "child": 100, "last": 1_000_000}


ORPHANED = """
import os, sys, time
from generator import forked

def work():
    with open(sys.argv[1], "w") as f:
        f.write(str(os.getpid()))
    time.sleep(120)  # a child still at work when its parent is killed

wait = forked.forked(work, "a long piece of work")
while not os.path.getsize(sys.argv[1]) if os.path.exists(sys.argv[1]) else True:
    time.sleep(0.01)
os.kill(os.getpid(), 9)  # killed from outside: no cleanup of ours runs
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's parent-death signal")
def test_a_child_dies_with_its_parent_killed_from_outside(tmp_path: Path) -> None:
    """A run killed by a CI step's timeout left its spec-check child working for 80
    minutes; the operating system's process table says whether the child is gone."""
    marker = tmp_path / "child.pid"
    done = subprocess.run(
        [sys.executable, "-c", ORPHANED, str(marker)],
        cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": ""},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == -9, done.stderr
    child = int(marker.read_text())
    for _ in range(500):  # the kernel signals the child as the parent dies: at once
        if not Path(f"/proc/{child}").exists() or "Z" in _state(child):
            break
        time.sleep(0.02)
    assert not Path(f"/proc/{child}").exists() or "Z" in _state(child), "the child lives on"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
