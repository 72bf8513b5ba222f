"""Stage 1: read the spec (YAML or JSON) and the files its ``$ref``s name.

The result is a :class:`Document`: every reachable file parsed into plain
Python values, the line and column of every node (for error messages), and a
resolver for ``$ref`` strings. JSON is parsed by ``json`` (its places are
found by a second pass, only when a message needs one: see
:mod:`generator.json_positions`), YAML by the YAML 1.2 core schema
(:mod:`generator.yaml12`). ``-`` is standard input; pipes are read as they
are. Problems (missing file, syntax error with line and column, duplicate
keys, a root that is not a mapping, a ``$ref`` to a missing file or a remote
URL) are collected as :class:`~generator.errors.Problem` values and raised
together as a :class:`~generator.errors.GeneratorError`; warnings (a YAML key
that is not a string, such as ``200:``) are kept in ``Document.warnings``.
"""

from __future__ import annotations

import hashlib
import json
import sys
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from generator.errors import (
    GeneratorError,
    Location,
    Problem,
    Severity,
    error,
    join_pointer,
    unescape_pointer_token,
    warning,
)
from generator.json_positions import JsonPositions, json_positions
from generator.refs import iter_refs
from generator.yaml12 import MERGE_TAG, STR_TAG, Yaml12Loader

# The entry "file" of a spec read from standard input (``-``): a name in the
# working directory, so relative ``$ref``s resolve against it.
STDIN_NAME = "<stdin>"
STDIN = Path(STDIN_NAME)


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
    positions: dict[Path, dict[str, tuple[int, int]]] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)  # JSON files: placed on demand
    names: dict[Path, str] = field(default_factory=dict)  # stdin, pipes: the name given
    digests: dict[Path, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)  # what loading forgave
    _json: dict[Path, JsonPositions] = field(default_factory=dict, repr=False)

    @property
    def data(self) -> Any:
        """The parsed entry file."""
        return self.files[self.root]

    def display_name(self, path: Path) -> str:
        """A short, machine-independent name for a file (relative to the entry file)."""
        if path in self.names:
            return self.names[path]
        try:
            return path.relative_to(self.root.parent).as_posix()
        except ValueError:
            return path.name

    def digest(self) -> str:
        """A SHA-256 over every file's name and bytes (what the document was made from)."""
        total = hashlib.sha256()
        for path in sorted(self.digests):
            total.update(f"{path}\0{self.digests[path]}\0".encode())
        return total.hexdigest()

    def json_places(self, file: Path) -> JsonPositions:
        """The positions of a JSON file, found on first use (a second pass over its text)."""
        if file not in self._json:
            self._json[file] = json_positions(self.texts.get(file, ""))
        return self._json[file]

    def locate(self, file: Path, pointer: str) -> Location:
        """The place of a pointer in a file, with the nearest known line."""
        positions = self.positions.get(file)
        if positions is None:
            positions = self.json_places(file).positions if file in self.texts else {}
        probe = pointer
        while True:
            if probe in positions:
                line, column = positions[probe]
                return Location(self.display_name(file), pointer, line, column)
            if not probe:
                return Location(self.display_name(file), pointer)
            probe = probe.rsplit("/", 1)[0]

    def placed(self, problem: Problem) -> Problem:
        """``problem`` with the line of its pointer, when it names the entry file without one."""
        where = problem.location
        if where is None or where.line is not None or where.file != self.display_name(self.root):
            return problem
        return replace(problem, location=self.locate(self.root, where.pointer))

    def resolve(self, ref: str, base: Path) -> Target:
        """Resolve a ``$ref`` string written in file ``base``; raise on a dangling one."""
        file_part, _, fragment = ref.partition("#")
        file = (base.parent / urllib.parse.unquote(file_part)).resolve() if file_part else base
        if file not in self.files:
            raise KeyError(f"file {file_part!r} is not loaded")
        pointer = urllib.parse.unquote(fragment)
        return Target(file, pointer, pointer_get(self.files[file], pointer))

    def walk_refs(self) -> Iterator[tuple[Path, str, str]]:
        """Every ``$ref`` in every loaded file: (file, pointer of the ref object, ref).

        A ``$ref`` key inside instance data (enum, default, examples, x-*) is not one.
        """
        for file, data in sorted(self.files.items()):
            for pointer, ref in iter_refs(data):
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


# What standard input and pipes held: they can be read once, and a command may load twice.
_STREAMED: dict[str, bytes] = {}


def _read_bytes(source: Path) -> bytes:
    if source == STDIN or not source.is_file():
        key = str(source)
        if key not in _STREAMED:
            _STREAMED[key] = sys.stdin.buffer.read() if source == STDIN else source.read_bytes()
        return _STREAMED[key]
    return source.read_bytes()


def _read_text(source: Path, path: Path, doc: Document, problems: list[Problem]) -> str | None:
    name = doc.display_name(path)
    try:
        raw = _read_bytes(source)
    except FileNotFoundError:
        problems.append(error("file-not-found", "no such file", Location(name)))
        return None
    except OSError as exc:
        problems.append(error("file-unreadable", f"cannot read: {exc}", Location(name)))
        return None
    doc.digests[path] = hashlib.sha256(raw).hexdigest()
    try:
        return raw.decode("utf-8-sig")  # an editor's BOM is not content
    except UnicodeDecodeError as exc:
        problems.append(error("file-unreadable", f"cannot read: {exc}", Location(name)))
        return None


def _looks_like_json(path: Path, text: str) -> bool:
    if path.suffix.lower() == ".json":
        return True
    return path.suffix.lower() not in {".yaml", ".yml"} and text.lstrip()[:1] in ("{", "[")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


