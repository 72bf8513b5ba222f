"""A large module formatted in two parts, one per core: byte-identical to black on the whole.

black (pinned, the formatter of record) on the whole module is the oracle:
wherever ``split_in_two`` cuts, black's output for the two parts joined by
``JOINT`` must be black's output for the module.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.fmt import JOINT, LINE_LENGTH, format_python, split_in_parts, split_in_two
from tests.generator.helpers import ROOT, run_python

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=LINE_LENGTH)


def whole(source: str) -> str:
    return black.format_str(source, mode=MODE)


def in_parts(source: str) -> str | None:
    parts = split_in_two(source)
    if parts is None:
        return None
    head, tail = parts
    assert head + tail == source, "the two parts are not the module"
    return whole(head) + JOINT + whole(tail)


# Top-level statements of the kinds datamodel-codegen and the templates write, and the
# ones black treats differently before a class: decorators, comments, stub defs,
# one-line classes, strings, long lines black must split.
NAMES = st.sampled_from(["A", "Bee", "Model", "Thing2"])
BLANKS = st.sampled_from(["", "\n", "\n\n", "\n\n\n", "\n  \n"])
LONG = (
    "x: dict[str, list[int]] = {" + ", ".join(f"'key{i}': [{i}, {i + 1}]" for i in range(12)) + "}"
)
STATEMENTS = st.one_of(
    NAMES.map(lambda n: f"class {n}(BaseModel):\n    x: int\n    y: str | None = None\n"),
    NAMES.map(lambda n: f"class {n}:\n    '''Doc.\n\nclass Fake:\n    '''\n"),
    NAMES.map(lambda n: f"class {n}: pass\n"),
    NAMES.map(lambda n: f"@decorator\nclass {n}:\n    x = 1\n"),
    NAMES.map(lambda n: f"class {n}:\n    def f(self): ...\n"),
    NAMES.map(lambda n: f"class {n}:\n    x = 1\n    # a comment at the end\n"),
    NAMES.map(lambda n: f"class {n}:\n    {LONG}\n"),
    NAMES.map(lambda n: f"class {n}(\n    Base,\n):\n    class Inner:\n        pass\n"),
    st.just("# a comment between\n"),
    st.just("def f(): ...\n"),
    st.just("X = Literal['a', 'b']\n"),
    st.just(f"{LONG}\n"),
    st.just("if TYPE_CHECKING:\n    import os\n"),
)


@st.composite
def modules(draw: Any) -> str:
    pieces = ["from __future__ import annotations\n", "\nimport os\n"]
    for _ in range(draw(st.integers(2, 12))):
        pieces.append(draw(BLANKS) + draw(STATEMENTS))
    return "".join(pieces)


@settings(max_examples=150, deadline=None)
@given(modules())
def test_where_a_module_is_cut_black_writes_the_same_in_two_parts(source: str) -> None:
    joined = in_parts(source)
    if joined is not None:
        assert joined == whole(source)


@settings(max_examples=150, deadline=None)
@given(modules(), st.integers(1, 200))
def test_wherever_a_module_is_cut_in_parts_black_writes_the_same(source: str, size: int) -> None:
    parts = split_in_parts(source, size)
    assert "".join(parts) == source, "the parts are not the module"
    assert JOINT.join(whole(part) for part in parts) == whole(source)


def test_a_module_is_cut_in_parts_of_about_the_given_size() -> None:
    classes = [f"class C{i}:\n    x: int = {i}\n" for i in range(40)]
    source = "\n\n".join(classes)
    longest = max(len(c) for c in classes) + 2  # a class and the blank lines after it
    parts = split_in_parts(source, 100)
    assert len(parts) > 2
    assert all(part.startswith("class C") for part in parts)
    assert all(100 <= len(part) < 100 + longest for part in parts[:-1])
    assert len(parts[-1]) >= 50
    assert JOINT.join(whole(part) for part in parts) == whole(source)


def test_formatting_leaves_the_garbage_collector_as_it_found_it() -> None:
    assert gc.isenabled()
    format_python("x = 1\n", "m.py", "pkg")
    assert gc.isenabled()
    gc.disable()
    try:
        format_python("x = 1\n", "m.py", "pkg")
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("gap", "after"),
    [
        ("\n# a comment\n\n", "class B:\n    pass\n"),  # a comment could attach to either side
        ("\n\n", "@decorator\nclass B:\n    pass\n"),  # a decorator is not a class line
        ("", "class B:\n    pass\n"),  # no blank line: a stub def before may keep it so
        ("\n\n", "B = 1\n"),  # not a class: blank lines follow the source
    ],
)
def test_no_cut_where_black_could_write_other_blank_lines(gap: str, after: str) -> None:
    source = "class A:\n    def f(self): ...\n" + gap + after
    assert split_in_two(source) is None


def test_a_cut_is_made_between_two_classes_near_the_middle() -> None:
    classes = [f"class C{i}:\n    x: int = {i}\n" for i in range(10)]
    source = "\n\n".join(classes)
    parts = split_in_two(source)
    assert parts is not None
    assert parts[1].startswith("class C5:")
    assert in_parts(source) == whole(source)


SCRIPT = """
import os
from pathlib import Path
os.environ["SCENARIO_CODEGEN_CACHE"] = "off"
import generator.fmt
from generator.pipeline import generate
seen, cut = {}, []
real_all, real_split = generator.fmt.format_all, generator.fmt.split_in_segments
def recording(sources, package, tools, **kw):
    seen.update(sources)
    return real_all(sources, package, tools, **kw)
def noting(source):
    segments = real_split(source)
    cut.append(len(segments) > 1)
    return segments
generator.fmt.format_all, generator.fmt.split_in_segments = recording, noting
out = Path(ARGS["out"])
generate(Path(ARGS["spec"]), out, "some_sdk", force=True)
written = (out / "some_sdk" / "types.py").read_text(encoding="utf-8")
whole = generator.fmt.format_python(seen["some_sdk/types.py"], "types.py", "some_sdk")
print(json.dumps({"cut": cut, "same": written == whole}))
"""


def test_a_large_types_module_is_formatted_in_parts_and_equals_black_on_it(
    tmp_path: Path,
) -> None:
    """The scenario spec's types module (larger than all the others together) is cut
    (between its classes, most of which ``class_layout`` writes, black the rest).

    In a fresh interpreter: forking (and so the cut) is off where other threads run.
    """
    spec = ROOT / "spec" / "openapi.yaml"
    args = {"spec": str(spec), "out": str(tmp_path / "out")}
    seen = run_python(SCRIPT, cwd=ROOT, path=[ROOT], args=args)
    assert seen["cut"] == [True], "the types module was not cut"
    assert seen["same"], "the types module differs from black's output for the whole"
