"""Stage 4b: render the client, resources, pages and package files from templates.

Templates live in the repository's ``templates/`` folder and see only the IR
(``api``) plus the file header; ``StrictUndefined`` turns a typo into an
error instead of an empty string. The runtime (``generator/runtime``) is
copied next to the rendered files unchanged.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

from generator import distribution, layout, literals
from generator.ir import Api, Argument
from generator.layout_fallback import MARK, settle
from generator.runtime_surface import RUNTIME
from generator.types_split import TypesPackage

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# Templates written in black's (and isort's) layout through the layout filters below:
# what they render is final, unless a filter meets a shape it is not certain of.
LAID_OUT = frozenset(
    {
        "package/__init__.py.j2",
        "package/_client.py.j2",
        "package/_version.py.j2",
        "package/pagination.py.j2",
        "package/resources/__init__.py.j2",
        "package/resources/resource.py.j2",
        "package/types/__init__.py.j2",
    }
)


@functools.lru_cache(maxsize=4)  # compiled templates are kept; jinja2 reloads an edited one
def _environment(templates: Path):  # type: ignore[no-untyped-def]  # jinja2 is imported lazily
    import jinja2  # noqa: PLC0415  # cold path only

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701  # renders Python source, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(jinja2),
    )
    env.filters["pyrepr"] = repr
    env.filters["toml"] = toml_string
    _LAYOUT.install(env.filters)
    return env


class _Filters:
    """The templates' layout filters (:mod:`generator.layout`).

    A shape the layout cannot write with certainty is written as plain source
    behind :data:`~generator.layout_fallback.MARK`, for black to format that
    statement alone (:func:`~generator.layout_fallback.settle`). Lenient (while
    a module is rendered again to be formatted by black as a whole), unmarked.
    """

    def __init__(self) -> None:
        self.lenient = False

    def install(self, filters: dict[str, Any]) -> None:
        filters["pystr"] = layout.string
        filters["import_from"] = lambda names, module, depth=0: layout.import_from(
            module, names, depth
        )
        filters["import_order"] = self.import_order
        filters["assign"] = self.assign
        filters["docstring"] = self.docstring
        filters["param"] = self.param
        filters["returns"] = self.returns
        filters["fits"] = self.fits

    def _plain(self, plain: str) -> str:
        """What the layout could not write, as plain source: marked for black to format
        that statement alone (unmarked while lenient)."""
        return plain if self.lenient else MARK + plain

    @staticmethod
    def import_order(items: Any, prefix: str, attribute: str) -> list[Any]:
        """``items`` in isort's order of the modules ``prefix + item.<attribute>``."""
        return sorted(
            items, key=lambda i: layout.import_key(prefix + getattr(i, attribute), names=False)
        )

    def assign(self, source: str | literals.Construct, target: str) -> str:
        """``target = source`` (an expression's source, or a constructor call to write) in
        black's layout, at module level."""
        try:
            return layout.assignment(target, source)
        except layout.LayoutError:
            return self._plain(f"{target} = {source}")

    def docstring(self, literal: str, depth: int) -> str:
        """A docstring literal as black writes it at ``depth`` (4-space levels)."""
        try:
            return layout.docstring(literal, depth)
        except layout.LayoutError:
            return self._plain(literal)

    def param(self, argument: Argument, depth: int) -> str:
        """One parameter line of an exploded signature (optional ones default to ``NOT_GIVEN``)."""
        hint = argument.type_hint if argument.required else f"NotGiven | {argument.type_hint}"
        default = None if argument.required else "NOT_GIVEN"
        try:
            return layout.parameter(argument.python_name, hint, default, depth).lstrip(" ")
        except layout.LayoutError:
            plain = f"{argument.python_name}: {hint}" + (f" = {default}," if default else ",")
            return self._plain(plain)

    def returns(self, hint: str, depth: int) -> str:
        """``) -> hint:``, the end of an exploded signature."""
        try:
            return layout.returns(hint, depth).lstrip(" ")
        except layout.LayoutError:
            return self._plain(f") -> {hint}:")

    def fits(self, line: str, depth: int) -> str:
        """``line`` unchanged, if it fits at ``depth`` (black would split it otherwise)."""
        if layout.fits(layout.INDENT * depth + line):
            return line
        return self._plain(line)


_LAYOUT = _Filters()


def _black(source: str, *, name: str, package: str) -> str:
    from generator.fmt import format_statement  # noqa: PLC0415  # only for marked statements

    return format_statement(source, name, package)


def _bytecode_cache(jinja2: Any) -> Any:  # the module, imported lazily; its cache or None
    """Compiled templates kept across runs (a fresh process compiles none it has seen).

    jinja2 keys each by the template's name and source; the folder is named
    after this module's text, which holds the options the compiled code depends
    on, below the formatting cache's (``None`` when caching is off).
    """
    from generator.fmt_cache import folder  # noqa: PLC0415

    base = folder()
    if base is None:
        return None
    options = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    path = base / "jinja" / options
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(path))


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (control characters and DEL escaped, the rest verbatim)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return (
        '"'
        + "".join(
            f"\\u{ord(ch):04X}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch for ch in escaped
        )
        + '"'
    )


