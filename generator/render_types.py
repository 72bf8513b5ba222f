"""Stage 4a: render the pydantic v2 types module with datamodel-code-generator.

Driven only through its public ``generate()`` with every option spelled out.
Before the call, components are renamed to the class names the IR chose
(so the IR, the templates and the types module agree on every name) and
inline request/response objects the IR named are added as components. Every
model inherits the runtime's ``BaseModel`` (``to_dict`` / ``to_json``).
"""

from __future__ import annotations

import json
import re
import tempfile
import urllib.parse
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import black_literal, literals, naming
from generator.errors import Location, Problem, unescape_pointer_token, warning
from generator.ir import Api
from generator.nullability import non_nullable
from generator.py_modern import modernize
from generator.py_rename import rename_globals
from generator.refs import is_data, iter_refs
from generator.schema_table import SCHEMA_MAPS, TABLE_FILE, table_json, table_source
from generator.spec_access import deref

if TYPE_CHECKING:
    from generator import types_cache

_PREFIX = "#/components/schemas/"


def what_it_reads(data: dict[str, Any], api: Api) -> tuple[dict[str, Any], Api]:
    """``data`` and ``api`` with only what :func:`render_types` reads of them, for the child
    process that renders the types module (:mod:`generator.pipeline`): what it holds while
    datamodel-codegen runs is less of its peak memory, and less is pickled.

    Left out: the resources of ``api``, and the parts of ``data`` that no ``$ref`` reaches
    from the schemas (``paths``, webhooks, extensions, components other than ``schemas``:
    GitHub's examples). A reference that is not local keeps everything.
    """
    slim = replace(api, resources=())
    components = data.get("components") or {}
    if not isinstance(components, dict):
        return data, slim
    top = {key for key in data if key in _UNREAD or str(key).startswith("x-")}
    inner = {key for key in components if key != "schemas"}
    reached: set[tuple[str, ...]] = set()
    # each wrapped as it sits in the document, so that iter_refs tells names from data
    roots: list[Any] = [{"components": {"schemas": components.get("schemas") or {}}}]
    roots.append({"components": {"schemas": api.synthetic_schemas}})
    while roots:
        for ref in _local_refs(roots.pop()):
            if ref is None or ref == ("components",):
                return data, slim
            section = ref[:2] if ref[0] == "components" else ref[:1]
            if section in reached or not (
                section[0] in top or (len(section) == 2 and section[1] in inner)
            ):
                continue
            reached.add(section)
            value = data[ref[0]] if len(section) == 1 else components[section[1]]
            roots.append({ref[0]: value} if len(section) == 1 else {"components": {ref[1]: value}})
    kept = {k: v for k, v in data.items() if k not in top or (k,) in reached}
    if "components" in data:
        kept["components"] = {
            k: v for k, v in components.items() if k not in inner or ("components", k) in reached
        }
    return kept, slim


_UNREAD = frozenset({"paths", "webhooks"})  # top-level keys render_types reads only through $ref


def _local_refs(node: Any) -> Iterator[tuple[str, ...] | None]:
    """The first three tokens of each reference under ``node`` (``None`` for a non-local
    one): a section of the document and, below ``components``, the name in it."""
    for _, ref in iter_refs(node):
        if not ref.startswith("#/"):
            yield None
        else:
            tokens = ref[2:].split("/", 3)[:3]
            yield tuple(unescape_pointer_token(urllib.parse.unquote(t)) for t in tokens)


