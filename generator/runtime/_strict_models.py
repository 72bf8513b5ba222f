"""``Model.model_validate(payload, strict=True)`` with JSON Schema's verdict.

The types module ends by calling ``bind(globals())``: each generated class
with an entry in the module's ``__schemas__`` table gets ``model_validate``
and ``model_validate_json`` that, when ``strict=True``, first check the
payload against the table (``_jsonschema``, the same check ``validate()``
uses) and raise a ``ValidationError`` naming every broken keyword. The
table's verdict is the verdict; the value returned for a payload it accepts
is built by pydantic strict mode, else by the lax mode (``1.0`` for an
integer: the coercions are then only changes of spelling), else, for a
payload JSON Schema accepts but the Python types cannot hold (``[]`` or
``12`` against a schema without ``type``, ``false`` in a field whose schema
has no ``type``), it is returned as the JSON value itself (not an object) or
as ``Model.model_construct`` of it (an object). A generated class whose
strict validator (``_strict_core``) holds the whole schema is judged by
that one call into pydantic-core; otherwise the validator (or pydantic
strict mode) builds the value and ``_residual`` checks what is left. Lax
validation (``strict`` not set) is pydantic's own, unchanged.

Type aliases (components that are not objects) have no strict switch of
their own: used as a type on their own (``TypeAdapter(Alias)``, a field of a
user's model), each is rebound to ``Annotated[<its type>,
WrapValidator(...)]`` that gives the table's verdict in every mode, as
standalone validation is strict (pydantic's own constraints apply in every
mode too), and keeps pydantic's value where pydantic can build one. The
generated classes keep the alias as generated for their fields (their lax
mode stays forward compatible).

The table itself (``__schemas__``) is a lazy mapping: its JSON file is read
on first use, so importing the types costs nothing for it. A large types
module is a package of modules (``_types_package``): they share one table,
each binds its own classes, and its aliases are checked where the package
hands them out (:func:`checked_alias`), so that every class keeps the alias as
generated for its fields.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any

import pydantic
from pydantic import ValidationError, WrapValidator
from pydantic_core import InitErrorDetails, PydanticCustomError

__all__ = [
    "LazyTable",
    "bind",
    "checked_alias",
    "is_table_checked",
    "shared_table",
    "types_namespace",
]

_UNBUILT = object()  # pydantic strict mode did not build a value
_GENERAL = object()  # the class has no strict validator of its own: the general path


def _json() -> Any:
    """The json module, imported on first strict use (importing the types needs none of it)."""
    return importlib.import_module("json")


def is_table_checked(type_: Any) -> bool:
    """Whether ``type_.model_validate(data, strict=True)`` gives the schema table's verdict."""
    return isinstance(type_, type) and isinstance(getattr(type_, "__strict_schema__", None), str)


class LazyTable(Mapping[str, Any]):
    """The schema table, read from its JSON file (next to the types module) on first use."""

    def __init__(self, module_file: str | None, package: str | None, resource: str) -> None:
        self._file = module_file
        self._package = package
        self._resource = resource
        self._table: Mapping[str, Any] | None = None

    def _text(self) -> str:
        if self._file is not None:
            return (Path(self._file).parent / self._resource).read_text(encoding="utf-8")
        if self._package is None:
            raise LookupError(f"no package to read {self._resource} from")
        resources = importlib.import_module("importlib.resources")  # a package without files
        return str(resources.files(self._package).joinpath(self._resource).read_text("utf-8"))

    @property
    def table(self) -> Mapping[str, Any]:
        """The loaded table."""
        if self._table is None:
            self._table = _json().loads(self._text())
        return self._table

    def __getitem__(self, key: str) -> Any:
        return self.table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)

    def __contains__(self, key: object) -> bool:
        return key in self.table


_TABLES: dict[tuple[str | None, str | None, str], LazyTable] = {}


