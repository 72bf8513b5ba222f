"""Reaching a resource builds none of its operations' models; calling one builds its own.

The case spec (``cases/lazy-types``) has one resource whose operations use
disjoint families of models, generated as a types package (threshold lowered).
A fresh interpreter is the observer: it lists the pydantic classes of the
package's types that exist (walking ``pydantic.BaseModel``'s subclasses, not
asking the package) and the types modules imported, after each step. The
calls go to a real server on loopback; what it saw and what it sent back are
the expected answers, with the classes named by the spec's components.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import generate
from tests.generator.helpers import CASES, run_python
from tests.support.server import RecordingServer

SPEC = CASES / "lazy-types" / "spec.yaml"
PACKAGE = "lazy_sdk"

SCRIPT = """
import importlib
import pydantic

PACKAGE = "lazy_sdk"
steps = {}


def built():
    found, stack = set(), [pydantic.BaseModel]
    while stack:
        for sub in stack.pop().__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith(PACKAGE + ".types"):
                found.add(sub.__name__)
    return sorted(found)


def seen(step):
    modules = sorted(m for m in sys.modules if m.startswith(PACKAGE + ".types"))
    steps[step] = {"classes": built(), "modules": modules}


package = importlib.import_module(PACKAGE)
client = package.Lazy(base_url=ARGS["url"], max_retries=0)
shop = client.shop
seen("reached")

widget = shop.get_widget("w1")
seen("get_widget")
types = importlib.import_module(PACKAGE + ".types")
results = {"get_widget": [type(widget).__qualname__, type(widget) is types.Widget,
                          widget.model_dump(mode="json", by_alias=True, exclude_unset=True)]}

gadget = shop.create_gadget(name="g", parts=[{"sku": "p1"}])
seen("create_gadget")
results["create_gadget"] = [type(gadget).__qualname__, type(gadget) is types.Gadget,
                            gadget.model_dump(mode="json", by_alias=True, exclude_unset=True)]

labels = shop.set_labels(body=[{"text": "a", "color": "red"}])
seen("set_labels")
results["set_labels"] = [[type(label) is types.Label for label in labels],
                         [label.model_dump(mode="json", exclude_unset=True) for label in labels]]

pages = [[w.id for w in page.widgets] for page in shop.list_widgets().iter_pages()]
results["list_widgets"] = [pages, type(shop.list_widgets().widgets[0]) is types.Widget]
print(json.dumps({"steps": steps, "results": results}))
"""

WIDGET = {"id": "w1", "size": 3, "maker": {"name": "acme"}}
GADGET = {"id": 7, "name": "g"}
LABELS = [{"text": "a", "color": "red"}]


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lazy-types") / "out"
    generate(SPEC, out, PACKAGE, split_above=2)
    return out


def _run(output: Path, server: RecordingServer) -> dict[str, Any]:
    server.enqueue(json=WIDGET)
    server.enqueue(json=GADGET, status=201)
    server.enqueue(json=LABELS)
    server.enqueue(json={"widgets": [WIDGET], "next": "c2"})
    server.enqueue(json={"widgets": [{"id": "w2", "size": 0}], "next": None})
    server.enqueue(json={"widgets": [WIDGET], "next": None})
    seen: dict[str, Any] = run_python(SCRIPT, cwd=output, path=[output], args={"url": server.url})
    return seen


def test_reaching_a_resource_builds_no_model_and_each_call_builds_its_own(output: Path) -> None:
    with RecordingServer() as server:
        steps = _run(output, server)["steps"]
    assert steps["reached"] == {"classes": [], "modules": []}
    after_widget = set(steps["get_widget"]["classes"])
    assert "Widget" in after_widget
    assert not after_widget & {"Gadget", "GadgetCreate", "Part", "Label"}
    after_gadget = set(steps["create_gadget"]["classes"])
    assert {"Gadget", "GadgetCreate", "Part"} <= after_gadget
    assert "Label" not in after_gadget
    assert "Label" in steps["set_labels"]["classes"]


def test_the_calls_send_and_parse_as_before(output: Path) -> None:
    with RecordingServer() as server:
        results = _run(output, server)["results"]
        requests = server.requests
    assert [(r.method, r.path, r.json) for r in requests[:3]] == [
        ("GET", "/widgets/w1", None),
        ("POST", "/gadgets", {"name": "g", "parts": [{"sku": "p1"}]}),
        ("PUT", "/labels", LABELS),
    ]
    assert results["get_widget"] == ["Widget", True, WIDGET]
    assert results["create_gadget"] == ["Gadget", True, GADGET]
    assert results["set_labels"] == [[True], LABELS]
    assert [r.query for r in requests[3:6]] == [[], [("cursor", "c2")], []]
    assert results["list_widgets"] == [[["w1"], ["w2"]], True]
