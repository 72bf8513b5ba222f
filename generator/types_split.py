"""Stage 5b: a large types module split into a package of modules, one per model family.

Importing one module of 2,700 pydantic classes (GitHub's spec) costs seconds,
nearly all of it pydantic building each class; a client, or a ``from
<pkg>.types import Model``, needs a few of them. Above :data:`SPLIT_ABOVE`
classes the formatted types module becomes ``types/``, as Stainless SDKs and
openapi-python-client lay out their models:

- the reference graph of the module's top-level statements (a class or an
  alias defines a name; the names it uses in bases, annotations, string
  annotations, defaults, decorators and alias values are its edges);
- its strongly connected components share a module; a component that exactly
  one other uses joins its user's module (``RepositoryPermissions`` lives with
  ``Repository``); every other component is a module of its own. Edges into a
  module then only reach its first component, so the modules form a DAG and
  each imports what it uses from its dependencies at runtime (pydantic
  resolves annotations in the module's namespace);
- each module keeps the header imports it uses, its share of the
  ``__non_nullable__`` table, and binds its own classes' strict mode to the
  one schema table (``types/_schemas.json``);
- ``types/__init__.py`` (the facade, rendered from a template) imports each
  public name from its module on first access, and under ``TYPE_CHECKING``.

Statements are cut from black's output (read by one regular expression for
the classes, by ``ast`` for the rest: a parse of GitHub's module alone costs a
second) and composed in black's and isort's layout (two blank lines between
top-level statements, isort's order of the imports), so no module needs
formatting again. Module names come from each
family's first class (:func:`generator.naming.types_modules`).
"""

from __future__ import annotations

import ast
import bisect
import itertools
import re
import sys
from dataclasses import dataclass, field

from generator import layout, naming
from generator.ir import export_order

# Above this many classes the types module is a package. Below it, importing the one module
# is cheap (the curated spec's 37 classes: ~0.1 s, most of it pydantic itself), and one file
# is what datamodel-codegen users and the tests that read ``types.py`` expect; at 200
# pydantic's class building alone (about 2 ms a class) passes a third of a second.
SPLIT_ABOVE = 200

TABLE_NAME = "__non_nullable__"
TABLE_FILE = "_schemas.json"


@dataclass(eq=False)
class _Unit:
    """A top-level definition with the statements that belong to it (its docstring)."""

    index: int
    text: str
    defines: list[str]
    names: set[str] = field(default_factory=set)  # every name it reads
    uses: set[str] = field(default_factory=set)  # the definitions among them (its edges)
    starts_block: bool = False  # a class or function (its first statement)
    quoted: list[str] = field(default_factory=list)  # one-line strings that may name a class


@dataclass(frozen=True)
class TypesModule:
    """One module of the package: its name, the public names it defines, its source."""

    name: str
    names: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class TypesPackage:
    """The split types module: its modules, in the order of their first definition."""

    modules: tuple[TypesModule, ...]

    @property
    def imports(self) -> list[tuple[str, tuple[str, ...]]]:
        """(module, names) for the facade's imports, in isort's order of the modules."""
        by_name = {m.name: m.names for m in self.modules if m.names}
        return [(name, by_name[name]) for name in layout.module_order(by_name)]

    @property
    def owners(self) -> list[tuple[str, str]]:
        """(public name, its module), sorted by name."""
        return sorted((n, m.name) for m in self.modules for n in m.names)

    @property
    def exports(self) -> tuple[str, ...]:
        """Every public name, in the order ruff keeps ``__all__`` (RUF022)."""
        return export_order([name for name, _ in self.owners])


def class_count(source: str) -> int:
    """The number of top-level classes of a types module (a cheap count, no parse)."""
    return sum(1 for line in source.splitlines() if line.startswith("class "))


def split(source: str, *, above: int = SPLIT_ABOVE) -> TypesPackage | None:
    """The types package of formatted types module ``source``; None at ``above`` classes or
    fewer, or for a module with a statement it cannot place (the module stays one file)."""
    if class_count(source) <= above:
        return None
    try:
        return _split(source)
    except _UnsplittableError:  # a shape datamodel-codegen does not write: one module still works
        return None


class _UnsplittableError(Exception):
    """The module holds a statement the split does not know where to put."""


