"""Contract-check driver: calls every operation of a generated client against the checking server.

Runs in a venv holding the package's declared dependencies plus hypothesis and
hypothesis-jsonschema. For each public method of the sync resources it finds
the operation the method calls (the ``OperationSpec`` its code refers to) and,
for every body media type the method can send, draws ``--draws`` sets of
arguments from the *spec's* own schemas (``strategies.py``: required and
optional parameters and fields), reproducibly (hypothesis seeded by the call),
and calls the method with each; the first draw is sent through the async
client too. Every call carries ``X-Contract-Call`` (its id, which the server
logs) and ``X-Contract-Operation``. A binary response is read whole, so the
check covers its body. One JSON line per call: ids, whether it was made, the
exception the client raised (if any), and the drawn arguments that do not
validate against their own schema (what hypothesis-jsonschema could not honour).

    python driver.py SPEC PACKAGE BASE_URL --out FILE [--draws 3] [--only-ops FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import importlib
import inspect
import json
import random
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import instances  # sibling modules (this folder is sys.path[0] when run as a script)
import jsonschema
import strategies
import xmlbody
import yaml
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

HEADER = "X-Contract-Operation"
CALL = "X-Contract-Call"


def load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return dict(json.loads(text) if path.suffix == ".json" else yaml.safe_load(text))


def client_class(package: Any, base: str) -> type:
    """The package's client class deriving from ``base`` (SyncAPIClient or AsyncAPIClient)."""
    for name in getattr(package, "__all__", dir(package)):
        value = getattr(package, name, None)
        if inspect.isclass(value) and any(b.__name__ == base for b in value.__mro__[1:]):
            return value
    raise LookupError(f"no {base} subclass exported")


def make_client(cls: type, base_url: str) -> Any:
    """The client on the checking server in strict mode, every credential filled with a dummy."""
    kwargs: dict[str, Any] = {"base_url": base_url, "max_retries": 0, "strict": True}
    accepted = inspect.signature(cls).parameters
    for name, parameter in accepted.items():
        ignored = {"timeout", "http_client", "default_headers", "max_response_size"}
        if name not in kwargs and name not in ignored and parameter.default is None:
            kwargs[name] = f"contract-{name}"
    return cls(**{k: v for k, v in kwargs.items() if k in accepted})


def resources(client: Any, base: str) -> Iterator[Any]:
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
            is_resource = any(b.__name__ == base for b in type(value).__mro__)
            if is_resource and id(value) not in seen:
                seen.add(id(value))
                yield value
                stack.append(value)


def methods(client: Any, base: str) -> dict[str, Any]:
    """Public methods by ``Resource.method`` name."""
    found = {}
    for resource in resources(client, base):
        for name, method in inspect.getmembers(resource, inspect.ismethod):
            if not name.startswith("_"):
                found[f"{type(resource).__name__.removeprefix('Async')}.{name}"] = method
    return found


def operation_of(method: Any) -> Any:
    """The OperationSpec object that a generated method's code refers to."""
    function = getattr(method, "__func__", method)
    for name in function.__code__.co_names:
        value = function.__globals__.get(name)
        if type(value).__name__ == "OperationSpec":
            return value
    return None


def plain(op: Any) -> strategies.Operation:
    """The OperationSpec as plain data."""
    return strategies.Operation(
        method=op.method,
        path=op.path,
        params=tuple(strategies.Param(p.name, p.wire, p.location) for p in op.params),
        body_kind=op.body_kind,
        body_media_type=op.body_media_type,
        body_media_types=dict(op.body_media_types or {}),
        body_fields=dict(op.body_fields or {}),
        has_body=bool(op.body_fields) or op.body_model is not None or op.body_kind != "json-fields",
    )


