"""Which JSON kinds (object, array, string, number, boolean, null) a declared type can hold.

Lenient parsing keeps whatever a newer server adds inside a body, but a body
of the wrong JSON kind (an HTML page, a list or ``null`` where an object is
declared) is not a newer server: it is an error page, and must not pass as an
empty result. :func:`json_kinds` answers for the top level of a type;
:func:`kind_of` names the kind of a decoded value.
"""

from __future__ import annotations

import collections.abc
import enum
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pydantic

__all__ = ["ANY_KIND", "ARRAY_ORIGINS", "OBJECT_ORIGINS", "json_kinds", "kind_of"]

ANY_KIND = frozenset({"object", "array", "string", "number", "boolean", "null"})

# The origins of the annotations that hold a JSON array / a JSON object.
ARRAY_ORIGINS = frozenset(
    {
        list,
        tuple,
        set,
        frozenset,
        collections.abc.Sequence,
        collections.abc.MutableSequence,
        collections.abc.Set,
        collections.abc.Iterable,
        collections.abc.Collection,
    }
)
OBJECT_ORIGINS = frozenset({dict, collections.abc.Mapping, collections.abc.MutableMapping})
_SCALARS: dict[type, frozenset[str]] = {
    bool: frozenset({"boolean"}),
    int: frozenset({"number"}),
    float: frozenset({"number"}),
    str: frozenset({"string"}),
    type(None): frozenset({"null"}),
}


def kind_of(value: object) -> str:
    """The JSON kind of a value ``json.loads`` returned."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def json_kinds(type_: Any) -> frozenset[str]:
    """The JSON kinds a value of ``type_`` may have on the wire (every kind when unknown)."""
    if type(type_).__name__ == "TypeAliasType":  # a PEP 695 ``type X = ...`` alias
        return json_kinds(type_.__value__)
    origin, args = get_origin(type_), get_args(type_)
    if origin is Annotated:
        return json_kinds(args[0])
    if origin is Union or origin is types.UnionType:
        return frozenset().union(*(json_kinds(arg) for arg in args))
    if origin is Literal:
        return frozenset(kind_of(arg.value if isinstance(arg, enum.Enum) else arg) for arg in args)
    if isinstance(type_, type) and issubclass(type_, pydantic.RootModel):
        return json_kinds(type_.model_fields["root"].annotation)
    if isinstance(type_, type) and issubclass(type_, pydantic.BaseModel):
        return frozenset({"object"})
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return frozenset(kind_of(member.value) for member in type_)
    if origin in ARRAY_ORIGINS or type_ in ARRAY_ORIGINS:
        return frozenset({"array"})
    if origin in OBJECT_ORIGINS or type_ in OBJECT_ORIGINS:
        return frozenset({"object"})
    for scalar, kinds in _SCALARS.items():
        if type_ is scalar:
            return kinds
    return ANY_KIND