def _split(source: str) -> TypesPackage:
    lines = source.splitlines(keepends=True)
    header, imports, units, table, table_doc = _parts(source, lines)
    defined = {name: unit for unit in units for name in unit.defines}
    if any(not unit.defines for unit in units) or len(defined) != sum(
        len(unit.defines) for unit in units
    ):
        raise _UnsplittableError("a statement that defines no name, or a name defined twice")
    for unit in units:
        if any(set(_NAME.findall(text)) & defined.keys() for text in unit.quoted):
            unit.names = _uses(_one_statement(unit.text))  # a string that may name a class
        unit.uses = (unit.names & defined.keys()).difference(unit.defines)
    named = _families(units, defined)
    families = [family for _, family in named]
    names = naming.types_modules([first for first, _ in named], taken=set(defined))
    module_of = {
        name: module
        for module, family in zip(names, families, strict=True)
        for unit in family
        for name in unit.defines
    }
    table_entries = _table_entries(table, lines)
    modules = []
    for module, (first, family) in zip(names, named, strict=True):
        modules.append(
            TypesModule(
                module,
                tuple(n for u in family for n in u.defines if not n.startswith("_")),
                _module_source(
                    module,
                    family,
                    header,
                    first=first,
                    imports=imports,
                    module_of=module_of,
                    table_entries=table_entries,
                    table_doc=table_doc,
                ),
            )
        )
    return TypesPackage(tuple(modules))


# black's output read by one regular expression (an ``ast`` parse of GitHub's 82,000 lines
# costs a second): string literals (skipped; a multi-line one hides the starts of its lines),
# comments (skipped) and names.
_TOKENS = re.compile(
    r"(?P<string>[rRbBuUfF]{0,2}(?:"
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'))"
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<open>[\[(])|(?P<close>[\])])"
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUOTED_TYPE = re.compile(r"""^[rRbBuUfF]?["'][\w\s.|,\[\]]*["']$""")  # could be a forward ref
_STATEMENT_NAME = re.compile(r"(?:async\s+)?(?:class|def)\s+(\w+)")
_STRING_START = re.compile(r"""[rRbBuUfF]{0,2}["']""")


def _parts(
    source: str, lines: list[str]
) -> tuple[str, list[ast.stmt], list[_Unit], ast.AnnAssign | None, str]:
    """The header comment, the header imports, the definitions, the ``__non_nullable__``
    assignment and the table's docstring.

    A top-level statement of black's output starts at a line's first column (outside a
    string, not a closing bracket, a comment or a decorated line); a class or function is
    read by :data:`_TOKENS` alone (its names; ``ast`` when a string where a type may stand,
    outside calls, displays and ``Literal[...]``, names a definition: a forward reference),
    any other statement by ``ast``.
    """
    offsets = list(itertools.accumulate((len(line) for line in lines), initial=0))
    inside, names, quoted = _scan(source, offsets)
    starts = _starts(lines, inside)
    if not starts:
        raise _UnsplittableError("no statement")
    header = "".join(lines[: starts[0]]).rstrip("\n")
    imports: list[ast.stmt] = []
    units: list[_Unit] = []
    table: ast.AnnAssign | None = None
    table_doc = ""
    position = starts[0]  # lines taken so far
    for k, start in enumerate(starts):
        end = _end(lines, inside, start, starts[k + 1] if k + 1 < len(starts) else len(lines))
        text = "".join(lines[start:end])
        head = lines[start]
        defined = _STATEMENT_NAME.match(_first_code_line(lines, start, end))
        if head.startswith(("from ", "import ")):
            if not units and table is None:  # else the strict models' import ending the module
                imports.extend(ast.parse(text).body)
        elif head.startswith(TABLE_NAME):
            table = _table(text, start)
        elif table is not None or head.startswith("_bind_strict_models("):
            if table is not None and not table_doc and _STRING_START.match(head):
                table_doc = text
        elif _STRING_START.match(head) and units:  # an attribute docstring: its definition's
            units[-1].text = "".join(lines[units[-1].index : end]).strip("\n") + "\n"
        elif defined is not None:
            span = (offsets[position], offsets[end])
            unit = _Unit(position, "".join(lines[position:end]).strip("\n") + "\n", [defined[1]])
            unit.names = {n for _, n in _between(names, span)}
            unit.quoted = [q for _, q in _between(quoted, span)]
            unit.starts_block = True
            units.append(unit)
        else:
            stmt = _one_statement(text)
            defines = _defines(stmt)
            if not defines and units:  # a statement about the previous definition
                units[-1].text = "".join(lines[units[-1].index : end]).strip("\n") + "\n"
                units[-1].names |= _uses(stmt)
            else:
                unit = _Unit(position, "".join(lines[position:end]).strip("\n") + "\n", defines)
                unit.names = _uses(stmt)
                units.append(unit)
        position = end
    return header, imports, units, table, table_doc


