"""What the rendered code takes from a spec whose annotations were forgiven.

Validation warns about a ``default`` or example that its own schema rejects,
and about a schema ``type`` that names no type (``invalid-schema-type``); the
generated code must not rely on such a value, so it is left out of the data
the types are rendered from. A bad ``type`` is found here by the same rule
(``spec_schemas.names_no_type``), as structural validation may still be
running while rendering starts. ``pattern`` strings are ECMA-262: where
Python has an equivalent spelling (``[\\w\\-./:]`` for ``[\\w-./:]``,
``[^\\W\\d_]`` for ``\\p{Letter}``) the rendered code gets that one, so the
generated types compile it (see :mod:`generator.patterns`).

The data given is the bundled document, whose pointers are the entry file's:
the warnings' pointers apply to it unchanged. The spec itself is untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator import patterns
from generator.cow import Copy
from generator.errors import Problem, unescape_pointer_token
from generator.spec_schemas import names_no_type, schema_roots, subschemas

# Warnings whose value the rendered code must not use.
DROPPED = frozenset({"invalid-default", "invalid-example"})


def for_rendering(data: dict[str, Any], warnings: Iterable[Problem]) -> dict[str, Any]:
    """``data`` (a copy where anything changes) without forgiven values, patterns in Python's terms."""
    drops = sorted(
        {p.location.pointer for p in warnings if p.code in DROPPED and p.location is not None},
        reverse=True,  # later list items first, so earlier indexes stay valid
    )
    is_31 = str(data.get("openapi", "")).startswith("3.1")
    if not drops and not any(_needs_rewrite(node, is_31=is_31) for node in _schema_nodes(data)):
        return data
    out = Copy(data)  # only the containers on the way to a change are copied
    for pointer in drops:
        _remove(out, pointer)
    for root, schema, _ in schema_roots(data):
        for where, node in subschemas(schema, root):
            if not isinstance(node, dict) or not _needs_rewrite(node, is_31=is_31):
                continue
            target = out.at(where)
            if not isinstance(target, dict):
                continue
            if "type" in node and names_no_type(node["type"], is_31=is_31):
                del target["type"]
            if isinstance(node.get("pattern"), str):
                target["pattern"] = patterns.to_python(node["pattern"]) or node["pattern"]
    return out.root  # type: ignore[no-any-return]  # the copy of a mapping is a mapping


def _schema_nodes(data: Any) -> Iterable[dict[str, Any]]:
    """Every schema object written in ``data`` (top-level ones and their subschemas)."""
    for _, schema, _ in schema_roots(data):
        for _, node in subschemas(schema, ()):
            if isinstance(node, dict):
                yield node


def _needs_rewrite(node: dict[str, Any], *, is_31: bool) -> bool:
    """A ``type`` naming no type (dropped), or a pattern with a Python spelling of its own."""
    if "type" in node and names_no_type(node["type"], is_31=is_31):
        return True
    pattern = node.get("pattern")
    return isinstance(pattern, str) and patterns.to_python(pattern) not in (None, pattern)


def _remove(data: Copy, pointer: str) -> None:
    """Delete the value at ``pointer`` (an example list item, a default...), if it is there."""
    tokens = [unescape_pointer_token(t) for t in pointer.split("/")[1:]]
    node = data.at(tokens[:-1])
    last = tokens[-1] if tokens else ""
    if isinstance(node, dict):
        node.pop(last, None)
    elif isinstance(node, list) and last.isdigit() and int(last) < len(node):
        del node[int(last)]
