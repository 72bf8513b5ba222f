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

from generator import literals

_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")


# Names the package's __init__ re-exports from the runtime (templates/package/__init__.py.j2).
RUNTIME_EXPORTS = (
    "APIConnectionError", "APIError", "APIResponse", "APIResponseValidationError",
    "AsyncBinaryResponse", "AsyncStreamedResponse", "BinaryResponse", "StreamedResponse",
    "BinaryContent", "BodyNotReplayableError", "FileTypes",
    "APIStatusError", "APITimeoutError", "AuthenticationError", "BadRequestError",
    "ConflictError", "InternalServerError", "InvalidHeaderError", "InvalidRequestError",
    "InvalidURLError", "MissingCredentialsError", "NotFoundError",
    "NotGiven", "ParameterValidationError", "PayloadError", "PermissionDeniedError",
    "RateLimitError", "RedirectError", "RedirectNotFollowedError", "TooManyRedirectsError",
    "UnknownSchemaError", "UnprocessableEntityError", "validate", "validate_json",
)  # fmt: skip


@dataclass(frozen=True)
class AuthScheme:
    """One security scheme as the runtime applies it."""

    kind: str  # "basic" | "bearer" | "header"
    header: str = "Authorization"
    value: str | None = None

    @property
    def literal(self) -> str:
        """The runtime constructor call, as Python source."""
        args = [repr(self.kind)]
        if self.header != "Authorization":
            args.append(f"header={self.header!r}")
        if self.value is not None:
            args.append(f"value={self.value!r}")
        return f"AuthScheme({', '.join(args)})"


@dataclass(frozen=True)
class Parameter:
    """A path, query or header parameter of an operation."""

    python_name: str
    wire_name: str
    location: str
    required: bool
    type_hint: str
    docstring_line: str
    schema_literal: str
    style: str | None = None
    explode: bool | None = None

    @property
    def spec_literal(self) -> str:
        """The runtime ``ParamSpec(...)`` constructor call, as Python source."""
        args = [
            f"name={self.python_name!r}",
            f"wire={self.wire_name!r}",
            f"location={self.location!r}",
            f"schema={self.schema_literal}",
        ]
        if self.required:
            args.append("required=True")
        if self.style is not None:
            args.append(f"style={self.style!r}")
        if self.explode is not None:
            args.append(f"explode={self.explode!r}")
        return f"ParamSpec({', '.join(args)})"


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

    @property
    def spec_arguments(self) -> tuple[str, ...]:
        """The ``OperationSpec`` keyword arguments this body adds to the defaults, as source."""
        args = []
        if self.kind != "json-fields":
            args.append(f"body_kind={self.kind!r}")
        if self.value_type is not None:
            args.append(f"body_type={self.value_type}")
        if self.value_schema is not None:
            args.append(f"body_schema={self.value_schema}")
        if self.media_type != "application/json":
            args.append(f"body_media_type={self.media_type!r}")
        if len(self.choices) > 1:
            choices = ", ".join(f"{m!r}: {k!r}" for m, k in self.choices)
            args.append(f"body_media_types={{{choices}}}")
        return tuple(args)


@dataclass(frozen=True)
class Response:
    """What the success response carries.

    ``kind``: ``model`` (a JSON object read into a generated class), ``value``
    (any other JSON: a list, a union, a primitive), ``text``, ``binary`` or
    ``empty`` (no body, or no schema for it).
    """

    kind: ResponseKind = "empty"
    media_type: str | None = None

    @property
    def spec_arguments(self) -> tuple[str, ...]:
        """The ``OperationSpec`` keyword arguments this response adds to the defaults, as source."""
        if self.kind not in ("text", "binary"):
            return ()
        return (f"response_kind={self.kind!r}", f"response_media_type={self.media_type!r}")


