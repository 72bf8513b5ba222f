"""Classes written in black's layout by ``class_layout``: byte-identical to black, or left to it.

black (pinned, the formatter of record) is the oracle: for every class of the
shapes datamodel-codegen writes (and near misses of them), ``class_statement``
either answers ``None`` or exactly what black writes for the class alone.
"""

from __future__ import annotations

from typing import Any

import black
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.class_layout import class_statement
from generator.fmt import LINE_LENGTH

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=LINE_LENGTH)


def black_of(source: str) -> str:
    return black.format_str(source, mode=MODE)


WORDS = st.sampled_from(["a", "id", "createdAt", "the_name", "x" * 30, "y" * 60, "année"])
TEXT = st.lists(
    st.sampled_from(["word", "the", "an example", "it's", 'a "quote"', "#tag", "é", "x" * 40]),
    min_size=1,
    max_size=8,
).map(" ".join)


def quoted(text: str) -> str:
    return repr(text)  # single quotes unless the text holds one, as datamodel-codegen writes


@st.composite
def hints(draw: Any, depth: int = 0) -> str:
    atoms = ["str", "int", "float", "bool", "AwareDatetime", "SomeModel", "Model" + "X" * 40]
    choice = draw(st.integers(0, 6 if depth < 2 else 0))
    if choice == 0:
        return draw(st.sampled_from(atoms))
    if choice == 1:
        return f"{draw(hints(depth + 1))} | None"
    if choice == 2:
        return f"list[{draw(hints(depth + 1))}]"
    if choice == 3:
        members = draw(st.lists(TEXT, min_size=1, max_size=12))
        return f"Literal[{', '.join(quoted(m) for m in members)}]"
    if choice == 4:
        return f"dict[str, {draw(hints(depth + 1))}]"
    keywords = []
    if draw(st.booleans()):
        keywords.append(f"alias={quoted(draw(WORDS))}")
    if draw(st.booleans()):
        keywords.append(f"description={quoted(draw(TEXT))}")
    if draw(st.booleans()):
        keywords.append(
            f"examples=[{', '.join(quoted(t) for t in draw(st.lists(TEXT, max_size=4)))}]"
        )
    if draw(st.booleans()):
        keywords.append(f"ge={draw(st.sampled_from(['0', '1.5', '-1', '1e-08', '0XFF']))}")
    if draw(st.booleans()):
        keywords.append("")  # a magic trailing comma
    field = f"Field({', '.join(keywords)})" if keywords != [""] else "Field()"
    return f"Annotated[{draw(hints(depth + 1))}, {field}]"


@st.composite
def statements(draw: Any) -> str:
    name = draw(WORDS).replace("createdAt", "created_at")
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return f"    {name}: {draw(hints())}\n"
    if kind == 1:
        default = draw(
            st.sampled_from(["None", "0", "'x'", quoted("d" * 70), "[]", "['a', 'b']", "True"])
        )
        return f"    {name}: {draw(hints())} = {default}\n"
    if kind == 2:
        return f"    {name} = {quoted(draw(TEXT))}\n"
    if kind == 3:
        options = ["extra='allow',", "populate_by_name=True,", "frozen=True,"]
        chosen = draw(st.lists(st.sampled_from(options), min_size=1, max_size=3, unique=True))
        inner = "".join(f"\n        {o}" for o in chosen)
        return f"    model_config = ConfigDict({inner}\n    )\n"
    if kind == 4:
        return f'    """\n    {draw(TEXT)}\n    """\n'  # an attribute's docstring
    return f"    {name}: {draw(hints())} = Field({quoted(draw(TEXT))})\n"


@st.composite
def classes(draw: Any) -> str:
    base = draw(st.sampled_from(["BaseModel", "RootModel[list[Item]]", "Enum", "str, Enum"]))
    lines = [f"class {draw(st.sampled_from(['Model', 'Pet', 'A' * 80]))}({base}):\n"]
    if draw(st.booleans()):
        lines.append(f'    """\n    {draw(TEXT)}\n    """\n')
    for statement in draw(st.lists(statements(), min_size=1, max_size=6)):
        lines.append(draw(st.sampled_from(["", "", "\n", "\n\n"])) + statement)
    return "".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))


