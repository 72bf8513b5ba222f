"""Frozen descriptions of API operations; generated code builds them as module constants.

The client reads everything it needs to call an operation from an
:class:`OperationSpec`: method and path template, parameters with their JSON
schemas, the body model, the response type, auth alternatives and pagination.

The types an operation validates with are models of the package's ``types``, and
building them is most of the cost of importing them. A resource module therefore
names them by their source text, ``TypeRef(hint="list[Account]")``, and the
client builds the type when it first calls the operation
(:meth:`OperationSpec.type_of`): reaching ``client.v1`` imports no model.
"""

from __future__ import annotations

import builtins
import functools
import importlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # annotations only: the generator imports this module without pydantic
    import pydantic

__all__ = [
    "AuthScheme",
    "BodyKind",
    "OperationSpec",
    "PaginationSpec",
    "ParamSpec",
    "ResponseKind",
    "TypeField",
    "TypeRef",
    "field_encoding",
    "resolved",
]

BodyKind = Literal["json-fields", "json-value", "multipart", "form", "binary", "text"]
ResponseKind = Literal["model", "value", "text", "binary", "empty"]
TypeField = Literal["body_model", "body_type", "response_type"]

# The names a hint may use besides the builtins and the types module's: the generator's
# type hints are built from these (``Literal[...]``, ``Mapping[str, X]``, ``Sequence[X]``).
_HINT_NAMES: Mapping[str, Any] = {
    "Any": Any,
    "Literal": Literal,
    "Mapping": Mapping,
    "Sequence": Sequence,
}


@dataclass(frozen=True)
class TypeRef:
    """A type of the generated package by its source text (``hint``), built on first use.

    ``hint`` is a type hint as the package's code spells it: names of its
    ``types`` module, builtins and ``Any``, ``Literal``, ``Mapping``, ``Sequence`` (``"Account"``,
    ``"list[Account] | None"``). :meth:`resolve` evaluates it once per hint,
    looking up only the names it mentions, so a types package imports only the
    modules that define them.
    """

    hint: str

    def resolve(self) -> Any:
        """The type ``hint`` denotes (the same object on every call)."""
        return _evaluate(self.hint)


def resolved(value: Any) -> Any:
    """The type ``value`` stands for: a :class:`TypeRef`'s, resolved on first use; anything
    else (a type given as it is, or None) unchanged."""
    return value.resolve() if isinstance(value, TypeRef) else value


