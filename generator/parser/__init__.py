"""Stage 3: build the IR (``generator.ir``) from a bundled, validated spec.

Reads the single-document spec that ``bundle`` produced and decides, once,
every name and type hint the templates print. Constructs the generator does
not support are problems naming their JSON pointer, never silently dropped.
One module per concern, each returning its IR piece and its problems as a
``context.Parsed`` value:

* ``context``: the spec, component class names and shared name registries;
* ``api``: the whole :class:`~generator.ir.Api` (the entry point, :func:`build`);
* ``operations``: one operation, its resource path and signature;
* ``parameters``, ``bodies`` (by kind), ``responses`` (by kind), ``auth``,
  ``pagination``: the parts of an operation;
* ``extensions``: the checks of the ``x-sdk-*`` extensions read here;
* ``resources``: the resource tree and its class and module names;
* ``servers``: the default base URL.
"""

from __future__ import annotations

from generator.parser.api import build

__all__ = ["build"]
