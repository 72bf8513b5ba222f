"""Structural validation: the OpenAPI 3.0 / 3.1 meta-schema, with harmless defects forgiven.

The whole entry document is checked once against the OpenAPI meta-schema
(error paths are then exact pointers from the document root), and for 3.1
each top-level schema against the OAS 3.1 schema dialect (3.0's meta-schema
already describes schema objects in depth). jsonschema-rs answers whether a
document is valid (GitHub's spec: 0.03 s); only an invalid one is walked
again with jsonschema for its detailed errors (the same check took 20 s).
Patterns are not checked here but in :mod:`generator.annotations`, as ECMA-262.

Defects that do not stop generation are warnings, and the check sees the
document as if they were fixed, so they produce no meta-schema error:

* a response without ``description`` (``missing-description``);
* a 3.0 operation without ``responses`` (``missing-responses``);
* a path parameter without ``required: true`` (``path-param-not-required``);
* a schema ``type`` that names no type, such as an object written there
  (``invalid-schema-type``): the schema is read without it, as the peers do.
  Looked for only when the document is otherwise invalid (the fast check
  failed), so valid documents pay nothing for it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from generator import meta_schemas
from generator.errors import Problem, error, join_pointer, warning
from generator.load import Document
from generator.spec_schemas import Tokens, names_no_type, schema_roots, subschemas, type_names

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def check_structure(doc: Document) -> list[Problem]:
    """Meta-schema errors and the warnings of what was forgiven, each at its own place."""
    data = doc.data
    is_31 = str(data.get("openapi", "")).startswith("3.1")
    problems: list[Problem] = []
    repairs: list[tuple[Tokens, Any]] = []
    for tokens, value, found in _forgiven(data, is_31=is_31):
        pointer = join_pointer("", *tokens)
        problems.append(
            warning(found[0], found[1], doc.locate(doc.root, pointer.rsplit("/", 1)[0]), found[2])
        )
        repairs.append((tokens, value))
    view = _repaired(data, repairs)
    meta_valid = _fast_validator(is_31).is_valid(view)
    invalid_roots = _invalid_roots(view, is_31=is_31)
    if not meta_valid or invalid_roots:  # look for forgivable schema types only then
        bad = list(_bad_types(view, is_31=is_31))
        for tokens, value in bad:
            place = doc.locate(doc.root, join_pointer("", *tokens))
            problems.append(
                warning(
                    "invalid-schema-type",
                    f"type {short_repr(value)} is not a JSON Schema type name;"
                    " the schema is taken as accepting any type",
                    place,
                    "write one of " + ", ".join(type_names(is_31=is_31)),
                )
            )
        if bad:
            view = _repaired(view, [(tokens, _DROP) for tokens, _ in bad])
            meta_valid = _fast_validator(is_31).is_valid(view)
            invalid_roots = _invalid_roots(view, is_31=is_31)
    if not meta_valid:  # the detailed (slow) pass only when invalid
        for err in _meta_validator(is_31).iter_errors(view):
            problems.append(_problem(doc, err, ()))
    for tokens, schema in invalid_roots:  # 3.1: the detailed pass only for an invalid schema
        for err in _dialect_validator().iter_errors(schema):
            problems.append(_problem(doc, err, tokens))
    return problems


def _invalid_roots(view: dict[str, Any], *, is_31: bool) -> list[tuple[Tokens, Any]]:
    """3.1: the top-level schemas the OAS 3.1 dialect rejects (3.0's meta-schema covers them)."""
    if not is_31:
        return []
    fast = _fast_dialect_validator()
    return [
        (tokens, schema) for tokens, schema, _ in schema_roots(view) if not fast.is_valid(schema)
    ]


def _bad_types(view: dict[str, Any], *, is_31: bool) -> Iterator[tuple[Tokens, Any]]:
    """(tokens, value) of every schema ``type`` that names no type (an object written there).

    A harmless defect: the schema constrains nothing by type, which is what
    the peers read it as; the rendered code gets it without ``type``
    (:mod:`generator.forgive`).
    """
    for tokens, schema, _ in schema_roots(view):
        for where, node in subschemas(schema, tokens):
            if (
                isinstance(node, dict)
                and "type" in node
                and names_no_type(node["type"], is_31=is_31)
            ):
                yield (*where, "type"), node["type"]


def _problem(doc: Document, err: Any, base: Tokens) -> Problem:
    from jsonschema.exceptions import best_match  # noqa: PLC0415  # cold path only

    meant = [e for e in err.context if not _not_meant(e)] or err.context
    deepest = best_match(meant, key=_relevance) if err.context else err
    pointer = join_pointer("", *base, *deepest.absolute_path)
    return error("invalid-openapi", describe(deepest), doc.locate(doc.root, pointer))


def _not_meant(err: Any) -> bool:
    """A Reference Object branch's "'$ref' is a required property" for an object without
    ``$ref``, which did not mean to be one: it named a response whose schema's ``xml`` object
    held an ``example``, instead of that unknown key."""
    return bool(
        err.validator == "required"
        and "$ref" in (err.validator_value or ())
        and isinstance(err.instance, dict)
        and "$ref" not in err.instance
    )


def _relevance(err: Any) -> tuple[Any, ...]:
    """jsonschema's ranking, with the errors of :func:`_not_meant` last as it descends."""
    from jsonschema.exceptions import relevance  # noqa: PLC0415  # cold path only

    return (_not_meant(err), relevance(err))


def describe(err: Any, limit: int = 80) -> str:
    """A jsonschema error's message with its instance and the schema values it quotes
    shortened (never its reason): a ``oneOf`` matched twice names the branches, a long
    ``enum``, ``const`` or ``not`` value shows its start."""
    message = " ".join(str(_ordered(err)).split())
    shown = " ".join(repr(err.instance).split())
    if len(shown) > limit and message.startswith(shown):
        message = short_repr(err.instance, limit) + message[len(shown) :]
    if err.validator == "oneOf" and isinstance(err.validator_value, list):
        return _one_of_named(message, err.validator_value)
    quoted = " ".join(repr(err.validator_value).split())
    if len(quoted) > limit and quoted in message:
        return message.replace(quoted, short_repr(err.validator_value, limit), 1)
    return message


_EACH_OF = " is valid under each of "


def _one_of_named(message: str, branches: list[Any]) -> str:
    """jsonschema's "valid under each of {schemas}" with the branches named by index (and
    ``$ref``) instead of written out: the schemas can be many kilobytes each."""
    head, found, tail = message.partition(_EACH_OF)
    if not found:
        return message
    reprs = [" ".join(repr(branch).split()) for branch in branches]
    valid = [i for i, text in enumerate(reprs) if text in tail]
    # jsonschema lists the later valid branches in order, then the first valid one; a
    # branch written inside another's text cannot be told apart: the branches go unnamed
    if len(valid) < 2 or ", ".join(reprs[i] for i in [*valid[1:], valid[0]]) != tail:
        return f"{head} is valid under more than one of its {len(branches)} oneOf schemas"
    names = ", ".join(_branch_name(i, branches[i]) for i in valid)
    return f"{head} is valid under more than one oneOf schema ({names}); oneOf allows one"


def _branch_name(index: int, branch: Any) -> str:
    ref = branch.get("$ref") if isinstance(branch, dict) else None
    title = branch.get("title") if isinstance(branch, dict) else None
    label = ref if isinstance(ref, str) else title if isinstance(title, str) else None
    return f"oneOf/{index}" + (f" {label!r}" if label else "")


def _ordered(err: Any) -> str:
    """The message, with the unexpected names of ``additionalProperties: false`` in the
    instance's order: jsonschema lists them from a set, in an order that changes from one
    run to the next."""
    instance, schema = err.instance, err.schema
    if err.validator != "additionalProperties" or not isinstance(instance, dict):
        return str(err.message)
    if not isinstance(schema, dict) or schema.get("additionalProperties") is not False:
        return str(err.message)
    known = schema.get("properties") or {}
    patterns = list(schema.get("patternProperties") or {})

    def matched(name: str) -> bool:
        try:
            return any(re.search(pattern, name) for pattern in patterns)
        except re.error:
            return False

    extras = [name for name in instance if name not in known and not matched(name)]
    if not extras:
        return str(err.message)
    verb = "was" if len(extras) == 1 else "were"
    names = ", ".join(repr(name) for name in extras)
    return f"Additional properties are not allowed ({names} {verb} unexpected)"


def short_repr(value: Any, limit: int = 80) -> str:
    """``repr(value)`` cut to about ``limit`` characters (an object shows its first keys, a
    list its first items and its length)."""
    if isinstance(value, dict):
        keys = ", ".join(f"{k!r}: ..." for k in list(value)[:4])
        return "{" + keys + (", ..." if len(value) > 4 else "") + "}"
    shown = " ".join(repr(value).split())
    if len(shown) <= limit:
        return shown
    if isinstance(value, list):
        items: list[str] = []
        for item in value:
            text = short_repr(item, limit // 2)
            if sum(len(i) + 2 for i in items) + len(text) > limit:
                break
            items.append(text)
        return "[" + ", ".join([*items, f"... ({len(value)} items)"]) + "]"
    return shown[: limit - 4] + "...'"


def _forgiven(
    data: dict[str, Any], *, is_31: bool
) -> Iterator[tuple[Tokens, Any, tuple[str, str, str]]]:
    """(tokens of a field to set, the value it is taken as, (code, message, hint))."""
    for path, item in (data.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        yield from _parameters(("paths", path, "parameters"), item.get("parameters"))
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            base: Tokens = ("paths", path, method)
            label = f"{method.upper()} {path}"
            yield from _parameters((*base, "parameters"), op.get("parameters"))
            responses = op.get("responses")
            if responses is None and not is_31:
                yield (
                    (*base, "responses"),
                    {"default": {"description": ""}},
                    (
                        "missing-responses",
                        f"{label} has no responses (OpenAPI 3.0 requires them)",
                        "add responses: {'200': {description: ok}}",
                    ),
                )
            elif isinstance(responses, dict):
                yield from _responses((*base, "responses"), responses, label)
    components = data.get("components") or {}
    if isinstance(components, dict) and isinstance(components.get("responses"), dict):
        yield from _responses(("components", "responses"), components["responses"], "component")
    if isinstance(components, dict) and isinstance(components.get("parameters"), dict):
        for name, param in components["parameters"].items():
            yield from _parameter(("components", "parameters", name), param)


def _responses(
    base: Tokens, responses: dict[str, Any], label: str
) -> Iterator[tuple[Tokens, Any, tuple[str, str, str]]]:
    for code, response in responses.items():
        if isinstance(response, dict) and "$ref" not in response and "description" not in response:
            yield (
                (*base, code, "description"),
                "",
                (
                    "missing-description",
                    f"response {code} of {label} has no description (OpenAPI requires one)",
                    "add description: ...",
                ),
            )


def _parameters(base: Tokens, params: Any) -> Iterator[tuple[Tokens, Any, tuple[str, str, str]]]:
    if isinstance(params, list):
        for index, param in enumerate(params):
            yield from _parameter((*base, index), param)


def _parameter(tokens: Tokens, param: Any) -> Iterator[tuple[Tokens, Any, tuple[str, str, str]]]:
    if isinstance(param, dict) and param.get("in") == "path" and param.get("required") is not True:
        yield (
            (*tokens, "required"),
            True,
            (
                "path-param-not-required",
                f"path parameter {param.get('name')!r} is not marked required: true (a path parameter always is)",
                "add required: true",
            ),
        )


_DROP = object()  # a repair that removes the key instead of setting it


def _repaired(data: dict[str, Any], repairs: list[tuple[Tokens, Any]]) -> dict[str, Any]:
    """``data`` with each repair applied to copies of the containers on its way (data is unchanged).

    A repair whose value is ``_DROP`` removes its key.
    """
    if not repairs:
        return data
    root: dict[str, Any] = dict(data)
    copied = {id(root)}
    for tokens, value in repairs:
        node: Any = root
        for token in tokens[:-1]:
            child = node[token]
            if id(child) not in copied:
                child = dict(child) if isinstance(child, dict) else list(child)
                copied.add(id(child))
                node[token] = child
            node = child
        if value is _DROP:
            node.pop(tokens[-1], None)
        else:
            node[tokens[-1]] = value
    return root


@functools.cache
def _fast_validator(is_31: bool) -> Any:
    """The meta-schema in jsonschema-rs: a yes/no answer ~500x faster than jsonschema."""
    import jsonschema_rs  # noqa: PLC0415  # cold path only

    return jsonschema_rs.validator_for(meta_schemas.openapi(is_31=is_31), validate_formats=False)


@functools.cache
def _meta_validator(is_31: bool) -> Any:
    from jsonschema.validators import validator_for  # noqa: PLC0415  # cold path only
    from openapi_spec_validator.schemas import schema_v30, schema_v31  # noqa: PLC0415

    schema = dict(schema_v31 if is_31 else schema_v30)
    return validator_for(schema)(schema)


@functools.cache
def _fast_dialect_validator() -> Any:
    """The OAS 3.1 schema dialect in jsonschema-rs (GitHub's 2,998 schemas: 0.05 s, not 42 s)."""
    import jsonschema_rs  # noqa: PLC0415  # cold path only

    resources = meta_schemas.oas31_resources()
    registry = jsonschema_rs.Registry(list(resources.items()))
    return jsonschema_rs.validator_for(
        resources[meta_schemas.OAS31_DIALECT], registry=registry, validate_formats=False
    )


@functools.cache
def _dialect_validator() -> Any:
    from jsonschema.validators import validator_for  # noqa: PLC0415  # cold path only
    from openapi_schema_validator import OAS31Validator  # noqa: PLC0415
    from openapi_schema_validator._specifications import REGISTRY  # noqa: PLC0415  # the OAS meta-schemas

    meta = OAS31Validator.META_SCHEMA
    return validator_for(meta, default=OAS31Validator)(meta, registry=REGISTRY)