def shared_table(module_file: str | None, package: str | None, resource: str) -> LazyTable:
    """The one table read from ``resource`` next to ``module_file`` (the modules of a types
    package and the package itself share it: its file is read once)."""
    folder = None if module_file is None else str(Path(module_file).parent)
    key = (folder, package, resource)
    found = _TABLES.get(key)
    if found is None:
        found = _TABLES[key] = LazyTable(module_file, package, resource)
    return found


def types_namespace(module: str) -> Mapping[str, Any]:
    """The names the classes of types module ``module`` can meet: its own, and those of the
    modules of its types package it imports from, transitively (one module: its own).

    A module of a types package imports each name it uses from the module defining it;
    that module's own imports lead further.
    """
    own = vars(sys.modules[module])
    package = own.get("__package__")
    if "__schemas__" not in own or not package or package == module:
        return own  # one types module (its package is the client's)
    found: dict[str, Any] = {}
    seen = {module}
    stack = [own]
    while stack:
        namespace = stack.pop()
        for key, value in namespace.items():
            found.setdefault(key, value)
            owner = getattr(value, "__module__", None)
            if isinstance(owner, str) and owner not in seen and owner.startswith(package + "."):
                seen.add(owner)
                loaded = sys.modules.get(owner)
                if loaded is not None and "__schemas__" in vars(loaded):
                    stack.append(vars(loaded))
    found.update(own)  # its own names first
    return found


def _issues(data: Any, name: str, table: Mapping[str, Any]) -> list[Any] | None:
    """The table's issues with ``data`` as ``name``; None when the table has no such entry."""
    checker = importlib.import_module("._jsonschema", __package__)  # on first strict use only
    loaded = table.table if isinstance(table, LazyTable) else table
    if name not in loaded:
        return None
    return list(checker.errors(data, name, loaded))


def _passes_residual(name: str, table: Mapping[str, Any], data: Any) -> bool:
    """Whether ``data``, accepted by pydantic strict mode, passes what pydantic does not check."""
    loaded = table.table if isinstance(table, LazyTable) else table
    if name not in loaded:
        return True
    compiled = importlib.import_module("._residual", __package__)  # on first strict use only
    return bool(compiled.residual(name, loaded)(data))


class _Fast:
    """A class's strict validator (``_strict_core``) and the residual it leaves, built on first use.

    ``held`` is None when the class has no such validator (it takes the general
    path); else ``(validator, check)``, ``check`` None when nothing is left.
    """

    def __init__(self, cls: Any, name: str, table: Mapping[str, Any]) -> None:
        self.cls, self.name, self.table = cls, name, table
        self._held: list[tuple[Any, Any] | None] = []

    def held(self, klass: Any, kwargs: dict[str, Any]) -> tuple[Any, Any] | None:
        if klass is not self.cls or kwargs:  # a subclass, or options: the general path
            return None
        if not self._held:
            self._held.append(self._build())
        return self._held[0]

    def _build(self) -> tuple[Any, Any] | None:
        table = self.table
        loaded = table.table if isinstance(table, LazyTable) else table
        if self.name not in loaded:
            return None
        core = importlib.import_module("._strict_core", __package__)  # on first strict use only
        compiled = importlib.import_module("._residual", __package__)
        plan = core.plan_of(self.cls, loaded)
        validator = plan.validator(self.name)
        if validator is None:
            return None
        check = compiled.residual(self.name, loaded, plan)
        return validator, None if compiled.always(check) else check

    def python(self, klass: Any, data: Any, kwargs: dict[str, Any]) -> Any:
        """The value of ``data`` if the validator and the residual accept it, else ``_UNBUILT``.

        ``_GENERAL`` when there is no validator for it (not an object, a subclass, options).
        """
        held = self.held(klass, kwargs) if isinstance(data, dict) else None
        if held is None:
            return _GENERAL
        validator, check = held
        try:
            value = validator.validate_python(data, strict=True)
        except (ValidationError, TypeError):
            return _UNBUILT
        return value if check is None or check(data) else _UNBUILT

    def text(self, klass: Any, json_data: Any, kwargs: dict[str, Any]) -> Any:
        """The value of JSON text the validator alone holds and accepts, else ``_UNBUILT``."""
        held = self.held(klass, kwargs)
        if held is None or held[1] is not None:
            return _UNBUILT
        try:
            return held[0].validate_json(json_data, strict=True)
        except (ValidationError, TypeError):
            return _UNBUILT  # not a verdict: the table decides


