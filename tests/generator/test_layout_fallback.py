"""The statements the layout gives up on are formatted alone, and the module is black's.

black is the oracle: a module rendered with the layout's give-ups formatted
statement by statement must be byte-identical to black's output for the
whole module rendered plain (the old way: every filter's plain source, the
module formatted by black), and must not go through black as a whole.
"""

from __future__ import annotations

from pathlib import Path

import black
import pytest

from generator import fmt, render_client
from generator.layout_fallback import MARK, settle
from tests.generator.test_layout import MODE, client_modules

LONG_NAMES = Path(__file__).resolve().parent / "specs" / "long_names.yaml"


def black_of(text: str) -> str:
    return black.format_str(text, mode=MODE)


def test_a_marked_module_statement_is_formatted_alone() -> None:
    source = f"x = 1\n\n\n{MARK}y = f(aaa,\n  bbb)\nz  =  2\n"
    seen: list[str] = []

    def spy(text: str) -> str:
        seen.append(text)
        return black_of(text)

    assert settle(source, spy) == "x = 1\n\n\ny = f(aaa, bbb)\nz  =  2\n"
    assert seen == ["y = f(aaa,\n  bbb)\n"]


def test_a_marked_method_is_formatted_at_its_depth() -> None:
    long = "a" * 90
    source = (
        "class C:\n"
        '    """Doc."""\n'
        "\n"
        "    def keep(self) -> None:  # untouched\n"
        "        pass\n"
        "\n"
        "    @property\n"
        f"    def {MARK}m(self, {long}: int) -> int:\n"
        f"        return {long}\n"
    )
    expected = (
        "class C:\n"
        '    """Doc."""\n'
        "\n"
        "    def keep(self) -> None:  # untouched\n"
        "        pass\n"
        "\n"
        "    @property\n"
        "    def m(\n"
        "        self,\n"
        f"        {long}: int,\n"
        "    ) -> int:\n"
        f"        return {long}\n"
    )
    assert settle(source, black_of) == expected
    assert black_of(expected) == expected


def test_a_mark_outside_the_members_formats_the_whole_class() -> None:
    source = f"class {MARK}C  :\n    '''Doc.'''\n    x  =  1\n"
    assert settle(source, black_of) == 'class C:\n    """Doc."""\n\n    x = 1\n'


def test_unmarked_source_is_returned_as_it_is_and_unparsable_source_is_refused() -> None:
    assert settle("x  =  1\n", black_of) == "x  =  1\n"
    assert settle(f"{MARK}def (:\n", black_of) is None


def test_long_names_are_laid_out_as_black_formats_the_plain_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files, laid_out = client_modules(LONG_NAMES)
    rel = "some_sdk/resources/projects.py"
    assert rel in laid_out  # not left to black as a whole
    monkeypatch.setattr(render_client._LAYOUT, "lenient", True)  # every give-up written plain
    plain, _ = client_modules(LONG_NAMES)
    assert plain[rel] != files[rel]  # the spec does make the layout give up
    assert fmt.format_python(plain[rel], rel, "some_sdk") == files[rel]