def prepare(data: dict[str, Any], api: Api) -> dict[str, Any]:
    """A copy of the bundled spec whose components carry the IR's class names.

    ``_rewrite_refs`` builds every container anew: neither ``data`` nor the
    IR's synthetic schemas are changed (or shared) by what follows.
    """
    components = dict(data.get("components") or {})
    schemas = components.get("schemas") or {}
    renamed = {api.schema_classes[key]: value for key, value in schemas.items()}
    renamed.update(api.synthetic_schemas)
    components["schemas"] = renamed
    rewritten: dict[str, Any] = _rewrite_refs(
        {**data, "components": components}, api.schema_classes
    )
    _open_objects(rewritten["components"]["schemas"])
    _spell_false_branches(rewritten["components"]["schemas"])
    for schema in _schema_objects(rewritten["components"]["schemas"], names=True):
        _drop_nullable_false(schema)
        _drop_inapplicable_bounds(schema)
        _drop_loose_discriminator(schema, rewritten)
    return rewritten


def _drop_loose_discriminator(schema: dict[str, Any], data: dict[str, Any]) -> None:
    """A ``discriminator`` the members' own schemas do not enforce is removed.

    JSON Schema (and ``validate()``) ignores the keyword; datamodel-codegen turns it
    into a required ``Literal`` tag on each member (on every subclass, for a base
    object's discriminator: Bitbucket's ``object``, whose ``type`` became
    ``Literal["PipelineVariable"]``) and a union pydantic dispatches by the tag alone,
    refusing a payload without it (Mailchimp's conditions). Kept only on a
    ``oneOf``/``anyOf`` whose every member requires the tag and allows one value of
    it, named by the mapping: there the tagged union decides as the schema does.
    Without it the union tries its members.
    """
    found = schema.get("discriminator")
    if found is None:
        return
    members = schema.get("oneOf") or schema.get("anyOf")
    tag = found.get("propertyName") if isinstance(found, dict) else None
    mapping = found.get("mapping") if isinstance(found, dict) else None
    if not (isinstance(members, list) and members and isinstance(mapping, dict)) or not all(
        _tag_value(deref(data, member), str(tag)) in mapping for member in members
    ):
        del schema["discriminator"]


def _tag_value(member: Any, tag: str) -> Any:
    """The one value a (resolved) member schema allows its required ``tag`` property
    (``const``, or an ``enum`` of one); ``None`` when it is not so bound."""
    if not isinstance(member, dict) or tag not in (member.get("required") or []):
        return None
    prop = (member.get("properties") or {}).get(tag)
    if not isinstance(prop, dict):
        return None
    if "const" in prop:
        return prop["const"] if isinstance(prop["const"], str) else None
    enum = prop.get("enum")
    return (
        enum[0] if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str) else None
    )


