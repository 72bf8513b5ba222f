"""Stage 3: build the IR (``generator.ir``) from a bundled, validated spec.

Reads the single-document spec that ``bundle`` produced and decides, once,
every name and type hint the templates print. Constructs the generator does
not support are errors naming their JSON pointer, never silently dropped.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Literal

from generator import literals, naming
from generator.errors import GeneratorError, Location, Problem, error, join_pointer
from generator.ir import Api, Body, BodyField, Operation, Pagination, Parameter, Resource
from generator.load import pointer_get
from generator.runtime._operation import AuthScheme, PaginationSpec, ParamSpec
from generator.schema_types import SchemaTyper, optional
from generator.validate import iter_operations

_JSON_MEDIA = ("application/json",)
# Parameter locations the runtime sends (cookie parameters are refused).
_LOCATIONS: dict[str, Literal["path", "query", "header"]] = {
    "path": "path",
    "query": "query",
    "header": "header",
}


def _is_json_media(media: str) -> bool:
    base = media.split(";", maxsplit=1)[0].strip().lower()
    return base in _JSON_MEDIA or base.endswith("+json")


class _Builder:
    def __init__(
        self,
        data: dict[str, Any],
        package: str,
        spec_name: str,
        locate: Callable[[str], Location] | None = None,
    ) -> None:
        self.data = data
        self.package = package
        self.spec_name = spec_name
        self.locate = locate
        self.problems: list[Problem] = []
        schemas = (data.get("components") or {}).get("schemas") or {}
        keys = list(schemas)
        self.schema_classes = dict(
            zip(
                keys,
                naming.deduplicate((naming.class_name(k) for k in keys), separator=""),
                strict=True,
            )
        )
        self.synthetic: dict[str, Any] = {}
        self.modules: set[str] = set()
        self.page_bases: set[str] = set()
        self.typer = SchemaTyper(data, self.schema_classes)

    def where(self, pointer: str) -> Location:
        if self.locate is not None:
            return self.locate(pointer)
        return Location(self.spec_name, pointer)

    def fail(self, code: str, message: str, pointer: str, hint: str = "") -> None:
        self.problems.append(error(code, message, self.where(pointer), hint))

    # -- resolution -------------------------------------------------------

    def deref(self, node: Any) -> Any:
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                return {}
            seen.add(ref)
            node = pointer_get(self.data, urllib.parse.unquote(ref.partition("#")[2]))
        return node

    # -- the API ----------------------------------------------------------

    def build(self, toolkit_version: str) -> Api:
        info = self.data.get("info") or {}
        client = info.get("x-sdk-client-name") or naming.class_name(
            self.package.removesuffix("_sdk")
        )
        if not naming.is_identifier(str(client)):
            self.fail(
                "invalid-sdk-name",
                f"x-sdk-client-name {client!r} cannot become a class name",
                "/info/x-sdk-client-name",
            )
        ops_by_resource: dict[tuple[str, ...], list[Operation]] = {}
        used_constants: set[str] = set()
        for path, method, op, item in iter_operations(self.data):
            pointer = join_pointer("/paths", path, method)
            built = self.operation(
                path=path, method=method, op=op, item=item, pointer=pointer, used=used_constants
            )
            if built is not None:
                resource_path, operation = built
                ops_by_resource.setdefault(resource_path, []).append(operation)
        resources = self.resources(
            ops_by_resource, (), set(self.schema_classes.values()) | {str(client), f"Async{client}"}
        )
        if self.problems:
            raise GeneratorError(self.problems)
        paginations = tuple(
            op.pagination for r in _flatten(resources) for op in r.operations if op.pagination
        )
        servers = self.data.get("servers") or [{}]
        return Api(
            title=str(info.get("title", "")),
            version=str(info.get("version", "")),
            description=str(info.get("description", "")),
            spec_name=self.spec_name,
            package=self.package,
            client_class=str(client),
            async_client_class=f"Async{client}",
            env_prefix=self.package.upper() + "_",
            default_base_url=_server_url(servers[0] if isinstance(servers[0], dict) else {}),
            resources=resources,
            schema_classes=self.schema_classes,
            synthetic_schemas=self.synthetic,
            paginations=paginations,
            toolkit_version=toolkit_version,
        )

    def resources(
        self, ops: dict[tuple[str, ...], list[Operation]], prefix: tuple[str, ...], taken: set[str]
    ) -> tuple[Resource, ...]:
        heads = sorted(
            {
                path[len(prefix)]
                for path in ops
                if path[: len(prefix)] == prefix and len(path) > len(prefix)
            }
        )
        out = []
        for head in heads:
            path = (*prefix, head)
            # Free as X and as AsyncX: a schema named AsyncX must not clash either.
            blocked = taken | {n.removeprefix("Async") for n in taken if n.startswith("Async")}
            cls = naming.deduplicate(
                [*sorted(blocked), naming.class_name("_".join(path))], separator=""
            )[-1]
            taken.add(cls)
            taken.add(f"Async{cls}")
            module = naming.deduplicate(
                [*sorted(self.modules), naming.module_name("_".join(path))]
            )[-1]
            self.modules.add(module)
            children = self.resources(ops, path, taken)
            operations = tuple(ops.get(path, ()))
            # Sub-resources keep their attribute; a method named like one is renamed.
            names = naming.deduplicate(
                [c.attr for c in children] + [op.method_name for op in operations]
            )[len(children) :]
            operations = tuple(_renamed(op, n) for op, n in zip(operations, names, strict=True))
            out.append(
                Resource(
                    path=path,
                    attr=naming.resource_attribute(head),
                    module=module,
                    sync_class=cls,
                    async_class=f"Async{cls}",
                    docstring=literals.docstring(f"Operations on {'.'.join(path)}.", 4),
                    operations=operations,
                    children=children,
                )
            )
        return tuple(out)

    # -- operations -------------------------------------------------------

    def operation(
        self,
        *,
        path: str,
        method: str,
        op: dict[str, Any],
        item: dict[str, Any],
        pointer: str,
        used: set[str],
    ) -> tuple[tuple[str, ...], Operation] | None:
        op_id = op.get("operationId") or f"{method}_{path}"
        resource = op.get("x-sdk-resource")
        if isinstance(resource, str):  # dots separate sub-resources
            parts = resource.split(".")
        else:  # a tag or a path segment is one resource, dots and all
            tags = op.get("tags") or []
            first_segment = next(
                (s for s in path.split("/") if s and not s.startswith("{")), "root"
            )
            parts = [str(tags[0]) if tags else first_segment]
        resource_path = tuple(naming.resource_attribute(part) for part in parts if part) or (
            "root",
        )
        method_name = op.get("x-sdk-method") or op_id
        params = self.parameters(op, item, pointer)
        body = self.body(op, pointer, op_id)
        if body:
            # Parameters and body fields share one signature: names must be unique across both.
            names = naming.deduplicate(
                [p.python_name for p in params] + [f.python_name for f in body.fields]
            )
            params = tuple(_param_named(p, n) for p, n in zip(params, names, strict=False))
            fields = tuple(
                replace(f, python_name=n)
                for f, n in zip(body.fields, names[len(params) :], strict=True)
            )
            body = replace(body, fields=fields)
        response_type, response_schema = self.response(op, pointer, op_id)
        pagination = self.pagination(op, pointer, params, response_schema)
        constant = naming.deduplicate(
            [
                *sorted(used),
                "_" + naming.snake(".".join((*resource_path, str(method_name)))).upper(),
            ]
        )[-1]
        used.add(constant)
        type_names = set(self.typer.names_in(response_type or ""))
        for p in params:
            type_names.update(self.typer.names_in(p.type_hint))
        if body:
            type_names.add(body.model)
            for f in body.fields:
                type_names.update(self.typer.names_in(f.type_hint))
        if pagination:
            type_names.update(self.typer.names_in(pagination.item_type))
        lines = [
            s
            for s in (op.get("summary"), op.get("description"))
            if isinstance(s, str) and s.strip()
        ]
        text = "\n\n".join(dict.fromkeys(s.strip() for s in lines)) or f"{method.upper()} {path}"
        if op.get("deprecated"):
            text = "Deprecated.\n\n" + text
        return resource_path, Operation(
            operation_id=str(op_id),
            method_name=naming.method_name(str(method_name)),
            http_method=method.upper(),
            path=path,
            docstring=text,
            constant=constant,
            params=params,
            body=body,
            response_type=response_type,
            pagination=pagination,
            auth=self.auth(op, pointer),
            type_names=tuple(sorted(type_names)),
            deprecated=bool(op.get("deprecated")),
        )

    def parameters(
        self, op: dict[str, Any], item: dict[str, Any], pointer: str
    ) -> tuple[Parameter, ...]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for source, base in (
            (item.get("parameters"), pointer.rsplit("/", 1)[0]),
            (op.get("parameters"), pointer),
        ):
            for index, raw in enumerate(source or []):
                param = self.deref(raw)
                merged[(str(param.get("name")), str(param.get("in")))] = (
                    param,
                    join_pointer(base, "parameters", index),
                )
        out: list[Parameter] = []
        for (name, where), (param, ppointer) in merged.items():
            location = _LOCATIONS.get(where)
            if location is None:
                self.fail("unsupported", f"{where} parameter {name!r} is not supported", ppointer)
                continue
            if "schema" not in param:
                self.fail(
                    "unsupported",
                    f"parameter {name!r} has no schema (content-typed parameters are not supported)",
                    ppointer,
                )
                continue
            schema = param["schema"]
            try:
                inlined = self.typer.inline(schema)
            except RecursionError:
                self.fail("unsupported", f"parameter {name!r} has a recursive schema", ppointer)
                continue
            required = bool(param.get("required")) or location == "path"
            style = param.get("style")
            explode = param.get("explode")
            description = str(
                param.get("description") or self.deref(schema).get("description") or ""
            )
            spec = ParamSpec(
                name=naming.parameter(name),
                wire=name,
                location=location,
                schema=inlined,
                required=required,
                style=str(style) if style is not None else None,
                explode=bool(explode) if explode is not None else None,
            )
            out.append(
                Parameter(
                    spec=spec,
                    type_hint=self.typer.hint(schema, input_side=True),
                    docstring_line=literals.one_line(description),
                )
            )
        names = naming.deduplicate(p.python_name for p in out)
        return tuple(_param_named(p, n) for p, n in zip(out, names, strict=True))

    def body(self, op: dict[str, Any], pointer: str, op_id: str) -> Body | None:
        request = self.deref(op.get("requestBody"))
        if not isinstance(request, dict):
            return None
        content = request.get("content") or {}
        media = next((m for m in content if _is_json_media(m)), None)
        bpointer = join_pointer(pointer, "requestBody")
        if media is None:
            self.fail(
                "unsupported",
                f"request body media types {sorted(content)} are not supported (only JSON)",
                bpointer,
            )
            return None
        schema = content[media].get("schema") or {}
        model = self.model_for(
            schema,
            naming.class_name(op_id) + "Body",
            join_pointer(bpointer, "content", media, "schema"),
        )
        resolved = self.deref(schema)
        if (
            model is None
            or resolved.get("type", "object") != "object"
            or "allOf" in resolved
            or "oneOf" in resolved
            or "anyOf" in resolved
        ):
            self.fail(
                "unsupported",
                "a request body must be an object schema with properties",
                join_pointer(bpointer, "content", media, "schema"),
            )
            return None
        required = set(resolved.get("required") or [])
        props = resolved.get("properties") or {}
        fields = [
            BodyField(
                python_name=naming.parameter(name),
                wire_name=name,
                required=name in required,
                type_hint=self.typer.hint(prop, input_side=True),
                docstring_line=literals.one_line(str(self.deref(prop).get("description") or "")),
            )
            for name, prop in props.items()
        ]
        return Body(model=model, fields=tuple(fields), required=bool(request.get("required")))

    def model_for(self, schema: Any, synthetic_name: str, pointer: str) -> str | None:
        """The class that validates ``schema``: its component, or a synthetic one for inline objects."""
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            key = schema["$ref"].rpartition("/")[2]
            return self.schema_classes.get(
                urllib.parse.unquote(key).replace("~1", "/").replace("~0", "~")
            )
        if isinstance(schema, dict) and (schema.get("type") == "object" or "properties" in schema):
            name = naming.deduplicate(
                [*self.schema_classes.values(), *self.synthetic, synthetic_name], separator=""
            )[-1]
            self.synthetic[name] = schema
            self.typer.add_synthetic(name, schema)
            return name
        del pointer
        return None

    def response(self, op: dict[str, Any], pointer: str, op_id: str) -> tuple[str | None, Any]:
        responses = op.get("responses") or {}
        for code in sorted(responses):
            if not (code.startswith("2") or code == "2XX"):
                continue
            response = self.deref(responses[code])
            content = response.get("content") or {}
            media = next((m for m in content if _is_json_media(m)), None)
            if media is None:
                if content:
                    self.fail(
                        "unsupported",
                        f"response media types {sorted(content)} are not supported (only JSON)",
                        join_pointer(pointer, "responses", code),
                    )
                return None, None
            schema = content[media].get("schema")
            if schema is None:
                return None, None
            resolved = self.deref(schema)
            if (
                not (isinstance(schema, dict) and "$ref" in schema)
                and isinstance(resolved, dict)
                and (resolved.get("type") == "object" or "properties" in resolved)
            ):
                name = self.model_for(schema, naming.class_name(op_id) + "Response", pointer)
                return name, resolved
            return self.typer.hint(schema, input_side=False), resolved
        return None, None

    def pagination(
        self, op: dict[str, Any], pointer: str, params: tuple[Parameter, ...], response: Any
    ) -> Pagination | None:
        spec = op.get("x-sdk-pagination")
        if spec is None:
            return None
        ppointer = join_pointer(pointer, "x-sdk-pagination")
        if not isinstance(spec, dict) or not all(
            isinstance(spec.get(k), str) for k in ("cursorParam", "nextCursorField", "itemsField")
        ):
            self.fail(
                "invalid-pagination",
                "x-sdk-pagination needs string cursorParam, nextCursorField and itemsField",
                ppointer,
            )
            return None
        cursor, next_field, items = spec["cursorParam"], spec["nextCursorField"], spec["itemsField"]
        if not any(p.wire_name == cursor and p.location == "query" for p in params):
            self.fail(
                "invalid-pagination",
                f"cursorParam {cursor!r} is not a query parameter of the operation",
                ppointer,
            )
        props = (response or {}).get("properties") or {} if isinstance(response, dict) else {}
        items_schema = self.deref(props.get(items)) if items in props else None
        if not isinstance(items_schema, dict) or items_schema.get("type") != "array":
            self.fail(
                "invalid-pagination",
                f"itemsField {items!r} is not an array property of the response",
                ppointer,
            )
            return None
        if next_field not in props:
            self.fail(
                "invalid-pagination",
                f"nextCursorField {next_field!r} is not a property of the response",
                ppointer,
            )
            return None
        # One page class pair per paginated operation: two lists with the same
        # itemsField (``data``) must not define the same class twice.
        taken = [*self.schema_classes.values(), *self.synthetic, *self.page_bases]
        base = naming.deduplicate([*taken, naming.class_name(items) + "Cursor"], separator="")[-1]
        self.page_bases.add(base)
        item_type = self.typer.hint(items_schema.get("items") or {}, input_side=False)
        return Pagination(
            spec=PaginationSpec(
                cursor_param=cursor, next_cursor_field=next_field, items_field=items
            ),
            item_type=item_type,
            sync_page=f"Sync{base}",
            async_page=f"Async{base}",
            items_attr=naming.attribute(items, reserved=naming.PAGE_ATTRIBUTES),
            cursor_attr=naming.attribute(next_field, reserved=naming.PAGE_ATTRIBUTES),
            cursor_type=optional(self.typer.hint(props[next_field], input_side=False)),
            type_names=tuple(sorted(set(self.typer.names_in(item_type)))),
        )

    def auth(self, op: dict[str, Any], pointer: str) -> tuple[tuple[AuthScheme, ...], ...]:
        requirements = op.get("security", self.data.get("security"))
        schemes = (self.data.get("components") or {}).get("securitySchemes") or {}
        alternatives: list[tuple[AuthScheme, ...]] = []
        for requirement in requirements or []:
            alt: list[AuthScheme] = []
            for name in requirement:
                scheme = self.deref(schemes.get(name))
                converted = _auth_scheme(scheme) if isinstance(scheme, dict) else None
                if converted is None:
                    self.fail(
                        "unsupported",
                        f"security scheme {name!r} is not supported (http basic/bearer, apiKey in header, oauth2 and openIdConnect as bearer)",
                        join_pointer(pointer, "security"),
                    )
                    continue
                alt.append(converted)
            alternatives.append(tuple(alt))
        return tuple(alternatives)


def _auth_scheme(scheme: dict[str, Any]) -> AuthScheme | None:
    kind = scheme.get("type")
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
        return AuthScheme("basic")
    if (kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer") or kind in (
        "oauth2",
        "openIdConnect",
    ):
        return AuthScheme("bearer")
    if kind == "apiKey" and scheme.get("in") == "header":
        value = scheme.get("x-sdk-value")
        return AuthScheme(
            "header",
            header=str(scheme.get("name")),
            value=str(value) if value is not None else None,
        )
    return None


def _server_url(server: dict[str, Any]) -> str:
    url = str(server.get("url") or "http://localhost")
    for name, var in (server.get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(var.get("default", "")))
    return url.rstrip("/")


def _renamed(op: Operation, name: str) -> Operation:
    return replace(op, method_name=name)


def _param_named(param: Parameter, name: str) -> Parameter:
    return replace(param, spec=replace(param.spec, name=name))


def _flatten(resources: tuple[Resource, ...]) -> list[Resource]:
    out: list[Resource] = []
    for res in resources:
        out.append(res)
        out.extend(_flatten(res.children))
    return out


def build(
    data: dict[str, Any],
    *,
    package: str,
    spec_name: str,
    toolkit_version: str,
    locate: Callable[[str], Location] | None = None,
) -> Api:
    """The IR of a bundled, validated spec.

    ``locate`` maps a JSON pointer of ``data`` to a place in the spec's files
    (with a line), so problems found here are as precise as the loader's.
    """
    return _Builder(data, package, spec_name, locate).build(toolkit_version)
