"""``make corpus``: generate clients for a corpus of public specs, side by side with peers.

Stages: catalog (specs.toml) -> fetch (npm pack, cached in .corpus/) -> measure
(one spec at a time in a fresh folder: our generator, datamodel-codegen,
openapi-python-client; import and ruff checks of our output) -> report
(RESULTS.md). Run ``python -m benchmarks.corpus --help``.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The sibling benchmark modules (harness.py, generation.py) are flat scripts that import
# each other by bare name: their folder goes on the path so the corpus reuses them.
_BENCHMARKS = str(Path(__file__).resolve().parent.parent)
if _BENCHMARKS not in sys.path:
    sys.path.append(_BENCHMARKS)
