"""datamodel-codegen's output reused across edits of descriptions and enum values.

Importing datamodel-codegen alone costs more than the whole edit loop may
take, so an edit that changes only descriptions or enum values must not run
it. Before the call, each description and each string enum value that can be
put back by plain text substitution is replaced by a token numbered after its
place (equal values of one enum share one), so the spec datamodel-codegen
sees (the *placeholder spec*) is the same before and after such an edit. Its
output, kept in a content-addressed cache keyed by the placeholder spec, the
options and the tool's version, then gets the real values written back the
way datamodel-codegen writes them:

- a description becomes a docstring block: escaped (backslashes, triple
  quotes, NUL) and indented line by line, the token's own line giving the
  indentation (empty lines stay empty);
- an enum value becomes a quoted literal item (``'value'``).

Only values that text substitution can restore exactly are replaced: a
description that is not blank and holds no carriage return or NUL; an enum
value that is printable and holds no quote or backslash. Either must also
appear nowhere else in the spec as a string or a key (a default, a
discriminator's mapping, another keyword), so that nothing the generator
compares with it can tell the token from the value; the rest stays verbatim
and is part of the key. The output is only used when every token it holds
sits where it is expected (a description alone on its line, an enum value in
quotes) and none is left after substitution; otherwise datamodel-codegen runs
on the real spec, and the cache remembers that this placeholder spec cannot
be reused.

The cache lives in ``types/`` under the formatting cache's folder
(:func:`generator.fmt_cache.folder`; ``$SCENARIO_CODEGEN_CACHE=off`` turns
both off). ``generate --force`` and ``check`` never use it: they run
datamodel-codegen on the real spec, so ``make check`` would notice a
substitution that differs from it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.fmt_cache import folder

FORMAT = 2  # of the placeholders and the entries; a new rule needs a new number
_PREFIX = "Qz7dmc"
_TOKEN = re.compile(_PREFIX + r"([DE])(\d+)Qz")
_DESCRIPTION_LINE = re.compile(r"^( *)" + _PREFIX + r"D(\d+)Qz$", re.MULTILINE)
_ENUM_ITEM = re.compile("'" + _PREFIX + r"E(\d+)Qz'")
# values, not schemas: kept as they are (as is a property of one of these names)
_VALUE_KEYWORDS = frozenset({"default", "const", "example", "examples", "enum", "mapping"})
_MARK = "# sha256 "


@dataclass(frozen=True)
class Generated:
    """datamodel-codegen's result: the module's text, its model metadata (JSON) and warnings."""

    source: str
    metadata: str
    warnings: tuple[str, ...]


Run = Callable[[dict[str, Any]], Generated]  # runs datamodel-codegen on a prepared spec


@dataclass
class _Tokens:
    """The values replaced by tokens (token number -> value), per kind.

    Equal values share one token, wherever they are: datamodel-codegen merges
    schemas that are equal (two inline objects with the same description and
    fields become one class), so the placeholder spec must have exactly the
    real spec's equalities, no more and no fewer. A token is numbered after the
    first place of its value among the values replaced, so an edit of one
    value (to a value found nowhere else) leaves every token as it was.
    """

    taken: frozenset[str]
    descriptions: dict[int, str]
    enums: dict[int, str]
    _numbers: dict[tuple[str, str], int] = field(default_factory=dict)

    def _token(self, kind: str, value: str) -> str:
        values = self.descriptions if kind == "D" else self.enums
        number = self._numbers.setdefault((kind, value), len(values))
        values[number] = value
        return f"{_PREFIX}{kind}{number}Qz"

    def description(self, value: object) -> object:
        if (
            not isinstance(value, str)
            or not value.strip()
            or "\r" in value
            or "\0" in value
            or value in self.taken
        ):
            return value
        return self._token("D", value)

    def enum(self, values: list[Any]) -> list[Any]:
        replaced: list[Any] = []
        for value in values:
            if (
                not isinstance(value, str)
                or not value
                or not value.isprintable()
                or "'" in value
                or '"' in value
                or "\\" in value
                or value in self.taken
            ):
                replaced.append(value)
                continue
            replaced.append(self._token("E", value))
        return replaced


def _other_strings(node: Any, found: set[str]) -> None:
    """Every string of ``node`` (keys too) but descriptions and enum values."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                found.add(str(key))
                if key == "description" and isinstance(value, str):
                    continue
                if key == "enum" and isinstance(value, list):
                    stack.extend(v for v in value if not isinstance(v, str))
                    continue
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            found.add(item)


