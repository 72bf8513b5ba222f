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
import re
import sys

DEPENDENCIES = ("httpx>=0.27", "pydantic>=2.11")
# What pydantic needs beyond itself for some of the types it is given: a package
# whose types module uses one of these names declares the extra requirement.
_TYPE_REQUIREMENTS = {"EmailStr": "email-validator>=2.0", "NameEmail": "email-validator>=2.0"}


def dependencies(types_source: str) -> tuple[str, ...]:
    """The generated package's requirements, given its types module's source."""
    used = set(re.findall(r"\b[A-Za-z_]\w*\b", types_source)) & set(_TYPE_REQUIREMENTS)
    return (*DEPENDENCIES, *sorted({_TYPE_REQUIREMENTS[name] for name in used}))


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
