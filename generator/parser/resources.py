"""The resource tree (``client.models.train``) and the names it composes.

Operations are grouped by their resource path; each resource gets a sync
and an async class name (free as ``X`` and as ``AsyncX`` among the schema
classes and the clients), a module name, and an attribute. A method named
like a sub-resource is renamed, the sub-resource keeping its attribute.
"""

from __future__ import annotations

from dataclasses import replace

from generator import literals, naming
from generator.ir import Operation, Resource


def build_resources(
    ops: dict[tuple[str, ...], list[Operation]], taken: set[str]
) -> tuple[Resource, ...]:
    """The top-level resources over ``ops`` (resource path -> operations, in document order).

    ``taken`` holds the class names resources must not reuse; it gains theirs.
    """
    return _level(ops, (), taken, set())


def _level(
    ops: dict[tuple[str, ...], list[Operation]],
    prefix: tuple[str, ...],
    taken: set[str],
    modules: set[str],
) -> tuple[Resource, ...]:
    """The resources directly under ``prefix``, sorted by attribute, with their subtrees."""
    heads = sorted(
        {
            path[len(prefix)]
            for path in ops
            if path[: len(prefix)] == prefix and len(path) > len(prefix)
        }
    )
    out = []
    for head in heads:
        path = (*prefix, head)
        cls = _class_name(path, taken)
        module = naming.unique(naming.module_name("_".join(path)), {m.lower() for m in modules})
        modules.add(module)
        children = _level(ops, path, taken, modules)
        out.append(
            Resource(
                path=path,
                attr=naming.resource_attribute(head),
                module=module,
                sync_class=cls,
                async_class=f"Async{cls}",
                docstring=literals.docstring(f"Operations on {'.'.join(path)}.", 4),
                operations=_methods_named_apart(tuple(ops.get(path, ())), children),
                children=children,
            )
        )
    return tuple(out)


def _class_name(path: tuple[str, ...], taken: set[str]) -> str:
    """A resource class name free as X and as AsyncX (a schema named AsyncX must not clash)."""
    blocked = {n.lower() for n in taken} | {
        n.removeprefix("Async").lower() for n in taken if n.startswith("Async")
    }
    cls = naming.unique(naming.class_name("_".join(path)), blocked, separator="")
    taken.add(cls)
    taken.add(f"Async{cls}")
    return cls


def _methods_named_apart(
    operations: tuple[Operation, ...], children: tuple[Resource, ...]
) -> tuple[Operation, ...]:
    """``operations`` with method names unique and different from the sub-resource attributes."""
    names = naming.deduplicate([c.attr for c in children] + [op.method_name for op in operations])
    own = names[len(children) :]
    return tuple(replace(op, method_name=n) for op, n in zip(operations, own, strict=True))