def _raise_issues(title: str, data: Any, name: str, table: Mapping[str, Any]) -> bool:
    """Raise the table's issues with ``data``; False when the table does not know ``name``."""
    issues = _issues(data, name, table)
    if issues is None:
        return False
    details: list[InitErrorDetails] = [
        {
            "type": PydanticCustomError(keyword, "{message}", {"message": message}),
            "loc": where,
            "input": value,
        }
        for where, keyword, message, value in issues
    ]
    if details:
        raise ValidationError.from_exception_data(title, details)
    return True


def _bind_class(cls: type[pydantic.BaseModel], name: str, table: Mapping[str, Any]) -> None:
    original = cls.model_validate.__func__  # type: ignore[attr-defined]
    original_json = cls.model_validate_json.__func__  # type: ignore[attr-defined]

    def build(klass: Any, data: Any, kwargs: dict[str, Any]) -> Any:
        """The value of a payload the table accepted."""
        try:
            return original(klass, data, strict=True, **kwargs)
        except (ValidationError, TypeError):  # TypeError: a constraint on another JSON type
            if _mentions_attribute_names(klass, data):
                raise  # populated by attribute name: pydantic's reading, pydantic's verdict
        try:
            return original(klass, data, strict=False, **kwargs)
        except (ValidationError, TypeError):
            pass
        if isinstance(data, dict):
            return klass.model_construct(**_by_wire_name(klass, data))
        return data  # a JSON value the schema admits and no instance of the class can be

    fast = _Fast(cls, name, table)

    def exact(klass: Any, data: Any, kwargs: dict[str, Any]) -> Any:
        """The strict value of decoded JSON ``data``, with the table's verdict."""
        value = fast.python(klass, data, kwargs)
        if value is not _GENERAL:
            if value is not _UNBUILT:  # the strict validator held most, the residual the rest
                return value
        elif isinstance(data, dict):
            try:
                value = original(klass, data, strict=True, **kwargs)
            except (ValidationError, TypeError):
                pass
            else:  # pydantic checked most of it: the residual check does the rest
                if _passes_residual(name, table, data):
                    return value
        if not _raise_issues(klass.__name__, data, name, table):
            return original(klass, data, strict=True, **kwargs)
        return build(klass, data, kwargs)

    def model_validate(
        klass: Any, /, obj: Any, *, strict: bool | None = None, **kwargs: Any
    ) -> Any:
        if not strict or isinstance(obj, pydantic.BaseModel):
            return original(klass, obj, strict=strict, **kwargs)
        return exact(klass, obj, kwargs)

    def model_validate_json(
        klass: Any,
        /,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        **kwargs: Any,
    ) -> Any:
        if not strict:
            return original_json(klass, json_data, strict=strict, **kwargs)
        value = fast.text(klass, json_data, kwargs)  # one call into pydantic-core, if it holds all
        if value is not _UNBUILT:
            return value
        try:  # pydantic strict mode on the text (its own parser) checks most of it ...
            value = original_json(klass, json_data, strict=True, **kwargs)
        except (ValidationError, TypeError):
            value = _UNBUILT
        try:
            data = _json().loads(json_data)
        except ValueError:
            return original_json(klass, json_data, strict=strict, **kwargs)  # pydantic's JSON error
        if value is not _UNBUILT and isinstance(data, dict) and _passes_residual(name, table, data):
            return value  # ... and the residual check the rest
        return exact(klass, data, kwargs)

    cls.__strict_schema__ = name  # type: ignore[attr-defined]  # read by is_table_checked
    model_validate.__doc__ = original.__doc__
    model_validate_json.__doc__ = original_json.__doc__
    setattr(cls, "model_validate", classmethod(model_validate))  # noqa: B010
    setattr(cls, "model_validate_json", classmethod(model_validate_json))  # noqa: B010


