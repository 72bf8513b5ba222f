"""Group 3: validation (JSON bytes -> validated object) and encoding (object -> JSON).

Payloads: the pages' model example (``tests/fixtures/seeds/``) and a list page
of 100 models built from it. Contenders, each built once before timing:

- ours: the generated type's ``model_validate_json`` / ``model_dump_json``;
- ours strict: ``model_validate_json(data, strict=True)``, the exact path (pydantic strict
  mode, then the schema-table keywords pydantic cannot express, see ``_strict_models``);
- ours validate(): ``scenario_sdk.validate_json(name, data)``, the verdict and errors without
  model objects (a verdict-only pydantic-core validator derived from the types' core schemas,
  see ``_verdict``), the contender to jsonschema-rs; and ``scenario_sdk.validate(name,
  orjson.loads(data))``, the same for decoded data, decoded as jsonschema-rs's is;
- datamodel-codegen: its one-file pydantic models of the same spec
  (``model_validate_json``), the peer the strict path must stay within 1.2x of;
- msgspec: the hand-written Structs of ``msgspec_models.py``;
- jsonschema (``Draft202012Validator`` after ``json.loads``), fastjsonschema and
  jsonschema-rs (after ``orjson.loads``), on the spec's component schemas;
- ``orjson.loads`` / ``orjson.dumps`` as the floor (parsing only, no schema).

Before timing, every contender must accept both payloads and every validating
one must reject a bad enum value and an out-of-bounds number (a table shows
it), so none of them is fast because it checks nothing.
"""

from __future__ import annotations

import copy
import cProfile
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import jsonschema_rs
import msgspec
import msgspec_models
import orjson
from harness import (
    ROOT,
    Section,
    Stats,
    Target,
    fmt_ratio,
    log,
    ratio,
    repeat,
    table,
    time_batches,
    top_functions,
)

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
PAGE_SIZE = 100


# --- payloads and schemas -----------------------------------------------------------------------


def model_payload() -> tuple[dict[str, Any], str]:
    """The pages' model example and where it came from."""
    for name, pick in (
        ("models.update.response.json", lambda d: d["model"]),
        ("models.list.response.json", lambda d: d["models"][0]),
    ):
        path = SEEDS / name
        if path.exists():
            return pick(json.loads(path.read_text())), f"`tests/fixtures/seeds/{name}`"
    raise FileNotFoundError(f"no model example in {SEEDS}")


def page_payload(model: dict[str, Any]) -> dict[str, Any]:
    """A list page of PAGE_SIZE models (ids and names differ) with a next cursor."""
    models = []
    for i in range(PAGE_SIZE):
        item = copy.deepcopy(model)
        item["id"] = f"model_{i:022d}"
        item["name"] = f"Model number {i}"
        models.append(item)
    return {"models": models, "nextPaginationToken": "token-of-the-next-page"}


def spec_schemas() -> dict[str, Any]:
    """``components.schemas`` of the bundled spec (sibling files folded in)."""
    from generator.bundle import bundle  # noqa: PLC0415
    from generator.load import load  # noqa: PLC0415

    return bundle(load(ROOT / "spec" / "openapi.yaml"))["components"]["schemas"]


