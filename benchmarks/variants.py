"""Group 3b: the configurations of the generated types we could choose between.

Each variant is datamodel-codegen's output for spec/openapi.yaml with our
options but one changed (formatted with its builtin formatter: formatting
does not change run time): Enum classes instead of Literal, ``strict=True``,
no constraints (the spec with its bounds removed), ``defer_build=True``,
``extra="ignore"`` instead of ``"allow"``. Timed like the validation group
(interleaved batches in this process), plus import and first-validation time
in fresh processes, where ``defer_build`` pays its price.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generation import DMC_OPTIONS
from harness import (
    BIN,
    PY,
    ROOT,
    WORK,
    Section,
    Stats,
    child_env,
    fmt_ratio,
    fmt_time,
    interleave,
    log,
    ratio,
    repeat,
    run_child,
    table,
    time_batches,
)

FOLDER = WORK / "variants"
BASES = """\
from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    model_config = ConfigDict(strict=True)


class DeferredModel(BaseModel):
    model_config = ConfigDict(defer_build=True)
"""
CONSTRAINTS = {
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
    "pattern", "minItems", "maxItems", "multipleOf", "uniqueItems", "minProperties", "maxProperties",
}  # fmt: skip
FIRST_USE = """\
import sys, time
t0 = time.perf_counter()
import models
t1 = time.perf_counter()
models.ModelListResponse.model_validate_json(open(sys.argv[1], "rb").read())
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


@dataclass
class Variant:
    key: str
    label: str
    enum: str = "all"
    extra: str | None = "allow"
    base: str | None = None
    strip: bool = False


VARIANTS = [
    Variant("baseline", "as we generate: Literal enums, lax, constraints, extra=allow"),
    Variant("enum", "Enum classes instead of Literal", enum="none"),
    Variant("strict", "strict=True", base="bench_bases.StrictModel"),
    Variant("noconstraints", "without constraints", strip=True),
    Variant("deferbuild", "defer_build=True", base="bench_bases.DeferredModel"),
    Variant("extraignore", "extra=ignore (pydantic's default)", extra=None),
]


def _strip(node: Any) -> Any:
    if isinstance(node, list):
        return [_strip(v) for v in node]
    if isinstance(node, dict):
        # a property *named* like a keyword (ModelInput.maxLength) is a dict: kept
        return {
            k: _strip(v) for k, v in node.items() if k not in CONSTRAINTS or isinstance(v, dict)
        }
    return node


def generate(variant: Variant) -> Path:
    """The variant's ``models.py`` (regenerated every run)."""
    from generator.bundle import bundle  # noqa: PLC0415
    from generator.load import load  # noqa: PLC0415

    folder = FOLDER / variant.key
    folder.mkdir(parents=True, exist_ok=True)
    spec = ROOT / "spec" / "openapi.yaml"
    if variant.strip:
        spec = FOLDER / "openapi-without-constraints.json"
        spec.write_text(json.dumps(_strip(bundle(load(ROOT / "spec" / "openapi.yaml")))))
    options = [o for o in DMC_OPTIONS if not o.startswith("--enum-field-as-literal")]
    options += [f"--enum-field-as-literal={variant.enum}", "--formatters", "builtin"]
    if variant.extra:
        options.append(f"--extra-fields={variant.extra}")
    if variant.base:
        options.append(f"--base-class={variant.base}")
    out = folder / "models.py"
    child = run_child(
        [BIN / "datamodel-codegen", "--input", spec, "--output", out, *options],
        cwd=ROOT,
        env=child_env(),
    )
    if not child.ok:
        raise RuntimeError(f"datamodel-codegen failed for {variant.key}: {child.stderr[-500:]}")
    return out


def _load(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # pydantic resolves forward references through sys.modules
    spec.loader.exec_module(module)
    return module


def run(ours: Any, model: bytes, page: bytes, *, samples: int, runs: int) -> Section:
    """The variants table; ``ours`` is the generated ``scenario_sdk.types`` module."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / "bench_bases.py").write_text(BASES)
    sys.path.insert(0, str(FOLDER))
    modules = {"ours (generated package)": ours}
    paths: dict[str, Path] = {}
    for variant in VARIANTS:
        log(f"variants: generating {variant.key}")
        paths[variant.label] = generate(variant)
        modules[variant.label] = _load(paths[variant.label], f"bench_variant_{variant.key}")
    for module in modules.values():  # every variant must accept the payloads
        module.Model.model_validate_json(model)
        module.ModelListResponse.model_validate_json(page)
    log("variants: steady-state timings")
    measured = {
        "validate model": {
            k: repeat(lambda m=m: m.Model.model_validate_json(model)) for k, m in modules.items()
        },
        "validate page": {
            k: repeat(lambda m=m: m.ModelListResponse.model_validate_json(page))
            for k, m in modules.items()
        },
    }
    objects = {k: m.ModelListResponse.model_validate_json(page) for k, m in modules.items()}
    measured["dump page"] = {
        k: repeat(lambda o=o: o.model_dump_json(by_alias=True, exclude_unset=True))
        for k, o in objects.items()
    }
    steady = {what: time_batches(batches, samples=samples) for what, batches in measured.items()}
    page_file = FOLDER / "page.json"
    page_file.write_bytes(page)

    def first_use(path: Path):
        env = child_env(pythonpath=path.parent)
        env["PYTHONPATH"] += f":{FOLDER}"
        return lambda: run_child([PY, "-c", FIRST_USE, page_file], cwd=ROOT, env=env)

    log("variants: import + first validation in fresh processes")
    fresh = interleave({k: first_use(p) for k, p in paths.items()}, warmup=1, runs=runs)
    baseline = VARIANTS[0].label
    rows = []
    for label in modules:
        cells: list[str] = ["-", "-"]
        if label in fresh:
            pairs = [tuple(map(float, c.stdout.split())) for c in fresh[label]]
            cells = [
                fmt_time(Stats([p[0] for p in pairs]).median),
                fmt_time(Stats([p[1] for p in pairs]).median),
            ]
        rows.append(
            [
                label,
                *cells,
                *(fmt_time(steady[what][label].median) for what in steady),
                fmt_ratio(ratio(steady["validate page"][label], steady["validate page"][baseline])),
            ]
        )
    body = table(
        [
            "variant",
            "import (fresh)",
            "first page validation (fresh)",
            *steady,
            "validate page vs as generated",
        ],
        rows,
    )
    body += (
        f"\n\nSteady state: medians of {samples} interleaved batches; fresh: medians of {runs} processes. "
        "Every variant accepts both payloads."
    )
    return Section("Configuration variants of the generated types", body)