# The bounds datamodel-codegen writes as pydantic constraints, by the JSON type they apply to.
# pydantic's min_length/max_length apply to strings and lists alike, so a bound of another
# type (LaunchDarkly's `type: array, minLength: 1`) would constrain what JSON Schema ignores;
# `items` under another type (Mailchimp's `type: integer`) had made the field a list.
_BOUNDS_BY_TYPE = {
    "string": ("minLength", "maxLength", "pattern"),
    "array": ("minItems", "maxItems", "uniqueItems", "items"),
    "object": ("minProperties", "maxProperties"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
}


def _schema_objects(node: Any, *, names: bool = False) -> Any:
    """Every schema object under ``node``, parents first (instance data such as an
    example's ``minLength`` left out). ``names``: ``node`` maps names to schemas (a
    property called ``nullable`` or ``type`` is not the keyword)."""
    if isinstance(node, list):
        for item in node:
            yield from _schema_objects(item)
    elif isinstance(node, dict):
        if not names:
            yield node
        for key, value in node.items():
            if not is_data(key, value, in_names=names):
                yield from _schema_objects(value, names=not names and key in SCHEMA_MAPS)


def _drop_inapplicable_bounds(schema: dict[str, Any]) -> None:
    """Bounds for a JSON type the schema's own ``type`` excludes are removed.

    JSON Schema applies each bound to its type only (``minLength`` to strings,
    ``minItems`` to arrays), so under ``type: array`` a ``minLength`` checks
    nothing; datamodel-codegen would write it as ``Field(min_length=...)``,
    which pydantic applies to the list. The schema table keeps the spec's
    keywords, and its checks already apply each to its type.
    """
    declared = schema.get("type")
    types = {declared} if isinstance(declared, str) else set(declared or ())
    if types and all(isinstance(t, str) for t in types):
        if "integer" in types:
            types.add("number")
        for kind, keywords in _BOUNDS_BY_TYPE.items():
            if kind not in types:
                for keyword in keywords:
                    schema.pop(keyword, None)


def _drop_nullable_false(schema: dict[str, Any]) -> None:
    """``nullable: false`` (3.0's default, said explicitly) is removed.

    datamodel-codegen reads it as "never None" even on an optional property
    and writes ``x: str = None`` (Docker Engine's ``IdentityToken``), which
    mypy rejects; without it the field is ``str | None = None`` like every
    other optional one, and the ``__non_nullable__`` table still refuses a
    null on the wire.
    """
    if schema.get("nullable") is False:
        del schema["nullable"]


def _spell_false_branches(node: Any) -> None:
    """``false`` in allOf/anyOf/oneOf becomes ``{"not": {}}`` (the same schema).

    datamodel-code-generator refuses a ``false`` branch as unsatisfiable; the
    equivalent spelling generates, and the schema table keeps the verdict.
    """
    if isinstance(node, list):
        for item in node:
            _spell_false_branches(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
                value[:] = [{"not": {}} if item is False else item for item in value]
            _spell_false_branches(value)


def _open_objects(node: Any) -> None:
    """Objects with properties and no ``additionalProperties`` say so explicitly.

    JSON Schema lets such objects carry extra keys; marking them keeps those
    keys in the model (``extra="allow"``) so payloads round-trip, while
    ``additionalProperties: false`` still becomes ``extra="forbid"``.
    """
    if isinstance(node, list):
        for item in node:
            _open_objects(item)
    elif isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = True
        for value in node.values():
            _open_objects(value)


def _rewrite_refs(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, list):
        return [_rewrite_refs(v, names) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _rewrite_refs(v, names) for k, v in node.items()}
    ref = out.get("$ref")
    if isinstance(ref, str) and ref.startswith(_PREFIX):
        head, sep, tail = ref[len(_PREFIX) :].partition("/")
        key = unescape_pointer_token(urllib.parse.unquote(head))
        if key in names:
            out["$ref"] = _PREFIX + names[key] + sep + tail
    return out


@dataclass(frozen=True)
class TypesInput:
    """All that :func:`render_prepared` reads of the spec: what datamodel-codegen gets
    (:func:`prepare`) and the ``__non_nullable__`` table, worked out from the spec
    before it runs, so that a caller may drop the spec meanwhile (the types child
    process does: GitHub's is 10 MiB of its peak)."""

    prepared: dict[str, Any]
    nullability: str  # the table's source, appended to the module


def types_input(data: dict[str, Any], api: Api) -> TypesInput:
    """What :func:`render_prepared` needs of ``data`` (the bundled spec); it shares nothing
    with ``data``."""
    return TypesInput(prepare(data, api), _nullability_table(data, api))


def render_types(data: dict[str, Any], api: Api, header: str) -> dict[str, str]:
    """:func:`render_prepared` of the bundled spec ``data``, without warnings or reuse."""
    return render_prepared(types_input(data, api), api, header)


def render_prepared(
    given: TypesInput,
    api: Api,
    header: str,
    notes: list[Problem] | None = None,
    where: Location | None = None,
    *,
    reuse: bool = False,
) -> dict[str, str]:
    """The types module of the spec ``given`` was made from (:func:`types_input`): its
    unformatted source (``fmt`` formats it) and its schema table file.

    Keyed by file name inside the package: ``types.py`` and the JSON table.
    What datamodel-codegen warns about (a format it does not know, a constraint
    pydantic cannot hold) is appended to ``notes`` as warnings at ``where``.
    With ``reuse``, its output for a spec that differs only in descriptions and
    enum values is taken from :mod:`generator.types_cache`.
    """
    prepared = given.prepared
    if not prepared["components"]["schemas"]:
        return {"types.py": header + "\n\nfrom __future__ import annotations\n"}
    from generator import types_cache  # noqa: PLC0415

    kept, copies = _without_copies(prepared)
    salt = types_cache.salt(Path(__file__), api.package, header)  # what shapes its output
    got = types_cache.generated(
        kept, salt, lambda spec: _run_dmc(spec, api.package, header), reuse=reuse
    )
    result = got.source
    renamed = _component_names_back(got.metadata, kept["components"]["schemas"], set(copies))
    if notes is not None:
        said = dict.fromkeys(got.warnings)
        notes += [warning("datamodel-codegen", f"types: {text}", where) for text in said]
    if renamed:  # rare: an inline schema took a component's name
        result = rename_globals(result, renamed)
    result += _copies_source(result, copies, prepared["components"]["schemas"])
    # A description's trailing spaces and tab indentation end up in attribute docstrings,
    # which black leaves as they are (ruff's W291, E101); datamodel-codegen writes no other
    # multi-line string, and indents its code with spaces.
    # A CR in a description (VTEX writes "\n\r") ends a line when Python reads the module:
    # written as the LF it stands for, so that the line's indentation is seen as trailing.
    result = result.replace("\r\n", "\n").replace("\r", "\n")
    result = modernize(literals.untab_indent(_TRAILING_SPACE.sub("", result)))
    table = table_json(prepared["components"]["schemas"], str(prepared.get("openapi", "")))
    source = _relative_base_import(result, api.package) + given.nullability
    return {"types.py": source + table_source(), TABLE_FILE: table}


def warm() -> None:
    """datamodel-codegen imported and run once on a two-schema spec: it imports most of
    itself on its first ``generate()``. Done in a child process while the run builds
    what the real call needs (:mod:`generator.pipeline`); its result is dropped."""
    _run_dmc(_WARM_UP, "warm_up", "")


_WARM_UP: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "warm-up", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "A": {
                "type": "object",
                "description": "A model.",
                "properties": {
                    "kind": {"type": "string", "enum": ["a", "b"]},
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/B"}},
                },
                "required": ["kind"],
                "additionalProperties": True,
            },
            "B": {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]},
        }
    },
}


