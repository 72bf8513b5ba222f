"""Data tables written in black's layout: byte-identical to black's own output.

black (the formatter of record, pinned) is the oracle: each value is written
once by ``black_literal`` and once as a one-line literal formatted by black.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import black
import pytest
from hypothesis import given
from hypothesis import strategies as st

import generator.forked
import generator.render_types
from generator.black_literal import Call, LayoutError, SetOf, assignment
from generator.fmt import LINE_LENGTH, format_python
from tests.generator.helpers import HERE, MINI_SPEC, generate

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=LINE_LENGTH)

# Text that exercises black's string and width rules: quotes of both kinds,
# backslashes, control characters, wide (East Asian, emoji) and accented letters.
TEXT = st.text(
    alphabet=st.sampled_from(list("abcdefgh_Z $#/'\"\\\n\t\x00é漢😀")),
    max_size=120,
)
NUMBERS = st.integers(-(10**15), 10**15) | st.floats(allow_nan=False, allow_infinity=False)
SCALARS = TEXT | NUMBERS | st.booleans() | st.none()
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(TEXT, inner, max_size=6),
    max_leaves=40,
)


def source(value: Any) -> str:
    """``value`` on one line, as Python source."""
    if isinstance(value, Call):
        return f"{value.func}({source(value.arg)})"
    if isinstance(value, SetOf):
        return "{" + ", ".join(source(item) for item in value.items) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{source(k)}: {source(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(source(item) for item in value) + "]"
    return repr(value)


def black_of(text: str) -> str:
    return black.format_str(text, mode=MODE)


@given(st.dictionaries(TEXT, VALUES, min_size=1, max_size=8))
def test_a_table_is_laid_out_as_black_lays_it_out(table: dict[str, Any]) -> None:
    target = "__schemas__: dict[str, object]"
    try:
        mine = assignment(target, table)
    except LayoutError:
        return  # left to black by the caller
    assert mine == black_of(f"{target} = {source(table)}\n")


@given(
    st.dictionaries(
        TEXT, st.lists(TEXT, min_size=1, max_size=14, unique=True), min_size=1, max_size=8
    )
)
def test_an_exploded_table_of_calls_is_laid_out_as_black_lays_it_out(
    fields: dict[str, list[str]],
) -> None:
    target = "__non_nullable__: dict[str, frozenset[str]]"
    table = {name: Call("frozenset", SetOf(tuple(sorted(items)))) for name, items in fields.items()}
    entries = "".join(f"    {source(k)}: {source(v)},\n" for k, v in table.items())
    assert assignment(target, table, exploded=True) == black_of(f"{target} = {{\n{entries}}}\n")


def test_values_that_are_not_plain_json_data_are_refused() -> None:
    with pytest.raises(LayoutError):
        assignment("x", {"a": float("inf"), "b": 1})
    with pytest.raises(LayoutError):
        assignment("x", {"a": (1, 2), "b": 1})
    with pytest.raises(LayoutError):
        assignment("x", {"a": Call("frozenset", SetOf(()))})


@pytest.mark.parametrize(
    "spec",
    [MINI_SPEC, HERE / "specs" / "generic.yaml"],
    ids=lambda p: p.name,
)
def test_the_types_module_is_what_black_makes_of_all_of_it(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables are rendered in black's layout: black leaves them as they are."""
    parts: list[dict[str, str]] = []
    real = generator.render_types.render_prepared  # what every path renders with

    def recording(*args: Any, **options: Any) -> dict[str, str]:
        parts.append(real(*args, **options))
        return parts[-1]

    monkeypatch.setattr(generator.render_types, "render_prepared", recording)
    monkeypatch.setattr(generator.forked, "usable", lambda: False)  # recorded in this process
    generate(tmp_path / "out", "some_sdk", spec)
    ((files),) = parts
    source = files["types.py"]
    table = source[source.index("\n\n__non_nullable__") :]
    table = table[: table.index('"""')]
    assert table.count("\n") > 3, "the table was written on one line, for black to split"
    written = (tmp_path / "out" / "some_sdk" / "types.py").read_text(encoding="utf-8")
    assert written == format_python(source, "types.py", "some_sdk")
    assert table in written


def test_equal_values_of_different_spellings_keep_their_own() -> None:
    """0.0 and -0.0, 1 and True and 1.0 compare equal in Python; each is written as itself."""
    table = {"a": 0.0, "b": -0.0, "c": 1, "d": True, "e": 1.0, "f": [1, True, 1.0, -0.0]}
    target = "x: dict[str, object]"
    assert assignment(target, table) == black_of(f"{target} = {source(table)}\n")