@settings(max_examples=400, deadline=None)
@given(classes())
def test_a_class_laid_out_is_what_black_writes(source: str) -> None:
    laid = class_statement(source)
    if laid is not None:
        assert laid == black_of(source)


TAKEN = [
    'class Pet(BaseModel):\n    """\n    A pet.\n    """\n    model_config = ConfigDict(\n'
    "        extra='allow',\n    )\n    name: Annotated[str, Field(alias='petName')]\n"
    "    tag: str | None = None\n",
    "class Kind(Enum):\n    cat = 'cat'\n    dog = 'dog'\n",
    "class Pets(RootModel[list[Pet]]):\n    root: list[Pet]\n",
    "class Long(BaseModel):\n    a_rather_long_field_name: Annotated[str | None, Field(alias="
    "'aRatherLongFieldName', description='What it is, said at length')] = None\n",
    'class Described(BaseModel):\n    a: int\n    """\n    The a.\n    """\n    b: int\n',
    'class Hashed(BaseModel):\n    """\n    See #12, it\'s "quoted" # not a comment\n    """\n'
    "    a: Annotated[str, Field(pattern='^#[0-9a-f]{6}$')]\n"
    '    """\n    A colour such as #fff, it\'s a # too\n    """\n',
]


@pytest.mark.parametrize("source", TAKEN)
def test_the_shapes_datamodel_codegen_writes_are_laid_out(source: str) -> None:
    laid = class_statement(source)
    assert laid is not None
    assert laid == black_of(source)


LEFT_TO_BLACK = [
    "@dataclass\nclass A:\n    x: int\n",  # a decorator
    "class A(BaseModel):\n    x: int  # a comment\n",
    'class A(BaseModel):\n    """\n    Doc.\n    """  # after the docstring\n    x: int\n',
    "class A(BaseModel):\n    x: int\n    # a comment line\n    y: int\n",
    "class A(BaseModel):\n    x: str = 'it\"s'  # it's a comment\n",
    "class A(BaseModel):\n    def f(self) -> int:\n        return 1\n",  # a method
    "class A(BaseModel):\n\n    x: int\n",  # a blank line after the class line
    "class A(BaseModel):\n    x: str = 'a' 'b'\n",  # implicit concatenation
    "class A(BaseModel):\n    x: str = 'a\\tb'\n",  # an escape
    "class A(BaseModel, extra='allow'):\n    x: int\n",  # a keyword base
    "class A(BaseModel):\n    x: int\nB = 1\n",  # not one class
    "class A(BaseModel):\n    x: int; y: int\n",
]


@pytest.mark.parametrize("source", LEFT_TO_BLACK)
def test_what_is_not_certain_is_left_to_black(source: str) -> None:
    assert class_statement(source) is None


UNIONS = [
    "class A(BaseModel):\n    include: Literal["
    + ", ".join(repr(f"member_{i}") for i in range(12))
    + "] | None = None\n",
    "class A(BaseModel):\n    include: Literal["
    + ", ".join(repr(f"member_{i}") for i in range(12))
    + "] | None\n",
    "class A(BaseModel):\n    include: Literal["
    + ", ".join(repr(f"m{i}") for i in range(9))
    + "] | OtherModelName | None = None\n",
]


@pytest.mark.parametrize("source", UNIONS)
def test_a_union_too_long_goes_in_the_parentheses_black_adds(source: str) -> None:
    laid = class_statement(source)
    assert laid is not None
    assert laid == black_of(source)


@pytest.mark.parametrize("width", range(96, 106))
def test_where_the_value_goes_in_parentheses_of_its_own_is_black_s_choice(width: int) -> None:
    """``name: hint = None`` too long: around the line length, the value gets parentheses of its
    own (the line up to them fits) or the hint is split; black decides which, by one character."""
    hint = "Annotated[str | None, Field(alias='x')]"
    name = "n" * (width - len(f"    : {hint} = (") + 0)
    source = f"class A(BaseModel):\n    {name}: {hint} = None\n"
    assert len(f"    {name}: {hint} = (".replace("'", '"')) == width
    laid = class_statement(source)
    assert laid is not None
    assert laid == black_of(source)
