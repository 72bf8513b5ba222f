"""Second stage of the corpus run (skeleton): a contract check per operation.

For a spec that ours generated: ``server.py`` (openapi-core, its own venv)
listens on 127.0.0.1 and validates every request it gets against the spec;
``driver.py`` (the package's declared dependencies plus hypothesis-jsonschema)
calls each client method once with arguments drawn from the spec's schemas.
The result: operations called, requests the validator accepted, and the first
mismatches with their reason.
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import envs

HERE = Path(__file__).resolve().parent
SERVER_REQUIREMENTS = ["openapi-core==0.23.1", "werkzeug==3.1.9", "pyyaml==6.0.3"]
# hypothesis pinned to the last release hypothesis-jsonschema 0.23.1 works with.
DRIVER_EXTRAS = ["hypothesis==6.170.0", "hypothesis-jsonschema==0.23.1", "pyyaml==6.0.3"]


@dataclass
class Contract:
    """What the contract check found on one spec."""

    methods: int = 0
    called: int = 0
    requests: int = 0
    accepted: int = 0
    mismatches: list[str] = field(default_factory=list)  # first few: operation and reason
    client_errors: list[str] = field(default_factory=list)  # first few: method and exception
    error: str = ""  # the check itself could not run


def check(spec: Path, out: Path, package: str, cache: Path, timeout: float) -> Contract:
    """Run the server and the driver on one generated package."""
    server_python = envs.ensure_venv(cache / "venvs" / "contract-server", SERVER_REQUIREMENTS)
    deps = envs.declared_dependencies(out / "pyproject.toml")
    driver_python = envs.deps_python(cache, sorted(deps + DRIVER_EXTRAS))
    work = out.parent
    port_file, log, calls = (
        work / "contract.url",
        work / "contract-server.jsonl",
        work / "contract-calls.jsonl",
    )
    server = subprocess.Popen(
        [server_python, HERE / "server.py", spec, "--port-file", port_file, "--log", log,
         "--max-seconds", str(timeout + 60)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        started = time.monotonic()
        while not port_file.exists():
            if server.poll() is not None or time.monotonic() - started > 60:
                return Contract(
                    error=f"server did not start: {(server.stderr.read() if server.stderr else '')[-300:]}"
                )
            time.sleep(0.1)
        base_url = port_file.read_text()
        driver = subprocess.run(
            [driver_python, HERE / "driver.py", spec, package, base_url, "--out", calls],
            cwd=out, env={"PYTHONPATH": str(out), "PATH": "/usr/bin:/bin"},
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return Contract(error=f"driver timed out after {timeout:.0f} s")
    finally:
        server.terminate()
        server.wait(timeout=30)
    if driver.returncode != 0 and not calls.exists():
        return Contract(error=f"driver failed: {driver.stderr.strip()[-300:]}")
    return summarize(_lines(calls), _lines(log))


def _lines(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def summarize(calls: list[dict[str, object]], requests: list[dict[str, object]]) -> Contract:
    """Counts from the driver's and the server's logs."""
    result = Contract(
        methods=len(calls),
        called=sum(bool(c.get("called")) for c in calls),
        requests=len(requests),
        accepted=sum(bool(r.get("accepted")) for r in requests),
    )
    result.mismatches = [
        f"{r.get('operation') or r.get('path')}: {r.get('error')}"
        for r in requests
        if not r.get("accepted")
    ][:5]
    result.client_errors = [
        f"{c.get('method_name')}: {c.get('error')}" for c in calls if c.get("error")
    ][:5]
    return result
