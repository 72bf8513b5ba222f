"""Spec text made into Python literals: any text must parse back to itself, never to code."""

from __future__ import annotations

import ast

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator import literals

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
def test_value_is_a_literal_of_the_data(data: object) -> None:
    assert ast.literal_eval(literals.value(data)) == data
