"""Stage 3 data: the intermediate representation the templates print.

Plain frozen dataclasses. Every presentation decision (Python names, type
hints, docstring literals, constant names) is made when the IR is built
(``build_ir``) and answered here as a field or property, so templates only
loop and print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from generator import layout, literals
from generator.errors import Problem
from generator.runtime._operation import (
    AuthScheme,
    OperationSpec,
    PaginationSpec,
    ParamSpec,
    TypeRef,
)
from generator.runtime_surface import public_imports

_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")


def export_order(names: set[str] | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``names`` in the order ruff wants ``__all__`` (RUF022, isort style).

    CONSTANTS (upper case, more than one character: ``A`` is a class name) first, then
    Classes, then the rest; each group case-sensitively, numbers in natural order
    (``Author2`` before ``Author10``).
    """
    return tuple(sorted(set(names), key=_export_key))


def _export_key(name: str) -> tuple[bool, bool, list[tuple[int, str]]]:
    natural = [
        (1, part) if not part.isdigit() else (0, f"{int(part):020d}")
        for part in re.split(r"(\d+)", name)
        if part
    ]
    return (not (name.isupper() and len(name) > 1), not name[:1].isupper(), natural)


@dataclass(frozen=True)
class Parameter:
    """A path, query or header parameter of an operation: the runtime spec plus its presentation."""

    spec: ParamSpec
    type_hint: str
    docstring_line: str

    @property
    def python_name(self) -> str:
        """The keyword argument's name."""
        return self.spec.name

    @property
    def wire_name(self) -> str:
        """The name in the spec and on the wire."""
        return self.spec.wire

    @property
    def mapping_key(self) -> str:
        """Its key in the call's parameter mapping (the wire name unless that is shared)."""
        return self.spec.mapping_key

    @property
    def location(self) -> str:
        """``path``, ``query`` or ``header``."""
        return self.spec.location

    @property
    def required(self) -> bool:
        """Whether the caller must give it (path parameters always)."""
        return self.spec.required


@dataclass(frozen=True)
class BodyField:
    """A top-level property of a JSON request body, offered as a keyword argument."""

    python_name: str
    wire_name: str
    required: bool
    type_hint: str
    docstring_line: str


# What an operation sends and receives, decided once by the parser. Only the
# kinds listed as generated below reach the templates today; the parser refuses
# the others, naming the construct.
BodyKind = Literal["json-fields", "json-value", "multipart", "form", "binary", "text"]
ResponseKind = Literal["model", "value", "text", "binary", "empty"]
GENERATED_BODY_KINDS: frozenset[BodyKind] = frozenset(
    {"json-fields", "json-value", "multipart", "form", "binary", "text"}
)
GENERATED_RESPONSE_KINDS: frozenset[ResponseKind] = frozenset(
    {"model", "value", "text", "binary", "empty"}
)


@dataclass(frozen=True)
class Body:
    """A request body and how it is sent.

    ``kind``: ``json-fields`` (an object offered as keyword arguments and
    validated by the generated class ``model``), ``json-value`` (any other
    JSON as the one argument in ``fields``, validated as ``value_type``),
    ``multipart``, ``form``, ``binary`` or ``text``.
    """

    model: str | None
    fields: tuple[BodyField, ...]
    required: bool
    kind: BodyKind = "json-fields"
    media_type: str = "application/json"
    value_type: str | None = None  # json-value: the type the runtime validates the value as
    value_schema: str | None = None  # json-value: its schema, ``$ref``s inlined, as a literal
    # (media type, kind) the caller may pick with ``content_type=``; the default first.
    choices: tuple[tuple[str, BodyKind], ...] = ()
    content_type_name: str = "content_type"  # its keyword, unique in the signature
    # multipart / form: the spec's honoured ``encoding``, by media type then field wire name
    encoding: dict[str, dict[str, dict[str, Any]]] = field(
        default_factory=dict, compare=False, hash=False
    )

    @property
    def content_type_argument(self) -> Argument | None:
        """The ``content_type`` argument, when the caller can choose among media types."""
        wildcard = "*" in self.media_type
        if len(self.choices) < 2 and not wildcard:
            return None
        hint = "str" if wildcard else "Literal[" + ", ".join(repr(m) for m, _ in self.choices) + "]"
        others = ", ".join(repr(m) for m, _ in self.choices[1:])
        line = f"The media type to send; default {self.media_type!r}" + (
            f", or {others}." if others else " (name the actual type)."
        )
        return Argument(self.content_type_name, hint, False, literals.one_line(line))


