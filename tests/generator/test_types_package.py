"""A large types module becomes a package of modules imported on first use (``types_split``).

The case spec (``cases/types-package``) is generated with the threshold lowered
to two classes. Expected answers come from the spec (its ``$ref`` graph and
jsonschema's verdicts) and from the output read with ``ast``, never from the
splitter: families keep a model with what only it uses, cycles share a module,
a shared model is a module of its own; each module imports on its own; every
component is reachable from the facade; one name imports its own family and
its dependencies, nothing else; strict validation gives jsonschema's verdict.
"""

from __future__ import annotations

import ast
import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.pipeline import generate
from tests.generator import test_strict_typed as strict_typed
from tests.generator.helpers import CASES, changed_files, contents, run_python, snapshot

SPEC = CASES / "types-package" / "spec.yaml"
PACKAGE = "tp_sdk"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def split_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("types-package") / "out"
    generate(SPEC, out, PACKAGE, split_above=2)
    return out


def _spec() -> dict[str, Any]:
    return dict(yaml.safe_load(SPEC.read_text(encoding="utf-8")))


def _refs(node: Any) -> set[str]:
    """The components a schema refers to directly."""
    if isinstance(node, list):
        return set().union(*(_refs(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = set().union(*(_refs(v) for v in node.values())) if node else set()
    ref = node.get("$ref")
    if isinstance(ref, str):
        found.add(ref.rsplit("/", 1)[-1])
    return found


def _closure(name: str, graph: dict[str, set[str]]) -> set[str]:
    seen, stack = {name}, [name]
    while stack:
        for used in graph[stack.pop()]:
            if used not in seen:
                seen.add(used)
                stack.append(used)
    return seen


def _modules(out: Path) -> dict[str, ast.Module]:
    folder = out / PACKAGE / "types"
    return {
        path.stem: ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.py"))
        if path.name != "__init__.py"
    }


def _defined(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names - {"__non_nullable__"}


def test_the_module_stays_one_file_below_the_threshold(tmp_path: Path) -> None:
    generate(SPEC, tmp_path / "out", PACKAGE)
    package = tmp_path / "out" / PACKAGE
    assert (package / "types.py").is_file()
    assert not (package / "types").exists()


def test_families_follow_the_reference_graph(split_output: Path) -> None:
    schemas = _spec()["components"]["schemas"]
    graph = {name: _refs(schema) for name, schema in schemas.items()}
    owner = {
        name: module for module, tree in _modules(split_output).items() for name in _defined(tree)
    }
    assert set(owner) == set(schemas)  # every component, each in one module
    together = [
        {
            "Repository",
            "RepositoryPermissions",
            "RepositoryOwnerLinks",
        },  # only Repository uses them
        {"Graph", "Node", "Edge"},  # a cycle, whose one user is Graph
        {"Class", "Import"},
    ]
    for family in together:
        assert len({owner[name] for name in family}) == 1, family
    for name in graph:
        # its users outside its own cycle: several, and it is a module of its own
        who = {u for u, used in graph.items() if name in used and u not in _closure(name, graph)}
        if len(who) > 1:
            assert all(owner[u] != owner[name] for u in who), name
    assert owner["SimpleUser"] == "simple_user"
    assert owner["Class"] == "class_"  # a keyword is no module name


def test_each_module_imports_what_it_uses_from_its_owner_and_the_modules_form_a_dag(
    split_output: Path,
) -> None:
    trees = _modules(split_output)
    owner = {name: module for module, tree in trees.items() for name in _defined(tree)}
    edges: dict[str, set[str]] = {}
    for module, tree in trees.items():
        imported = {
            alias.asname or alias.name: node.module
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.level == 1
            for alias in node.names
        }
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        for name in (used & owner.keys()) - _defined(tree):
            assert imported.get(name) == owner[name], (module, name)
        edges[module] = set(imported.values())
    for module, imports in edges.items():  # no module reaches itself
        assert module not in set().union(*(_closure(m, edges) for m in imports)), module


def test_the_package_is_lint_clean(split_output: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--config",
         str(split_output / "pyproject.toml"), str(split_output)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    formatted = subprocess.run(
        [sys.executable, "-m", "black", "--check", "-q", "--line-length", "100",
         str(split_output / PACKAGE / "types")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr  # already in its layout


INDEPENDENT = r"""
import importlib
found = {}
for module in ARGS["modules"]:
    for loaded in [m for m in sys.modules if m == "tp_sdk" or m.startswith("tp_sdk.")]:
        del sys.modules[loaded]
    mod = importlib.import_module("tp_sdk.types." + module)
    found[module] = sorted(n for n, v in vars(mod).items() if isinstance(v, type) and v.__module__ == mod.__name__)
print(json.dumps(found))
"""


def test_each_module_imports_on_its_own(split_output: Path) -> None:
    trees = _modules(split_output)
    got = run_python(
        INDEPENDENT, cwd=split_output, path=[split_output], args={"modules": sorted(trees)}
    )
    for module, tree in trees.items():
        classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
        assert set(got[module]) == classes


REACHABLE = r"""
import importlib
types = importlib.import_module("tp_sdk.types")
import pydantic
names = {}
for name in ARGS["names"]:
    value = getattr(types, name)
    if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
        value.model_rebuild()
        names[name] = bool(value.__pydantic_complete__)
    else:
        names[name] = type(value).__name__
print(json.dumps({"names": names, "all": sorted(types.__all__), "dir": sorted(dir(types))}))
"""


def test_every_component_is_reachable_from_the_facade(split_output: Path) -> None:
    schemas = sorted(_spec()["components"]["schemas"])
    got = run_python(REACHABLE, cwd=split_output, path=[split_output], args={"names": schemas})
    assert got["all"] == schemas
    assert set(schemas) <= set(got["dir"])
    assert got["names"].pop("Status") == "TypeAliasType"
    assert all(done is True for done in got["names"].values()), got["names"]


LOADED = r"""
import importlib
before = set(sys.modules)
exec(ARGS["code"])
print(json.dumps(sorted(
    m.rsplit(".", 1)[1] for m in set(sys.modules) - before if m.startswith("tp_sdk.types.")
)))
"""


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("from tp_sdk.types import Issue", {"Issue"}),
        ("import tp_sdk.types; tp_sdk.types.Graph", {"Graph"}),
        ("import tp_sdk.types", set()),
        # a resource builds no model: its operations build theirs on their first call
        ("import tp_sdk; tp_sdk.Tp(api_key='k', base_url='http://127.0.0.1:9').owners", set()),
        ("import tp_sdk; tp_sdk.AsyncTp(api_key='k', base_url='http://127.0.0.1:9').repos", set()),
    ],
    ids=["from-import", "attribute", "facade-alone", "client-resource", "async-client-resource"],
)  # fmt: skip
def test_a_name_imports_its_family_and_what_it_uses_only(
    split_output: Path, code: str, names: set[str]
) -> None:
    schemas = _spec()["components"]["schemas"]
    graph = {name: _refs(schema) for name, schema in schemas.items()}
    owner = {n: module for module, tree in _modules(split_output).items() for n in _defined(tree)}
    needed = set().union(*(_closure(n, graph) for n in names)) if names else set()
    expected = sorted({owner[n] for n in needed})
    got = run_python(LOADED, cwd=split_output, path=[split_output], args={"code": code})
    assert got == expected
    assert len(expected) < len(set(owner.values()))


JUDGE = r"""
import importlib
package = importlib.import_module("tp_sdk")
types = importlib.import_module("tp_sdk.types")
out = []
for name, payload in ARGS["cases"]:
    row = [package.validate(name, payload) == [], package.validate_json(name, json.dumps(payload)) == []]
    cls = getattr(types, name)
    if isinstance(cls, type):
        for call in (lambda: cls.model_validate(payload, strict=True),
                     lambda: cls.model_validate_json(json.dumps(payload), strict=True)):
            try:
                call()
                row.append(True)
            except Exception as exc:
                row.append(False if type(exc).__name__ == "ValidationError" else repr(exc))
    out.append(row)
print(json.dumps(out))
"""

USER = {"login": "octo", "id": 1, "email": None}
CASES_BY_NAME: list[tuple[str, Any]] = [
    ("Repository", {"id": 1, "owner": USER}),
    ("Repository", {"id": 1, "owner": {**USER, "id": 0}}),  # a bound in another module
    ("Repository", {"id": 1, "owner": {**USER, "name": None}}),  # null, not allowed there
    ("Repository", {"id": 1, "owner": USER, "permissions": {"admin": "yes"}}),
    ("Repository", {"id": 1, "owner": USER, "links": {"html": "x" * 21}}),
    ("Repository", {"id": 1, "owner": USER, "topics": ["a", "a"]}),
    ("Repository", {"id": True, "owner": USER}),
    ("Org", {"repos": [{"id": 1, "owner": USER}]}),
    ("Org", {"repos": [{"id": 1, "owner": {**USER, "email": 1}}]}),
    ("Fork", {"parent": {"id": 1, "owner": {**USER, "login": ""}}}),
    ("Issue", {"number": 1, "state": "open", "user": USER}),
    ("Issue", {"number": 1, "state": "merged"}),
    ("Issue", {"number": 1, "state": "open", "user": {"login": ""}}),
    ("Graph", {"nodes": [{"id": "a", "edges": [{"to": {"id": "b"}, "weight": 1}]}]}),
    ("Graph", {"nodes": [{"id": "a", "edges": [{"to": {"id": "b"}, "weight": 0}]}]}),
    ("Graph", {"nodes": [{"id": "a", "edges": [{"to": {"id": 1}}]}]}),
    ("Owner", {"name": "n"}),
    ("Owner", {"name": "n", "extra": 1}),
    ("Status", "closed"),
    ("Status", "Closed"),
    ("Class", {"import": {"from": "x"}}),
    ("Class", {"import": {"from": 1}}),
]


HELD = r"""
import importlib
types = importlib.import_module("tp_sdk.types")
verdict = importlib.import_module("tp_sdk._verdict")
core = importlib.import_module("tp_sdk._strict_core")
validator = verdict.verdict_of(types.Org, "Org", types.__schemas__.table)
plan = core.plan_of(types.Org, types.__schemas__.table)
out = [sorted(name for name, held in plan.fields.items() if held is not None)]
for payload in ARGS["payloads"]:
    try:
        validator.validate_json(json.dumps(payload), strict=True)
        out.append(True)
    except Exception as exc:
        out.append(False if type(exc).__name__ == "ValidationError" else repr(exc))
print(json.dumps(out))
"""


def test_the_verdict_only_validator_holds_models_of_modules_imported_further(
    split_output: Path,
) -> None:
    """``Org``'s module imports ``Repository``, whose module imports ``SimpleUser``: the strict
    validator of ``Org`` holds every model it reaches (as it does in one module), not only those
    of the modules ``Org``'s imports from; a valid payload passes it, one with a bad user not."""
    trees = _modules(split_output)
    org = next(tree for tree in trees.values() if "Org" in _defined(tree))
    imported = {a.name for n in org.body if isinstance(n, ast.ImportFrom) for a in n.names}
    assert "Repository" in imported
    assert "SimpleUser" not in imported  # reached through Repository's module only
    valid = {"repos": [{"id": 1, "owner": USER}]}
    bad_user = {"repos": [{"id": 1, "owner": {**USER, "name": None}}]}  # null: not allowed
    oracle = jsonschema.Draft202012Validator({**_spec(), "$ref": "#/components/schemas/Org"})
    assert [oracle.is_valid(valid), oracle.is_valid(bad_user)] == [True, False]
    got = run_python(
        HELD, cwd=split_output, path=[split_output], args={"payloads": [valid, bad_user]}
    )
    graph = {name: _refs(schema) for name, schema in _spec()["components"]["schemas"].items()}
    assert got[0] == sorted(_closure("Org", graph))  # the objects Org reaches
    assert got[1:] == [True, False]


def test_strict_verdicts_match_jsonschema(split_output: Path) -> None:
    spec = _spec()
    expected = []
    for name, payload in CASES_BY_NAME:
        oracle = jsonschema.Draft202012Validator({**spec, "$ref": f"#/components/schemas/{name}"})
        expected.append(oracle.is_valid(payload))
    assert expected.count(True) >= 5
    assert expected.count(False) >= 10
    got = run_python(JUDGE, cwd=split_output, path=[split_output], args={"cases": CASES_BY_NAME})
    assert [set(row) for row in got] == [{verdict} for verdict in expected]


STRICT_JUDGE = strict_typed.JUDGE


@pytest.mark.parametrize(
    ("name", "valid", "changes"),
    [
        ("Item", strict_typed.VALID, strict_typed.CHANGES),
        ("Held", strict_typed.HELD_VALID, strict_typed.HELD_CHANGES),
    ],
    ids=["Item", "Held"],
)
def test_the_strict_typed_case_split_keeps_its_verdicts(
    tmp_path: Path, name: str, valid: dict[str, Any], changes: list[tuple[str, Any]]
) -> None:
    """The strict path (``_strict_core``'s plan over the modules a class's module imports) gives
    jsonschema's verdict when the classes it meets live in several modules."""
    out = tmp_path / "out"
    generate(strict_typed.SPEC, out, "strict_sdk", split_above=1)
    assert (out / "strict_sdk" / "types" / "__init__.py").is_file()
    spec = yaml.safe_load(strict_typed.SPEC.read_text(encoding="utf-8"))
    oracle = jsonschema.Draft202012Validator({**spec, "$ref": f"#/components/schemas/{name}"})
    instances = [valid]
    for key, value in changes:
        changed = copy.deepcopy(valid)
        changed[key] = value
        instances.append(changed)
    expected = [oracle.is_valid(i) for i in instances]
    got = run_python(
        STRICT_JUDGE, cwd=tmp_path, path=[out], args={"name": name, "instances": instances}
    )
    assert [row[:4] for row in got] == [[verdict] * 4 for verdict in expected]
    # validate()'s verdict-only validator (``_verdict``) still holds what it held in one module:
    # the valid payload passes; for Held, no invalid one does, and it refuses as many
    accepted = [row[4] for row in got]
    assert accepted[0] is True
    if name == "Held":
        assert not any(ok and not good for ok, good in zip(accepted, expected, strict=True))
        assert accepted.count(False) >= expected.count(False)


def test_switching_between_one_file_and_a_package_removes_the_other(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(SPEC, out, PACKAGE)
    one = set(contents(out))
    generate(SPEC, out, PACKAGE, split_above=2, force=True)
    split = set(contents(out))
    assert f"{PACKAGE}/types.py" not in split
    assert f"{PACKAGE}/_schemas.json" not in split
    assert f"{PACKAGE}/types/__init__.py" in split
    assert f"{PACKAGE}/types/_schemas.json" in split
    generate(SPEC, out, PACKAGE, force=True)
    assert set(contents(out)) == one
    assert not (out / PACKAGE / "types").exists()  # its emptied folder is gone too


GENERATE = """
import sys
from pathlib import Path
from generator.pipeline import generate
generate(Path(sys.argv[1]), Path(sys.argv[2]), "tp_sdk", split_above=2)
"""


def test_the_split_is_deterministic(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "4242"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "SCENARIO_CODEGEN_CACHE": "off"}
        done = subprocess.run(
            [sys.executable, "-c", GENERATE, str(SPEC), str(out)],
            cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        outputs.append({rel: data for rel, data in contents(out).items() if "manifest" not in rel})
    assert outputs[0] == outputs[1]
    assert any(rel.startswith(f"{PACKAGE}/types/") for rel in outputs[0])
    assert json.loads(outputs[0][f"{PACKAGE}/types/_schemas.json"])  # the table moved along


def test_an_edit_rewrites_the_module_of_the_edited_model_only(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    generate(spec, out, PACKAGE, split_above=2)
    before = snapshot(out)
    data = _spec()
    data["components"]["schemas"]["Owner"]["description"] = "Who owns it."
    spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    outcome = generate(spec, out, PACKAGE, split_above=2)
    assert not outcome.up_to_date
    owner = next(m for m, tree in _modules(out).items() if "Owner" in _defined(tree))
    assert changed_files(before, snapshot(out)) == {
        f"{PACKAGE}/types/{owner}.py",
        ".generator-manifest.json",
    }
    assert "Who owns it." in (out / PACKAGE / "types" / f"{owner}.py").read_text(encoding="utf-8")


def test_a_module_with_a_statement_it_cannot_place_stays_one_file() -> None:
    """A name defined twice (which definition would the facade hand out?) keeps one module."""
    from generator.types_split import split  # noqa: PLC0415

    classes = "".join(f"class M{i}(BaseModel):\n    x: int\n\n\n" for i in range(3))
    source = f"from ._models import BaseModel\n\n\n{classes}M1 = M2\n"
    assert split(source, above=2) is None
    assert split(source.replace("M1 = M2\n", "M4 = M2\n"), above=2) is not None


def test_check_sees_a_missing_or_edited_module_of_the_package(tmp_path: Path) -> None:
    """``make check``'s stale-file detection covers the package's modules one by one."""
    from generator.pipeline import check  # noqa: PLC0415

    out = tmp_path / "out"
    generate(SPEC, out, PACKAGE, split_above=2)
    result, _ = check(SPEC, out, PACKAGE, split_above=2)
    assert result.empty
    folder = out / PACKAGE / "types"
    (folder / "owner.py").unlink()
    edited = folder / "issue.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result, _ = check(SPEC, out, PACKAGE, split_above=2)
    assert set(result.changed) == {f"{PACKAGE}/types/owner.py", f"{PACKAGE}/types/issue.py"}


def test_a_quoted_forward_reference_imports_its_class() -> None:
    """A string where a type stands names a class (``"Shared"``); one in ``Literal[...]``, a
    call or a list does not (``"Other"``): read from the split modules with ``ast``."""
    from generator.types_split import split  # noqa: PLC0415

    source = (
        "from __future__ import annotations\n\nfrom typing import Literal\n\n"
        "from pydantic import Field\n\nfrom ._models import BaseModel\n\n\n"
        'class A(BaseModel):\n    x: "Shared"\n    y: list["Shared | None"] = []\n\n\n'
        'class B(BaseModel):\n    kind: Literal["Other"]\n    z: Shared\n'
        '    w: Annotated[str, Field(examples=["Other"])]\n\n\n'
        "class Shared(BaseModel):\n    n: int\n\n\n"
        "class Other(BaseModel):\n    n: int\n"
    )
    found = split(source, above=1)
    assert found is not None
    owner = {name: m for m in found.modules for name in m.names}
    assert len({owner["A"], owner["B"], owner["Shared"], owner["Other"]}) == 4
    for name in ("A", "B"):
        tree = ast.parse(owner[name].source)
        imported = {
            alias.name
            for node in tree.body
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        assert "Shared" in imported, name
        assert "Other" not in imported, name