def schema_for(name: str, schemas: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema document whose root is component ``name``."""
    return {"$ref": f"#/components/schemas/{name}", "components": {"schemas": schemas}}


def check_msgspec_fields(schemas: dict[str, Any]) -> list[str]:
    """Differences between msgspec_models.py and the spec (field JSON names per object)."""
    problems = []
    for name in dir(msgspec_models):
        cls = getattr(msgspec_models, name)
        if not (isinstance(cls, type) and issubclass(cls, msgspec.Struct)) or name.startswith("_"):
            continue
        ours = {f.encode_name for f in msgspec.structs.fields(cls)}
        spec = set((schemas.get(name) or {}).get("properties", {}))
        if ours != spec:
            problems.append(
                f"{name}: only here {sorted(ours - spec)}, only in spec {sorted(spec - ours)}"
            )
    return problems


def generated_package(package_root: Path) -> Any:
    """``scenario_sdk`` from ``package_root`` (put first on sys.path)."""
    if str(package_root) not in sys.path:
        sys.path.insert(0, str(package_root))
    return importlib.import_module("scenario_sdk")


def generated_types(package_root: Path) -> Any:
    """``scenario_sdk.types`` from ``package_root``."""
    generated_package(package_root)
    return importlib.import_module("scenario_sdk.types")


# --- contenders ---------------------------------------------------------------------------------


STRICT = "ours strict (model_validate_json strict=True)"
VERDICT = "ours validate_json() (verdict and errors, no objects)"
DECODED = "ours validate() (orjson.loads, then decoded data)"
RS = "jsonschema-rs (orjson.loads)"
DMC = "datamodel-codegen models (model_validate_json)"


def dmc_models(folder: Path | None) -> Any:
    """datamodel-codegen's ``models`` module from ``folder`` (None: not available)."""
    if folder is None:
        return None
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    return importlib.import_module("models")


def decoders(
    types: Any, name: str, schemas: dict[str, Any], dmc: Any = None
) -> dict[str, Callable[[bytes], object]]:
    """JSON bytes -> validated object, for schema ``name`` (Model or ModelListResponse)."""
    schema = schema_for(name, schemas)
    pydantic_type = getattr(types, name)
    exact = getattr(types, name).model_validate_json
    verdict = importlib.import_module(types.__package__).validate_json  # scenario_sdk's
    decoded = importlib.import_module(types.__package__).validate
    peer = {DMC: getattr(dmc, name).model_validate_json} if dmc is not None else {}
    msgspec_decoder = msgspec.json.Decoder(getattr(msgspec_models, name))
    js = jsonschema.Draft202012Validator(schema)
    fast = fastjsonschema.compile(schema)
    rs = jsonschema_rs.Draft202012Validator(schema)
    return {
        "ours (model_validate_json)": pydantic_type.model_validate_json,
        STRICT: lambda b: exact(b, strict=True),
        VERDICT: lambda b: _raise_errors(verdict(name, b)),
        DECODED: lambda b: _raise_errors(decoded(name, orjson.loads(b))),
        **peer,
        "msgspec": msgspec_decoder.decode,
        "jsonschema (json.loads)": lambda b: js.validate(json.loads(b)),
        "fastjsonschema (orjson.loads)": lambda b: fast(orjson.loads(b)),
        RS: lambda b: rs.validate(orjson.loads(b)),
        "orjson.loads (floor, no validation)": orjson.loads,
    }


def _raise_errors(errors: list[Any]) -> None:
    """Raise on ``validate_json``'s errors, as the other contenders raise on an invalid payload."""
    if errors:
        raise ValueError(errors[0])


def invalid_variants(payload: dict[str, Any], name: str) -> dict[str, bytes]:
    """The payload with a bad enum value and with an out-of-bounds number."""
    bad_enum = copy.deepcopy(payload)
    bad_bound = copy.deepcopy(payload)
    target_enum = bad_enum if name == "Model" else bad_enum["models"][-1]
    target_bound = bad_bound if name == "Model" else bad_bound["models"][-1]
    target_enum["privacy"] = "secret"
    target_bound["concepts"] = [{"modelId": "model_x", "scale": 2.5}]
    return {"bad enum": orjson.dumps(bad_enum), "out of bounds": orjson.dumps(bad_bound)}


def _accepts(decode: Callable[[bytes], object], data: bytes) -> bool:
    try:
        decode(data)
    except Exception:  # each library raises its own error type
        return False
    return True


# --- the group ----------------------------------------------------------------------------------


def run(
    package_root: Path, package_note: str, *, samples: int, dmc_folder: Path | None = None
) -> Section:
    """Decode and encode timings on both payloads, with the targets."""
    schemas = spec_schemas()
    types = generated_types(package_root)
    dmc = dmc_models(dmc_folder)
    model, source = model_payload()
    payloads = {"Model": model, "ModelListResponse": page_payload(model)}
    labels = {"Model": "model payload", "ModelListResponse": f"list page of {PAGE_SIZE} models"}
    parts = [
        f"Payloads: the model example of {source} ({len(orjson.dumps(model))} bytes) and a list "
        f"page of {PAGE_SIZE} copies of it ({len(orjson.dumps(payloads['ModelListResponse']))} bytes). "
        f"Generated types: {package_note}."
    ]
    mismatches = check_msgspec_fields(schemas)
    if mismatches:
        parts.append("**msgspec_models.py differs from the spec:** " + "; ".join(mismatches))
    targets: list[Target] = []
    sanity_rows = []
    for name, payload in payloads.items():
        data = orjson.dumps(payload)
        contenders = decoders(types, name, schemas, dmc)
        bad = invalid_variants(payload, name)
        for label, decode in contenders.items():
            cells = ["yes" if _accepts(decode, data) else "**no**"]
            cells += [
                "-" if "floor" in label else ("yes" if not _accepts(decode, b) else "**no**")
                for b in bad.values()
            ]
            sanity_rows.append([labels[name], label, *cells])
        log(f"validation: decoding the {labels[name]}")
        stats = time_batches(
            {k: repeat(lambda f=f, d=data: f(d)) for k, f in contenders.items()}, samples=samples
        )
        ours = stats["ours (model_validate_json)"]
        parts.append(f"#### Decode + validate: {labels[name]}\n\n" + _table(stats, ours))
        strict = stats[STRICT]
        if DMC in stats:
            targets.append(
                Target(
                    f"validate {labels[name]}, strict path: ours strict / datamodel-codegen models",
                    ratio(strict, stats[DMC]),
                    1.2,
                )
            )
        targets.append(
            Target(
                f"validate {labels[name]}, strict path: ours strict / jsonschema-rs after orjson.loads",
                ratio(strict, stats[RS]),
                1.2,
            )
        )
        targets.append(
            Target(
                f"validate {labels[name]}: ours validate_json() / jsonschema-rs after orjson.loads",
                ratio(stats[VERDICT], stats[RS]),
                1.2,
            )
        )
        targets.append(
            Target(
                f"validate {labels[name]}: ours validate() / jsonschema-rs, both after orjson.loads",
                ratio(stats[DECODED], stats[RS]),
                1.2,
            )
        )
        targets += [
            Target(f"validate {labels[name]}: ours / msgspec", ratio(ours, stats["msgspec"]), 2.5),
            Target(
                f"validate {labels[name]}: ours / jsonschema-rs after orjson.loads",
                ratio(ours, stats[RS]),
                1.0,
            ),
        ]
        log(f"validation: encoding the {labels[name]}")
        stats, same = _encode(types, name, data, payload, samples=samples)
        ours = stats["ours (model_dump_json)"]
        parts.append(
            f"#### Encode: {labels[name]}\n\n{_table(stats, ours)}\n\nOutput equals the payload (as parsed JSON): {same}"
        )
        targets.append(
            Target(
                f"encode {labels[name]}: ours / msgspec",
                ratio(ours, stats["msgspec.json.encode"]),
                4.0,
            )
        )
    if not all(t.met for t in targets):
        parts.append(_profile(types, payloads["Model"]))
    parts.insert(
        1,
        "Sanity (before timing): accepts the valid payload; rejects a bad enum value; rejects an out-of-bounds number\n\n"
        + table(
            ["payload", "contender", "accepts valid", "rejects bad enum", "rejects out of bounds"],
            sanity_rows,
        ),
    )
    return Section("Validation and encoding", "\n\n".join(parts), targets)


def _encode(
    types: Any, name: str, data: bytes, payload: dict[str, Any], *, samples: int
) -> tuple[dict[str, Stats], str]:
    obj = getattr(types, name).model_validate_json(data)
    struct = msgspec.json.decode(data, type=getattr(msgspec_models, name))
    contenders: dict[str, Callable[[], object]] = {
        "ours (model_dump_json)": lambda: obj.model_dump_json(by_alias=True, exclude_unset=True),
        "msgspec.json.encode": lambda: msgspec.json.encode(struct),
        "orjson.dumps (floor, a dict)": lambda: orjson.dumps(payload),
    }
    same = ", ".join(
        f"{label}: {'yes' if json.loads(fn()) == payload else '**no**'}"
        for label, fn in contenders.items()
    )
    return time_batches({k: repeat(f) for k, f in contenders.items()}, samples=samples), same


def _table(stats: dict[str, Stats], ours: Stats) -> str:
    rows = [[label, *s.cells(), fmt_ratio(ratio(ours, s))] for label, s in stats.items()]
    return table(["contender", "min", "median", "max", "ours / contender"], rows)


def _profile(types: Any, model: dict[str, Any]) -> str:
    """cProfile of the generated type's decode and encode (what there is to see of it)."""
    data = orjson.dumps(model)
    obj = types.Model.model_validate_json(data)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(2000):
        types.Model.model_validate_json(data)
        obj.model_dump_json(by_alias=True, exclude_unset=True)
    profiler.disable()
    return (
        "Profile of 2000 decodes and encodes of the model payload (cProfile):\n\n"
        + top_functions(profiler, limit=5)
        + "\n\nBoth directions are one call into pydantic-core (Rust), which no Python profiler "
        "sees into: the configuration variants below show which part of the types' "
        "configuration costs what."
    )