def _run_dmc(prepared: dict[str, Any], package: str, header: str) -> types_cache.Generated:
    """datamodel-codegen run on ``prepared``: its module, its model metadata and its warnings."""
    from datamodel_code_generator import (  # noqa: PLC0415  # heavy import, cold path only
        InputFileType,
        LiteralType,
        OpenAPIScope,
        PythonVersion,
        generate,
    )
    from datamodel_code_generator.enums import DataModelType  # noqa: PLC0415

    options: dict[str, Any] = {
        "input_file_type": InputFileType.OpenAPI,
        "openapi_scopes": [OpenAPIScope.Schemas],
        "output_model_type": DataModelType.PydanticV2BaseModel,
        "target_python_version": PythonVersion.PY_311,
        # names: classes exactly as the IR named the components; snake_case
        # fields with the spec's names as aliases, populated by either name
        "snake_case_field": True,
        # every model inherits the runtime's BaseModel (to_dict / to_json)
        "base_class": f"{package}._models.BaseModel",
        "allow_population_by_field_name": True,
        "aliases": _protected_field_names(prepared),
        # extra keys: kept where the schema allows them (see _open_objects),
        # forbidden where it says additionalProperties: false
        # constraints as Annotated Field(...) arguments; enums as Literal
        # aliases, so values stay plain strings and validate fast
        "use_annotated": True,
        "field_constraints": True,
        "enum_field_as_literal": LiteralType.All,
        "use_type_alias": True,
        "strict_nullable": True,
        "use_standard_collections": True,
        "use_union_operator": True,
        # documentation: descriptions become docstrings
        "use_schema_description": True,
        "use_field_description": True,
        # determinism: no timestamp, our own header, one formatter run by us
        "disable_timestamp": True,
        "custom_file_header": header,
        "formatters": [],
        "keep_model_order": False,
    }
    with tempfile.TemporaryDirectory() as folder:
        metadata = Path(folder) / "models.json"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = generate(prepared, emit_model_metadata=metadata, **options)
        models = metadata.read_text(encoding="utf-8")
    if not isinstance(result, str):  # a single module is returned as text
        raise TypeError("datamodel-code-generator returned several modules; expected one")
    from generator.types_cache import Generated  # noqa: PLC0415

    return Generated(result, models, tuple(str(w.message) for w in caught))


