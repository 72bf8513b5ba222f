"""What to draw for one call of a generated method (standard library only).

One JSON Schema describes the keyword arguments of a call, each argument's
schema taken from the *spec* (never from the generated types): parameters by
their Python names, then the body as the client takes it -- its fields as
keyword arguments (``json-fields``, ``multipart``, ``form``), one ``body``
value (``json-value``), a string for ``text`` and for ``binary`` (turned into
bytes after the draw, see :func:`to_call`). Required parameters and fields are
required; optional ones are properties that the data generator may or may not
fill, so several draws cover both. ``additionalProperties: false`` keeps the
draw to arguments the method has.

Values that cannot travel as they are drawn get a narrower schema, stated
here once: a path segment is non-empty and URL-safe (the server's router
decodes ``%2F`` before matching) and neither ``.`` nor ``..`` (the client
sends them as ``%2E``, which the server decodes and then drops or climbs as a
dot segment), header and cookie strings are visible ASCII (a ``.`` of their
``pattern`` too),
a parameter's string is not empty unless ``allowEmptyValue`` says it may be,
a required binary or text body is not empty (an empty body cannot be told
from a missing one), and neither is a required array in a parameter or in a
form or multipart body (an empty one is sent as no value at all).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml  # the driver's venv and the project's have PyYAML

try:
    from . import schemas, xmlbody
except ImportError:  # run beside driver.py as a script, not as a package
    import schemas  # type: ignore[no-redef]
    import xmlbody  # type: ignore[no-redef]

PATH_SAFE = "^[A-Za-z0-9._~-]+$"
DOT_SEGMENTS = (".", "..")
HEADER_SAFE = "^[!-~]*$"
# Formats whose values are ASCII text of their own syntax (drawn as such): a header keeps them.
TEXT_FORMATS = {"date-time", "date", "time", "duration", "uuid", "email", "uri", "uri-reference",
                "hostname", "ipv4", "ipv6", "byte", "int32", "int64"}  # fmt: skip
FILE = ("contract.bin", "application/octet-stream")


@dataclass(frozen=True)
class Param:
    """One parameter of a generated method: Python name, wire name, location."""

    name: str
    wire: str
    location: str


@dataclass(frozen=True)
class Operation:
    """What the driver reads off a generated ``OperationSpec`` (plain data, no runtime import)."""

    method: str
    path: str
    params: tuple[Param, ...] = ()
    body_kind: str = "json-fields"
    body_media_type: str = "application/json"
    body_media_types: Mapping[str, str] = field(default_factory=dict)
    body_fields: Mapping[str, str] = field(default_factory=dict)  # wire name -> Python name
    has_body: bool = False


@dataclass
class Plan:
    """The schema of one call's keyword arguments and how to finish the drawn values."""

    schema: dict[str, Any]
    media_type: str | None  # the body's media type (None: no body)
    kind: str | None
    files: list[str] = field(default_factory=list)  # arguments holding a file (or a list of files)
    binary: str | None = None  # the argument holding a raw binary body
    yaml_document: str | None = None  # the argument holding a YAML body, drawn as its value
    xml_document: str | None = None  # the argument holding an XML body, drawn as its value
    xml_schema: Any = None  # ... and the spec's own schema of it (its XML annotations)
    undefined: list[str] = field(default_factory=list)  # required in the body, defined nowhere
    content_type_argument: bool = False  # pass content_type= (a media type other than the default)
    one_of_fields: list[str] = field(default_factory=list)  # at least one given (minProperties: 1)


def body_media(op: Operation) -> list[tuple[str, str]]:
    """Every (media type, kind) the method can send: the default first."""
    if not op.has_body:
        return []
    found = [(op.body_media_type, op.body_kind)]
    if op.body_media_types:
        found = [(m, k) for m, k in op.body_media_types.items()]
        found.sort(key=lambda mk: mk[0] != op.body_media_type)
    return found


