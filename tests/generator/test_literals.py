"""Spec text made into Python literals: any text must parse back to itself, never to code."""

from __future__ import annotations

import ast

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator import literals
from generator.runtime._operation import AuthScheme, OperationSpec, PaginationSpec, ParamSpec

# Text biased towards what breaks literals: quotes, backslashes, line breaks, controls.
hostile_text = st.text(
    alphabet=st.sampled_from(['"', "'", "\\", "\n", "\r", "\t", " ", "\x00", "\u2028", "a", "{"])
    | st.characters(exclude_categories=["Cs"]),  # lone surrogates cannot be written as UTF-8
    max_size=40,
)


def parse_literal(source: str) -> str:
    """The value of ``source``, which must be exactly one string literal."""
    tree = ast.parse(source, mode="eval")
    assert isinstance(tree.body, ast.Constant), source
    assert isinstance(tree.body.value, str)
    return tree.body.value


@pytest.mark.parametrize(
    "text",
    ['ends with """', 'ends with ""', 'ends with "', "ends with \\", '"""', 'x\\"', 'a\\"""'],
)
def test_docstring_of_a_line_is_the_line(text: str) -> None:
    assert parse_literal(literals.docstring(text)) == text


@given(hostile_text)
@example('multi\nline ending in """')
@example("\r\n\r\n")
def test_docstring_always_parses_back_to_its_text(text: str) -> None:
    source = literals.docstring(text, indent=8)
    value = parse_literal(source)
    expected = text.strip().replace("\r\n", "\n").replace("\r", "\n")
    if not expected:
        assert value == "(no description in the spec)"
    elif "\n" not in expected:
        assert value == expected
    else:  # indented for its block: equal up to whitespace
        assert value.split() == expected.split()
    assert "\n" not in source or source.endswith("\n" + " " * 8 + '"""')


@given(hostile_text)
def test_comment_text_is_one_safe_line(text: str) -> None:
    line = literals.comment_text(text)
    assert line.splitlines() == ([line] if line else [])
    assert "\x00" not in line
    assert "\r" not in line
    compile(f"# {line}\n", "<comment>", "exec")


@given(st.recursive(st.none() | st.booleans() | st.integers() | hostile_text, st.lists))
def test_source_is_a_literal_of_the_data(data: object) -> None:
    assert ast.literal_eval(literals.source(data)) == data


# -- runtime spec objects printed as constructor calls ------------------------------------

RUNTIME_CLASSES = {
    "AuthScheme": AuthScheme,
    "OperationSpec": OperationSpec,
    "PaginationSpec": PaginationSpec,
    "ParamSpec": ParamSpec,
}
json_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=8,
)
param_specs = st.builds(
    ParamSpec,
    name=hostile_text,
    wire=hostile_text,
    location=st.sampled_from(["path", "query", "header", "cookie"]),
    schema=st.dictionaries(hostile_text, json_data, max_size=3),
    required=st.booleans(),
    style=st.none() | hostile_text,
    explode=st.none() | st.booleans(),
    media_type=st.none() | hostile_text,
)
auth_schemes = st.builds(
    AuthScheme,
    kind=st.sampled_from(["basic", "bearer", "apiKey"]),
    name=st.just("Authorization") | hostile_text,
    location=st.sampled_from(["header", "query", "cookie"]),
    value=st.none() | hostile_text,
)
operation_specs = st.builds(
    OperationSpec,
    operation_id=hostile_text,
    method=st.sampled_from(["GET", "PUT"]),
    path=hostile_text,
    params=st.lists(param_specs, max_size=3).map(tuple),
    body_fields=st.dictionaries(hostile_text, hostile_text, max_size=3),
    body_required=st.booleans(),
    auth=st.lists(st.lists(auth_schemes, max_size=2).map(tuple), max_size=2).map(tuple),
    pagination=st.none() | st.builds(PaginationSpec, hostile_text, hostile_text, hostile_text),
)


def same(left: object, right: object) -> bool:
    """Equal, with NaN equal to itself (a NaN in a schema is still the value printed)."""
    return repr(left) == repr(right)


@given(operation_specs)
def test_construct_evaluates_back_to_the_runtime_object(spec: OperationSpec) -> None:
    source = literals.construct(spec)
    rebuilt = eval(
        source, {"__builtins__": {"float": float}}, dict(RUNTIME_CLASSES)
    )  # the literal under test
    assert same(rebuilt, spec)
    assert literals.constructors(spec) <= set(RUNTIME_CLASSES)
    # only the classes the text calls, so the module imports exactly what it uses
    called = {
        node.func.id
        for node in ast.walk(ast.parse(source, mode="eval"))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id != "float"
    }
    assert literals.constructors(spec) == called


def test_construct_leaves_out_defaults_and_prints_given_sources() -> None:
    spec = OperationSpec(
        operation_id="op",
        method="GET",
        path="/x/{id}",
        params=(ParamSpec(name="id", wire="id", location="path", schema={}, required=True),),
    )
    source = literals.construct(spec, response_type="Thing")
    assert source == (
        "OperationSpec(operation_id='op', method='GET', path='/x/{id}', "
        "params=(ParamSpec(name='id', wire='id', location='path', schema={}, required=True), ), "
        "response_type=Thing)"
    )
    assert literals.constructors(spec) == {"OperationSpec", "ParamSpec"}


def test_source_refuses_values_without_a_literal() -> None:
    with pytest.raises(TypeError, match="set"):
        literals.source({1, 2})
