"""Client modules written in black's layout: byte-identical to black (and isort) themselves.

black and isort (pinned, the formatters of record) are the oracle. The
modules ``render_client`` reports as laid out are not formatted by the
pipeline, so for the repository's spec and every case-folder spec each of
them must come back unchanged from ``isort`` + ``black``; the layout
functions are checked on random shapes (names, lengths, nesting, quotes)
against black, and the import order against isort.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import black
import isort
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import fmt, layout, literals, pipeline, render_client
from generator.errors import GeneratorError
from generator.fmt import LINE_LENGTH, format_python
from tests.generator.helpers import rendering_inputs

MODE = black.Mode(target_versions={black.mode.TargetVersion.PY311}, line_length=LINE_LENGTH)
ROOT = Path(__file__).resolve().parents[2]
# Every spec a generator test renders (the case folders and tests/generator/specs),
# the repository's own spec first; the bad ones fail before any module is rendered.
CASE_SPECS = sorted(
    path
    for folder in ("tests/generator/cases", "tests/generator/specs", "tests/corpus/cases")
    for path in (ROOT / folder).rglob("*.yaml")
    if "bad" not in path.relative_to(ROOT).parts
)
SPECS = [ROOT / "spec" / "openapi.yaml", *CASE_SPECS]


def black_of(text: str) -> str:
    return black.format_str(text, mode=MODE)


def client_modules(spec: Path) -> tuple[dict[str, str], set[str]]:
    """The client modules rendered for ``spec`` (no types module), and those laid out."""
    _, api = rendering_inputs(spec)
    laid_out: set[str] = set()
    files = render_client.render_client(api, "Generated.", laid_out=laid_out)
    return {rel: text for rel, text in files.items() if rel.endswith(".py")}, laid_out


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_laid_out_modules_are_what_isort_and_black_make_of_them(spec: Path) -> None:
    try:
        files, laid_out = client_modules(spec)
    except GeneratorError:  # not a spec generate accepts (a fragment, a refused construct)
        pytest.skip("not generated")
    for rel in sorted(laid_out):
        assert format_python(files[rel], rel, "some_sdk") == files[rel], rel


def test_every_resource_module_of_the_repository_spec_is_laid_out_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the whole pipeline: the laid-out modules are written as rendered, unformatted."""
    _, laid_out = client_modules(SPECS[0])
    formatted: list[str] = []
    real = fmt.format_python

    def spy(source: str, name: str, package: str) -> str:
        formatted.append(name)
        return real(source, name, package)

    monkeypatch.setattr(fmt, "format_python", spy)
    files = pipeline.render_all(SPECS[0], tmp_path / "out", "some_sdk", reuse_formatted=False)
    resources = {rel for rel in files if "/resources/" in rel and rel.endswith(".py")}
    resources.discard("some_sdk/resources/__init__.py")
    assert resources
    assert resources <= laid_out
    assert not resources & set(formatted)
    for rel in resources:
        assert real(files[rel], rel, "some_sdk") == files[rel], rel


# --- expressions -------------------------------------------------------------------------

TEXT = st.text(alphabet=st.sampled_from(list("abcdefgh_Z $#/'\"\\\t\x00é漢😀")), max_size=60)
NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,24}", fullmatch=True).filter(
    lambda n: not keyword.iskeyword(n) and not keyword.issoftkeyword(n)
)
NUMBERS = st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False)
ATOMS = TEXT.map(repr) | NAMES | NUMBERS.map(repr) | st.sampled_from(["None", "True", "False"])


def _joined(items: list[str], comma: bool) -> str:
    return ", ".join(items) + ("," if comma and items else "")


