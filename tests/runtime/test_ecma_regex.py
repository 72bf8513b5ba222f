"""runtime/_ecma_regex: the verdict of every pattern equals an ECMA-262 engine's.

The oracle is ``regress`` (a Rust implementation of ECMA-262's regular
expressions, the dialect JSON Schema's ``pattern`` names), run on texts
hypothesis draws from characters where the dialects differ: Unicode digits
and letters, ECMA-262's line terminators and spaces (U+2028, U+FEFF), and the
punctuation Rust's syntax reads as class set operators. Patterns the Rust engine
runs and patterns left to Python's ``re`` (lookaround, ``\\b``) are both
listed; which engine each gets is asserted, so a translation that stops
working shows here and not as a hang in production.
"""

from __future__ import annotations

import re

import pytest
import regress
from hypothesis import given
from hypothesis import strategies as st

from generator.runtime._ecma_regex import compile_pattern, to_rust

LINEAR = [
    r"^\d+$",
    r"^\w+$",
    r"^[\w-./:]+$",  # Annex B: a dash after a class escape is literal
    r"^[\w-]+$",
    r"^\s*$",
    r"^\S+$",
    r"^a.b$",
    r"^[^\d\s]+$",
    r"[\D]",
    r"^[\W]$",
    r"^[a\S]$",
    r"\cJ",
    r"^\x41\u00e9?$",
    r"^\0$",
    r"^\p{L}+$",
    r"^\P{L}$",
    r"[\p{L}\d]",
    r"^(?:ab|cd)*$",
    r"^[a-z&&b]$",  # literal ampersands (an intersection in Rust's syntax)
    r"^[~~]+$",
    r"^[[]$",  # a literal [ (a nested class in Rust's syntax)
    r"^\/\-\.$",
    r"^$",
    r"a{2}",
    r"^[^a]*$",
    r"^(https?:\/\/)?([\da-z\.-]+)\.([a-z\.]{2,6})([\/\w \.-]*)*\/?$",
]
BACKTRACKING = [r"^(?=a)\w$", r"\bab\b", r"^(a)\1$"]  # no Rust equivalent: Python's re

ALPHABET = "aAbz09_-./:@ &~[]\n\r\t\x00\x0b\u2028\u2029\ufeff\xa0\x85\xe9\u0661\u0e51"


def _ecma(pattern: str) -> regress.Regex:
    for flags in ("u", ""):
        try:
            return regress.Regex(pattern, flags)
        except regress.RegressError:
            continue
    raise AssertionError(f"not ECMA-262: {pattern}")


@pytest.mark.parametrize("pattern", LINEAR)
def test_the_rust_engine_runs_it(pattern: str) -> None:
    assert to_rust(pattern) is not None
    compiled = compile_pattern(pattern)
    assert compiled is not None
    assert not isinstance(compiled, re.Pattern), to_rust(pattern)


@pytest.mark.parametrize("pattern", BACKTRACKING)
def test_what_rust_cannot_run_is_left_to_re(pattern: str) -> None:
    assert isinstance(compile_pattern(pattern), re.Pattern)


@pytest.mark.parametrize("pattern", LINEAR + BACKTRACKING)
@given(text=st.text(alphabet=ALPHABET, max_size=10))
def test_the_verdict_is_ecma_262s(pattern: str, text: str) -> None:
    compiled = compile_pattern(pattern)
    assert compiled is not None
    expected = _ecma(pattern).find(text) is not None
    assert (compiled.search(text) is not None) is expected


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"^[[]$", "["),
        (r"^[a-z&&b]$", "&"),
        (r"^\s$", "\ufeff"),
        (r"^\s$", "\x85"),  # not an ECMA-262 space (Unicode's White_Space has it)
        (r"^a.b$", "a\u2028b"),
        (r"^\d$", "\u0661"),
        (r"\cJ", "\n"),
    ],
)
def test_the_places_where_the_dialects_differ(pattern: str, text: str) -> None:
    compiled = compile_pattern(pattern)
    assert compiled is not None
    assert (compiled.search(text) is not None) is (_ecma(pattern).find(text) is not None)