class _TypesNamespace(Mapping[str, Any]):
    """The names of the package's ``types`` module, each looked up when a hint uses it."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def __getitem__(self, name: str) -> Any:
        try:
            return getattr(self._module, name)
        except AttributeError:
            raise KeyError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(getattr(self._module, "__all__", ()))

    def __len__(self) -> int:
        return len(getattr(self._module, "__all__", ()))


@functools.cache
def _evaluate(hint: str) -> Any:
    # this module sits at the package's root, next to its `types`
    types = importlib.import_module(".types", __name__.rpartition(".")[0])
    scope = {"__builtins__": builtins, **_HINT_NAMES}
    # the hint is the generator's own source text, as the module would otherwise hold it
    # as code: evaluating it is what typing.get_type_hints does with a string annotation
    return eval(hint, scope, _TypesNamespace(types))


@dataclass(frozen=True)
class AuthScheme:
    """One security scheme of the spec, as the client applies it.

    ``basic``: ``Authorization: Basic base64(api_key:api_secret)``;
    ``bearer``: ``Authorization: Bearer api_key``;
    ``apiKey``: the api key (or the constant ``value``, always satisfiable)
    sent as the header, query parameter or cookie ``name`` (``location``).
    ``arguments`` name the client arguments (key, and secret for basic)
    holding the credentials (``api_key`` / ``api_secret`` unless the spec has
    several schemes that need one).
    """

    kind: Literal["basic", "bearer", "apiKey"]
    name: str = "Authorization"
    location: Literal["header", "query", "cookie"] = "header"
    value: str | None = None
    arguments: tuple[str, str] = ("api_key", "api_secret")


@dataclass(frozen=True)
class ParamSpec:
    """A path, query, header or cookie parameter.

    ``name`` is the Python keyword name, ``wire`` the name in the spec and on
    the wire, ``schema`` a JSON-Schema subset with ``$ref`` already inlined.
    ``style``/``explode`` follow OpenAPI (defaults: ``form``/explode for
    query and cookie, ``simple`` for path and header). ``media_type`` is set
    for a content-typed parameter (``content:`` instead of ``schema:``): its
    value is sent as one JSON text. ``key`` is the parameter's key in the
    call's parameter mapping when its wire name alone would not be unique (a
    query and a header parameter of the same name): ``"header:Last-Event-ID"``.
    """

    name: str
    wire: str
    location: Literal["path", "query", "header", "cookie"]
    schema: Mapping[str, Any]
    required: bool = False
    style: str | None = None
    explode: bool | None = None
    media_type: str | None = None
    key: str | None = None

    @property
    def mapping_key(self) -> str:
        """The key of this parameter's value in the call's parameter mapping."""
        return self.key or self.wire


@dataclass(frozen=True)
class PaginationSpec:
    """Cursor pagination, all wire names: the query parameter carrying the cursor,
    the response field with the next cursor, the response field with the items."""

    cursor_param: str
    next_cursor_field: str
    items_field: str


@dataclass(frozen=True)
class OperationSpec:
    """Everything the client needs to call one operation.

    ``body_fields`` maps body wire names to Python keyword names (for error
    messages). ``response_type`` is a pydantic model or any type usable with
    :class:`pydantic.TypeAdapter`; ``None`` means the response has no body.
    ``auth`` lists alternatives in preference order; each alternative is a set of
    schemes that apply together; empty means the operation needs no auth.

    ``body_model``, ``body_type`` and ``response_type`` hold a type, or (in
    generated code) a :class:`TypeRef` naming it; read them with :meth:`type_of`,
    which builds a TypeRef's type on first use.

    ``body_kind`` says how the body is encoded (``_encoders``): ``json-fields``
    (keyword arguments validated by ``body_model``), ``json-value`` (one value
    validated as ``body_type`` and checked against ``body_schema``), ``multipart``, ``form``, ``binary`` or
    ``text``; ``body_media_type`` is its ``Content-Type``;
    ``body_media_types`` the media types a caller may choose instead (with the
    kind each is sent as). ``body_encoding`` is the spec's ``encoding`` of
    each multipart or form media type, by media type then field wire name:
    ``contentType`` (a part's media types), ``style`` / ``explode`` (how a
    form field is written). ``response_kind``
    says how the response is decoded (``_decoders``): ``model`` / ``value`` /
    ``empty`` as JSON into ``response_type``, ``text`` as ``str``, ``binary``
    as a streamed binary response; ``response_media_type`` is what the request
    accepts.
    """

    operation_id: str
    method: str
    path: str
    params: tuple[ParamSpec, ...] = ()
    body_model: type[pydantic.BaseModel] | TypeRef | None = None
    body_fields: Mapping[str, str] = field(default_factory=dict)
    body_required: bool = False
    response_type: Any = None
    auth: tuple[tuple[AuthScheme, ...], ...] = ()
    pagination: PaginationSpec | None = None
    body_kind: BodyKind = "json-fields"
    body_type: Any = None
    body_schema: Mapping[str, Any] | None = None
    body_media_type: str = "application/json"
    body_media_types: Mapping[str, BodyKind] = field(default_factory=dict)
    body_encoding: Mapping[str, Mapping[str, Mapping[str, Any]]] = field(default_factory=dict)
    response_kind: ResponseKind = "model"
    response_media_type: str = "application/json"

    def type_of(self, name: TypeField) -> Any:
        """The type field ``name`` holds, a :class:`TypeRef` resolved (None when unset)."""
        return resolved(getattr(self, name))


def field_encoding(op: OperationSpec, name: str) -> Mapping[str, Any]:
    """The ``encoding`` entry of body field ``name`` for the media type being sent (or ``{}``)."""
    media = op.body_media_type.split(";", 1)[0].strip().lower()
    return op.body_encoding.get(media, {}).get(name, {})