_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def _component_names_back(
    metadata: str, components: dict[str, Any], copies: set[str] | frozenset[str] = frozenset()
) -> dict[str, str]:
    """The renames that give each component its own class name back.

    datamodel-codegen names the model of an inline schema after its property
    (``products``' items become ``Product``, ``customer``'s anyOf member
    ``Customer``) and, reaching the component of that name later, renames the
    component (``ProductModel``); the IR, and users, know the component by its
    name. Maps the component's given name to its own, and the inline model's
    to a name no model has (its owner's name before it, numbered if need be).
    ``copies``: components left out of its input (:func:`_without_copies`), whose
    names an inline model may have taken; that model is renamed the same way.
    """
    models = json.loads(metadata)["models"]
    prefix = "#/components/schemas/"
    given = {str(m["source_ref"]): str(m["class_name"]) for m in models}
    taken = set(given.values()) | set(components) | set(copies)
    holders = {name: ref for ref, name in given.items()}
    renamed: dict[str, str] = {}
    for own in sorted({*components, *copies}):
        got = given.get(f"{prefix}{own}", own)
        if (got == own and own not in copies) or own not in holders:
            continue
        owner = unescape_pointer_token(holders[own].removeprefix(prefix).split("/", 1)[0])
        base = f"{owner}{own}" if owner in components else f"{own}Inline"
        fresh, number = base, 1
        while fresh in taken:
            number += 1
            fresh = f"{base}{number}"
        taken.add(fresh)
        renamed[own] = fresh
        if got != own:
            renamed[got] = own
    return renamed


