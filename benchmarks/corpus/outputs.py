"""What a tool wrote, counted from its files with ``ast`` (nothing is imported).

- our package: client methods are the public methods of the classes that
  derive from ``SyncAPIResource`` (overloads of one name count once; properties,
  which reach sub-resources, are not methods); types are the public names
  defined at the top level of ``types.py`` or of the modules of a ``types/``
  package (classes and assignments, type aliases included; imports are not);
- datamodel-codegen's one module: the same definition of types;
- openapi-python-client: one module per operation under ``api/``, one per
  type under ``models/``;
- what a first use of our package touches (:func:`first_use`): its sync client
  class, the client's resource with the most methods, and one model class.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SYNC_RESOURCE_BASES = {"SyncAPIResource"}


def _base_names(node: ast.ClassDef) -> set[str]:
    names = set()
    for base in node.bases:
        if isinstance(base, ast.Name):
            names.add(base.id)
        elif isinstance(base, ast.Attribute):
            names.add(base.attr)
    return names


def _is_property(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in node.decorator_list:
        name = (
            decorator.attr if isinstance(decorator, ast.Attribute) else getattr(decorator, "id", "")
        )
        if name in {"property", "cached_property"}:
            return True
    return False


def resource_methods(source: str) -> set[str]:
    """``Class.method`` for every public method of the sync resource classes in ``source``."""
    methods: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and _base_names(node) & SYNC_RESOURCE_BASES:
            for item in node.body:
                if (
                    isinstance(item, ast.FunctionDef)
                    and not item.name.startswith("_")
                    and not _is_property(item)
                ):
                    methods.add(f"{node.name}.{item.name}")
    return methods


def defined_names(source: str) -> set[str]:
    """Public names a module defines at its top level (classes, assignments, type aliases)."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        elif type(node).__name__ == "TypeAlias":  # `type X = ...` (ast.TypeAlias: Python 3.12+)
            targets = [node.name]  # type: ignore[attr-defined]
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return {n for n in names if not n.startswith("_") and n != "__all__"}


def first_use(package: Path) -> tuple[str, str | None, str | None]:
    """(sync client class, its resource attribute with the most methods, a model class name) of
    our generated package folder; ``None`` where the package has no resource or no model."""
    client = ast.parse((package / "_client.py").read_text(encoding="utf-8"))
    klass = next(
        node
        for node in client.body
        if isinstance(node, ast.ClassDef) and "SyncAPIClient" in _base_names(node)
    )
    counts: dict[str, int] = {}
    for source in _sources(sorted((package / "resources").glob("*.py"))):
        for method in resource_methods(source):
            owner = method.split(".", 1)[0]
            counts[owner] = counts.get(owner, 0) + 1
    resources = {  # attribute -> the class its property returns
        item.name: ast.unparse(item.returns).strip("'\"")
        for item in klass.body
        if isinstance(item, ast.FunctionDef) and _is_property(item) and item.returns is not None
    }
    attribute = max(sorted(resources), key=lambda a: counts.get(resources[a], 0), default=None)
    models = sorted(
        name
        for source in _sources(_type_files(package))
        for node in ast.parse(source).body
        if isinstance(node, ast.ClassDef) and not (name := node.name).startswith("_")
    )
    return klass.name, attribute, models[0] if models else None


def _type_files(package: Path) -> list[Path]:
    found = [package / "types.py"] if (package / "types.py").exists() else []
    return found + (
        sorted((package / "types").rglob("*.py")) if (package / "types").is_dir() else []
    )


def _sources(files: list[Path]) -> list[str]:
    """The text of every file that parses (a file that does not is ruff's finding, not a count)."""
    texts = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
            ast.parse(text)
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        texts.append(text)
    return texts


def ours(package: Path) -> tuple[int, int]:
    """(client methods, types) in our generated package folder."""
    methods: set[str] = set()
    for source in _sources(sorted(package.rglob("*.py"))):
        methods |= resource_methods(source)
    return len(methods), len(our_type_names(package))


def our_type_names(package: Path) -> set[str]:
    """The public names of our generated package's types module(s)."""
    types: set[str] = set()
    for source in _sources(_type_files(package)):
        types |= defined_names(source)
    return types


def _folded(name: str) -> str:
    """A name with case, and everything but ASCII letters and digits, left out."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def lost_schemas(schemas: list[str], types: set[str]) -> list[str]:
    """The schema names that no type name stands for, by the README's naming rules.

    A schema ``order-item`` is found as ``OrderItem``: names compared with case
    and separators left out, a leading digit prefixed (``Schema1Foo``), a
    reserved word suffixed (``NoneModel``), duplicates after conversion
    numbered (``Foo2``). A name with no ASCII letter or digit is matched by
    count only (it is found while types remain unclaimed).
    """
    free: dict[str, int] = {}
    for name in types:
        free[_folded(name)] = free.get(_folded(name), 0) + 1
    lost: list[str] = []
    unmatched = 0
    for schema in schemas:
        key = _folded(schema)
        if not key:
            unmatched += 1
            continue
        candidates = [key, "schema" + key, key + "model"]
        candidates += [f"{c}{n}" for c in candidates for n in range(2, 10)]
        found = next((c for c in candidates if free.get(c, 0) > 0), None)
        if found is None:
            lost.append(schema)
        else:
            free[found] -= 1
    if unmatched > sum(free.values()):
        lost += [s for s in schemas if not _folded(s)][: unmatched - sum(free.values())]
    return lost


def datamodel_codegen(module: Path) -> int:
    """Types in datamodel-codegen's output (one module, or a package of modules)."""
    files = sorted(module.rglob("*.py")) if module.is_dir() else [module]
    types: set[str] = set()
    for source in _sources([f for f in files if f.exists()]):
        types |= defined_names(source)
    return len(types)


def openapi_python_client(out: Path) -> tuple[int, int]:
    """(operation modules, model modules) of openapi-python-client's package in ``out``."""
    for init in sorted(out.glob("*/__init__.py")):
        package = init.parent
        if (package / "client.py").exists() or (package / "api").is_dir():
            api = [p for p in package.glob("api/**/*.py") if p.name != "__init__.py"]
            models = [p for p in package.glob("models/*.py") if p.name != "__init__.py"]
            return len(api), len(models)
    return 0, 0
