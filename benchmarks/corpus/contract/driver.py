"""Contract-check driver: calls every operation of a generated client against the checking server.

Runs in a venv holding the package's declared dependencies plus hypothesis and
hypothesis-jsonschema. For each public method of the sync resources it finds
the operation the method calls (the ``OperationSpec`` the method's code refers
to), draws the required parameters and the JSON body from the *spec's* own
schemas (not from the generated types), calls the method once with the
operation id in an ``X-Contract-Operation`` header, and writes one JSON line
per operation: called or not, and the error the client raised, if any.

Skeleton: required parameters and required body fields only, one example per
operation; JSON bodies only; path parameters drawn non-empty.

    python driver.py SPEC PACKAGE BASE_URL --out FILE
"""

from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import json
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import schemas  # sibling module (this folder is sys.path[0] when run as a script)
import yaml
from hypothesis.errors import NonInteractiveExampleWarning
from hypothesis_jsonschema import from_schema

HEADER = "X-Contract-Operation"


def load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return dict(json.loads(text) if path.suffix == ".json" else yaml.safe_load(text))


def sync_client(package: Any) -> type:
    """The package's synchronous client class (derives from SyncAPIClient)."""
    for name in getattr(package, "__all__", dir(package)):
        value = getattr(package, name, None)
        if inspect.isclass(value) and any(b.__name__ == "SyncAPIClient" for b in value.__mro__[1:]):
            return value
    raise LookupError("no SyncAPIClient subclass exported")


def make_client(cls: type, base_url: str) -> Any:
    """The client on the checking server, every credential argument filled with a dummy value."""
    kwargs: dict[str, Any] = {"base_url": base_url, "max_retries": 0, "strict": True}
    for name, parameter in inspect.signature(cls).parameters.items():
        ignored = {"timeout", "http_client", "default_headers"}
        if name not in kwargs and name not in ignored and parameter.default is None:
            kwargs[name] = f"contract-{name}"
    return cls(**{k: v for k, v in kwargs.items() if k in inspect.signature(cls).parameters})


def resources(client: Any) -> Iterator[Any]:
    """Every resource object reachable from the client through public (cached) properties."""
    seen: set[int] = set()
    stack = [client]
    while stack:
        node = stack.pop()
        for name in sorted(dir(type(node))):
            attr = getattr(type(node), name, None)
            if name.startswith("_") or not isinstance(attr, property | functools.cached_property):
                continue
            value = getattr(node, name)
            is_resource = any(b.__name__ == "SyncAPIResource" for b in type(value).__mro__)
            if is_resource and id(value) not in seen:
                seen.add(id(value))
                yield value
                stack.append(value)


def operation_of(method: Any) -> Any:
    """The OperationSpec object that a generated method's code refers to."""
    function = getattr(method, "__func__", method)
    for name in function.__code__.co_names:
        value = function.__globals__.get(name)
        if type(value).__name__ == "OperationSpec":
            return value
    return None


def draw(schema: Any) -> Any:
    """One value of a JSON Schema (hypothesis-jsonschema), or the schema's minimal instance."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NonInteractiveExampleWarning)
        return from_schema(schema).example()


def arguments(spec: dict[str, Any], op: Any) -> dict[str, Any]:
    """Keyword arguments for the method: required parameters and required JSON body fields."""
    found = schemas.find_operation(spec, op.method, op.path)
    if found is None:
        raise LookupError(f"{op.method} {op.path} is not in the spec")
    item, operation = found
    by_wire = {(p.location, p.wire): p.name for p in op.params}
    kwargs: dict[str, Any] = {}
    for (location, name), parameter in schemas.parameters(spec, item, operation).items():
        if parameter.get("required") and (location, name) in by_wire:
            schema = schemas.to_json_schema(spec, parameter.get("schema", {}))
            if location == "path" and isinstance(schema, dict) and schema.get("type") == "string":
                schema = {"minLength": 1, **schema}  # an empty path segment cannot be routed
            kwargs[by_wire[(location, name)]] = draw(schema)
    body = schemas.deref(spec, operation.get("requestBody"))
    media = schemas.json_media(body.get("content") if isinstance(body, dict) else None)
    if media is not None:
        schema = schemas.to_json_schema(spec, media[1].get("schema", {}))
        required = schema.get("required", []) if isinstance(schema, dict) else []
        if required:
            value = draw(
                {
                    **schema,
                    "properties": {k: schema["properties"][k] for k in required},
                    "additionalProperties": False,
                }
            )
            python = dict(op.body_fields) if op.body_fields else {}
            for wire, field_value in value.items():
                kwargs[python.get(wire, wire)] = field_value
    return kwargs


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("spec", type=Path)
    parser.add_argument("package")
    parser.add_argument("base_url")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    spec = load(args.spec)
    package = importlib.import_module(args.package)
    client = make_client(sync_client(package), args.base_url)
    with args.out.open("w", encoding="utf-8") as out:
        for resource in resources(client):
            for name, method in inspect.getmembers(resource, inspect.ismethod):
                if name.startswith("_"):
                    continue
                op = operation_of(method)
                entry: dict[str, Any] = {"method_name": f"{type(resource).__name__}.{name}",
                                         "operation": getattr(op, "operation_id", None), "called": False, "error": ""}  # fmt: skip
                try:
                    if op is None:
                        raise LookupError("no OperationSpec referenced")
                    kwargs = arguments(spec, op)
                    entry["called"] = True
                    method(**kwargs, extra_headers={HEADER: op.operation_id})
                except Exception as exc:  # every failure is a finding of the check
                    entry["error"] = f"{type(exc).__name__}: {exc}"[:500]
                out.write(json.dumps(entry) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