def _replaced(node: Any, tokens: _Tokens) -> Any:
    if isinstance(node, list):
        return [_replaced(item, tokens) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "description":
            out[key] = (
                tokens.description(value) if isinstance(value, str) else _replaced(value, tokens)
            )
        elif key == "enum" and isinstance(value, list):
            out[key] = tokens.enum(value)
        elif key in _VALUE_KEYWORDS or str(key).startswith("x-"):
            out[key] = value
        else:
            out[key] = _replaced(value, tokens)
    return out


def placeholders(prepared: dict[str, Any]) -> tuple[dict[str, Any], _Tokens] | None:
    """The placeholder spec of ``prepared`` and what it replaced; ``None`` if a token could clash."""
    taken: set[str] = set()
    _other_strings(prepared, taken)
    if _PREFIX in json.dumps(prepared, ensure_ascii=False):
        return None
    tokens = _Tokens(frozenset(taken), {}, {})
    return _replaced(prepared, tokens), tokens


def _escaped(value: str) -> str:
    """A description as datamodel-codegen escapes it for a docstring."""
    return value.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\0", "\\x00")


def substitute(generated: Generated, tokens: _Tokens) -> Generated | None:
    """``generated`` with the real values back; ``None`` if a token is somewhere unexpected."""
    descriptions, enums = tokens.descriptions, tokens.enums

    def description(match: re.Match[str]) -> str:
        indent, number = match.group(1), int(match.group(2))
        if number not in descriptions:
            return match.group(0)
        lines = _escaped(descriptions[number]).split("\n")
        return "\n".join(f"{indent}{line}" if line else "" for line in lines)

    def enum(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return f"'{enums[number]}'" if number in enums else match.group(0)

    source = _ENUM_ITEM.sub(enum, _DESCRIPTION_LINE.sub(description, generated.source))
    metadata = _ENUM_ITEM.sub(enum, generated.metadata)  # the fields' types, as in the module
    if _PREFIX in source or _PREFIX in metadata:
        return None

    def plain(match: re.Match[str]) -> str:
        values = descriptions if match.group(1) == "D" else enums
        return values.get(int(match.group(2)), match.group(0))

    said = tuple(_TOKEN.sub(plain, text) for text in generated.warnings)
    if any(_PREFIX in text for text in said):
        return None
    return Generated(source, metadata, said)


def root(name: str = "types") -> Path | None:
    """The cache's folder ``name`` (``None``: caching is off)."""
    base = folder()
    return None if base is None else base / name


def key(placeholder: dict[str, Any], salt: str) -> str:
    text = json.dumps(placeholder, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{FORMAT}\0{salt}\0{text}".encode()).hexdigest()


def read_entry(path: Path) -> dict[str, Any] | None:
    try:
        first, sep, text = path.read_text(encoding="utf-8").partition("\n")
    except (OSError, UnicodeDecodeError):
        return None
    if not sep or first != _MARK + hashlib.sha256(text.encode()).hexdigest():
        return None
    try:
        entry = json.loads(text)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) else None


def write_entry(path: Path, entry: dict[str, Any]) -> None:
    text = json.dumps(entry, ensure_ascii=False, sort_keys=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(text.encode()).hexdigest()
        temp.write_text(f"{_MARK}{digest}\n{text}", encoding="utf-8")
        temp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def _entry(generated: Generated) -> dict[str, Any]:
    return {
        "usable": True,
        "source": generated.source,
        "metadata": generated.metadata,
        "warnings": list(generated.warnings),
    }


def _from_entry(entry: dict[str, Any]) -> Generated | None:
    source, metadata, said = entry.get("source"), entry.get("metadata"), entry.get("warnings")
    if (
        not isinstance(source, str)
        or not isinstance(metadata, str)
        or not isinstance(said, list)
        or not all(isinstance(text, str) for text in said)
    ):
        return None
    return Generated(source, metadata, tuple(said))


def generated(prepared: dict[str, Any], salt: str, run: Run, *, reuse: bool) -> Generated:
    """datamodel-codegen's result for ``prepared``, through the cache when ``reuse``.

    ``salt`` is everything else that shapes its output (its version, the
    options, the header); ``run`` runs it.
    """
    where = root() if reuse else None
    found = placeholders(prepared) if where is not None else None
    if where is None or found is None:
        return run(prepared)
    placeholder, tokens = found
    digest = key(placeholder, salt)
    path = where / digest[:2] / f"{digest}.json"
    entry = read_entry(path)
    if entry is not None and entry.get("usable") is False:
        return run(prepared)
    cached = _from_entry(entry) if entry is not None else None
    if cached is None:
        try:
            cached = run(placeholder)
        except Exception:  # the real spec decides what is reported
            return run(prepared)
        result = substitute(cached, tokens)
        write_entry(path, _entry(cached) if result is not None else {"usable": False})
        return result if result is not None else run(prepared)
    result = substitute(cached, tokens)
    return result if result is not None else run(prepared)


def salt(caller: Path, package: str, header: str) -> str:
    """What besides the spec shapes datamodel-codegen's output.

    Its version, the text of ``caller`` (the module that spells out its
    options) and of this module (the substitution), the package its models'
    base class lives in and the header.
    """
    from generator.pipeline import _tool_versions  # noqa: PLC0415  # already imported

    version = _tool_versions().get("datamodel-code-generator", "missing")
    try:
        code = hashlib.sha256(caller.read_bytes() + Path(__file__).read_bytes()).hexdigest()
    except OSError:
        code = "unknown"
    return "\0".join([version, code, package, header])
