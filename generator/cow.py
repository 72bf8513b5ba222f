"""Copy on write for JSON-like trees: change a few nodes of a large document cheaply.

A stage that must not change its input (the loaded spec is shared by every
stage) but changes only some nodes copies just the containers on the paths
to those nodes, each once, instead of deep-copying the whole document; the
rest is shared with the input, which stays as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Token = str | int


class Copy:
    """A copy of ``root`` that shares every container not on a path given to :meth:`at`."""

    def __init__(self, root: Any) -> None:
        self.root = _shallow(root)
        self._fresh = {id(self.root)}  # containers of this copy, free to change

    def at(self, tokens: Sequence[Token]) -> Any:
        """The container at ``tokens`` in this copy, made its own (``None`` when absent)."""
        node = self.root
        for token in tokens:
            key: Token
            if isinstance(node, dict) and token in node:
                key = token
            elif isinstance(node, list) and str(token).isdigit() and int(token) < len(node):
                key = int(token)
            else:
                return None
            child = node[key]
            if not isinstance(child, dict | list):
                return None
            if id(child) not in self._fresh:
                child = _shallow(child)
                node[key] = child
                self._fresh.add(id(child))
            node = child
        return node


def _shallow(node: Any) -> Any:
    if isinstance(node, dict):
        return dict(node)
    if isinstance(node, list):
        return list(node)
    return node