class _Pairs:
    """``object_pairs_hook`` that notices repeated keys (their places come from a second pass)."""

    def __init__(self) -> None:
        self.repeated = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping = dict(pairs)
        if len(mapping) != len(pairs):
            self.repeated = True
        return mapping


def _read_json(
    path: Path, text: str, doc: Document, problems: list[Problem], *, fallback: bool
) -> tuple[bool, Any]:
    """(whether it was JSON, value); with ``fallback`` a non-JSON text is left to YAML."""
    name = doc.display_name(path)
    pairs = _Pairs()
    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        if fallback:
            return False, None
        where = Location(name, "", exc.lineno, exc.colno)
        problems.append(error("syntax", f"not valid JSON: {exc.msg}", where))
        return True, None
    except ValueError as exc:  # NaN / Infinity
        problems.append(error("syntax", f"not valid JSON: {exc}", Location(name)))
        return True, None
    except RecursionError:
        problems.append(error("syntax", "not readable: nested too deeply", Location(name)))
        return True, None
    doc.texts[path] = text
    if pairs.repeated:
        for pointer, line, column in doc.json_places(path).duplicates:
            key = unescape_pointer_token(pointer.rsplit("/", 1)[1])
            where = Location(name, pointer, line, column)
            problems.append(error("duplicate-key", f"key {key!r} appears twice", where))
    return True, data


def _read_yaml(path: Path, text: str, doc: Document, problems: list[Problem]) -> Any:
    name = doc.display_name(path)
    loader = Yaml12Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            problems.append(error("empty", "the file is empty", Location(name)))
            return None
        _record_positions(node, path, "", doc, problems)
        return loader.construct_document(node)
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
    except RecursionError:
        problems.append(error("syntax", "not readable: nested too deeply", Location(name)))
        return None
    finally:
        loader.dispose()


def _read_one(source: Path, path: Path, doc: Document, problems: list[Problem]) -> Any:
    """Parse the file read from ``source`` (a path, a pipe or stdin), known as ``path``."""
    name = doc.display_name(path)
    text = _read_text(source, path, doc, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(error("empty", "the file is empty", Location(name)))
        return None
    if _looks_like_json(source, text):
        # JSON is read as JSON (YAML would refuse C1 control characters and
        # surrogate-pair escapes, and read numbers by other rules); a file
        # named .json is held to JSON's grammar, anything else may be YAML.
        fallback = source.suffix.lower() != ".json"
        was_json, data = _read_json(path, text, doc, problems, fallback=fallback)
        if was_json:
            return data
    return _read_yaml(path, text, doc, problems)


def _record_positions(
    node: yaml.Node, path: Path, pointer: str, doc: Document, problems: list[Problem]
) -> None:
    positions = doc.positions.setdefault(path, {})
    name = doc.display_name(path)
    stack = [(node, pointer)]
    while stack:
        node, pointer = stack.pop()
        positions[pointer] = (node.start_mark.line + 1, node.start_mark.column + 1)
        children: list[tuple[yaml.Node, str]] = []
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                if key_node.tag == MERGE_TAG:
                    continue
                key = str(key_node.value)
                child = join_pointer(pointer, key)
                mark = key_node.start_mark
                where = Location(name, child, mark.line + 1, mark.column + 1)
                if key in seen:  # the second occurrence, not the first
                    problems.append(error("duplicate-key", f"key {key!r} appears twice", where))
                seen.add(key)
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != STR_TAG:
                    kind = key_node.tag.rsplit(":", 1)[-1]
                    problems.append(
                        warning(
                            "non-string-key",
                            f"key {key} is a YAML {kind}; read as the string {key!r}",
                            where,
                            f"quote it: '{key}'",
                        )
                    )
                children.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            children = [(item, join_pointer(pointer, i)) for i, item in enumerate(node.value)]
        stack.extend(reversed(children))


def entry_path(path: str | Path) -> tuple[Path, str | None]:
    """The key the entry file is known by, and its display name when that is not the file's.

    ``-`` is standard input and a pipe (``<(git show ...)``, ``/dev/fd/N``)
    is read as it is: both are named as given, and their relative ``$ref``s
    resolve against the working directory.
    """
    given = Path(path)
    if str(path) == "-":
        return Path.cwd() / STDIN_NAME, STDIN_NAME
    if given.exists() and not given.is_file() and not given.is_dir():  # a pipe, a device
        return Path.cwd() / f"<{given.name}>", str(path)
    return given.resolve(), None


def load(path: str | Path) -> Document:
    """Load the spec at ``path`` (``-``: standard input) and every local file its ``$ref``s reach."""
    root, shown = entry_path(path)
    doc = Document(root=root)
    source = {root: Path(path) if str(path) != "-" else STDIN}
    if shown is not None:
        doc.names[root] = shown
    problems: list[Problem] = []
    pending = [root]
    while pending:
        file = pending.pop()
        if file in doc.files:
            continue
        data = _read_one(source.get(file, file), file, doc, problems)
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
        for pointer, ref in iter_refs(data):
            file_part = ref.partition("#")[0]
            if not file_part:
                continue
            target = (file.parent / urllib.parse.unquote(file_part)).resolve()
            if urllib.parse.urlparse(file_part).scheme:
                problems.append(
                    error(
                        "remote-ref",
                        f"remote $ref {ref!r} is not supported",
                        doc.locate(file, join_pointer(pointer, "$ref")),
                        "download the file next to the spec and refer to it by a relative path",
                    )
                )
                continue
            if not target.is_file():
                where = doc.locate(file, join_pointer(pointer, "$ref"))
                problems.append(error("dangling-ref", f"$ref {ref!r}: no such file", where))
                continue
            pending.append(target)
    doc.warnings = [p for p in problems if p.severity < Severity.ERROR]
    if any(p.severity >= Severity.ERROR for p in problems):
        raise GeneratorError(problems)
    return doc
