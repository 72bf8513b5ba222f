"""Generating never changes the loaded document, even where it renders a changed copy.

Forgiven defaults and examples are left out, ECMA-262 patterns rewritten,
components renamed and a multi-file spec bundled: each on a copy that shares
what it does not change with the document, which must end as it was loaded.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import generator.load
from tests.generator.helpers import CASES, HERE, MINI_SPEC, generate

SPECS = [
    CASES / "lenient" / "invalid_default" / "spec.yaml",
    CASES / "lenient" / "invalid_examples" / "spec.yaml",
    CASES / "lenient" / "ecma_patterns" / "spec.yaml",
    HERE / "specs" / "multi" / "openapi.yaml",
    MINI_SPEC,
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.parent.name)
def test_the_loaded_document_ends_as_it_was_loaded(
    spec: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[tuple[Any, Any]] = []
    real = generator.load.load

    def keeping(*args: Any, **kwargs: Any) -> Any:
        doc = real(*args, **kwargs)
        loaded.append((doc, copy.deepcopy({str(k): v for k, v in doc.files.items()})))
        return doc

    monkeypatch.setattr(generator.load, "load", keeping)
    generate(tmp_path / "out", "some_sdk", spec)

    ((doc, as_loaded),) = loaded
    assert {str(k): v for k, v in doc.files.items()} == as_loaded
