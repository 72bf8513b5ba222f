"""A YAML loader with the YAML 1.2 core schema, on PyYAML's C parser.

PyYAML resolves plain scalars by YAML 1.1 rules: ``1e-08`` (no dot) stays a
string, ``yes`` / ``on`` / ``off`` become booleans, ``012`` is octal,
``2024-01-01`` a date and ``1:30`` a sexagesimal number. YAML 1.2 (the
version OpenAPI names) has none of that: this loader resolves plain scalars
with the 1.2 core schema only (null, true/false, decimal / ``0o`` / ``0x``
integers, floats with ``.inf`` / ``.nan``), everything else is a string.

Mapping keys are always strings: a plain ``200:`` key (an integer in YAML)
becomes the text it was written as, ``"200"``, which is what a JSON document
and OpenAPI mean; load reports such keys as warnings.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

# The C parser is much faster; the pure-Python one has the same API.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class Yaml12Loader(_Base):  # type: ignore[misc]  # a SafeLoader either way
    """A safe loader resolving plain scalars by the YAML 1.2 core schema."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012  # PyYAML's class-level table

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """A mapping whose scalar keys are the text they were written as."""
        self.flatten_mapping(node)  # `<<` merge keys, as PyYAML does
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key: Any = key_node.value
            else:
                key = self.construct_object(key_node, deep=deep)
                if not isinstance(key, str):
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        "a mapping key must be a string",
                        key_node.start_mark,
                    )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _int(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]  # a scalar node
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _float(loader: yaml.SafeLoader, node: yaml.Node) -> float:
    text = str(loader.construct_scalar(node)).lower()  # type: ignore[arg-type]  # a scalar node
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    return float(text)


def _add_resolvers() -> None:
    add = Yaml12Loader.add_implicit_resolver
    add("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])
    add("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
    add("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
    add("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
    add(MERGE_TAG, re.compile(r"^(?:<<)$"), ["<"])
    Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _int)
    Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _float)


_add_resolvers()
