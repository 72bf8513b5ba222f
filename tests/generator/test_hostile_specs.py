"""Hostile but valid specs: the package must import, behave and say exactly what the spec says.

Each folder under ``cases/hostile/`` holds a spec whose text and names try to
break the generated code (quotes, triple quotes, backslashes, Jinja braces,
control characters, emoji, code-injection canaries; keywords, builtins,
pydantic attributes, names that collide after case conversion) and
``payload.json``: payloads to round-trip through the named generated types.

Each package is generated on first use (once per module) and imported in a fresh, isolated
interpreter whose working directory is empty: the canaries would create
``CANARY`` / ``CANARY2`` there if any spec text ever ran as code. The
expectations come from the spec itself (read here with PyYAML), not from the
generator.
"""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build_ir import build
from generator.bundle import bundle
from generator.ir import Api
from generator.load import load
from generator.spec_access import HTTP_METHODS
from generator.validate import validate
from tests.generator.helpers import (
    CASES,
    HostilePackages,
    contents,
    load_json,
    run_module,
    run_python,
)

HOSTILE_CASES = sorted(p for p in (CASES / "hostile").iterdir() if p.is_dir())
CANARIES = ("CANARY", "CANARY2")

# Known gaps, each a strict xfail: the day the generator is fixed the test says so.
WARNING_GAPS: dict[str, str] = {}
TOML_GAPS: dict[str, str] = {}


@dataclass(frozen=True)
class Generated:
    """One generated hostile package and what the spec and the IR say about it."""

    case: str
    spec: dict[str, Any]
    out: Path
    package: str
    api: Api
    report: dict[str, Any]
    workdir: Path


def build_api(spec: Path, package: str) -> Api:
    """The IR of ``spec``, for the names the generated package must define."""
    doc = load(spec)
    validate(doc)
    return build(bundle(doc), package=package, spec_name=spec.name, toolkit_version="test")


def operations(spec: dict[str, Any]) -> dict[str, tuple[str, str, list[str]]]:
    """operationId -> (HTTP method, path, parameter names) as the spec has them."""
    found = {}
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                op = item[method]
                params = [p["name"] for p in item.get("parameters", []) + op.get("parameters", [])]
                found[op["operationId"]] = (method.upper(), path, params)
    return found


def collapse(text: str) -> str:
    """``text`` with runs of whitespace (any kind: indentation, CR, U+2028...) as one space."""
    return " ".join(text.split())


PROBE = r"""
import importlib, inspect, os, pkgutil, typing, warnings

name = ARGS["package"]
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    pkg = importlib.import_module(name)
    types = importlib.import_module(name + ".types")
report = {"warnings": [f"{w.category.__name__}: {w.message}" for w in caught]}
report["generator_imported"] = sorted(m for m in sys.modules if m.split(".")[0] == "generator")
version = importlib.import_module(name + "._version")
client_module = importlib.import_module(name + "._client")
report["spec_title"] = version.__spec_title__
report["spec_version"] = version.__spec_version__
report["base_url"] = client_module.DEFAULT_BASE_URL

clients = [
    getattr(pkg, ARGS["client"])(api_key="k", api_secret="s"),
    getattr(pkg, ARGS["async_client"])(api_key="k", api_secret="s"),
]
report["missing_methods"] = []
report["docs"] = {}
for path, methods in ARGS["resources"]:
    for client in clients:
        resource = client
        for attr in path:
            resource = getattr(resource, attr)
        for op_id, method in methods:
            function = getattr(resource, method, None)
            if not callable(function):
                report["missing_methods"].append([path, method])
            elif client is clients[0]:
                report["docs"][op_id] = function.__doc__

report["operations"] = {}
resources = importlib.import_module(name + ".resources")
for info in pkgutil.iter_modules(resources.__path__):
    module = importlib.import_module(f"{name}.resources.{info.name}")
    for value in vars(module).values():
        if type(value).__name__ == "OperationSpec":
            report["operations"][value.operation_id] = [
                value.method, value.path, [p.wire for p in value.params]
            ]

report["missing_classes"] = [c for c in ARGS["classes"] if not hasattr(types, c)]
# A generated page class adds aliases; none may hide what its runtime base defines.
pagination = importlib.import_module(name + ".pagination")
report["page_classes"] = sorted(pagination.__all__)
report["page_shadowing"] = sorted(
    f"{page}.{attr}"
    for page in pagination.__all__
    for attr in vars(getattr(pagination, page))
    if not attr.startswith("_")
    and any(attr in vars(base) for base in getattr(pagination, page).__mro__[1:])
)
report["enums"] = {}
for key, cls in ARGS["enums"].items():
    alias = getattr(types, cls)
    value = getattr(alias, "__value__", alias)
    if typing.get_origin(value) is typing.Annotated:  # the schema table's check (_strict_models)
        value = typing.get_args(value)[0]
    report["enums"][key] = list(typing.get_args(value))
report["defaults"] = {}
for cls, wire in ARGS["defaults"]:
    model = getattr(types, cls)
    fields = {(f.alias or n): f for n, f in model.model_fields.items()}
    report["defaults"][f"{cls}.{wire}"] = fields[wire].default if wire in fields else "<missing>"

report["roundtrip"] = []
for item in ARGS["roundtrip"]:
    model = getattr(types, item["class"])
    from_python = model.model_validate(item["payload"])
    from_json = model.model_validate_json(json.dumps(item["payload"]))
    report["roundtrip"].append([
        from_python.model_dump(mode="json", by_alias=True, exclude_unset=True),
        from_json.model_dump(mode="json", by_alias=True, exclude_unset=True),
        from_python.to_dict(),
        json.loads(from_json.to_json()),
    ])
report["cwd_files"] = sorted(os.listdir("."))
print(json.dumps(report, default=repr))
"""