@dataclass(frozen=True)
class Response:
    """What the success response carries.

    ``kind``: ``model`` (a JSON object read into a generated class), ``value``
    (any other JSON: a list, a union, a primitive), ``text``, ``binary`` or
    ``empty`` (no body, or no schema for it).
    """

    kind: ResponseKind = "empty"
    media_type: str | None = None


@dataclass(frozen=True)
class Pagination:
    """Cursor pagination of a list operation: the runtime spec plus the page classes."""

    spec: PaginationSpec
    item_type: str
    sync_page: str
    async_page: str
    items_attr: str
    cursor_attr: str
    cursor_type: str
    type_names: tuple[str, ...] = ()

    @property
    def base_argument(self) -> str:
        """The item type as the page classes' base takes it (``SyncCursorPage[...]``): a
        string when it names generated types, which the pagination module imports only for
        type checkers (a page's items are the parsed response's; nothing builds them here)."""
        return layout.string(self.item_type) if self.type_names else self.item_type


@dataclass(frozen=True)
class Argument:
    """One argument of a generated method, in signature order."""

    python_name: str
    type_hint: str
    required: bool
    docstring_line: str
    path_position: int | None = None  # where a path parameter sits in the path template
    positional: bool = False  # before the ``*``: also accepted positionally


@dataclass(frozen=True)
class Operation:
    """One API operation, as a method of a resource class."""

    operation_id: str
    method_name: str
    http_method: str
    path: str
    docstring: str
    constant: str
    params: tuple[Parameter, ...]
    body: Body | None
    response_type: str | None
    pagination: Pagination | None
    auth: tuple[tuple[AuthScheme, ...], ...]
    type_names: tuple[str, ...] = ()
    deprecated: bool = False
    response: Response = field(default_factory=Response)

    @property
    def arguments(self) -> tuple[Argument, ...]:
        """The method's arguments in signature order.

        As in Stainless SDKs, the last path parameter of the path (the id of
        the thing the method acts on) comes first and may be given positionally,
        ``client.models.update("model_1", ...)``; every argument is also accepted
        by keyword. Then the other path parameters in path order, then the
        required, then the optional arguments (each group in spec order).
        """
        positions = {
            p.wire_name: self.path.find("{" + p.wire_name + "}")
            for p in self.params
            if p.location == "path"
        }
        last = max(positions, key=lambda wire: positions[wire]) if positions else None
        args = [
            Argument(
                p.python_name,
                p.type_hint,
                p.required,
                p.docstring_line,
                path_position=positions.get(p.wire_name) if p.location == "path" else None,
                positional=p.location == "path" and p.wire_name == last,
            )
            for p in self.params
        ]
        if self.body:
            args += [
                Argument(f.python_name, f.type_hint, f.required, f.docstring_line)
                for f in self.body.fields
            ]
            if self.body.content_type_argument is not None:
                args.append(self.body.content_type_argument)
        return tuple(
            sorted(
                args,
                key=lambda a: (
                    not a.positional,
                    a.path_position is None,
                    a.path_position or 0,
                    not a.required,
                ),
            )
        )

    @property
    def positional_arguments(self) -> tuple[Argument, ...]:
        """The arguments before the ``*`` of the signature."""
        return tuple(a for a in self.arguments if a.positional)

    @property
    def keyword_arguments(self) -> tuple[Argument, ...]:
        """The keyword-only arguments, after the ``*``."""
        return tuple(a for a in self.arguments if not a.positional)

    @property
    def method_docstring(self) -> str:
        """The method's docstring literal: summary, description and arguments."""
        text = self.docstring
        documented = [a for a in self.arguments if a.docstring_line]
        if documented:
            text += "\n\nArgs:\n" + "\n".join(
                f"    {a.python_name}: {a.docstring_line}" for a in documented
            )
        return literals.docstring(text, indent=8)

    @property
    def spec(self) -> OperationSpec:
        """The runtime's description of the operation; the generated types it holds are
        :class:`TypeRef` values (names, built when the operation is first called)."""
        return OperationSpec(
            operation_id=self.operation_id,
            method=self.http_method,
            path=self.path,
            params=tuple(p.spec for p in self.params),
            body_fields={f.wire_name: f.python_name for f in self.body.fields} if self.body else {},
            body_required=self.body.required if self.body else False,
            auth=self.auth,
            pagination=self.pagination.spec if self.pagination else None,
            # by name: the resource module imports none of them (each built on first use)
            body_model=_type_ref(self.body.model if self.body else None),
            body_type=_type_ref(self.body.value_type if self.body else None),
            response_type=_type_ref(self.response_type),
            **self._kind_fields(),
        )

    def _kind_fields(self) -> dict[str, Any]:
        """The ``OperationSpec`` fields of the body and response kinds."""
        fields: dict[str, Any] = {}
        if self.body:
            fields["body_kind"] = self.body.kind
            fields["body_media_type"] = self.body.media_type
            if len(self.body.choices) > 1:
                fields["body_media_types"] = dict(self.body.choices)
            if self.body.encoding:
                fields["body_encoding"] = self.body.encoding
        if self.response.kind in ("text", "binary"):  # JSON kinds are read alike
            fields["response_kind"] = self.response.kind
            fields["response_media_type"] = self.response.media_type
        return fields

    @property
    def spec_literal(self) -> literals.Construct:
        """The ``OperationSpec(...)`` constructor call the resource module holds (its source
        is ``str()`` of it)."""
        sources = {}  # fields whose values are source text already
        if self.body and self.body.value_schema is not None:
            sources["body_schema"] = self.body.value_schema
        return literals.Construct(self.spec, tuple(sources.items()))

    @property
    def return_type(self) -> str:
        """The sync method's return annotation."""
        if self.pagination:
            return self.pagination.sync_page
        if self.response.kind == "binary":
            return "BinaryResponse"
        return self.response_type or "None"

    @property
    def async_return_type(self) -> str:
        """The async method's return annotation (paginated methods are not coroutines)."""
        if self.pagination:
            return f"AsyncPaginator[{self.pagination.item_type}, {self.pagination.async_page}]"
        if self.response.kind == "binary":
            return "AsyncBinaryResponse"
        return self.response_type or "None"


