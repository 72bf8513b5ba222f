"""What the generated package re-exports from the runtime, read from the runtime's source.

The public modules are named in ``generator/runtime/__init__.py``; their names
are each module's own ``__all__``, read statically (the runtime needs httpx,
which the generator does not), so a name added to the runtime is exported
without a second list to keep in step.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from generator.runtime import PUBLIC_MODULES

RUNTIME = Path(__file__).resolve().parent / "runtime"


@functools.cache
def public_imports() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``(module, names)`` for each public runtime module, names as its ``__all__`` lists them."""
    return tuple((module, module_all(RUNTIME / f"{module}.py")) for module in PUBLIC_MODULES)


def module_all(path: Path) -> tuple[str, ...]:
    """The literal ``__all__`` of the module at ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return tuple(str(name) for name in ast.literal_eval(value))
    raise ValueError(f"{path.name} has no literal __all__")
