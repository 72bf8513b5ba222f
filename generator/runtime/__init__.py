"""Runtime support copied unchanged into every generated client package (see each module).

This file itself is not copied: it only says which runtime modules are public.
The generated package's ``__init__`` re-exports every name in their ``__all__``;
the other modules are imported by generated code by name.
"""

PUBLIC_MODULES = (
    "_binary",
    "_exceptions",
    "_files",
    "_models",
    "_raw_body",
    "_response",
    "_streaming",
    "_types",
    "_validate",
)