def _scan(
    source: str, offsets: list[int]
) -> tuple[list[bool], list[tuple[int, str]], list[tuple[int, str]]]:
    """Which lines start inside a string, every name (with its offset), and the one-line
    strings where a type may stand (outside calls, displays and ``Literal[...]``)."""
    inside = [False] * (len(offsets) - 1)  # the line starts inside a string
    names: list[tuple[int, str]] = []
    quoted: list[tuple[int, str]] = []
    opened: list[str] = []  # the open brackets: "[" after a name (a subscript), else "("
    previous = (-1, "")  # where the last name ended, and that name
    for match in _TOKENS.finditer(source):
        kind, text = match.lastgroup, match.group()
        if kind == "name":
            names.append((match.start(), text))
            previous = (match.end(), text)
        elif kind == "open":
            subscript = text == "[" and previous[0] == match.start() and previous[1] != "Literal"
            opened.append("[" if subscript else "(")
        elif kind == "close":
            if opened:
                opened.pop()
        elif "\n" in text:  # a string over several lines
            first = bisect.bisect_right(offsets, match.start())
            last = bisect.bisect_right(offsets, match.end() - 1)
            inside[first:last] = [True] * (last - first)
        elif kind == "string" and (not opened or opened[-1] == "[") and _QUOTED_TYPE.match(text):
            quoted.append((match.start(), text))  # where a type may stand: a forward ref?
    return inside, names, quoted


def _table(text: str, start: int) -> ast.AnnAssign:
    """The ``__non_nullable__`` assignment (``text``, from line ``start``), numbered as in
    the module."""
    tree = ast.parse(text)
    ast.increment_lineno(tree, start)
    found = tree.body[0]
    if not isinstance(found, ast.AnnAssign):
        raise _UnsplittableError(f"{TABLE_NAME} is not an annotated assignment")
    return found


def _starts(lines: list[str], inside: list[bool]) -> list[int]:
    """The first line of each top-level statement (its decorators included)."""
    starts: list[int] = []
    decorating = False
    for index, line in enumerate(lines):
        if inside[index] or not line.strip() or line[0] in " \t)]}#":
            continue
        if not decorating:
            starts.append(index)
        decorating = line.startswith("@")
    return starts


def _end(lines: list[str], inside: list[bool], start: int, following: int) -> int:
    """The line after the statement starting at ``start`` (the next starts at ``following``):
    the blank lines and comments before the next statement are the next one's."""
    end = following
    while (
        end > start + 1
        and not inside[end - 1]
        and (not lines[end - 1].strip() or lines[end - 1].startswith("#"))
    ):
        end -= 1
    return end


def _first_code_line(lines: list[str], start: int, end: int) -> str:
    """The statement's first line that is not a decorator."""
    for line in lines[start:end]:
        if not line.startswith("@"):
            return line
    return ""


def _between(found: list[tuple[int, str]], span: tuple[int, int]) -> list[tuple[int, str]]:
    """The entries of ``found`` (sorted by offset) whose offset is within ``span``."""
    low = bisect.bisect_left(found, (span[0], ""))
    high = bisect.bisect_left(found, (span[1], ""))
    return found[low:high]


def _one_statement(text: str) -> ast.stmt:
    body = ast.parse(text).body
    if len(body) != 1:
        raise _UnsplittableError("a chunk that is not one statement")
    return body[0]


def _target(stmt: ast.stmt) -> str | None:
    target = getattr(stmt, "target", None)
    return target.id if isinstance(target, ast.Name) else None


def _defines(stmt: ast.stmt) -> list[str]:
    if isinstance(stmt, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
        return [stmt.name]
    if isinstance(stmt, ast.Assign):
        return [t.id for t in stmt.targets if isinstance(t, ast.Name)]
    name = _target(stmt) if isinstance(stmt, ast.AnnAssign) else None
    return [name] if name else []


def _uses(stmt: ast.stmt) -> set[str]:
    """The names ``stmt`` reads: every name, and the names of forward references (strings in
    annotations and alias values, outside ``Literal[...]`` and calls such as ``Field(...)``)."""
    found: set[str] = set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.AnnAssign | ast.arg):
            if node.annotation is not None:
                _forward(node.annotation, found)
        elif isinstance(node, ast.Call) and _is_alias_call(node) and len(node.args) > 1:
            _forward(node.args[1], found)
    return found


