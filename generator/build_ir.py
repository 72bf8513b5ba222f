"""Stage 3 entry point, kept for its callers: the IR is built by ``generator.parser``."""

from __future__ import annotations

from generator.parser import build

__all__ = ["build"]
