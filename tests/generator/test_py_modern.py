"""py_modern: datamodel-codegen's leftover typing aliases spelled as ruff wants, meaning the same.

The oracles: ruff (UP006, UP035, UP045) on the rewritten source, and Python
itself: each alias evaluates, before and after, to a type with the same
members (``typing.get_args``, unions compared as sets of members).
"""

from __future__ import annotations

import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest

from generator.py_modern import modernize

HEAD = "from typing import Annotated, Any, Optional, Union\n\nfrom typing_extensions import TypeAliasType\n\n\nclass Q:\n    pass\n\n\n"
CASES = {
    "runtime-optional": 'X = TypeAliasType("X", Annotated[Optional[list[Union["Q", int]]], 0])\n',
    "nested": 'V = TypeAliasType("V", Optional[dict[str, Optional[int]]])\n',
    "class": 'C = TypeAliasType("C", Optional[Q])\n',
    "multi-line": 'M = TypeAliasType(\n    "M",\n    Optional[\n        list[Any]\n    ],\n)\n',
    "string-member": 'S = TypeAliasType("S", Optional["Q"])\n',  # | on a string: kept
    "forward-reference": 'R = TypeAliasType("R", "list[Optional[R]]")\n',
}


def _members(tp: object, namespace: dict[str, object]) -> object:
    """``tp`` as comparable data: unions as sets, classes by name, strings evaluated."""
    if isinstance(tp, str):
        return _members(eval(tp, namespace), namespace)  # a forward reference of the test's own
    if isinstance(tp, type):
        return tp.__qualname__
    if type(tp).__name__ == "TypeAliasType":
        return ("alias", getattr(tp, "__name__", ""))
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return frozenset(_members(a, namespace) for a in args)
    return (typing.get_origin(tp), tuple(_members(a, namespace) for a in args)) if args else tp


def _evaluated(source: str) -> dict[str, object]:
    namespace: dict[str, object] = {}
    exec(compile(source, "<types>", "exec"), namespace)  # the test's own source
    return {
        name: _members(value.__value__, namespace)  # type: ignore[attr-defined]
        for name, value in namespace.items()
        if type(value).__name__ == "TypeAliasType"
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_rewrite_is_ruff_clean_and_means_the_same(case: str, tmp_path: Path) -> None:
    source = HEAD + CASES[case]
    rewritten = modernize(source)
    module = tmp_path / "types.py"
    module.write_text(rewritten, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--isolated",
         "--select", "UP006,UP035,UP045", "--target-version", "py311", str(module)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if case != "string-member":
        assert done.returncode == 0, rewritten + done.stdout
    assert _evaluated(rewritten) == _evaluated(source)
