"""What every parser module reads and shares: the spec, its class names, and name registries.

A module of ``generator.parser`` returns its piece of the IR as a
:class:`Parsed` value together with the problems it found; it never raises
for a bad spec. The few registries that must be shared across operations
(classes made for inline bodies and responses, page classes) live on
:class:`ParseContext`, so names stay unique in the whole package.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from generator import naming
from generator.errors import Location, Problem, error
from generator.load import pointer_get
from generator.runtime._operation import AuthScheme
from generator.schema_types import SchemaTyper
from generator.spec_access import deref, ref_pointer, schema_component

T = TypeVar("T")


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """A parser module's answer: its IR piece (``None`` when it could not make one) and problems."""

    value: T
    problems: tuple[Problem, ...] = ()


class ParseContext:
    """The bundled spec being parsed, the class name of every schema component, and name registries."""

    def __init__(
        self,
        data: dict[str, Any],
        *,
        package: str,
        spec_name: str,
        locate: Callable[[str], Location] | None = None,
    ) -> None:
        self.data = data
        self.package = package
        self.spec_name = spec_name
        self.locate = locate
        schemas = (data.get("components") or {}).get("schemas") or {}
        keys = list(schemas)
        self.schema_classes: dict[str, str] = dict(
            zip(
                keys,
                naming.deduplicate((naming.class_name(k) for k in keys), separator=""),
                strict=True,
            )
        )
        self.synthetic: dict[str, Any] = {}
        self._names = {name.lower() for name in self.schema_classes.values()}  # and synthetic's
        self.page_bases: set[str] = set()
        # Classes made for objects reached through a reference outside components, by target.
        self._classes_at: dict[str, str] = {}
        # Security schemes the runtime applies, by name; converted (and reported) on first use.
        self.auth_schemes: Mapping[str, AuthScheme] | None = None
        self.typer = SchemaTyper(data, self.schema_classes)

    def where(self, pointer: str) -> Location:
        """The place of a JSON pointer of the bundled spec (with a line when ``locate`` knows it)."""
        if self.locate is not None:
            return self.locate(pointer)
        return Location(self.spec_name, pointer)

    def error(self, code: str, message: str, pointer: str, hint: str = "") -> Problem:
        """A new ERROR problem at ``pointer`` (returned, not recorded: the caller collects it)."""
        return error(code, message, self.where(pointer), hint)

    def deref(self, node: Any) -> Any:
        """``node`` with its ``$ref`` chain followed (``generator.spec_access.deref``)."""
        return deref(self.data, node)

    def component_class(self, schema: Any) -> str | None:
        """The class of the component ``schema`` refers to as a whole (``None`` if not a reference)."""
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            key = schema_component(schema["$ref"], whole=True)
            return self.schema_classes.get(key) if key is not None else None
        return None

    def model_for(
        self, schema: Any, synthetic_name: str, *, compositions: bool = False
    ) -> str | None:
        """The class that validates ``schema``: its component's, or a new one for an inline object.

        A ``$ref`` chain is followed until it names a whole component (its
        class) or reaches an object written elsewhere in the document (a
        reference into ``paths``, say), which gets a class of its own once per
        target. An inline object is registered under ``synthetic_name`` (made
        unique); ``None`` when ``schema`` is neither a component nor an object.
        With ``compositions`` an ``allOf`` reached that way counts as an object.
        """
        target, where = schema, ""
        seen: set[str] = set()
        while isinstance(target, dict) and isinstance(target.get("$ref"), str):
            ref = target["$ref"]
            if schema_component(ref, whole=True) is not None:
                return self.component_class(target)
            pointer = ref_pointer(ref)
            if pointer is None or ref in seen:
                return None
            seen.add(ref)
            try:
                target, where = pointer_get(self.data, pointer), pointer
            except KeyError:
                return None
        if compositions and isinstance(target, dict) and "allOf" in target:
            target = {"type": "object", **target}
        if not is_inline_object(target):
            return None
        if where and where in self._classes_at:
            return self._classes_at[where]
        name = naming.unique(synthetic_name, self._names, separator="")
        self._names.add(name.lower())
        self.synthetic[name] = target
        self.typer.add_synthetic(name, target)
        if where:
            self._classes_at[where] = name
        return name


def is_inline_object(schema: Any) -> bool:
    """Whether ``schema`` is an object written in place (not a ``$ref``): it gets a class of its own."""
    return (
        isinstance(schema, dict)
        and not isinstance(schema.get("$ref"), str)
        and (schema.get("type") == "object" or "properties" in schema)
    )
