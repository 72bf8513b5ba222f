"""The runtime's public names are read from each module's own ``__all__`` (a file in tmp_path)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from generator.runtime import PUBLIC_MODULES
from generator.runtime_surface import RUNTIME, module_all


def test_reads_a_plain_and_an_annotated_all(tmp_path: Path) -> None:
    plain = tmp_path / "_plain.py"
    plain.write_text('"""Doc."""\nimport x\n__all__ = ["B", "a"]\nB = 1\n', encoding="utf-8")
    annotated = tmp_path / "_annotated.py"
    annotated.write_text('__all__: list[str] = ("C",)\n', encoding="utf-8")
    assert module_all(plain) == ("B", "a")
    assert module_all(annotated) == ("C",)


def test_a_module_without_a_literal_all_is_named(tmp_path: Path) -> None:
    module = tmp_path / "_computed.py"
    module.write_text("NAMES = ['a']\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"_computed\.py has no literal __all__"):
        module_all(module)


@pytest.mark.parametrize("module", PUBLIC_MODULES)
def test_each_public_module_reads_as_the_all_its_import_holds(module: str) -> None:
    imported = importlib.import_module(f"scenario_sdk.{module}")  # the runtime, as generated
    assert module_all(RUNTIME / f"{module}.py") == tuple(imported.__all__)


def test_the_all_statement_is_found_after_other_statements_and_across_lines(
    tmp_path: Path,
) -> None:
    module = tmp_path / "_long.py"
    module.write_text(
        '"""Doc.\n\n__all__ in a docstring is no statement.\n"""\n'
        "import x\n__all__ += ['no']\n"
        "__all__ = [  # trailing comment\n    'A',\n    \"b\",\n]\n__all__ = ['later']\n",
        encoding="utf-8",
    )
    assert module_all(module) == ("A", "b")
