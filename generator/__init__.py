"""Spec-driven generator for typed Python API clients.

The pipeline, one module per stage, data flowing one way::

    load -> validate -> build_ir -> render_types / render_client -> fmt -> write

``python -m generator`` is the command-line entry point (see ``cli``).
"""

__version__ = "0.1.0"