def draws(schema: dict[str, Any], key: str, count: int) -> list[dict[str, Any]]:
    """Up to ``count`` values of ``schema``, the same ones for the same key (hypothesis-jsonschema;
    ``instances`` for a schema too large for it to draw from in reasonable time)."""
    if len(json.dumps(schema)) > instances.LARGE:
        return [instances.instance(schema, random.Random(f"{key}|{i}")) for i in range(count)]
    found: list[dict[str, Any]] = []

    @settings(max_examples=count, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @seed(zlib.crc32(key.encode()))
    @given(st.data())
    def one(data: st.DataObject) -> None:
        found.append(data.draw(from_schema(schema)))

    one()
    return found[:count]


ROUNDS = 2  # further rounds of draws when some drawn value breaks its own schema


def valid_draws(plan: strategies.Plan, key: str, count: int, spec: dict[str, Any]) -> list[Any]:
    """``count`` draws for a call, each valid by jsonschema (:func:`validate`) before it is sent.

    hypothesis-jsonschema does not honour every keyword in every combination (an empty string
    drawn beside ``minLength: 1`` and a ``pattern``), nor does ``instances``: a draw that
    breaks its schema, or whose XML body does not read back as drawn, is replaced by the next
    valid one of up to :data:`ROUNDS` further rounds (other seeds). Still short, the invalid
    draws fill the place and are sent, their failure recorded (``invalid``: drawn value).
    """
    found = draws(plan.schema, key, count)
    good = [v for v in found if sendable(v, plan, spec)]
    for round_ in range(1, ROUNDS + 1):
        if len(good) >= count:
            break
        more = draws(plan.schema, f"{key}|again {round_}", 2 * count)
        good += [v for v in more if sendable(v, plan, spec) and v not in good]
    bad = [v for v in found if v not in good]
    return (good + bad)[:count]


def sendable(values: dict[str, Any], plan: strategies.Plan, spec: dict[str, Any]) -> bool:
    """The drawn arguments are valid by their schema, and an XML body reads back as drawn."""
    if strategies.invalid_arguments(values, plan, validate):
        return False
    name = plan.xml_document
    if name and name in values:
        try:
            text = xmlbody.dumps(values[name], spec, plan.xml_schema)
            return xmlbody.loads(text, spec, plan.xml_schema) == values[name]
        except ValueError:
            return False
    return True


def validate(value: Any, schema: Any) -> None:
    """jsonschema's verdict on a drawn value (formats checked), raising on a mismatch."""
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    cls(schema, format_checker=jsonschema.FormatChecker()).validate(value)  # every format it knows


def finish(result: Any) -> None:
    """Read a binary response whole (the check covers its body)."""
    read = getattr(result, "read", None)
    if callable(read) and type(result).__name__.endswith("BinaryResponse"):
        read()


async def finish_async(result: Any) -> None:
    """The async counterpart of :func:`finish` (an awaitable page is awaited first)."""
    if inspect.isawaitable(result):
        result = await result
    read = getattr(result, "read", None)
    if callable(read) and type(result).__name__.endswith("BinaryResponse"):
        await read()


def sample(names: list[str], limit: int | None) -> list[str]:
    """At most ``limit`` names spread evenly over the sorted list (all of them without a limit)."""
    if not limit or len(names) <= limit:
        return names
    step = len(names) / limit
    return [names[int(i * step)] for i in range(limit)]


def call_all(spec: dict[str, Any], sync: Any, async_: Any, count: int, out: Any,
             limit: int | None = None, budget: float | None = None) -> None:  # fmt: skip
    """Every method (or a sample), every media type, ``count`` draws; one JSON line per call.

    Past ``budget`` seconds no further method is started; a ``meta`` line says so.
    """
    async_methods = methods(async_, "AsyncAPIResource")
    every = methods(sync, "SyncAPIResource")
    out.write(json.dumps({"methods": len(every)}) + "\n")
    chosen = sample(sorted(every), limit)
    if len(chosen) < len(every):
        out.write(json.dumps({"meta": f"a sample of {len(chosen)} of {len(every)} methods"}) + "\n")
    # A fixed shuffled order: what a time budget leaves uncalled is spread over the API.
    chosen.sort(key=lambda n: zlib.crc32(n.encode()))
    stop = time.monotonic() + budget if budget else None
    loop = asyncio.new_event_loop()
    for position, name in enumerate(chosen):
        method = every[name]
        if stop is not None and time.monotonic() > stop:
            out.write(json.dumps({"meta": f"time budget of {budget:.0f} s spent: {len(chosen) - position} "
                                          f"of {len(chosen)} methods not called"}) + "\n")  # fmt: skip
            break
        op = operation_of(method)
        base = {"method_name": name, "operation": getattr(op, "operation_id", None)}
        if op is None:
            out.write(
                json.dumps({**base, "called": False, "error": "LookupError: no OperationSpec"})
                + "\n"
            )
            continue
        info = plain(op)
        for media in strategies.body_media(info) or [None]:
            entry = {
                **base,
                "media_type": media[0] if media else None,
                "kind": media[1] if media else None,
            }
            try:
                plan = strategies.plan(spec, info, media)
                drawn = valid_draws(plan, f"{op.operation_id}|{entry['media_type']}", count, spec)
            except Exception as exc:  # a schema hypothesis-jsonschema cannot draw from is a finding
                out.write(json.dumps({**entry, "called": False, "stage": "draw",
                                      "error": f"{type(exc).__name__}: {exc}"[:500]}) + "\n")  # fmt: skip
                continue
            for index, values in enumerate(drawn):
                variants = [("sync", method)]
                if index == 0 and name in async_methods:
                    variants.append(("async", async_methods[name]))
                invalid = strategies.invalid_arguments(values, plan, validate)
                for flavour, function in variants:
                    call_id = f"{op.operation_id}|{entry['media_type']}|{index}|{flavour}"
                    record = {**entry, "call": call_id, "draw": index, "flavour": flavour,
                              "called": True, "error": "", "invalid": invalid, "undefined": plan.undefined}  # fmt: skip
                    kwargs = strategies.to_call(values, plan, index, spec)
                    headers = {HEADER: op.operation_id, CALL: call_id}
                    try:
                        if flavour == "sync":
                            finish(function(**kwargs, extra_headers=headers))
                        else:
                            loop.run_until_complete(
                                finish_async(function(**kwargs, extra_headers=headers))
                            )
                    except Exception as exc:  # every failure is a finding of the check
                        record["error"] = f"{type(exc).__name__}: {exc}"[:500]
                    out.write(json.dumps(record, default=str) + "\n")
                    out.flush()
    loop.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("spec", type=Path)
    parser.add_argument("package")
    parser.add_argument("base_url")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--draws", type=int, default=3)
    parser.add_argument("--max-methods", type=int)
    parser.add_argument("--budget", type=float)
    args = parser.parse_args()
    spec = load(args.spec)
    package = importlib.import_module(args.package)
    sync = make_client(client_class(package, "SyncAPIClient"), args.base_url)
    async_ = make_client(client_class(package, "AsyncAPIClient"), args.base_url)
    with args.out.open("w", encoding="utf-8") as out:
        call_all(spec, sync, async_, args.draws, out, args.max_methods, args.budget)
    return 0


if __name__ == "__main__":
    sys.exit(main())
