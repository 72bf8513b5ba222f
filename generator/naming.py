"""The one place that turns spec names into Python identifiers.

Nothing else in the toolkit invents identifiers: the IR asks this module for
every attribute, keyword, module and class name, so that keywords, builtins,
pydantic's own attribute names, leading digits and names that collide after
case conversion are handled the same way everywhere.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections.abc import Collection, Iterable

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_ACRONYM_BOUNDARY = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_UPPER_BOUNDARY = re.compile(r"([a-z0-9])([A-Z])")
_UNDERSCORES = re.compile(r"_+")

# Attributes of pydantic.BaseModel that a field must not shadow.
PYDANTIC_RESERVED = frozenset(
    {
        "construct", "copy", "dict", "from_orm", "json", "parse_file", "parse_obj",
        "parse_raw", "schema", "schema_json", "update_forward_refs", "validate",
        "model_computed_fields", "model_config", "model_construct", "model_copy",
        "model_dump", "model_dump_json", "model_extra", "model_fields",
        "model_fields_set", "model_json_schema", "model_parametrized_name",
        "model_post_init", "model_rebuild", "model_validate", "model_validate_json",
        "model_validate_strings",
    }
)  # fmt: skip

# Keyword arguments every generated method takes besides the spec's parameters,
# and the module-level names its body calls (an argument `cast` would shadow
# typing.cast and break the call).
METHOD_OPTIONS = frozenset(
    {"extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "self", "cls", "cast"}
)

# Names the generated modules import; a class named like one would shadow it.
# datamodel-code-generator renames a schema class that clashes with a name it
# imports by appending "Model"; class_name() does the same up front, so the IR,
# the templates and the types module agree on every class name.
GENERATED_MODULE_NAMES = frozenset(
    {
        "Annotated", "Any", "BaseModel", "ConfigDict", "Field", "Literal", "RootModel",
        "TypeAliasType", "Mapping", "Sequence", "NotGiven", "NOT_GIVEN", "httpx",
        "annotations", "OperationSpec", "ParamSpec", "PaginationSpec", "AuthScheme",
        "RequestOptions", "Body", "Headers", "Query", "Timeout", "AsyncAPIResource",
        "SyncAPIResource", "AsyncPaginator", "SyncCursorPage", "AsyncCursorPage",
        "Self", "SyncAPIClient", "AsyncAPIClient", "BinaryResponse", "AsyncBinaryResponse",
        "BinaryContent", "FileTypes", "BodyNotReplayableError", "BodyKind", "ResponseKind",
        "CallTimeout", "TypeRef", "TYPE_CHECKING",
        # what datamodel-code-generator may import into the types module
        "AnyUrl", "AwareDatetime", "NaiveDatetime", "EmailStr", "SecretStr", "Base64Str",
        "UUID", "Decimal", "Enum", "Path", "Optional", "Union", "ClassVar",
        "IPv4Address", "IPv6Address",
    }
)  # fmt: skip

# Public attributes of the runtime's clients (SyncAPIClient, AsyncAPIClient) and
# resources; a resource named like one would hide it (tests compare this list
# with a constructed client).
CLIENT_ATTRIBUTES = frozenset(
    {
        "api_key", "api_secret", "base_url", "close", "default_headers", "env_prefix",
        "is_closed", "max_response_size", "max_retries", "request", "request_page", "strict",
        "timeout",
        "user_agent", "with_options", "with_raw_response", "with_streaming_response",
    }
)  # fmt: skip

# Public attributes of the runtime's page classes (SyncCursorPage, AsyncCursorPage);
# a generated page's alias for its items or cursor field must not hide one
# (an alias `items` returning `self.items` would recurse forever).
PAGE_ATTRIBUTES = frozenset(
    {
        "get_next_page",
        "has_next_page",
        "items",
        "iter_pages",
        "next_cursor",
        "operation",
        "response",
    }
)

_BUILTINS = frozenset(dir(builtins))


def words(name: str) -> list[str]:
    """Split any spelling (camelCase, PascalCase, kebab, dotted, spaced) into words."""
    spaced = _ACRONYM_BOUNDARY.sub(r"\1_\2", name)
    spaced = _LOWER_UPPER_BOUNDARY.sub(r"\1_\2", spaced)
    return [w for w in _NON_ALNUM.sub("_", spaced).split("_") if w]


def snake(name: str) -> str:
    """``nextPaginationToken`` -> ``next_pagination_token``; not yet a safe identifier."""
    return _UNDERSCORES.sub("_", "_".join(w.lower() for w in words(name)))


def pascal(name: str) -> str:
    """``models.train`` -> ``ModelsTrain``; keeps inner capitals (``ModelListResponse``)."""
    return "".join(w[:1].upper() + w[1:] for w in words(name))


def is_identifier(name: str) -> bool:
    """A name Python accepts as an identifier and that is not a keyword."""
    return name.isidentifier() and not keyword.iskeyword(name) and name.isascii()


def _guard_start(name: str, prefix: str) -> str:
    if not name:
        return prefix
    if name[0].isdigit():
        return f"{prefix}_{name}" if prefix.islower() else f"{prefix}{name}"
    return name


def attribute(name: str, *, reserved: Iterable[str] = ()) -> str:
    """A snake_case attribute or keyword-argument name for a spec name.

    Soft keywords (``match``, ``case``, ``type``) are valid names and stay as
    they are: suffixing them would make the output depend on the Python
    version running the generator (3.12 made ``type`` one).
    """
    result = _guard_start(snake(name), "field")
    reserved_set = frozenset(reserved)
    if (
        keyword.iskeyword(result)
        or result in PYDANTIC_RESERVED
        or result in reserved_set
        or result in AMBIGUOUS
    ):
        result += "_"
    return result


# Names that read like 1 or 0 (PEP 8; ruff's E741 flags them as variables and arguments).
AMBIGUOUS = frozenset({"l", "I", "O"})


# pydantic warns about (and may one day reject) fields starting with these.
PYDANTIC_PROTECTED_PREFIXES = ("model_validate", "model_dump")
# Methods of the runtime's BaseModel (runtime/_models.py); a field would hide them.
BASE_MODEL_METHODS = frozenset({"to_dict", "to_json"})


def model_field(name: str) -> str | None:
    """The field name for a property whose snake_case form pydantic or the base model
    protects, else None.

    datamodel-code-generator names every other field itself (snake_case, with its
    own keyword and attribute rules); it is told this name through ``aliases``.
    """
    converted = snake(name)
    protected = converted.startswith(PYDANTIC_PROTECTED_PREFIXES) or converted in BASE_MODEL_METHODS
    if converted in AMBIGUOUS:  # Sendgrid's ``l``: ruff's E741
        return f"{converted}_"
    return f"field_{converted}" if protected else None


def parameter(name: str) -> str:
    """A keyword-argument name for an operation parameter or body field."""
    return attribute(name, reserved=METHOD_OPTIONS)


def class_name(name: str) -> str:
    """A PascalCase class name for a schema or resource: letters and digits only.

    No underscores: datamodel-code-generator would drop them (``Foo_2`` becomes
    ``Foo2``) and the types module would no longer define the name the IR uses.
    """
    result = _guard_start(pascal(name), "Schema")
    if keyword.iskeyword(result) or result in GENERATED_MODULE_NAMES or result in _BUILTINS:
        result += "Model"
    return result


def resource_attribute(name: str) -> str:
    """The attribute of a resource on its client or parent resource (``client.models``)."""
    result = attribute(name, reserved=CLIENT_ATTRIBUTES)
    if result.startswith("with_") and not result.endswith("_"):
        result += "_"
    return result


def module_name(name: str) -> str:
    """A lower-case module name (``models.train`` -> ``models_train``)."""
    result = _guard_start(snake(name), "mod")
    if keyword.iskeyword(result) or result in _BUILTINS:
        result += "_"
    return result


def method_name(name: str) -> str:
    """A method name for an operation (``listModels`` -> ``list_models``)."""
    result = _guard_start(snake(name), "op")
    if keyword.iskeyword(result) or result.startswith("with_") or result in {"close"}:
        result += "_"
    return result


# Constructor arguments of the generated clients: a credential named like one would clash.
CLIENT_ARGUMENTS = frozenset(
    {"base_url", "timeout", "max_retries", "http_client", "strict", "default_headers", "self"}
)


def credentials(scheme_names: Iterable[str]) -> list[tuple[str, str]]:
    """The client arguments (key, secret) holding each security scheme's credentials.

    One scheme: ``api_key`` / ``api_secret``, as the client always had. Several:
    named from each scheme (``tenantKey`` -> ``tenant_key`` / ``tenant_key_secret``),
    unique, never a keyword or another constructor argument.
    """
    names = list(scheme_names)
    if len(names) <= 1:
        return [("api_key", "api_secret")] * len(names)
    keys = deduplicate(
        attribute(name, reserved=CLIENT_ARGUMENTS | {"api_key", "api_secret"}) for name in names
    )
    return [(key, f"{key.rstrip('_')}_secret") for key in keys]


def deduplicate(names: Iterable[str], *, separator: str = "_") -> list[str]:
    """Make names unique by a deterministic numeric suffix, in order of appearance.

    Collisions are compared case-insensitively too, because module names that
    differ only by case collide on case-insensitive file systems. Class names
    use ``separator=""`` (see :func:`class_name`).
    """
    seen: set[str] = set()
    result: list[str] = []
    for name in names:
        candidate = unique(name, seen, separator=separator)
        seen.add(candidate.lower())
        result.append(candidate)
    return result


def unique(name: str, taken: Collection[str], *, separator: str = "_") -> str:
    """``name``, else ``name`` with the first numeric suffix (2, 3, ...) that is free.

    ``taken`` holds the names in use, lower-cased (see :func:`deduplicate`); a name
    chosen by one call after another is the one :func:`deduplicate` gives the last of
    a list, without going over the whole list each time.
    """
    candidate, n = name, 2
    join = "" if name.endswith("_") else separator
    while candidate.lower() in taken:
        candidate = f"{name}{join}{n}"
        n += 1
    return candidate


def types_modules(first_names: Iterable[str], *, taken: Iterable[str] = ()) -> list[str]:
    """The module names of a types package, one per model family, from each family's first
    class (``RepositoryRuleset`` -> ``repository_ruleset``), in order.

    Never a keyword, a builtin or a name the package exports (``taken``): importing a
    submodule sets it as an attribute of the package, which would hide the name; unique
    case-insensitively (file systems that fold case), numbered in order of appearance.
    """
    reserved = frozenset(taken)
    bases = []
    for name in first_names:
        base = module_name(name)
        bases.append(f"{base}_" if base in reserved and not base.endswith("_") else base)
    # class names are PascalCase: a numbered lower-case module name is none of them
    return deduplicate(bases)