def _forward(node: ast.AST, found: set[str]) -> None:
    """The names of the string annotations in type expression ``node``."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            try:
                parsed = ast.parse(node.value, mode="eval")
            except SyntaxError:
                return
            found.update(n.id for n in ast.walk(parsed) if isinstance(n, ast.Name))
            _forward(parsed.body, found)
    elif isinstance(node, ast.Subscript):
        head = node.value.id if isinstance(node.value, ast.Name) else None
        if head == "Literal":
            return  # its strings are values, not names
        if head == "Annotated" and isinstance(node.slice, ast.Tuple) and node.slice.elts:
            _forward(node.slice.elts[0], found)
            return
        _forward(node.slice, found)
    elif isinstance(node, ast.BinOp | ast.Tuple | ast.List):
        for child in ast.iter_child_nodes(node):
            _forward(child, found)


def _is_alias_call(node: ast.Call) -> bool:
    return isinstance(node.func, ast.Name) and node.func.id == "TypeAliasType"


def _families(units: list[_Unit], defined: dict[str, _Unit]) -> list[tuple[str, list[_Unit]]]:
    """The units grouped in modules, each in source order with the name of its root
    component's first definition (its module's name), ordered by their first unit."""
    components = _components(units, defined)
    component_of = {id(u): c for c, members in enumerate(components) for u in members}
    users: list[set[int]] = [set() for _ in components]
    copies = {id(unit): base for unit in units if (base := _copied(unit)) is not None}
    for unit in units:
        mine = component_of[id(unit)]
        for name in unit.uses:
            theirs = component_of[id(defined[name])]
            if theirs != mine and copies.get(id(unit)) != name:
                users[theirs].add(mine)
    # Each component joins its one user's family (a copy: its base's, when nothing uses it).
    joins = list(range(len(components)))
    for c, members in enumerate(components):
        if len(users[c]) == 1:
            joins[c] = next(iter(users[c]))
        elif not users[c] and len(members) == 1 and id(members[0]) in copies:
            joins[c] = component_of[id(defined[copies[id(members[0])]])]
    owner = [_last(joins, c) for c in range(len(components))]
    grouped: dict[int, list[_Unit]] = {}
    for c, members in enumerate(components):
        grouped.setdefault(owner[c], []).extend(members)
    families = [
        (min(components[root], key=_by_index).defines[0], sorted(members, key=_by_index))
        for root, members in grouped.items()
    ]
    return sorted(families, key=lambda family: family[1][0].index)


def _last(joins: list[int], start: int) -> int:
    """The component ``start`` ends in, following who joins whom (a chain, no cycle: a
    component joins one that uses it, or a copy its base, which nothing but it uses)."""
    seen = {start}
    at = start
    while joins[at] != at and joins[at] not in seen:
        at = joins[at]
        seen.add(at)
    return at


# A class that only gives another class a new name (render_types writes one for a
# component that repeats another's schema): one base, then a docstring or ``pass`` and
# nothing else (``ast`` confirms it, for the few classes whose base is one of the module's).
_COPY_CLASS = re.compile(r"class \w+\(\s*(\w+),?\s*\):\n    (?:pass|[rR]?\"\"\")")
_COPY_ALIAS = re.compile(r"\w+ = TypeAliasType\(\s*(['\"])\w+\1,\s*(\w+),?\s*\)\n")


def _copied(unit: _Unit) -> str | None:
    """The definition that ``unit`` only renames (a bare subclass, an alias of a name)."""
    if len(unit.uses) != 1:
        return None
    (base,) = unit.uses
    if unit.starts_block:
        found = _COPY_CLASS.match(unit.text)
        if found is None or found[1] != base:
            return None
        node = ast.parse(unit.text).body[0]  # confirmed on the statement itself
        body_only_doc = isinstance(node, ast.ClassDef) and all(
            isinstance(s, ast.Pass)
            or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
            for s in node.body
        )
        return base if body_only_doc else None
    found = _COPY_ALIAS.match(unit.text)
    return base if found is not None and found[2] == base else None


def _components(units: list[_Unit], defined: dict[str, _Unit]) -> list[list[_Unit]]:
    """Tarjan's strongly connected components (iterative), each after those it uses."""
    index_of: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[_Unit] = []
    result: list[list[_Unit]] = []
    counter = 0
    for start in units:
        if id(start) in index_of:
            continue
        work: list[tuple[_Unit, list[_Unit]]] = []
        index_of[id(start)] = low[id(start)] = counter
        counter += 1
        stack.append(start)
        on_stack.add(id(start))
        work.append((start, sorted({defined[n] for n in start.uses}, key=_by_index)))
        while work:
            unit, pending = work[-1]
            if pending:
                nxt = pending.pop()
                if id(nxt) not in index_of:
                    index_of[id(nxt)] = low[id(nxt)] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(id(nxt))
                    work.append((nxt, sorted({defined[n] for n in nxt.uses}, key=_by_index)))
                elif id(nxt) in on_stack:
                    low[id(unit)] = min(low[id(unit)], index_of[id(nxt)])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[id(parent)] = min(low[id(parent)], low[id(unit)])
            if low[id(unit)] == index_of[id(unit)]:
                members = []
                while True:
                    top = stack.pop()
                    on_stack.discard(id(top))
                    members.append(top)
                    if top is unit:
                        break
                result.append(members)
    return result


