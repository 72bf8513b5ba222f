"""parser.resources: the resource tree and the class, module and method names it composes."""

from __future__ import annotations

from generator.ir import Operation
from generator.parser.resources import build_resources


def _op(method_name: str) -> Operation:
    return Operation(
        operation_id=method_name, method_name=method_name, http_method="GET", path="/x",
        docstring="", constant="_X", params=(), body=None, response_type=None,
        pagination=None, auth=(),
    )  # fmt: skip


def test_operations_grouped_into_a_tree_sorted_by_attribute() -> None:
    ops = {
        ("models",): [_op("list"), _op("get")],
        ("models", "train"): [_op("create")],
        ("batches",): [_op("list")],
    }
    tree = build_resources(ops, set())
    assert [r.path for r in tree] == [("batches",), ("models",)]
    models = tree[1]
    assert [op.method_name for op in models.operations] == ["list", "get"]  # document order
    assert [c.path for c in models.children] == [("models", "train")]
    assert models.children[0].attr == "train"
    classes = [r.sync_class for r in (*tree, models.children[0])]
    modules = [r.module for r in (*tree, models.children[0])]
    assert len(set(classes)) == 3
    assert len(set(modules)) == 3
    assert all(r.async_class == "Async" + r.sync_class for r in (*tree, models.children[0]))


def test_class_names_avoid_taken_names_as_x_and_as_async_x() -> None:
    plain = build_resources({("models",): [_op("list")]}, set())[0].sync_class
    taken = {plain, f"Async{plain}2"}  # a schema class and a name another async class would get
    cls = build_resources({("models",): [_op("list")]}, set(taken))[0]
    assert cls.sync_class not in taken
    assert cls.async_class not in taken
    assert cls.sync_class.removeprefix("Async") not in {t.removeprefix("Async") for t in taken}


def test_a_method_named_like_a_sub_resource_is_renamed_and_the_sub_resource_keeps_its_name() -> (
    None
):
    tree = build_resources(
        {("models",): [_op("train")], ("models", "train"): [_op("create")]}, set()
    )
    (models,) = tree
    assert models.children[0].attr == "train"
    (renamed,) = models.operations
    assert renamed.method_name != "train"
    assert renamed.method_name.isidentifier()