def probe_args(
    generated_api: Api, spec: dict[str, Any], payloads: dict[str, Any]
) -> dict[str, Any]:
    """What the probe checks, from the IR (names) and the spec (values)."""
    api = generated_api
    schemas = {  # boolean schemas have neither enums nor defaults
        key: schema
        for key, schema in spec.get("components", {}).get("schemas", {}).items()
        if isinstance(schema, dict)
    }
    enums = {
        key: api.schema_classes[key]
        for key, schema in schemas.items()
        if "enum" in schema and schema.get("type") == "string"
    }
    defaults = [
        (api.schema_classes[key], wire)
        for key, schema in schemas.items()
        for wire, prop in schema.get("properties", {}).items()
        if isinstance(prop, dict) and "default" in prop and wire not in schema.get("required", [])
    ]
    return {
        "package": api.package,
        "client": api.client_class,
        "async_client": api.async_client_class,
        "resources": [
            [
                [*(r.attr for r in chain)],
                [[op.operation_id, op.method_name] for op in resource.operations],
            ]
            for resource, chain in _chains(api)
        ],
        "classes": sorted({*api.schema_classes.values(), *api.synthetic_schemas}),
        "enums": enums,
        "defaults": defaults,
        "roundtrip": payloads["roundtrip"],
    }


def _chains(api: Api) -> list[tuple[Any, list[Any]]]:
    """Every resource with the chain of resources from the client down to it."""
    out = []
    stack = [(r, [r]) for r in api.resources]
    while stack:
        resource, chain = stack.pop()
        out.append((resource, chain))
        stack.extend((child, [*chain, child]) for child in resource.children)
    return out


class HostileCases:
    """Each hostile case generated (see ``hostile_packages``) and probed on first use.

    A case that fails to generate or import fails its own tests only.
    """

    def __init__(self, packages: HostilePackages) -> None:
        self.packages = packages
        self.done: dict[str, Generated | BaseException] = {}

    def __getitem__(self, case: str) -> Generated:
        if case not in self.done:
            try:
                self.done[case] = self._probe(CASES / "hostile" / case)
            except Exception as exc:  # reported by every test of this case
                self.done[case] = exc
        result = self.done[case]
        if isinstance(result, BaseException):
            raise result
        return result

    def _probe(self, case: Path) -> Generated:
        out, workdir = self.packages[case.name], self.packages.workdir(case.name)
        package = f"hostile_{case.name}"
        spec_path = case / "spec.yaml"
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        api = build_api(spec_path, package)
        args = probe_args(api, spec, load_json(case / "payload.json"))
        report = run_python(PROBE, cwd=workdir, path=[out], args=args)
        return Generated(case.name, spec, out, package, api, report, workdir)