def _type_ref(hint: str | None) -> TypeRef | None:
    """The runtime's reference to the generated type ``hint`` names (None for no type)."""
    return TypeRef(hint) if hint else None


@dataclass(frozen=True)
class Resource:
    """A group of operations (``client.models``), possibly with sub-resources."""

    path: tuple[str, ...]
    attr: str
    module: str
    sync_class: str
    async_class: str
    docstring: str
    operations: tuple[Operation, ...]
    children: tuple[Resource, ...]

    @property
    def type_imports(self) -> tuple[str, ...]:
        """Names the resource module imports from the types module (for type checkers: the
        signatures' names; its operations name their types as :class:`TypeRef`)."""
        names: set[str] = set()
        for op in self.operations:
            names.update(op.type_names)
        return tuple(sorted(names & set(literals.hint_names(self._hints()))))

    @property
    def page_imports(self) -> tuple[str, ...]:
        """Page classes the resource module imports."""
        pages: set[str] = set()
        for op in self.operations:
            if op.pagination:
                pages.update({op.pagination.sync_page, op.pagination.async_page})
        return tuple(sorted(pages))

    def _hints(self) -> str:
        return " ".join(
            [a.type_hint for op in self.operations for a in op.arguments]
            + [op.return_type + " " + op.async_return_type for op in self.operations]
        )

    @property
    def typing_imports(self) -> tuple[str, ...]:
        """Names the module imports from ``typing`` (``TYPE_CHECKING`` guards its type imports)."""
        names = ("Literal", "cast") if "Literal[" in self._hints() else ("cast",)
        return ("TYPE_CHECKING", *names) if self.type_imports else names

    @property
    def collections_imports(self) -> tuple[str, ...]:
        """Names the module imports from ``collections.abc``."""
        hints = self._hints()
        return tuple(n for n in ("Mapping", "Sequence") if f"{n}[" in hints)

    @property
    def operation_imports(self) -> tuple[str, ...]:
        """Names the module imports from the runtime's ``_operation`` module."""
        names: set[str] = set()
        for op in self.operations:
            names |= literals.constructors(op.spec)
        return tuple(sorted(names))

    @property
    def exports(self) -> tuple[str, ...]:
        """The resource module's ``__all__``."""
        return export_order((self.sync_class, self.async_class))

    @property
    def files_imports(self) -> tuple[str, ...]:
        """Names the module imports from the runtime's ``_files`` module."""
        return ("FileTypes",) if "FileTypes" in self._hints() else ()

    @property
    def raw_body_imports(self) -> tuple[str, ...]:
        """Names the module imports from the runtime's ``_raw_body`` module."""
        return ("BinaryContent",) if "BinaryContent" in self._hints() else ()

    @property
    def binary_imports(self) -> tuple[str, ...]:
        """Names the module imports from the runtime's ``_binary`` module."""
        if any(op.response.kind == "binary" for op in self.operations):
            return ("AsyncBinaryResponse", "BinaryResponse")
        return ()

    @property
    def has_pagination(self) -> bool:
        """Whether any operation returns pages."""
        return any(op.pagination for op in self.operations)