def object_fields(spec: Mapping[str, Any], schema: Any) -> tuple[dict[str, Any], list[str]]:
    """Properties and required names of an object schema, allOf parts merged (converted schemas)."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    if not isinstance(schema, Mapping):
        return properties, required
    branches = [b for b in schema.get("anyOf") or [] if b != {"type": "null"}]
    if len(branches) == 1 and len(schema.get("anyOf") or []) == 2:
        # a nullable object (converted to anyOf object/null): the fields are the object's
        # (DigitalOcean's maintenance window; the client sends fields, never a null body)
        return object_fields(spec, branches[0])
    found = [object_fields(spec, part) for part in schema.get("allOf") or []]
    found.append(
        (dict(schema.get("properties") or {}), [str(n) for n in schema.get("required") or []])
    )
    for more, needed in found:
        for (
            name,
            sub,
        ) in more.items():  # a name two parts define must satisfy both (SendGrid's from)
            known = properties.get(name)
            properties[name] = sub if known is None or known == sub else {"allOf": [known, sub]}
        required += needed
    return properties, list(dict.fromkeys(required))


def is_yaml(media_type: str | None) -> bool:
    """A YAML media type (application/yaml, application/x-yaml, text/yaml, a ``+yaml`` suffix)."""
    bare = (media_type or "").split(";")[0].strip().lower()
    return bare.endswith(("/yaml", "/x-yaml", "+yaml"))


def _is_string(schema: Any) -> bool:
    return isinstance(schema, Mapping) and schema.get("type") == "string"


def is_binary(schema: Any) -> bool:
    """A string schema meant as raw bytes (``format: binary`` or a ``contentMediaType``)."""
    return (
        isinstance(schema, Mapping)
        and schema.get("type") in {"string", None}
        and (schema.get("format") == "binary" or "contentMediaType" in schema)
    )


def _file_argument(schema: Any) -> tuple[bool, Any]:
    """(holds files, schema to draw): a binary field is drawn as a string, made bytes later."""
    if is_binary(schema):
        return True, {"type": "string"}
    if (
        isinstance(schema, Mapping)
        and schema.get("type") == "array"
        and is_binary(schema.get("items"))
    ):
        return True, {**schema, "items": {"type": "string"}}
    return False, schema


def _narrowed(schema: Any, location: str, allow_empty: bool = False) -> Any:
    """The schema with the narrowing its location needs (see the module docstring)."""
    untyped = isinstance(schema, Mapping) and not any(
        k in schema for k in ("type", "anyOf", "oneOf", "allOf", "enum", "const")
    )
    if untyped and location in {"header", "cookie"}:  # on the wire a header is a string anyway
        schema = {**schema, "type": "string"}
    for key in ("anyOf", "oneOf"):  # a nullable string is anyOf string/null: each branch narrowed
        if isinstance(schema, Mapping) and isinstance(schema.get(key), list):
            return {**schema, key: [_narrowed(b, location, allow_empty) for b in schema[key]]}
    declared = schema.get("type") if isinstance(schema, Mapping) else None
    if declared != "string" and not (isinstance(declared, list) and "string" in declared):
        return schema  # a type list with "string" is narrowed as a string too
    if not allow_empty and not any(k in schema for k in ("enum", "const")):
        schema = {**schema, "minLength": max(1, int(schema.get("minLength") or 0))}
    if location in {"header", "cookie"} and isinstance(schema.get("pattern"), str):
        return {**schema, "pattern": header_pattern(schema["pattern"])}
    free_text = schema.get("format") not in TEXT_FORMATS  # no format, or one of free text
    if (
        location in {"header", "cookie"}
        and free_text
        and not any(k in schema for k in ("enum", "const"))
    ):
        return {**schema, "pattern": HEADER_SAFE}  # a free-text format too (S3's `password`)
    if any(k in schema for k in ("pattern", "enum", "const", "format")):
        return schema
    if location == "path":
        return {**schema, "pattern": PATH_SAFE, "not": {"enum": list(DOT_SEGMENTS)}}
    return schema


def header_pattern(pattern: str) -> str:
    """A header's ``pattern`` narrowed to visible ASCII, matching a subset of what it matched.

    A pattern is searched, not anchored, and its ``.`` is any character: drawn as it is
    (Apple SiriKit's ``User-Agent``: ``AppleCloudExtension/... *.*``), a value gets
    Unicode around and inside the part the pattern states. Each ``.`` outside a class
    becomes visible ASCII or a space, and the text around the match visible ASCII,
    with no space at either end (HTTP strips it).
    """
    out: list[str] = []
    in_class = escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == ".":
            out.append("[ -~]")
            continue
        out.append(char)
    return f"^[!-~]*(?:{''.join(out)})(?:[ -~]*[!-~])?$"


def _non_empty_array(schema: Any) -> Any:
    """A required array outside a JSON body has an item, and a required object in a form body
    a property: an empty one is sent as nothing at all (form explode writes no pair)."""
    if isinstance(schema, Mapping) and schema.get("type") == "array":
        return {**schema, "minItems": max(1, int(schema.get("minItems") or 0))}
    if isinstance(schema, Mapping) and schema.get("type") == "object" and schema.get("properties"):
        return {**schema, "minProperties": max(1, int(schema.get("minProperties") or 0))}
    return schema


def _parameter_schema(spec: Mapping[str, Any], parameter: Mapping[str, Any]) -> Any:
    raw = parameter.get("schema")
    if raw is None and isinstance(parameter.get("content"), Mapping):
        entries = list(parameter["content"].values())
        raw = entries[0].get("schema", {}) if entries and isinstance(entries[0], Mapping) else {}
    return schemas.to_json_schema(spec, raw if raw is not None else {})


def plan(spec: Mapping[str, Any], op: Operation, media: tuple[str, str] | None) -> Plan:
    """The call's argument schema for one body media type (``None``: no body)."""
    found = schemas.find_operation(spec, op.method, op.path)
    if found is None:
        raise LookupError(f"{op.method} {op.path} is not in the spec")
    item, operation = found
    properties: dict[str, Any] = {}
    required: list[str] = []
    declared = schemas.parameters(spec, item, operation)
    for param in op.params:
        parameter = declared.get((param.location, param.wire))
        if parameter is None:
            continue
        properties[param.name] = _narrowed(
            _parameter_schema(spec, parameter),
            param.location,
            bool(parameter.get("allowEmptyValue")),
        )
        if parameter.get("required") or param.location == "path":
            required.append(param.name)
            properties[param.name] = _non_empty_array(properties[param.name])
    result = Plan(
        schema={}, media_type=media[0] if media else None, kind=media[1] if media else None
    )
    if media is not None:
        result.content_type_argument = media[0] != op.body_media_type
        body = schemas.deref(spec, operation.get("requestBody"))
        content = body.get("content") if isinstance(body, Mapping) else None
        entry = schemas.media_entry(content, media[0])
        schema = schemas.to_json_schema(spec, entry.get("schema", {}) if entry else {})
        body_required = bool(isinstance(body, Mapping) and body.get("required"))
        result.undefined = schemas.undefined_required(
            spec, entry.get("schema", {}) if entry else {}
        )
        result.xml_schema = entry.get("schema", {}) if entry else {}
        _add_body(spec, op, media[1], schema, body_required, properties, required, result)
    result.schema = {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    if result.one_of_fields:  # the body object's minProperties, over the arguments that fill it
        result.schema["anyOf"] = [{"required": [name]} for name in result.one_of_fields]
    return result


def _add_body(spec: Mapping[str, Any], op: Operation, kind: str, schema: Any, body_required: bool,
              properties: dict[str, Any], required: list[str], result: Plan) -> None:  # fmt: skip
    """The body's arguments, by the kind the client sends it as."""
    if kind in {"json-fields", "multipart", "form"}:
        fields, needed = object_fields(spec, schema)
        for wire, python in op.body_fields.items():
            if wire not in fields and wire not in needed:
                continue  # readOnly (not sent in a request) or unknown to the spec: left out
            sub = fields.get(
                wire, {}
            )  # required with no schema (DigitalOcean's `method`): any value
            if kind == "multipart":
                holds_files, sub = _file_argument(sub)
                if holds_files:
                    result.files.append(python)
            if wire in needed:
                required.append(python)
                if kind != "json-fields":
                    sub = _non_empty_array(sub)
            properties[python] = sub
        least = schema.get("minProperties", 0) if isinstance(schema, Mapping) else 0
        given = [python for wire, python in op.body_fields.items() if python in properties]
        if isinstance(least, int) and least >= 1 and not needed and given:
            result.one_of_fields = given  # minProperties above 1 is not drawn for (none seen)
        return
    python = next(iter(op.body_fields.values()), "body")
    if kind in {"binary", "text"} and is_yaml(result.media_type) and not _is_string(schema):
        properties[python] = schema  # the document's value, dumped as YAML by to_call
        result.yaml_document = python
        if body_required:
            required.append(python)
        return
    if kind in {"binary", "text"} and xmlbody.is_xml(result.media_type):
        # the document's value, written as XML by to_call (a string schema: the root's text,
        # as the XML Object reads a primitive; Pandorabots' application/xml file contents)
        properties[python] = xml_text(schema)
        result.xml_document = python
        if body_required:
            required.append(python)
        return
    if kind in {"binary", "text"}:
        text = kind == "text" and _is_string(schema)
        raw: dict[str, Any] = dict(schema) if text else {"type": "string"}
        if body_required:  # an empty body cannot be told from a missing one
            raw["minLength"] = max(1, int(raw.get("minLength") or 0))
        properties[python] = raw
        result.binary = python if kind == "binary" else None
    else:  # json-value
        properties[python] = schema
    if body_required:
        required.append(python)


XML_NAME = "^[A-Za-z_][A-Za-z0-9_.-]*$"  # an XML name (ASCII; not starting with "xml" is left)
XML_TEXT = "^[^\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]*$"


def xml_text(schema: Any) -> Any:
    """The schema with its free strings kept to characters an XML 1.0 document can hold as
    they are (no C0 controls but tab and newline; ``\r`` would be read back as ``\n``)."""
    if isinstance(schema, list):
        return [xml_text(s) for s in schema]
    if not isinstance(schema, Mapping):
        return schema
    values = {"enum", "const", "default", "examples", "required"}  # values, not schemas
    out = {k: v if k in values or not isinstance(v, Mapping | list) else xml_text(v)
           for k, v in schema.items()}  # fmt: skip
    for key in ("properties", "patternProperties", "definitions", "$defs"):
        if isinstance(schema.get(key), Mapping):
            out[key] = {n: xml_text(s) for n, s in schema[key].items()}
    free = not any(k in schema for k in ("pattern", "enum", "const", "format"))
    if schema.get("type") == "string" and free:
        out["pattern"] = XML_TEXT
    if schema.get("type") == "array":  # an empty list is no element at all: not read back
        out["minItems"] = max(1, int(schema.get("minItems") or 0))
    if isinstance(schema.get("properties"), Mapping) and "additionalProperties" not in schema:
        out["additionalProperties"] = False  # an element holds the ones its schema names
    elif isinstance(schema.get("additionalProperties"), Mapping):
        out["propertyNames"] = {"pattern": XML_NAME}  # a map's keys are element names
    return out


def to_call(
    drawn: Mapping[str, Any], plan_: Plan, seed: int, spec: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The drawn arguments as the method takes them: files and binary bodies as bytes, a YAML or
    XML body as its document (XML needs the ``spec``: its annotations); for a wildcard media
    type (``image/*``) odd draws name a concrete one, even draws leave the client's default."""
    kwargs = dict(drawn)
    if plan_.xml_document and plan_.xml_document in kwargs:
        text = xmlbody.dumps(kwargs[plan_.xml_document], spec or {}, plan_.xml_schema)
        kwargs[plan_.xml_document] = text.encode() if plan_.kind == "binary" else text
    for name in plan_.files:
        if name in kwargs:
            value = kwargs[name]
            kwargs[name] = (
                [_file(v, seed) for v in value] if isinstance(value, list) else _file(value, seed)
            )
    if plan_.yaml_document and plan_.yaml_document in kwargs:
        text = yaml.safe_dump(kwargs[plan_.yaml_document], allow_unicode=True)
        kwargs[plan_.yaml_document] = text.encode() if plan_.kind == "binary" else text
    if plan_.binary and plan_.binary in kwargs:
        kwargs[plan_.binary] = str(kwargs[plan_.binary]).encode("utf-8")
    if plan_.content_type_argument and plan_.media_type:
        kwargs["content_type"] = plan_.media_type
    elif plan_.media_type and "*" in plan_.media_type and seed % 2 == 1:
        kwargs["content_type"] = schemas.concrete(
            plan_.media_type
        )  # as a caller states the actual type
    return kwargs


def _file(value: Any, seed: int) -> Any:
    """A file argument in the shapes the runtime takes: bytes on even draws, a tuple on odd ones."""
    content = str(value).encode("utf-8")
    return content if seed % 2 == 0 else (FILE[0], content, FILE[1])


def invalid_arguments(drawn: Mapping[str, Any], plan_: Plan, validate: Any) -> list[str]:
    """The drawn arguments that do not validate against their own schema (``validate`` raises)."""
    problems = []
    properties = plan_.schema.get("properties", {})
    for name, value in drawn.items():
        try:
            validate(value, properties.get(name, {}))
        except Exception as exc:  # any validation failure is reported, by argument
            problems.append(f"{name}: {str(getattr(exc, 'message', exc))[:200]}")
    return problems


def describe(kinds: Sequence[str | None]) -> str:
    """A short list of body kinds, for the report."""
    return ", ".join(sorted({k or "none" for k in kinds}))