@pytest.fixture(scope="module")
def hostile(hostile_packages: HostilePackages) -> HostileCases:
    """The hostile cases, generated and probed on first use."""
    return HostileCases(hostile_packages)


CASE_IDS = [p.name for p in HOSTILE_CASES]


def test_there_are_hostile_cases_for_text_names_and_collisions() -> None:
    assert {"strings", "names", "collisions", "schemas"} <= set(CASE_IDS)


@pytest.mark.parametrize("case", CASE_IDS)
def test_no_spec_text_ever_runs_as_code(case: str, hostile: HostileCases) -> None:
    generated = hostile[case]
    for folder in (generated.workdir, generated.out, generated.out.parent):
        for canary in CANARIES:
            assert not (folder / canary).exists(), f"{canary} was created in {folder}"
    assert generated.report["cwd_files"] == []


@pytest.mark.parametrize("case", CASE_IDS)
def test_package_imports_alone_and_every_method_is_there(case: str, hostile: HostileCases) -> None:
    generated = hostile[case]
    report = generated.report
    assert report["generator_imported"] == [], "the package must not need the toolkit"
    assert report["missing_methods"] == []
    assert report["missing_classes"] == [], "the IR names classes the types module lacks"
    methods = sum(len(resource.operations) for resource, _ in _chains(generated.api))
    assert methods == len(operations(generated.spec)), "an operation has no method"


@pytest.mark.parametrize("case", CASE_IDS)
def test_page_classes_never_hide_the_runtime_page(case: str, hostile: HostileCases) -> None:
    report = hostile[case].report
    paginated = [
        op
        for item in hostile[case].spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "x-sdk-pagination" in op
    ]
    assert len(report["page_classes"]) == 2 * len(paginated), "one sync and one async page each"
    assert report["page_shadowing"] == []


