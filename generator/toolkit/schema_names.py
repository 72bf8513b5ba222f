"""What ``--schema NAME`` denotes: a component, or one side of an operation.

* ``Model``: the component ``#/components/schemas/Model`` (its generated class
  or enum alias; the class name is accepted too when naming changed it);
* ``models.update:request``: the operation's JSON request body, by SDK name
  (resource path and method, as in ``client.models.update``) or operationId;
* ``models.list:response``: the operation's JSON success response.

An unknown name is a usage error that lists the closest known names.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from generator.errors import GeneratorError, error
from generator.ir import Api, Operation, Resource

SIDES = ("request", "response")


@dataclass(frozen=True)
class SchemaTarget:
    """Where the type of a schema name lives in the generated package.

    Either ``type_name`` (an attribute of the types module), or, for a response
    whose type is not a named class (``list[Model]``), the operation constant
    ``constant`` of ``resources.<module>`` whose ``response_type`` names it (read
    with its ``type_of``).
    """

    name: str
    type_name: str | None = None
    module: str | None = None
    constant: str | None = None
    hint: str = ""  # the type as the generated code spells it (``Model``, ``list[Model]``)

    @property
    def label(self) -> str:
        """The type's name for reports."""
        return self.hint or self.type_name or self.name


def _operations(api: Api) -> dict[str, tuple[Resource, Operation]]:
    found: dict[str, tuple[Resource, Operation]] = {}
    for resource in api.all_resources:
        for op in resource.operations:
            found.setdefault(".".join((*resource.path, op.method_name)), (resource, op))
            found.setdefault(op.operation_id, (resource, op))
    return found


def choices(data: dict[str, Any], api: Api) -> list[str]:
    """Every name ``resolve`` accepts, components first."""
    components = list((data.get("components") or {}).get("schemas") or {})
    classes = [c for c in api.schema_classes.values() if c not in components]
    ops = [f"{name}:{side}" for name in _operations(api) for side in SIDES]
    return [*components, *classes, *api.synthetic_schemas, *ops]


def _usage(message: str, hint: str = "") -> GeneratorError:
    return GeneratorError([error("usage", message, hint=hint)])


def resolve(name: str, data: dict[str, Any], api: Api) -> SchemaTarget:
    """The target of ``name``; a usage error when there is none."""
    if name in api.schema_classes:
        return SchemaTarget(name, type_name=api.schema_classes[name])
    if name in api.schema_classes.values() or name in api.synthetic_schemas:
        return SchemaTarget(name, type_name=name)
    op_name, sep, side = name.rpartition(":")
    operations = _operations(api)
    if sep and op_name in operations and side in SIDES:
        return _operation_side(name, side, *operations[op_name])
    close = difflib.get_close_matches(name, choices(data, api), n=5, cutoff=0.5)
    hint = (
        f"did you mean {', '.join(close)}?"
        if close
        else "use a component name (Model) or <resource>.<method>:request|response"
    )
    raise _usage(f"unknown schema {name!r}", hint)


def _operation_side(name: str, side: str, resource: Resource, op: Operation) -> SchemaTarget:
    where = f"{op.http_method} {op.path}"
    if side == "request":
        if op.body is None or op.body.model is None:
            raise _usage(f"{name}: {where} has no JSON request body")
        return SchemaTarget(name, type_name=op.body.model)
    if op.response_type is None or op.response.kind in ("text", "binary"):
        raise _usage(f"{name}: {where} has no JSON response body")
    if op.response_type.isidentifier():
        return SchemaTarget(name, type_name=op.response_type)
    module = f"resources.{resource.module}"
    return SchemaTarget(name, module=module, constant=op.constant, hint=op.response_type)