def _containers(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    items = st.lists(inner, max_size=5)
    comma = st.booleans()
    call = st.builds(
        lambda func, args, kwargs, c: (
            f"{func}({_joined(args + [f'{k}={v}' for k, v in kwargs], c)})"
        ),
        NAMES,
        st.lists(inner, max_size=2),
        st.lists(st.tuples(NAMES, inner), max_size=4),
        comma,
    )
    tup = st.builds(
        lambda xs, c: "(" + ", ".join(xs) + ("," if c or len(xs) == 1 else "") + ")", items, comma
    )
    lst = st.builds(lambda xs, c: f"[{_joined(xs, c)}]", items, comma)
    dct = st.builds(
        lambda kv, c: "{" + _joined([f"{k}: {v}" for k, v in kv], c) + "}",
        st.lists(st.tuples(TEXT.map(repr), inner), max_size=5),
        comma,
    )
    return call | tup | lst | dct


EXPRESSIONS = st.recursive(ATOMS, _containers, max_leaves=30)


@settings(max_examples=150, deadline=None)
@given(NAMES, EXPRESSIONS)
def test_an_assignment_is_laid_out_as_black_lays_it_out(target: str, source: str) -> None:
    try:
        mine = layout.assignment(target, source) + "\n"
    except layout.LayoutError:
        return  # left to black: nothing to compare
    assert mine == black_of(f"{target} = {source}\n")


# a constant's name so long that ``NAME = Call(`` does not fit (Kubernetes' operations)
LONG_NAMES = st.from_regex(r"_[A-Z][A-Z0-9_]{60,125}", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(LONG_NAMES, EXPRESSIONS)
def test_an_assignment_to_a_long_name_is_laid_out_as_black_lays_it_out(
    target: str, source: str
) -> None:
    try:
        mine = layout.assignment(target, source) + "\n"
    except layout.LayoutError:
        return  # left to black: nothing to compare
    assert mine == black_of(f"{target} = {source}\n")


def test_a_long_name_s_spec_literal_is_laid_out_not_left_to_black() -> None:
    """Both of black's shapes: the value in parentheses, and the overlong first line."""
    source = (
        "OperationSpec(operation_id='deleteCollection', method='DELETE', path='/apis/{name}',"
        " params=(ParamSpec(name='pretty', location='query', style='form', explode=True),"
        " ParamSpec(name='xx', location='query')), body=None)"
    )
    for length in (80, 92, 97, 99, 110, 130):
        target = "_" + "K" * (length - 1)
        mine = layout.assignment(target, source) + "\n"
        assert mine == black_of(f"{target} = {source}\n"), length
    assert layout.assignment("_" + "K" * 91, source).startswith("_" + "K" * 91 + " = (\n")
    assert layout.assignment("_" + "K" * 109, source).startswith("_" + "K" * 109 + " = Op")


def test_a_spec_literal_is_laid_out_as_black_lays_it_out() -> None:
    source = (
        "OperationSpec(operation_id='listThings', method='GET', path='/things', params=("
        "ParamSpec(name='page_size', wire='pageSize', location='query', schema={'type': "
        "'integer', 'minimum': 1, 'maximum': 500}), ParamSpec(name='q', wire='q', location="
        "'query', schema={'type': 'string', 'enum': ['alpha', 'beta', 'gamma', 'delta', "
        "'epsilon', 'zeta', 'eta', 'theta']}), ), auth=((AuthScheme(kind='bearer'), ), ), "
        "response_type=list[Thing])"
    )
    assert layout.assignment("_THINGS_LIST", source) + "\n" == black_of(
        f"_THINGS_LIST = {source}\n"
    )


# --- signatures --------------------------------------------------------------------------

LITERALS = st.lists(TEXT.map(repr), min_size=1, max_size=8).map(
    lambda xs: f"Literal[{', '.join(xs)}]"
)
OPERANDS = (
    NAMES
    | LITERALS
    | LITERALS.map(lambda lit: f"Sequence[{lit}]")
    | NAMES.map(lambda n: f"Mapping[str, {n}]")
)
HINTS = st.lists(OPERANDS, min_size=1, max_size=4).map(" | ".join)
RETURNS = NAMES | st.tuples(NAMES, NAMES, NAMES).map(lambda t: f"{t[0]}[{t[1]}, {t[2]}]")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(NAMES, HINTS, st.booleans()), min_size=1, max_size=4), RETURNS)
def test_a_signature_is_laid_out_as_black_lays_it_out(
    params: list[tuple[str, str, bool]], returned: str
) -> None:
    def signature(lines: list[str], closing: str) -> str:
        body = "".join(f"        {line}\n" for line in lines)
        return (
            f"class C:\n    def method(\n        self,\n        *,\n{body}"
            f"        max_retries: int | NotGiven = NOT_GIVEN,\n    {closing}\n        pass\n"
        )

    plain = [f"{n}: {h}" + (" = NOT_GIVEN," if optional else ",") for n, h, optional in params]
    try:
        mine = [
            layout.parameter(n, h, "NOT_GIVEN" if o else None, 2).lstrip(" ") for n, h, o in params
        ]
        closing = layout.returns(returned, 1).lstrip(" ")
    except layout.LayoutError:
        return  # left to black
    assert signature(mine, closing) == black_of(signature(plain, f") -> {returned}:"))