def _without_copies(prepared: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """``prepared`` without the components that repeat an earlier one, and for each of
    those the component it repeats (name -> name, in the order of the components).

    Many specs state one schema under many names (Mist: 835 prepared components, 198 of
    them ``{"type": "object"}``; responses lifted from operations that share a shape), and
    datamodel-codegen would build and compare each. A component repeats another when its
    schema is the same, keys in the same order (the field order follows them), and no
    ``$ref`` names it: what refers to a component must find that very model. Each copy
    becomes a subclass (or an alias) of the one it repeats after the run
    (:func:`_copies_source`); the schema table keeps every name.
    """
    schemas: dict[str, Any] = prepared["components"]["schemas"]
    named = _referenced(prepared)
    first: dict[str, str] = {}
    copies: dict[str, str] = {}
    for name, schema in schemas.items():
        same = first.setdefault(repr(schema), name)
        if same != name and name not in named:
            copies[name] = same
    if not copies:
        return prepared, copies
    kept = {name: schema for name, schema in schemas.items() if name not in copies}
    return {**prepared, "components": {**prepared["components"], "schemas": kept}}, copies


def _referenced(prepared: dict[str, Any]) -> set[str]:
    """The components that a ``$ref`` names (or points into) from the schemas, or from a
    part of the document they reach: what :func:`what_it_reads` keeps, so that a render in
    the child process and one in this process leave out the same copies."""
    found: set[str] = set()
    reached: set[tuple[str, ...]] = set()
    roots: list[Any] = [{"components": {"schemas": prepared["components"]["schemas"]}}]
    while roots:
        for tokens in _local_refs(roots.pop()):
            if tokens is None:
                continue
            if tokens[:2] == ("components", "schemas"):
                found.update(tokens[2:3])
                continue
            section = tokens[:2] if tokens[0] == "components" else tokens[:1]
            if section in reached:
                continue
            reached.add(section)
            if len(section) == 1:
                roots.append({section[0]: prepared.get(section[0])})
            else:
                roots.append({"components": {section[1]: prepared["components"].get(section[1])}})
    return found


def _copies_source(source: str, copies: dict[str, str], schemas: dict[str, Any]) -> str:
    """The statements that define each copy from the model it repeats: a subclass of a
    class, with the docstring its description gives both, or an alias of an alias."""
    out: list[str] = []
    classes = set(_CLASS_NAME.findall(source))  # once: the module is megabytes on large specs
    for name, same in copies.items():
        description = schemas[name].get("description") if isinstance(schemas[name], dict) else None
        text = description if isinstance(description, str) and description.strip() else None
        if same in classes:
            body = literals.docstring(text) if text else "pass"
            out.append(f"\n\nclass {name}({same}):\n    {body}\n")
        else:
            doc = f"{literals.docstring(text, indent=0)}\n" if text else ""
            out.append(f"\n\n{name} = TypeAliasType({name!r}, {same})\n{doc}")
    return "".join(out)


_CLASS_NAME = re.compile(r"^class (\w+)\b", re.MULTILINE)


def _relative_base_import(source: str, package: str) -> str:
    """``source`` importing the base model relatively, like every other generated module.

    ``base_class`` only takes an absolute path, but the types module must not
    name its own package: the toolkit imports generated modules under a
    private package name (``toolkit/package.py``), and a renamed or vendored
    package must still work.
    """
    # (a module of enums and aliases only has no classes, and no such import, or one that
    # no class uses: datamodel-codegen writes it for a schema of Any, as RiteKit's are)
    absolute = f"from {package}._models import BaseModel\n"
    relative = "" if source.count("BaseModel") == 1 else "from ._models import BaseModel\n"
    return source.replace(absolute, relative, 1)


def _protected_field_names(node: Any) -> dict[str, str]:
    """Property name -> field name, for properties pydantic's protected namespaces forbid."""
    found: dict[str, str] = {}
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            props = item.get("properties")
            if isinstance(props, dict):
                for name in props:
                    field = naming.model_field(str(name))
                    if field is not None:
                        found[str(name)] = field
            stack.extend(item.values())
    return dict(sorted(found.items()))


def _nullability_table(data: dict[str, Any], api: Api) -> str:
    """The ``__non_nullable__`` table appended to the types module (see ``nullability``).

    Written in black's layout where :mod:`generator.black_literal` can, which
    spares black the splitting; on one line for black to split otherwise.
    """
    # Written out sorted: a frozenset's repr follows the hash seed.
    table = {
        name: black_literal.Call("frozenset", black_literal.SetOf(tuple(sorted(fields))))
        for name, fields in non_nullable(data, api).items()
    }
    target = "__non_nullable__: dict[str, frozenset[str]]"
    try:
        assignment = black_literal.assignment(target, table, exploded=True)
    except black_literal.LayoutError:
        assignment = f"{target} = {_one_line(table)}\n"
    return (
        f"\n\n{assignment}"
        '"""Optional properties (wire names) of each class that must not be null.\n\n'
        "The annotations say ``X | None`` for every optional property; the spec says\n"
        'which of them really admit ``null``. Request bodies and strict validation check it."""\n'
    )


def _one_line(table: dict[str, black_literal.Call]) -> str:
    entries = "".join(
        f"    {name!r}: frozenset({{{', '.join(repr(f) for f in call.arg.items)}}}),\n"
        for name, call in table.items()
    )
    return "{\n" + entries + "}" if entries else "{}"
