"""What the generated package re-exports from the runtime, read from the runtime's source.

The public modules are named in ``generator/runtime/__init__.py``; their names
are each module's own ``__all__``, read statically (the runtime needs httpx,
which the generator does not), so a name added to the runtime is exported
without a second list to keep in step.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

from generator.runtime import PUBLIC_MODULES

RUNTIME = Path(__file__).resolve().parent / "runtime"


@functools.cache
def public_imports() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``(module, names)`` for each public runtime module, names as its ``__all__`` lists them."""
    return tuple((module, module_all(RUNTIME / f"{module}.py")) for module in PUBLIC_MODULES)


def module_all(path: Path) -> tuple[str, ...]:
    """The literal ``__all__`` of the module at ``path``.

    Only the statement is parsed, not the module (the runtime's modules are read on every
    run): it starts at a line beginning with ``__all__`` and ends with the first line after
    which it parses.
    """
    text = path.read_text(encoding="utf-8")
    for start in _ALL_LINE.finditer(text):
        lines = text[start.start() :].splitlines(keepends=True)
        for end in range(1, len(lines) + 1):
            try:
                tree = ast.parse("".join(lines[:end]), filename=str(path))
            except SyntaxError:
                continue
            value = _all_value(tree.body[0]) if len(tree.body) == 1 else None
            if value is not None:
                return tuple(str(name) for name in ast.literal_eval(value))
            break  # a statement that is not the assignment (`__all__ += ...`)
    raise ValueError(f"{path.name} has no literal __all__")


_ALL_LINE = re.compile(r"^__all__\b", re.MULTILINE)


def _all_value(node: ast.stmt) -> ast.expr | None:
    """The value ``node`` assigns to ``__all__`` (``None``: it is not such an assignment)."""
    if isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        targets, value = [node.target], node.value
    else:
        return None
    named = any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)
    return value if named else None