def _by_index(unit: _Unit) -> int:
    return unit.index


def _table_entries(table: ast.AnnAssign | None, lines: list[str]) -> dict[str, str]:
    """Each class's entry of the ``__non_nullable__`` table, as its formatted lines."""
    if table is None or not isinstance(table.value, ast.Dict):
        return {}
    entries = {}
    for key, value in zip(table.value.keys, table.value.values, strict=True):
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            if key.lineno == table.lineno:  # not in black's exploded layout: one line each
                raise _UnsplittableError("the __non_nullable__ table is not one entry a line")
            text = "".join(lines[key.lineno - 1 : value.end_lineno])
            entries[key.value] = text.rstrip("\n").rstrip(",") + ",\n"
    return entries


def _module_source(
    module: str,
    family: list[_Unit],
    header: str,
    *,
    first: str,
    imports: list[ast.stmt],
    module_of: dict[str, str],
    table_entries: dict[str, str],
    table_doc: str,
) -> str:
    """The module of ``family``: header, docstring, imports, definitions, table, binding."""
    names: set[str] = set().union(*(u.names for u in family))
    local: dict[str, list[str]] = {".._strict_models": ["bind as _bind_strict_models"]}
    for name in set().union(*(u.uses for u in family)):
        if module_of[name] != module:
            local.setdefault("." + module_of[name], []).append(name)
    sections: list[list[str]] = [[], [], []]
    for stmt in imports:
        _header_import(stmt, names, sections, local)
    sections.append([layout.import_from(m, local[m]) for m in layout.module_order(local)])
    own = [n for u in family for n in u.defines]
    docstring = f'"""The ``{first}`` family of the types package (import it from there)."""'
    statements = [u.text.rstrip("\n") for u in family]
    share = [table_entries[name] for name in own if name in table_entries]
    if share:
        statements.append(
            f"{TABLE_NAME}: dict[str, frozenset[str]] = {{\n{''.join(share)}}}\n"
            + table_doc.rstrip("\n")
        )
    statements.append(
        f"# strict=True consults __schemas__, read from {TABLE_FILE} on first use\n"
        f'_bind_strict_models(globals(), "{TABLE_FILE}", aliases=False)'
    )
    imports_text = "\n\n".join("\n".join(s) for s in sections if s)
    top = f"{header}\n{docstring}" if header else docstring
    # isort's lines after the imports: two before a class or function, else one
    gap = "\n\n\n" if family[0].starts_block else "\n\n"
    return f"{top}\n\n{imports_text}{gap}" + "\n\n\n".join(statements) + "\n"


_FUTURE, _STDLIB, _THIRD = range(3)


def _header_import(
    stmt: ast.stmt, used: set[str], sections: list[list[str]], local: dict[str, list[str]]
) -> None:
    """The header import ``stmt`` restricted to the names in ``used``: a line in its section
    (future, standard library, third party), or names for ``local`` (relative: one level up)."""
    if isinstance(stmt, ast.ImportFrom):
        module = "." * stmt.level + (stmt.module or "")
        if module == "__future__":
            sections[_FUTURE].append(ast.unparse(stmt))
            return
        kept = [
            a.name if a.asname is None else f"{a.name} as {a.asname}"
            for a in stmt.names
            if (a.asname or a.name) in used
        ]
        if not kept:
            return
        if stmt.level:
            local.setdefault("." + module, []).extend(kept)
            return
        root = module.split(".")[0]
        kind = _STDLIB if root in sys.stdlib_module_names else _THIRD
        sections[kind].append(layout.import_from(module, kept))
    elif isinstance(stmt, ast.Import):
        for alias in stmt.names:
            if (alias.asname or alias.name.split(".")[0]) in used:
                root = alias.name.split(".")[0]
                kind = _STDLIB if root in sys.stdlib_module_names else _THIRD
                sections[kind].append(ast.unparse(ast.Import([alias])))
