"""The rules ``lint`` applies; each has an id, a severity, a summary and a fix hint.

| id                    | severity | house | rule                                                     |
|-----------------------|----------|-------|----------------------------------------------------------|
| sdk-name              | error    | yes   | every operation has ``x-sdk-resource``, ``x-sdk-method`` |
| inline-object         | error    | yes   | every object with properties is a named component        |
| description           | warning  | yes   | every component, property and parameter is described     |
| repeated-enum         | warning  | yes   | an enum list written inline in 2+ places (or repeating a |
|                       |          |       | component's) is a component, referred to by ``$ref``     |
| invalid-example       | warning  |       | examples validate against their schemas (2020-12)        |
| invalid-pattern       | error    |       | patterns compile under pydantic's (Rust) regex engine    |
| unused-component      | warning  |       | every schema component is reachable from an operation    |
| name-collision        | error    |       | no two names become one Python name                      |
| unsupported-body      | error    |       | ``generate`` refuses the request body (encoding headers) |
| unsupported-response  | error    |       | ``generate`` refuses the success response                |
| unsupported-parameter | error    |       | ``generate`` refuses the parameter (location, schema)    |
| unsupported-auth      | error    |       | ``generate`` refuses the security scheme                 |
| unsupported-construct | error    |       | anything else ``generate`` refuses (x-sdk-* misuse, ...) |

The house rules (this repository's conventions) run by default only on a
spec that uses ``x-sdk-*`` extensions; ``--select`` runs them anywhere. The
``unsupported-*`` rules are the generator's own refusals (``generator.parser``
run on the spec), sorted by the construct they name, so ``lint`` warns of
everything ``generate`` would stop at.

"Object with properties": a schema with ``properties``; a free-form map
(``type: object`` with only ``additionalProperties``) is not a type of its own.
The parts of an ``allOf`` are not types of their own either.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from generator import __version__, naming
from generator.errors import GeneratorError, Problem, Severity, join_pointer
from generator.load import Document, pointer_get
from generator.patterns import to_python
from generator.spec_access import (
    deref,
    iter_operations,
    json_media,
    operations,
    refs_in,
    schema_component,
)
from generator.toolkit.oracle import Oracle
from generator.toolkit.schema_walk import SchemaNode, iter_schemas

_SCHEMAS = "/components/schemas/"


@dataclass
class LintContext:
    """What every rule reads: the bundled spec, its schemas and a place finder."""

    doc: Document
    data: dict[str, Any]

    @functools.cached_property
    def nodes(self) -> list[SchemaNode]:
        """Every schema written in the spec."""
        return list(iter_schemas(self.data))

    @functools.cached_property
    def refusals(self) -> list[Problem]:
        """What the generator refuses in this spec (its parser's problems)."""
        from generator.forgive import for_rendering  # noqa: PLC0415  # cold path only
        from generator.parser import build  # noqa: PLC0415

        rendered = for_rendering(self.data, ())  # what generate's parser sees (types repaired)
        try:
            build(rendered, package="sdk", spec_name="spec", toolkit_version=__version__)
        except GeneratorError as exc:
            return list(exc.problems)
        return []

    @functools.cached_property
    def uses_sdk_extensions(self) -> bool:
        """Whether any key in the spec starts with ``x-sdk-`` (the house rules then apply)."""
        stack: list[Any] = [self.data]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                if any(str(k).startswith("x-sdk-") for k in node):
                    return True
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        return False

    @functools.cached_property
    def oracle(self) -> Oracle:
        """JSON Schema validators over the spec."""
        return Oracle(self.data)

    def deref(self, node: Any) -> Any:
        """``node`` with ``$ref`` chains followed (``{}`` for a loop or a dangling ref)."""
        return deref(self.data, node)


@dataclass(frozen=True)
class Rule:
    """A house rule."""

    id: str
    severity: Severity
    summary: str
    hint: str
    check: Callable[[LintContext], Iterator[tuple[str, str]]]  # (pointer, message)
    house: bool = False  # a convention of this repository: by default only where x-sdk-* is used


def _sdk_name(ctx: LintContext) -> Iterator[tuple[str, str]]:
    for path, method, op, _ in iter_operations(ctx.data):
        missing = [k for k in ("x-sdk-resource", "x-sdk-method") if not op.get(k)]
        if missing:
            where = join_pointer("/paths", path, method)
            yield where, f"{method.upper()} {path} has no {' or '.join(missing)}"


def _is_object_type(schema: dict[str, Any]) -> bool:
    return isinstance(schema.get("properties"), dict) and "$ref" not in schema


def _inline_object(ctx: LintContext) -> Iterator[tuple[str, str]]:
    for node in ctx.nodes:
        if node.role not in ("component", "allOf") and _is_object_type(node.schema):
            what = f"property {node.name!r}" if node.role == "property" else f"a {node.role} schema"
            yield node.pointer, f"{what} is an inline object type"


def _description(ctx: LintContext) -> Iterator[tuple[str, str]]:
    for node in ctx.nodes:
        if node.role == "parameter":
            param = pointer_get(ctx.data, node.pointer.rsplit("/", 1)[0])
            if not (param.get("description") or ctx.deref(node.schema).get("description")):
                yield node.pointer.rsplit("/", 1)[0], f"parameter {node.name!r} has no description"
        elif node.role in ("component", "property") and not node.schema.get("description"):
            yield node.pointer, f"{node.role} {node.name!r} has no description"


def _enum_key(values: list[Any]) -> str:
    return json.dumps(sorted(json.dumps(v, sort_keys=True) for v in values))


def _repeated_enum(ctx: LintContext) -> Iterator[tuple[str, str]]:
    components: dict[str, str] = {}
    places: dict[str, list[str]] = {}
    for node in ctx.nodes:
        enum = node.schema.get("enum")
        if not isinstance(enum, list) or len(enum) < 2:
            continue
        if node.role == "component" and node.pointer.startswith(_SCHEMAS):
            components.setdefault(_enum_key(enum), str(node.name))
        else:
            places.setdefault(_enum_key(enum), []).append(node.pointer)
    for key, pointers in places.items():
        values = ", ".join(json.loads(key))
        if key in components:
            for pointer in pointers:
                yield pointer, f"enum [{values}] repeats the component {components[key]!r}"
        elif len(pointers) > 1:
            others = ", ".join(f"#{p}" for p in pointers[1:])
            yield pointers[0], f"enum [{values}] is written inline here and at {others}"


def _examples_of(ctx: LintContext) -> Iterator[tuple[str, str, Any]]:
    """(schema pointer, example pointer, example value) of every example in the spec."""
    for node in ctx.nodes:
        if "example" in node.schema:
            yield node.pointer, join_pointer(node.pointer, "example"), node.schema["example"]
        examples = node.schema.get("examples")
        if isinstance(examples, list):
            for index, value in enumerate(examples):
                yield node.pointer, join_pointer(node.pointer, "examples", index), value
        if node.role in ("parameter", "request", "response", "header"):
            holder_pointer = node.pointer.rsplit("/", 1)[0]
            holder = pointer_get(ctx.data, holder_pointer)
            if "example" in holder:
                yield node.pointer, join_pointer(holder_pointer, "example"), holder["example"]
            for name, example in (holder.get("examples") or {}).items():
                resolved = ctx.deref(example)
                if isinstance(resolved, dict) and "value" in resolved:
                    where = join_pointer(holder_pointer, "examples", name, "value")
                    yield node.pointer, where, resolved["value"]


def _json_path(path: Any) -> str:
    text = "$"
    for item in path:
        text += f"[{item}]" if isinstance(item, int) else f".{item}"
    return text


def _invalid_example(ctx: LintContext) -> Iterator[tuple[str, str]]:
    from jsonschema.exceptions import best_match  # noqa: PLC0415  # cold path only

    for schema_pointer, example_pointer, value in _examples_of(ctx):
        error = best_match(ctx.oracle.at(schema_pointer).iter_errors(value))
        if error is not None:
            message = " ".join(error.message.split())
            message = message if len(message) <= 160 else message[:157] + "..."
            yield (
                example_pointer,
                f"example is invalid at {_json_path(error.absolute_path)}: {message}",
            )


@functools.lru_cache(maxsize=512)
def pattern_error(pattern: str) -> str | None:
    """Why pydantic cannot use ``pattern`` (its Rust regex engine), or None when it can."""
    from typing import Annotated  # noqa: PLC0415

    from pydantic import Field, TypeAdapter  # noqa: PLC0415  # cold path only

    try:
        TypeAdapter(Annotated[str, Field(pattern=pattern)])
    except Exception as exc:  # pydantic raises SchemaError (not public) for a bad pattern
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        return lines[-1].removeprefix("error: ") if lines else type(exc).__name__
    return None


def _invalid_pattern(ctx: LintContext) -> Iterator[tuple[str, str]]:
    for node in ctx.nodes:
        patterns = [(join_pointer(node.pointer, "pattern"), node.schema.get("pattern"))]
        for key in node.schema.get("patternProperties") or {}:
            patterns.append((join_pointer(node.pointer, "patternProperties", key), key))
        for where, pattern in patterns:
            # The generated types get the pattern in Python's spelling (generator.patterns);
            # one Python cannot spell is loading's pattern-not-python warning, not said twice.
            python = to_python(pattern) if isinstance(pattern, str) else None
            if python is not None:
                reason = pattern_error(python)
                if reason is not None:
                    yield where, f"pattern {pattern!r} does not compile for pydantic: {reason}"


def _unused_component(ctx: LintContext) -> Iterator[tuple[str, str]]:
    schemas = (ctx.data.get("components") or {}).get("schemas") or {}
    outside = {k: v for k, v in ctx.data.items() if k != "components"}
    outside["components"] = {
        k: v for k, v in (ctx.data.get("components") or {}).items() if k != "schemas"
    }
    reached: set[str] = set()
    pending = [c for c in map(schema_component, refs_in(outside)) if c is not None]
    while pending:
        name = pending.pop()
        if name in reached or name not in schemas:
            continue
        reached.add(name)
        pending.extend(c for c in map(schema_component, refs_in(schemas[name])) if c is not None)
    for name in schemas:
        if name not in reached:
            yield join_pointer("/components/schemas", name), f"component {name!r} is not used"


def _collisions(names: list[str], convert: Callable[[str], str]) -> Iterator[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(convert(name), []).append(name)
    for python, group in groups.items():
        if len(group) > 1:
            yield python, group


def _name_collision(ctx: LintContext) -> Iterator[tuple[str, str]]:
    for node in ctx.nodes:
        props = node.schema.get("properties")
        if isinstance(props, dict):
            for python, group in _collisions(list(props), naming.attribute):
                shown = ", ".join(repr(g) for g in group)
                yield (
                    join_pointer(node.pointer, "properties"),
                    f"properties {shown} all become {python!r}",
                )
    for view in operations(ctx.data):
        names = list(dict.fromkeys(p.name for p in view.parameters))
        for python, group in _collisions([*names, *_body_fields(ctx, view.op)], naming.parameter):
            shown = ", ".join(repr(g) for g in group)
            message = f"parameters and body fields {shown} all become the argument {python!r}"
            yield view.pointer, message


def _body_fields(ctx: LintContext, op: dict[str, Any]) -> list[str]:
    """The top-level properties of the JSON request body, which become keyword arguments."""
    body = ctx.deref(op.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    media = json_media(content)
    item = content[media] if content and media is not None else None
    if isinstance(item, dict):
        schema = ctx.deref(item.get("schema"))
        if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
            return list(schema["properties"])
    return []


# The construct a refusal names, by the part of the operation its pointer is in.
_CONSTRUCTS = (
    ("/requestBody", "body"),
    ("/responses/", "response"),
    ("/parameters/", "parameter"),
    ("/security", "auth"),  # an operation's requirement, or /components/securitySchemes/<name>
)


def _construct(pointer: str) -> str:
    return next((name for part, name in _CONSTRUCTS if part in pointer), "construct")


def _unsupported(construct: str) -> Callable[[LintContext], Iterator[tuple[str, str]]]:
    """The check of ``unsupported-<construct>``: the parser's refusals naming that construct."""

    def check(ctx: LintContext) -> Iterator[tuple[str, str]]:
        for problem in ctx.refusals:
            pointer = problem.location.pointer if problem.location else ""
            if _construct(pointer) == construct:
                yield pointer, f"generate refuses this: {problem.message}"

    return check


_GENERATE_HINT = "generate stops here: change the spec, or leave the operation out of it"

RULES: tuple[Rule, ...] = (
    Rule("sdk-name", Severity.ERROR, "every operation has x-sdk-resource and x-sdk-method",
         "add x-sdk-resource (e.g. models.train) and x-sdk-method (e.g. trigger)", _sdk_name,
         house=True),
    Rule("inline-object", Severity.ERROR, "every object type is a named component",
         "move the schema under components/schemas and $ref it", _inline_object, house=True),
    Rule("description", Severity.WARNING, "components, properties and parameters are described",
         "add a description (next to a $ref too)", _description, house=True),
    Rule("repeated-enum", Severity.WARNING, "an enum used in several places is a component",
         "move the enum under components/schemas and $ref it from each place", _repeated_enum,
         house=True),
    Rule("invalid-example", Severity.WARNING, "examples validate against their schemas",
         "fix the example or the schema", _invalid_example),
    Rule("invalid-pattern", Severity.ERROR, "patterns compile under pydantic's Rust regex engine",
         "avoid look-around and backreferences; write the pattern for the Rust regex crate", _invalid_pattern),
    Rule("unused-component", Severity.WARNING, "every schema component is used",
         "remove the component or $ref it where it belongs", _unused_component),
    Rule("name-collision", Severity.ERROR, "no two names become one Python name",
         "rename one of them so that their snake_case forms differ", _name_collision),
    *(
        Rule(f"unsupported-{construct}", Severity.ERROR, f"generate supports every {construct}",
             _GENERATE_HINT, _unsupported(construct))
        for construct in (*(name for _, name in _CONSTRUCTS), "construct")
    ),
)  # fmt: skip
