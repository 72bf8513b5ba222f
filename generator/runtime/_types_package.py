"""The names of a types package, imported from their modules on first use.

A spec with many schemas gets its types as a package (``types/``) of one
module per model family, so that a client or a ``from <pkg>.types import
Model`` loads the models it uses, not all of them. The package's
``__init__`` (the facade) lists every name's module and hands each out
through :func:`attribute`:

- a class or type alias comes from its module; an alias is checked against
  the schema table as it is handed out (in every mode, as one types module's
  aliases are: ``_strict_models.checked_alias``), while the modules' classes
  keep it as generated for their fields;
- ``__schemas__`` is the table the modules share;
- ``__non_nullable__`` maps each class to its module's entry, importing the
  module on first look-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["attribute"]  # what the package imports (NonNullable is what it hands out)

TABLE_FILE = "_schemas.json"


class NonNullable(Mapping[str, Any]):
    """The package's ``__non_nullable__``: each class's entry, read from its module's table."""

    def __init__(self, package: str, modules: Mapping[str, str]) -> None:
        self._package = package
        self._modules = modules

    def __getitem__(self, key: str) -> Any:
        module = self._modules.get(key)
        if module is None:
            raise KeyError(key)
        table = getattr(importlib.import_module(module, self._package), "__non_nullable__", {})
        return table[key]

    def __iter__(self) -> Iterator[str]:
        return (name for name in self._modules if name in self)

    def __len__(self) -> int:  # imports every module: the look-ups need none of it
        return sum(1 for _ in self)

    def __bool__(self) -> bool:
        return bool(self._modules)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        try:
            self[key]
        except KeyError:
            return False
        return True


def attribute(package: str, package_file: str | None, modules: Mapping[str, str], name: str) -> Any:
    """Name ``name`` of types package ``package`` (its ``__init__`` at ``package_file``), whose
    names live in ``modules`` (name -> relative module). AttributeError for any other name."""
    if name == "__non_nullable__":
        return NonNullable(package, modules)
    if name == "__schemas__":
        return _table(package, package_file)
    module = modules.get(name)
    if module is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, package), name)
    if type(value).__name__ == "TypeAliasType":
        strict = importlib.import_module("._strict_models", _parent(package))
        value = strict.checked_alias(value, name, _table(package, package_file))
    return value


def _table(package: str, package_file: str | None) -> Any:
    """The schema table the package's modules share."""
    strict = importlib.import_module("._strict_models", _parent(package))
    return strict.shared_table(package_file, package, TABLE_FILE)


def _parent(package: str) -> str:
    return package.rpartition(".")[0]
