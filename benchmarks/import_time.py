"""Group 5: import time of the generated package next to a datamodel-codegen module.

Each sample is a fresh ``python -X importtime -c "import X"``; the number is
the cumulative time of the top-level ``X`` line (everything importing ``X``
pulled in), beside the process's wall time. Contenders run interleaved.

The children import from byte-code caches, as an installed package does
(pip compiles what it installs): ``PYTHONDONTWRITEBYTECODE`` is dropped from
every child's environment (``harness.child_env``) and these caches go to ``benchmarks/.work/pycache``
(``PYTHONPYCACHEPREFIX``, nothing written beside the sources), filled by the
warm-up runs. Otherwise every sample would also compile the contenders'
sources, which no deployed service does.
"""

from __future__ import annotations

import re
from pathlib import Path

from harness import (
    PY,
    ROOT,
    WORK,
    Section,
    Stats,
    Target,
    child_env,
    fmt_ratio,
    interleave,
    ratio,
    run_child,
    table,
)

_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def parse(stderr: str) -> list[tuple[int, int, int, str]]:
    """(self µs, cumulative µs, depth, module) for every ``-X importtime`` line."""
    rows = []
    for line in stderr.splitlines():
        match = _LINE.match(line)
        if match:
            own, cumulative, indent, name = match.groups()
            rows.append((int(own), int(cumulative), len(indent) // 2, name))
    return rows


def cumulative_us(stderr: str, module: str) -> int:
    """The cumulative import time of ``module`` (and of its parent packages) at top level."""
    top = module.split(".", 1)[0]
    return sum(
        cum
        for _, cum, depth, name in parse(stderr)
        if depth == 0 and (name == top or (name.startswith(top + ".") and module.startswith(name)))
    )


def statement(target: str) -> str:
    """``import X``, or ``from X import Y`` for a target written ``X:Y``."""
    module, _, name = target.partition(":")
    return f"from {module} import {name}" if name else f"import {module}"


def top_imports(stderr: str, *, limit: int = 10) -> str:
    """The modules with the largest cumulative import time (nested ones included)."""
    rows = sorted(parse(stderr), key=lambda r: r[1], reverse=True)[:limit]
    return table(
        ["module", "depth", "cumulative", "self"],
        [
            [f"`{name}`", depth, f"{cum / 1000:.1f} ms", f"{own / 1000:.1f} ms"]
            for own, cum, depth, name in rows
        ],
    )


def cached_env(path: Path) -> dict[str, str]:
    """A child's environment that reads and writes byte-code caches under ``.work/pycache``."""
    env = child_env(pythonpath=path)
    env["PYTHONPYCACHEPREFIX"] = str(WORK / "pycache")
    return env


def run(contenders: dict[str, tuple[str, Path]], *, warmup: int, runs: int) -> Section:
    """``contenders``: label -> (module to import, folder to put on sys.path)."""

    def task(module: str, path: Path):
        return lambda: run_child(
            [PY, "-X", "importtime", "-c", statement(module)],
            cwd=ROOT,
            env=cached_env(path),
        )

    results = interleave(
        {label: task(module, path) for label, (module, path) in contenders.items()},
        warmup=warmup,
        runs=runs,
        label="import time",
    )
    rows = []
    stats: dict[str, Stats] = {}
    failed = []
    for label, children in results.items():
        module = contenders[label][0]
        if not all(c.ok for c in children):
            failed.append(f"`{label}` failed: {children[-1].stderr.strip().splitlines()[-1:]}")
            continue
        stats[label] = Stats(
            [cumulative_us(c.stderr, module.partition(":")[0]) / 1e6 for c in children]
        )
        wall = Stats([c.wall for c in children])
        rows.append([label, f"`{statement(module)}`", *stats[label].cells(), wall.cells()[1]])
    first = next(iter(stats.values()), None)
    for row, label in zip(rows, stats, strict=True):
        row.append(fmt_ratio(ratio(stats[label], first)) if first else "-")
    body = table(
        ["what", "statement", "min", "median", "max", "process wall (median)", "vs first row"], rows
    )
    body += f"\n\n`-X importtime` cumulative time of the imported module; {warmup} warm-up + {runs} fresh processes each, interleaved, importing from byte-code caches (the warm-up fills them)."
    if failed:
        body += "\n\n" + "\n".join(failed)
    cli = [
        cum
        for _, cum, _, name in parse(results[next(iter(results))][-1].stderr)
        if name == "httpx._main"
    ]
    if cli:
        body += (
            f"\n\n`import httpx` includes its command-line module (`httpx._main`, {cli[0] / 1000:.0f} ms "
            "here) because click, rich and pygments are installed in the bench venv (black and the "
            "peers bring them); a service without them imports httpx faster."
        )
    label, (module, path) = next(iter(contenders.items()))
    if label in stats:
        child = run_child(
            [PY, "-X", "importtime", "-c", f"import {module}"],
            cwd=ROOT,
            env=cached_env(path),
        )
        body += f"\n\nWhat `import {module}` spends its time on:\n\n" + top_imports(
            child.stderr, limit=8
        )
    peer = "datamodel-codegen one-file output, same spec"
    targets = [
        Target(f"{label} / {peer}", ratio(stats[label], stats[peer]), 1.0)
        for label in ("ours: the generated package", "ours: the types")
        if label in stats and peer in stats
    ]
    return Section("Import time", body, targets)
