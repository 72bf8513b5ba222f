"""Stage 1: read the spec (YAML or JSON) and the files its ``$ref``s name.

The result is a :class:`Document`: every reachable file parsed into plain
Python values, the line and column of every node (for error messages), and a
resolver for ``$ref`` strings. Problems (missing file, syntax error with line
and column, duplicate keys, a root that is not a mapping, a ``$ref`` to a
missing file or a remote URL) are collected as :class:`~generator.errors.Problem`
values and raised together as a :class:`~generator.errors.GeneratorError`.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import (
    GeneratorError,
    Location,
    Problem,
    error,
    join_pointer,
    unescape_pointer_token,
)

try:  # the C loader is much faster; fall back to the pure-Python one
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]  # same API
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Target:
    """What a ``$ref`` points at: the file, the JSON pointer and the value there."""

    file: Path
    pointer: str
    value: Any


@dataclass
class Document:
    """A loaded spec: the entry file, every file it reaches and their positions."""

    root: Path
    files: dict[Path, Any] = field(default_factory=dict)
    positions: dict[tuple[Path, str], tuple[int, int]] = field(default_factory=dict)

    @property
    def data(self) -> Any:
        """The parsed entry file."""
        return self.files[self.root]

    def display_name(self, path: Path) -> str:
        """A short, machine-independent name for a file (relative to the entry file)."""
        try:
            return path.relative_to(self.root.parent).as_posix()
        except ValueError:
            return path.name

    def locate(self, file: Path, pointer: str) -> Location:
        """The place of a pointer in a file, with the nearest known line."""
        probe = pointer
        while True:
            if (file, probe) in self.positions:
                line, column = self.positions[(file, probe)]
                return Location(self.display_name(file), pointer, line, column)
            if not probe:
                return Location(self.display_name(file), pointer)
            probe = probe.rsplit("/", 1)[0]

    def resolve(self, ref: str, base: Path) -> Target:
        """Resolve a ``$ref`` string written in file ``base``; raise on a dangling one."""
        file_part, _, fragment = ref.partition("#")
        file = (base.parent / urllib.parse.unquote(file_part)).resolve() if file_part else base
        if file not in self.files:
            raise KeyError(f"file {file_part!r} is not loaded")
        pointer = urllib.parse.unquote(fragment)
        return Target(file, pointer, pointer_get(self.files[file], pointer))

    def walk_refs(self) -> Iterator[tuple[Path, str, str]]:
        """Every ``$ref`` in every loaded file: (file, pointer of the ref object, ref)."""
        for file, data in sorted(self.files.items()):
            for pointer, ref in _iter_refs(data, ""):
                yield file, pointer, ref


def pointer_get(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer; ``KeyError`` when it does not exist."""
    if pointer in ("", "/"):
        return data
    if not pointer.startswith("/"):
        raise KeyError(pointer)
    node = data
    for raw in pointer[1:].split("/"):
        token = unescape_pointer_token(raw)
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(pointer)
    return node


def _iter_refs(node: Any, pointer: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield pointer, ref
        for key, value in node.items():
            yield from _iter_refs(value, join_pointer(pointer, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _iter_refs(value, join_pointer(pointer, index))


def _read_one(path: Path, doc: Document, problems: list[Problem]) -> Any:
    name = doc.display_name(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # an editor's BOM is not content
    except FileNotFoundError:
        problems.append(error("file-not-found", "no such file", Location(name)))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(error("file-unreadable", f"cannot read: {exc}", Location(name)))
        return None
    if path.suffix.lower() == ".json":
        # YAML accepts what JSON does not (trailing commas, comments, single
        # quotes): a .json file is held to JSON's own grammar first.
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(
                error(
                    "syntax",
                    f"not valid JSON: {exc.msg}",
                    Location(name, "", exc.lineno, exc.colno),
                )
            )
            return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        reason = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        if exc.context_mark is not None and exc.problem_mark is not None:
            start = exc.context_mark
            if (start.line, start.column) != (exc.problem_mark.line, exc.problem_mark.column):
                reason += (
                    f" (the construct started at line {start.line + 1}, column {start.column + 1})"
                )
        problems.append(
            error("syntax", f"not valid YAML/JSON: {reason}", Location(name, "", line, column))
        )
        return None
    except yaml.YAMLError as exc:
        problems.append(error("syntax", f"not valid YAML/JSON: {exc}", Location(name)))
        return None
    if node is None:
        problems.append(error("empty", "the file is empty", Location(name)))
        return None
    _record_positions(node, path, "", doc, problems)
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506  # _Loader is a SafeLoader
    except yaml.YAMLError as exc:  # e.g. an unknown tag, found only when constructing
        problems.append(error("syntax", f"not valid YAML/JSON: {exc}", Location(name)))
        return None


def _record_positions(
    node: yaml.Node, path: Path, pointer: str, doc: Document, problems: list[Problem]
) -> None:
    doc.positions[(path, pointer)] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = join_pointer(pointer, key)
            if key in seen:
                mark = key_node.start_mark  # the second occurrence, not the first
                where = Location(doc.display_name(path), child, mark.line + 1, mark.column + 1)
                problems.append(error("duplicate-key", f"key {key!r} appears twice", where))
            seen.add(key)
            _record_positions(value_node, path, child, doc, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, path, join_pointer(pointer, index), doc, problems)


def load(path: str | Path) -> Document:
    """Load the spec at ``path`` and every local file its ``$ref``s reach."""
    root = Path(path).resolve()
    doc = Document(root=root)
    problems: list[Problem] = []
    pending = [root]
    while pending:
        file = pending.pop()
        if file in doc.files:
            continue
        data = _read_one(file, doc, problems)
        doc.files[file] = data
        if data is None:
            continue
        if file == root and not isinstance(data, dict):
            problems.append(
                error(
                    "not-openapi", "the document is not a mapping", Location(doc.display_name(file))
                )
            )
            continue
        for pointer, ref in _iter_refs(data, ""):
            file_part = ref.partition("#")[0]
            if not file_part:
                continue
            where = doc.locate(file, join_pointer(pointer, "$ref"))
            if urllib.parse.urlparse(file_part).scheme:
                problems.append(
                    error(
                        "remote-ref",
                        f"remote $ref {ref!r} is not supported",
                        where,
                        "download the file next to the spec and refer to it by a relative path",
                    )
                )
                continue
            target = (file.parent / urllib.parse.unquote(file_part)).resolve()
            if not target.is_file():
                problems.append(error("dangling-ref", f"$ref {ref!r}: no such file", where))
                continue
            pending.append(target)
    if problems:
        raise GeneratorError(problems)
    return doc