@dataclass(frozen=True)
class Api:
    """The whole API as the generated package presents it."""

    title: str
    version: str
    description: str
    spec_name: str
    package: str
    client_class: str
    async_client_class: str
    env_prefix: str
    default_base_url: str
    resources: tuple[Resource, ...]
    schema_classes: dict[str, str] = field(default_factory=dict)
    synthetic_schemas: dict[str, Any] = field(default_factory=dict)
    paginations: tuple[Pagination, ...] = ()
    toolkit_version: str = ""
    skipped: tuple[Problem, ...] = ()  # what x-sdk-ignore / --skip-unsupported left out
    # Client arguments for the credentials of a spec with several schemes (beyond api_key).
    credential_arguments: tuple[str, ...] = ()

    @property
    def docstring(self) -> str:
        """The package docstring literal."""
        text = f"{self.title} client, generated from {self.spec_name}."
        if self.description:
            text += "\n\n" + self.description
        return literals.docstring(text, indent=0)

    @property
    def package_version(self) -> str:
        """A PEP 440 version for the generated package (the spec's info.version when valid)."""
        return self.version if _PEP440.match(self.version) else "0.0.0"

    @property
    def distribution(self) -> str:
        """The distribution name (``scenario_sdk`` -> ``scenario-sdk``)."""
        return self.package.replace("_", "-")

    @property
    def client_docstring(self) -> str:
        """The client class docstring literal."""
        names = self.credential_arguments or ("api_key", "api_secret")
        env_vars = [f"{self.env_prefix}{name.upper()}" for name in names]
        listed = (
            ", ".join(env_vars[:-1]) + " and " + env_vars[-1] if len(env_vars) > 1 else env_vars[0]
        )
        text = (
            f"Synchronous client for {self.title}.\n\n"
            f"Credentials default to the environment variables {listed}, "
            f"the base URL to {self.env_prefix}BASE_URL or {self.default_base_url}."
        )
        return literals.docstring(text, indent=4)

    @property
    def async_client_docstring(self) -> str:
        """The async client class docstring literal."""
        return literals.docstring(
            f"Asynchronous client for {self.title}; same surface as {self.client_class}.", indent=4
        )

    @property
    def runtime_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The runtime modules the package re-exports, each with its ``__all__``."""
        return public_imports()

    @property
    def exports(self) -> tuple[str, ...]:
        """The package's ``__all__``: clients, pages, the runtime's public names, ``types``."""
        return export_order(
            {
                "__version__",
                "types",
                self.client_class,
                self.async_client_class,
                *(name for _, names in self.runtime_imports for name in names),
                *self.pagination_exports,
            }
        )

    @property
    def client_exports(self) -> tuple[str, ...]:
        """The client module's ``__all__``."""
        return export_order((self.client_class, self.async_client_class))

    @property
    def pagination_exports(self) -> tuple[str, ...]:
        """The pagination module's ``__all__``: every page class."""
        return export_order(
            [p.sync_page for p in self.paginations] + [p.async_page for p in self.paginations]
        )

    @property
    def resource_exports(self) -> tuple[str, ...]:
        """The resources package's ``__all__``: every resource class."""
        return export_order(
            [r.sync_class for r in self.all_resources] + [r.async_class for r in self.all_resources]
        )

    @property
    def pagination_imports(self) -> tuple[str, ...]:
        """Generated type names the pagination module imports."""
        return tuple(sorted({n for p in self.paginations for n in p.type_names}))

    @property
    def all_resources(self) -> tuple[Resource, ...]:
        """Every resource, parents before children."""
        out: list[Resource] = []
        stack = list(reversed(self.resources))
        while stack:
            res = stack.pop()
            out.append(res)
            stack.extend(reversed(res.children))
        return tuple(out)
