"""Counting what a tool wrote, on file trees written in tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

from benchmarks.corpus import outputs
from tests.generator.helpers import generate

RESOURCE = textwrap.dedent(
    """
    from functools import cached_property
    from typing import overload

    class SyncAPIResource: ...
    class AsyncAPIResource: ...

    class Pets(SyncAPIResource):
        @cached_property
        def toys(self) -> "Toys": ...
        @overload
        def create(self, body: bytes) -> None: ...
        @overload
        def create(self, body: str) -> None: ...
        def create(self, body: object) -> None: ...
        def list(self) -> None: ...
        def _request(self) -> None: ...

    class AsyncPets(AsyncAPIResource):
        async def create(self) -> None: ...
        async def list(self) -> None: ...

    class Helper:
        def public(self) -> None: ...
    """
)

TYPES = textwrap.dedent(
    """
    from pydantic import BaseModel
    from typing import Literal
    import json
    __all__ = ["Pet", "Kind"]
    class Pet(BaseModel):
        name: str
    Kind = Literal["cat", "dog"]
    Count: int = 3
    _private = 1
    """
)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_our_methods_are_sync_resource_methods_and_types_the_names_the_types_module_defines(
    tmp_path: Path,
) -> None:
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/resources/pets.py": RESOURCE,
            "pkg/types.py": TYPES,
            "pkg/broken.py": "def (:\n",
        },
    )
    assert outputs.resource_methods(RESOURCE) == {"Pets.create", "Pets.list"}
    assert outputs.defined_names(TYPES) == {"Pet", "Kind", "Count"}
    assert outputs.ours(tmp_path / "pkg") == (2, 3)


def test_types_in_a_package_of_modules_are_counted_once_each(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "pkg/types/__init__.py": "from .a import Pet as Pet\n",
            "pkg/types/a.py": "class Pet: ...\nclass Toy: ...\n",
            "pkg/types/b.py": "class Toy: ...\nOwner = dict\n",
        },
    )
    assert outputs.ours(tmp_path / "pkg") == (0, 3)


def test_datamodel_codegen_types(tmp_path: Path) -> None:
    _write(tmp_path, {"models.py": TYPES})
    assert outputs.datamodel_codegen(tmp_path / "models.py") == 3
    assert outputs.datamodel_codegen(tmp_path / "missing.py") == 0


def test_openapi_python_client_counts_operation_and_model_modules(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "README.md": "",
            "my_client/__init__.py": "",
            "my_client/client.py": "",
            "my_client/api/__init__.py": "",
            "my_client/api/pets/__init__.py": "",
            "my_client/api/pets/list_pets.py": "",
            "my_client/api/pets/create_pet.py": "",
            "my_client/api/default/ping.py": "",
            "my_client/models/__init__.py": "",
            "my_client/models/pet.py": "",
        },
    )
    assert outputs.openapi_python_client(tmp_path) == (3, 1)
    assert outputs.openapi_python_client(tmp_path / "my_client" / "models") == (0, 0)


NAMES_SPEC = """\
openapi: 3.0.3
info: {title: Names, version: '1'}
paths: {}
components:
  schemas:
    order-item: {type: object, properties: {id: {type: string}}}
    1st-choice: {type: object, properties: {id: {type: string}}}
    None: {type: object, properties: {id: {type: string}}}
    Foo.Bar: {type: object, properties: {id: {type: string}}}
    foo_bar: {type: object, properties: {id: {type: string}}}
    Plain: {type: string}
"""


def test_every_schema_of_a_real_generated_package_is_found_and_a_removed_one_is_lost(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "names.yaml"
    spec.write_text(NAMES_SPEC, encoding="utf-8")
    generate(tmp_path / "out", "names_sdk", spec)
    package = tmp_path / "out" / "names_sdk"
    schemas = ["order-item", "1st-choice", "None", "Foo.Bar", "foo_bar", "Plain"]
    assert outputs.lost_schemas(schemas, outputs.our_type_names(package)) == []
    types = outputs.our_type_names(package)
    # the class made for order-item, whatever its spelling, taken away: that schema is lost
    (order_item,) = [t for t in types if t.lower().replace("_", "") == "orderitem"]
    assert outputs.lost_schemas(schemas, types - {order_item}) == ["order-item"]
    assert outputs.lost_schemas([*schemas, "Missing"], types) == ["Missing"]


def test_first_use_names_the_client_its_largest_resource_and_a_model(tmp_path: Path) -> None:
    """Read from a real generated package (split into a types package here): the sync client
    class, the attribute of the resource with the most methods (``repos``: one operation more
    than ``owners`` in the spec), and a model class of the types package (the first by name)."""
    from generator.pipeline import generate as generate_split  # noqa: PLC0415

    spec = tmp_path / "first.yaml"
    spec.write_text(FIRST_USE_SPEC, encoding="utf-8")
    generate_split(spec, tmp_path / "out", "first_sdk", split_above=1)
    package = tmp_path / "out" / "first_sdk"
    assert (package / "types" / "__init__.py").is_file()
    assert outputs.first_use(package) == ("First", "repos", "Account")


def test_the_timed_first_use_runs_against_a_lazy_package(tmp_path: Path) -> None:
    """The harness's timed script (``measure.IMPORT_TIMED``) makes the client, reaches the
    resource and imports the model of a split package, and reports two times."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    from benchmarks.corpus.measure import IMPORT_TIMED  # noqa: PLC0415
    from generator.pipeline import generate as generate_split  # noqa: PLC0415

    spec = tmp_path / "first.yaml"
    spec.write_text(FIRST_USE_SPEC, encoding="utf-8")
    out = tmp_path / "out"
    generate_split(spec, out, "first_sdk", split_above=1)
    client, resource, model = outputs.first_use(out / "first_sdk")
    probe = IMPORT_TIMED + (
        "print(sorted(m for m in sys.modules if m.startswith('first_sdk.types.')))\n"
        "print(sorted(m for m in sys.modules if m.startswith('first_sdk.resources.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "first_sdk", client, resource or "", model or ""],
        cwd=out, env={"PYTHONPATH": str(out)}, capture_output=True, text=True, check=False,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    times, types, resources = done.stdout.splitlines()
    alone, first = map(float, times.split())
    assert 0 < alone <= first
    # the one model and nothing else: the resource builds its operations' models on first call
    assert types == str(["first_sdk.types.account"])
    assert resources == str(["first_sdk.resources.repos"])


FIRST_USE_SPEC = """
openapi: 3.1.0
info: {title: First, version: "1"}
paths:
  /repos:
    get:
      operationId: listRepos
      tags: [repos]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Repository"}
    post:
      operationId: createRepo
      tags: [repos]
      responses:
        "200": {description: ok}
  /owners:
    get:
      operationId: getOwner
      tags: [owners]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Account"}
  /teams:
    get:
      operationId: getTeam
      tags: [teams]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Team"}
components:
  schemas:
    Repository:
      type: object
      properties:
        id: {type: integer}
        license: {$ref: "#/components/schemas/License"}
    License:
      type: object
      properties:
        key: {type: string}
    Account:
      type: object
      properties:
        name: {type: string}
    Team:
      type: object
      properties:
        name: {type: string}
"""
