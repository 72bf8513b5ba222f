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

from generator import distribution
from generator.ir import Api
from generator.runtime_surface import RUNTIME

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


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
    return env


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


def render_client(api: Api, header_text: str, templates: Path = TEMPLATES) -> dict[str, str]:
    """Rendered files by path relative to the output folder (package files under ``api.package``).

    ``header_text`` is the generated-file notice; templates print it as ``header``
    (a ``#`` comment block) or, in Markdown, as ``header_text``.
    """
    env = _environment(templates)
    header = comment(header_text)
    pkg = api.package
    files: dict[str, str] = {}

    def render(template: str, target: str, **extra: object) -> None:
        files[target] = env.get_template(template).render(
            api=api, header=header, header_text=header_text, **extra
        )

    render("package/__init__.py.j2", f"{pkg}/__init__.py")
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