@pytest.mark.parametrize("case", CASE_IDS)
def test_no_argument_shadows_a_name_its_method_calls(case: str, hostile: HostileCases) -> None:
    # A parameter named `cast` would turn `return cast(...)` into a call of the argument.
    generated = hostile[case]
    shadowing = []
    for module in sorted((generated.out / generated.package / "resources").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = {a.arg for a in node.args.args + node.args.kwonlyargs}
                called = {
                    call.func.id
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                }
                shadowing += [f"{module.name}:{node.name}({n})" for n in arguments & called]
    assert shadowing == []


@pytest.mark.parametrize("case", CASE_IDS)
def test_operations_keep_their_wire_names(case: str, hostile: HostileCases) -> None:
    spec_ops = operations(hostile[case].spec)
    found = {key: tuple(value) for key, value in hostile[case].report["operations"].items()}
    assert found == {key: (m, p, params) for key, (m, p, params) in spec_ops.items()}


@pytest.mark.parametrize("case", CASE_IDS)
def test_payloads_round_trip(case: str, hostile: HostileCases) -> None:
    payloads = load_json(CASES / "hostile" / case / "payload.json")["roundtrip"]
    results = hostile[case].report["roundtrip"]
    assert len(results) == len(payloads)
    for item, (from_python, from_json, to_dict, to_json) in zip(payloads, results, strict=True):
        assert from_python == item["payload"], item["class"]
        assert from_json == item["payload"], item["class"]
        # to_dict() / to_json() of the base class, even where a property is named like them
        assert to_dict == item["payload"], item["class"]
        assert to_json == item["payload"], item["class"]


@pytest.mark.parametrize("case", CASE_IDS)
def test_enum_values_and_defaults_are_the_specs(case: str, hostile: HostileCases) -> None:
    spec, report = hostile[case].spec, hostile[case].report
    schemas = {
        key: schema
        for key, schema in spec.get("components", {}).get("schemas", {}).items()
        if isinstance(schema, dict)
    }
    for key, values in report["enums"].items():
        assert values == schemas[key]["enum"], key
    classes = hostile[case].api.schema_classes
    checked = 0
    for key, schema in schemas.items():
        for wire, prop in schema.get("properties", {}).items():
            if (
                isinstance(prop, dict)
                and "default" in prop
                and wire not in schema.get("required", [])
            ):
                assert report["defaults"][f"{classes[key]}.{wire}"] == prop["default"]
                checked += 1
    assert checked == len(report["defaults"])


def test_hostile_text_reaches_docstrings_and_literals_unchanged(
    hostile: HostileCases,
) -> None:
    generated = hostile["strings"]
    spec, report = generated.spec, generated.report
    assert report["spec_title"] == spec["info"]["title"]
    assert report["spec_version"] == spec["info"]["version"]
    assert report["base_url"] == spec["servers"][0]["url"].rstrip("/")
    for path_item in spec["paths"].values():
        for method in HTTP_METHODS:
            op = path_item.get(method)
            if not op:
                continue
            doc = collapse(report["docs"][op["operationId"]])
            for text in (op.get("summary"), op.get("description")):
                if text:
                    assert collapse(text) in doc, (op["operationId"], text)
            for param in op.get("parameters", []):
                if param.get("description"):
                    assert collapse(param["description"]) in doc, param["name"]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=WARNING_GAPS[c]))
        if c in WARNING_GAPS
        else c
        for c in CASE_IDS
    ],
)
def test_package_imports_without_warnings(case: str, hostile: HostileCases) -> None:
    assert hostile[case].report["warnings"] == []


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=TOML_GAPS[c]))
        if c in TOML_GAPS
        else c
        for c in CASE_IDS
    ],
)
def test_package_metadata_is_valid_toml(case: str, hostile: HostileCases) -> None:
    generated = hostile[case]
    project = tomllib.loads((generated.out / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["name"] == generated.package.replace("_", "-")
    description = project["project"]["description"]
    assert description == "Typed Python client for " + generated.spec["info"]["title"]


ACCEPTS_NOTHING = r"""
import importlib
from pydantic import TypeAdapter, ValidationError
types = importlib.import_module(ARGS["package"] + ".types")
classes = ARGS["classes"]

def accepted(kind, value, field=None):
    try:
        if field is None:
            TypeAdapter(getattr(types, classes[kind])).validate_python(value)
        else:
            getattr(types, classes[kind]).model_validate({field: value})
    except ValidationError:
        return False
    return True

samples = ["", "a", 0, 1.5, True, [], {}]
print(json.dumps({
    "StringAndNumber": [accepted("StringAndNumber", v) for v in samples],
    "Holder.nothing": [accepted("Holder", v, "nothing") for v in samples],
    "Impossible.tag": [accepted("Impossible", v, "tag") for v in ["a", "b"]],
    "Holder.anything": [accepted("Holder", v, "anything") for v in samples],
    "Holder.absent": accepted("Holder", None, "anything"),
}))
"""


def test_unsatisfiable_schemas_get_types_that_accept_nothing(hostile: HostileCases) -> None:
    generated = hostile["schemas"]
    found = run_python(
        ACCEPTS_NOTHING,
        cwd=generated.workdir,
        path=[generated.out],
        args={"package": generated.package, "classes": generated.api.schema_classes},
    )
    # allOf string+integer, `false`, const "a" with enum ["b"]: no value is valid (JSON Schema)
    assert found["StringAndNumber"] == [False] * 7
    assert found["Holder.nothing"] == [False] * 7
    assert found["Impossible.tag"] == [False, False]
    # `true` accepts everything
    assert found["Holder.anything"] == [True] * 7
    assert found["Holder.absent"] is True


def test_names_that_collide_after_conversion_get_distinct_classes(hostile: HostileCases) -> None:
    classes = hostile["schemas"].api.schema_classes
    colliding = ["user.profile", "user-profile", "user_profile", "UserProfile"]
    assert len({classes[key] for key in colliding}) == len(colliding)
    assert all(name.isidentifier() for name in classes.values())
    assert hostile["schemas"].report["missing_classes"] == []


def test_hostile_schemas_generate_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    spec = CASES / "hostile" / "schemas" / "spec.yaml"
    trees = []
    for seed in ("0", "4242"):
        out = tmp_path / f"seed-{seed}"
        run = run_module(
            "generate",
            "--spec",
            spec,
            "--out",
            out,
            "--package",
            "hostile_schemas",
            "-q",
            env={"PYTHONHASHSEED": seed},
        )
        assert run.code == 0, run.err
        trees.append(contents(out))
    assert trees[0] == trees[1]
