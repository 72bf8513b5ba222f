"""Shared test setup: the generated package on sys.path, hypothesis profiles, fixtures."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"

# Tests see black's own work: the cache of formatted modules (generator/fmt_cache.py) is off,
# here and in every interpreter a test starts, except where a test turns it on in tmp_path.
os.environ["SCENARIO_CODEGEN_CACHE"] = "off"

if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))

# CI runs are reproducible (derandomized); `make test-deep` explores far more.
settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile(
    "deep",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytest_plugins = ["tests.support.fixtures"]
