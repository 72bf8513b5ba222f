"""Where a ``$ref`` key is a reference, and where it is only data.

A spec holds data as well as structure: ``enum``, ``const``, ``default``,
``example`` and an Example Object's ``value`` are instance values, a schema's
``examples`` list is instance values, and ``x-*`` extensions are whatever
their owner wants. An object with a ``$ref`` key inside any of those is data
(an example of a JSON Schema document, say), not a reference: load does not
fetch it, validate does not check it, bundle copies it as it is.

Keys of a *name map* (``properties``, ``paths``, ``responses``, the maps of
``components`` ...) are names chosen by the author, so a property called
``default`` or ``x-rate-limit`` is structure like any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.errors import escape_pointer_token

DATA_KEYS = frozenset({"enum", "const", "default", "example", "value"})
NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "paths",
        "webhooks",
        "responses",
        "content",
        "headers",
        "encoding",
        "callbacks",
        "links",
        "variables",
        "parameters",
        "examples",
        "schemas",
        "requestBodies",
        "securitySchemes",
        "pathItems",
        "mapping",
    }
)


def is_data(key: str, value: Any, *, in_names: bool) -> bool:
    """Whether ``value`` under ``key`` of an object is instance data (never a reference)."""
    if in_names:
        return False
    if key in DATA_KEYS or key.startswith("x-"):
        return True
    return key == "examples" and isinstance(value, list)  # a schema's examples


def is_name_map(parent_key: str | None, key: str, value: Any) -> bool:
    """Whether ``value`` (under ``key``, in an object under ``parent_key``) maps names to objects."""
    return isinstance(value, dict) and (key in NAME_MAPS or parent_key == "components")


def iter_refs(data: Any) -> Iterator[tuple[str, str]]:
    """(JSON pointer of the object, ``$ref`` value) for every reference in ``data``."""
    # (node, pointer, key the node sits under, whether node is a name map)
    stack: list[tuple[Any, str, str | None, bool]] = [(data, "", None, False)]
    while stack:
        node, pointer, own_key, in_names = stack.pop()
        children: list[tuple[Any, str, str | None, bool]] = []
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not in_names:
                yield pointer, ref
            for raw_key, value in node.items():
                if not isinstance(value, dict | list):
                    continue
                key = str(raw_key)
                if is_data(key, value, in_names=in_names):
                    continue
                child = f"{pointer}/{escape_pointer_token(key)}"
                names = not in_names and is_name_map(own_key, key, value)
                children.append((value, child, None if in_names else key, names))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, dict | list):
                    children.append((value, f"{pointer}/{index}", None, False))
        stack.extend(reversed(children))  # depth first, in document order
