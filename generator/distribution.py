"""The generated distribution: what it depends on, how it builds, which names it may not take.

The package is built with hatchling from an explicit list of the files the
generator wrote (``only-include``): the build happens out of tree (no
``build/`` or ``*.egg-info`` left in the output folder), nothing else lying in
the folder is shipped, and a file removed from the output is gone from the
next wheel. Version-control ignore files are not consulted, so a project's
``.gitignore`` cannot drop a generated module from the wheel.
"""

from __future__ import annotations

import keyword
import sys

DEPENDENCIES = ("httpx>=0.27", "pydantic>=2.10")
BUILD_REQUIRES = ("hatchling>=1.26",)
BUILD_BACKEND = "hatchling.build"

# Top-level modules that DEPENDENCIES install, their own dependencies included
# (checked against the installed metadata by the tests): a generated package
# of one of these names would shadow it, or be shadowed by it.
DEPENDENCY_MODULES = frozenset(
    {
        "annotated_types",
        "anyio",
        "certifi",
        "exceptiongroup",
        "h11",
        "httpcore",
        "httpx",
        "idna",
        "pydantic",
        "pydantic_core",
        "sniffio",
        "typing_extensions",
        "typing_inspection",
    }
)


def reserved_reason(name: str) -> str | None:
    """Why ``name`` cannot be the generated package's import name, or None when it can."""
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return "is a Python keyword"
    if name in sys.stdlib_module_names or name in sys.builtin_module_names:
        return "would shadow a module of the standard library"
    if name in DEPENDENCY_MODULES:
        return "would shadow a module the generated package depends on"
    return None
