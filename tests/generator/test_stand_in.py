"""Literal tables kept out of black's way: the result is byte-identical to black's own.

black (the formatter of record, pinned) is the oracle: each source is formatted
once by ``fmt._black`` (which stands in for the tables it can verify) and once
by ``black.format_str`` on the whole text.
"""

from __future__ import annotations

from typing import Any

import black
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import stand_in
from generator.black_literal import Call, LayoutError, SetOf, assignment
from generator.fmt import LINE_LENGTH, _black

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=LINE_LENGTH)

NAMES = st.text(alphabet=st.sampled_from(list("abcxyz_019")), min_size=1, max_size=30)
FIELDS = st.lists(NAMES, min_size=1, max_size=12, unique=True)
TABLES = st.dictionaries(NAMES, FIELDS, min_size=1, max_size=60)

CLASS = '''class Model(BaseModel):
    """A model."""

    model_config = ConfigDict(extra='allow')
    name: str | None = None
'''


def table_text(table: dict[str, list[str]], *, exploded: bool) -> str:
    """``__non_nullable__`` as the types module writes it (frozensets of sorted names)."""
    value = {k: Call("frozenset", SetOf(tuple(sorted(v)))) for k, v in table.items()}
    return assignment("__non_nullable__: dict[str, frozenset[str]]", value, exploded=exploded)


def black_of(text: str) -> str:
    return black.format_str(text, mode=MODE)


@settings(max_examples=60, deadline=None)
@given(TABLES, st.booleans(), st.sampled_from(["", "\n", "\n\n", "\n\n\n"]))
def test_a_module_with_a_laid_out_table_formats_as_black_formats_it(
    table: dict[str, list[str]], exploded: bool, gap: str
) -> None:
    try:
        laid = table_text(table, exploded=exploded)
    except LayoutError:
        return
    source = (
        f"{CLASS}{gap}{laid}"
        '"""The table\'s docstring."""\n\n'
        "from ._strict import bind  # noqa: E402\n\n"
        "# a comment\n"
        "bind( globals(), 'x' )\n"
    )
    assert _black(source, "types.py") == black_of(source)


def test_a_large_laid_out_table_is_taken_out_and_put_back() -> None:
    table = {f"Model{i}": [f"field_{j}" for j in range(i % 7 + 1)] for i in range(200)}
    source = CLASS + "\n\n" + table_text(table, exploded=True) + "x = 1\n"
    shown, originals = stand_in.taken_out(source)
    assert list(originals) == ["__non_nullable__: dict[str, frozenset[str]] = None"]
    assert len(shown) < len(source) // 10
    assert _black(source, "types.py") == black_of(source)


def one_line(value: Any) -> str:
    return "{" + ", ".join(f"{k!r}: frozenset({set(v)!r})" for k, v in value.items()) + "}"


def test_tables_not_in_black_layout_are_left_to_black() -> None:
    table = {f"Model{i}": [f"field_{j}" for j in range(3)] for i in range(100)}
    laid = table_text(table, exploded=True)
    variants = {
        "on one line": f"T = {one_line(table)}\n",
        "a comment inside": laid.replace(",\n", ",  # note\n", 1),
        "a trailing comment": laid.removesuffix("\n") + "  # end\n",
        "single quotes": laid.replace('"', "'"),
        "a duplicate key": laid.replace('"Model1"', '"Model0"', 1),
        "a statement after it on its line": laid.removesuffix("\n") + "; y = 2\n",
        "indented wrongly": laid.replace('\n    "Model5"', '\n      "Model5"', 1),
        "a starred entry": laid.replace("{\n", "{\n    **other,\n", 1),
    }
    for what, text in variants.items():
        source = CLASS + "\n\n" + text
        if what != "a duplicate key":  # (a duplicate key is valid source, its text unmatched)
            assert stand_in.taken_out(source)[1] == {}, what
        assert _black(source, "types.py") == black_of(source), what


def test_a_stand_in_black_would_split_falls_back_to_black() -> None:
    # A target so long that ``target = None`` does not fit in a line: black splits the
    # stand-in, which then is not found, and the whole source goes to black.
    target = "t: " + " | ".join("dict[str, frozenset[str]]" for _ in range(5))
    table = {f"Model{i}": [f"f{i}"] for i in range(300)}
    value = {k: Call("frozenset", SetOf(tuple(v))) for k, v in table.items()}
    source = assignment(target, value, exploded=True)
    assert _black(source, "types.py") == black_of(source)