@dataclass(frozen=True)
class Pagination:
    """Cursor pagination of a list operation."""

    cursor_param: str
    next_cursor_field: str
    items_field: str
    item_type: str
    sync_page: str
    async_page: str
    items_attr: str
    cursor_attr: str
    cursor_type: str
    type_names: tuple[str, ...] = ()

    @property
    def spec_literal(self) -> str:
        """The runtime ``PaginationSpec(...)`` constructor call, as Python source."""
        return (
            f"PaginationSpec(cursor_param={self.cursor_param!r}, "
            f"next_cursor_field={self.next_cursor_field!r}, items_field={self.items_field!r})"
        )


@dataclass(frozen=True)
class Argument:
    """One keyword argument of a generated method, in signature order."""

    python_name: str
    type_hint: str
    required: bool
    docstring_line: str


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
        """Path parameters first, then required, then optional arguments."""
        args = [
            Argument(p.python_name, p.type_hint, p.required, p.docstring_line) for p in self.params
        ]
        if self.body:
            args += [
                Argument(f.python_name, f.type_hint, f.required, f.docstring_line)
                for f in self.body.fields
            ]
            if self.body.content_type_argument is not None:
                args.append(self.body.content_type_argument)
        return tuple(sorted(args, key=lambda a: not a.required))

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
    def body_fields_literal(self) -> str:
        """Wire name -> keyword name of the body fields, as a dict literal."""
        if not self.body:
            return "{}"
        return (
            "{" + ", ".join(f"{f.wire_name!r}: {f.python_name!r}" for f in self.body.fields) + "}"
        )

    @property
    def kind_arguments(self) -> tuple[str, ...]:
        """``OperationSpec`` keyword arguments of the body and response kinds, as source."""
        return (*(self.body.spec_arguments if self.body else ()), *self.response.spec_arguments)

    @property
    def auth_literal(self) -> str:
        """The alternatives of auth schemes, as a Python tuple literal."""
        alternatives = ["(" + "".join(f"{s.literal}, " for s in alt) + ")" for alt in self.auth]
        return "(" + "".join(f"{a}, " for a in alternatives) + ")"

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

    @property
    def response_type_literal(self) -> str:
        """What the runtime parses the response into."""
        return self.response_type or "None"


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
        """Names the resource module imports from the types module."""
        names: set[str] = set()
        for op in self.operations:
            names.update(op.type_names)
        return tuple(sorted(names))

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
        """Names the module imports from ``typing``."""
        return ("Literal", "cast") if "Literal[" in self._hints() else ("cast",)

    @property
    def collections_imports(self) -> tuple[str, ...]:
        """Names the module imports from ``collections.abc``."""
        hints = self._hints()
        return tuple(n for n in ("Mapping", "Sequence") if f"{n}[" in hints)

    @property
    def operation_imports(self) -> tuple[str, ...]:
        """Names the module imports from the runtime's ``_operation`` module."""
        names = {"OperationSpec"}
        for op in self.operations:
            if any(op.auth):
                names.add("AuthScheme")
            if op.params:
                names.add("ParamSpec")
            if op.pagination:
                names.add("PaginationSpec")
        return tuple(sorted(names))

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
        text = (
            f"Synchronous client for {self.title}.\n\n"
            f"Credentials default to the environment variables {self.env_prefix}API_KEY and "
            f"{self.env_prefix}API_SECRET, the base URL to {self.env_prefix}BASE_URL or "
            f"{self.default_base_url}."
        )
        return literals.docstring(text, indent=4)

    @property
    def async_client_docstring(self) -> str:
        """The async client class docstring literal."""
        return literals.docstring(
            f"Asynchronous client for {self.title}; same surface as {self.client_class}.", indent=4
        )

    @property
    def exports(self) -> tuple[str, ...]:
        """The package's ``__all__``: clients, pages, runtime names, ``types``."""
        names = {
            "NOT_GIVEN",
            "__version__",
            "types",
            self.client_class,
            self.async_client_class,
            *RUNTIME_EXPORTS,
            *(p.sync_page for p in self.paginations),
            *(p.async_page for p in self.paginations),
        }
        # isort order (ruff RUF022): CONSTANTS, then Classes, then the rest.
        return tuple(sorted(names, key=lambda n: (not n.isupper(), not n[:1].isupper(), n)))

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
