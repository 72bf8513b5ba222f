"""The top-level statements read a slice at a time are those of ``ast.parse`` on the whole."""

from __future__ import annotations

import ast

import pytest

from generator import sliced_ast


def _whole(source: str) -> list[tuple[str, int, int | None]]:
    return [(ast.dump(node), node.lineno, node.end_lineno) for node in ast.parse(source).body]


def _sliced(offset: int, node: ast.stmt) -> tuple[str, int, int | None]:
    # ast.dump without positions: the statement itself; the lines shifted by the offset
    end = None if node.end_lineno is None else node.end_lineno + offset
    return (ast.dump(node), node.lineno + offset, end)


MODULE = "\n\n".join(
    [
        "from __future__ import annotations\n\nimport typing",
        *(
            f'class Model{i}(Base):\n    """Model {i}.\n\n    Spans lines."""\n\n'
            f"    field: int = {i}\n    other: list[str] = [\n        'a',\n    ]"
            for i in range(60)
        ),
        "Alias = Model1 | Model2",
        # a line that starts like a class inside a string: a slice cut there does not parse
        'TEXT = """\nclass NotAClass:\n    pass\n"""',
        *(f"class Late{i}:\n    x: int = {i}" for i in range(20)),
        "@decorated\nclass Decorated:\n    pass",
        "class Last:\n    pass\n",
    ]
)


@pytest.mark.parametrize("size", [1, 40, 300, 10**9])
def test_slices_read_what_the_whole_parse_reads(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    monkeypatch.setattr(sliced_ast, "SLICE", size)
    assert sliced_ast.read_top_level(MODULE, _sliced) == _whole(MODULE)


def test_without_the_string_many_slices_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    source = MODULE.replace('TEXT = """\nclass NotAClass:\n    pass\n"""', "TEXT = 'x'")
    monkeypatch.setattr(sliced_ast, "SLICE", 40)
    assert len(sliced_ast._cuts(source)) > 50  # it is sliced
    assert sliced_ast.read_top_level(source, _sliced) == _whole(source)


def test_a_syntax_error_is_raised_as_by_ast_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sliced_ast, "SLICE", 40)
    broken = MODULE + "\nclass Broken(:\n    pass\n"
    with pytest.raises(SyntaxError):
        ast.parse(broken)
    with pytest.raises(SyntaxError):
        sliced_ast.read_top_level(broken, _sliced)