# --- docstrings --------------------------------------------------------------------------

DOC_TEXT = st.text(alphabet=st.sampled_from(list("ab Z\"'\\\n\t\x0b漢")), max_size=200)


@settings(max_examples=150, deadline=None)
@given(DOC_TEXT, st.integers(0, 2))
def test_a_docstring_is_laid_out_as_black_lays_it_out(text: str, depth: int) -> None:
    literal = literals.docstring(text, indent=4 * depth)
    pad = "    " * depth
    opening = ["", "class C:\n", "class C:\n    def f(self) -> None:\n"][depth]
    source = f"{opening}{pad}{literal}\n\n{pad}x = 1\n"
    mine = f"{opening}{pad}{layout.docstring(literal, depth)}\n\n{pad}x = 1\n"
    assert mine == black_of(source)


# --- imports -----------------------------------------------------------------------------

IMPORTED = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,20}", fullmatch=True).filter(
    lambda n: not keyword.iskeyword(n)
)


@given(
    st.sampled_from(["typing", "..types", "._operation", ".models_v2"]),
    st.lists(IMPORTED, min_size=1, max_size=12),
)
def test_a_from_import_is_written_as_isort_writes_it(module: str, names: list[str]) -> None:
    line = f"from {module} import {', '.join(names)}\n"
    expected = isort.code(line, profile="black", line_length=LINE_LENGTH)
    assert layout.import_from(module, names) + "\n" == expected


@given(
    st.lists(
        st.from_regex(r"\.{1,2}_?[a-z][a-z0-9_]{0,12}", fullmatch=True),
        min_size=1,
        max_size=6,
        unique=True,
    )
)
def test_modules_are_ordered_as_isort_orders_them(modules: list[str]) -> None:
    source = "".join(f"from {m} import x{i}\n" for i, m in enumerate(reversed(modules)))
    expected = [line.split()[1] for line in isort.code(source, profile="black").splitlines()]
    assert sorted(modules, key=lambda m: layout.import_key(m, names=False)) == expected


# --- literals built from their values ---------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    first: Any
    second: Any = None
    third: tuple[Any, ...] = ()


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.floats() | TEXT,
    lambda inner: (
        st.tuples(inner)
        | st.lists(inner, max_size=4).map(tuple)
        | st.lists(inner, max_size=4)
        | st.dictionaries(TEXT, inner, max_size=4)
        | st.builds(_Spec, inner, inner, st.lists(inner, max_size=3).map(tuple))
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(VALUES, VALUES)
def test_a_literal_s_tree_is_the_one_its_source_parses_to(first: Any, second: Any) -> None:
    made = literals.Construct(_Spec(first, second), (("third", "list[Thing]"),))
    try:
        expected = layout.expression(str(made))
    except layout.LayoutError:
        with pytest.raises(layout.LayoutError):
            layout.literal(made)
        return
    assert layout.literal(made) == expected


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_operation_s_spec_literal_tree_is_the_one_its_source_parses_to(spec: Path) -> None:
    try:
        _, api = rendering_inputs(spec)
    except GeneratorError:
        pytest.skip("not generated")
    for resource in api.all_resources:
        for op in resource.operations:
            made = op.spec_literal
            assert layout.literal(made) == layout.expression(str(made)), op.constant