_ATTRIBUTE_NAMES: dict[str, frozenset[str]] = {}


def _attribute_names(module: str) -> frozenset[str]:
    """The attribute names of the module's classes that differ from their wire names and are
    no class's wire name (Plaid's `account_id` is one class's wire name and another's
    attribute for `accountId`: as a key it is read as the wire name it is)."""
    found = _ATTRIBUTE_NAMES.get(module)
    if found is None:
        names: set[str] = set()
        wires: set[str] = set()
        for value in types_namespace(module).values():
            if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
                for n, f in value.model_fields.items():
                    wires.add(f.alias or n)
                    if (f.alias or n) != n:
                        names.add(n)
        found = _ATTRIBUTE_NAMES[module] = frozenset(names - wires)
    return found


def _mentions_attribute_names(klass: type[pydantic.BaseModel], data: Any) -> bool:
    """Whether an object anywhere in ``data`` has a key that is an attribute (not a wire) name."""
    names = _attribute_names(klass.__module__)
    stack = [data]
    while stack and names:
        node = stack.pop()
        if isinstance(node, dict):
            if not names.isdisjoint(node):
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _by_wire_name(klass: type[pydantic.BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    """``data`` keyed for ``model_construct``: fields by attribute name, other keys as they are."""
    wire = {field.alias or name: name for name, field in klass.model_fields.items()}
    fields = set(klass.model_fields)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in wire:
            out[wire[key]] = value
        elif key not in fields:  # an attribute name in a payload is an unknown key: not a field
            out[key] = value
    return out


def _first_issue(name: str, table: Mapping[str, Any], value: Any) -> bool:
    """Raise the table's first issue with ``value``; False when the table has no ``name``."""
    issues = _issues(value, name, table)
    if issues is None:
        return False
    for where, keyword, message, _ in issues:
        place = "".join(f"[{p!r}]" for p in where)
        raise PydanticCustomError(keyword, "{place}{message}", {"place": place, "message": message})
    return True


def checked_alias(alias: Any, name: str, table: Mapping[str, Any]) -> Any:
    """``alias`` rebuilt to give the table's verdict in every mode."""

    def check(value: Any, handler: Any) -> Any:
        known = _first_issue(name, table, value)
        try:
            return handler(value)
        except (ValidationError, TypeError):  # TypeError: a constraint on the wrong JSON type
            if not known:
                raise
            return value  # JSON Schema accepts it; the Python type cannot hold it

    checked = type(alias)(alias.__name__, Annotated[alias.__value__, WrapValidator(check)])
    # its forward references ("Section", a class written later) resolve in the module
    # that wrote it, not in this one (typing_extensions takes the caller's)
    with contextlib.suppress(AttributeError, TypeError):  # read-only where typing's own
        checked.__module__ = alias.__module__
    return checked


def bind(namespace: dict[str, Any], table_file: str | None = None, *, aliases: bool = True) -> None:
    """Give the classes of a types module (its ``globals()``) the table-checked strict mode.

    ``table_file`` names the JSON file of the table in the module's package
    (read on first use); without it the namespace's own ``__schemas__`` is used.
    ``aliases``: rebind the module's type aliases to checked ones (a module of a types
    package leaves its own as generated: the package checks them as it hands them out).
    """
    table: Mapping[str, Any]
    if table_file is not None:
        table = namespace["__schemas__"] = shared_table(
            namespace.get("__file__"), namespace.get("__package__"), table_file
        )
    else:
        table = namespace.get("__schemas__") or {}
    module = namespace.get("__name__")
    for name, cls in list(namespace.items()):
        if name.startswith("_"):
            continue
        if type(cls).__name__ == "TypeAliasType":
            if aliases:
                namespace[name] = checked_alias(cls, name, table)
        elif (
            isinstance(cls, type)
            and issubclass(cls, pydantic.BaseModel)
            and cls.__module__ == module
        ):
            _bind_class(cls, name, table)