def render_client(
    api: Api,
    header_text: str,
    templates: Path = TEMPLATES,
    *,
    laid_out: set[str] | None = None,
) -> dict[str, str]:
    """Rendered files by path relative to the output folder (package files under ``api.package``).

    ``header_text`` is the generated-file notice; templates print it as ``header``
    (a ``#`` comment block) or, in Markdown, as ``header_text``. The paths of
    the modules rendered in their final (black and isort) layout are added to
    ``laid_out``: they need no formatting. The others are still to be formatted.
    """
    env = _environment(templates)
    files: dict[str, str] = {}
    render = functools.partial(
        _render, env, files, laid_out, api=api, header=comment(header_text), header_text=header_text
    )
    pkg = api.package

    render("package/__init__.py.j2", f"{pkg}/__init__.py", lazy_imports=_lazy_imports(api))
    render("package/_client.py.j2", f"{pkg}/_client.py")
    render("package/_version.py.j2", f"{pkg}/_version.py")
    render("package/pagination.py.j2", f"{pkg}/pagination.py")
    render("package/py.typed.j2", f"{pkg}/py.typed")
    render("package/resources/__init__.py.j2", f"{pkg}/resources/__init__.py")
    for resource in api.all_resources:
        render(
            "package/resources/resource.py.j2",
            f"{pkg}/resources/{resource.module}.py",
            resource=resource,
        )
    render("README.md.j2", "README.md")
    return files


def render_types_package(
    api: Api,
    header_text: str,
    types: TypesPackage,
    templates: Path = TEMPLATES,
    *,
    laid_out: set[str] | None = None,
) -> dict[str, str]:
    """The types package (:mod:`generator.types_split`): its facade rendered from its
    template, and its modules (in their final layout), by path relative to the output folder."""
    files = {f"{api.package}/types/{m.name}.py": m.source for m in types.modules}
    if laid_out is not None:
        laid_out.update(files)
    _render(
        _environment(templates),
        files,
        laid_out,
        "package/types/__init__.py.j2",
        f"{api.package}/types/__init__.py",
        api=api,
        header=comment(header_text),
        header_text=header_text,
        types=types,
    )
    return files


def _render(
    env: Any,
    files: dict[str, str],
    laid_out: set[str] | None,
    template: str,
    target: str,
    **context: Any,
) -> None:
    """Template ``template`` rendered into ``files[target]``; ``target`` added to ``laid_out``
    when it is written in its final layout (a shape left to black: it is to be formatted)."""
    compiled = env.get_template(template)
    package = context["api"].package
    try:
        marked = compiled.render(**context)
        settled = settle(marked, functools.partial(_black, name=target, package=package))
        if settled is None:
            raise layout.LayoutError("marked statements that do not parse")
        files[target] = settled
    except layout.LayoutError:  # a shape left to black: the module is formatted after all
        _LAYOUT.lenient = True
        try:
            files[target] = compiled.render(**context)
        finally:
            _LAYOUT.lenient = False
        return
    if template in LAID_OUT and laid_out is not None:
        laid_out.add(target)


def _lazy_imports(api: Api) -> list[tuple[str, tuple[str, ...]]]:
    """The package's lazily imported modules and their names, in isort's order of the modules."""
    modules = [
        ("_client", (api.client_class, api.async_client_class)),
        *api.runtime_imports,
    ]
    if api.paginations:
        pages = [name for p in api.paginations for name in (p.async_page, p.sync_page)]
        modules.append(("pagination", tuple(pages)))
    return sorted(modules, key=lambda item: layout.import_key("." + item[0], names=False))


def render_pyproject(
    api: Api,
    header_text: str,
    package_files: list[str],
    types_source: str,
    templates: Path = TEMPLATES,
) -> str:
    """``pyproject.toml``, listing ``package_files`` (every file written below the package).

    Its requirements follow from ``types_source`` (``EmailStr`` needs email-validator).
    """
    return str(
        _environment(templates)
        .get_template("pyproject.toml.j2")
        .render(
            api=api,
            header=comment(header_text),
            package_files=sorted(package_files),
            distribution=distribution,
            dependencies=distribution.dependencies(types_source),
        )
    )


def comment(text: str) -> str:
    """``text`` as a block of ``#`` comment lines."""
    return "\n".join(f"# {line}" for line in text.splitlines())


def runtime_files(api: Api, header_text: str) -> dict[str, str]:
    """The runtime modules, copied unchanged below a generated-file header."""
    header = comment(header_text)
    out: dict[str, str] = {}
    for path in sorted(RUNTIME.glob("_*.py")):
        if path.name == "__init__.py":
            continue
        out[f"{api.package}/{path.name}"] = header + "\n" + path.read_text(encoding="utf-8")
    return out
