"""Second stage of the corpus run: a contract check per operation.

For a spec that ours generated: ``server.py`` (openapi-core, its own venv)
listens on 127.0.0.1, validates every request it gets against the spec and
answers with a response drawn from the 2xx schema; ``driver.py`` (the
package's declared dependencies plus hypothesis-jsonschema) calls each client
method, sync and async, with arguments drawn from the spec's schemas for every
body media type it supports. :func:`summarize` joins both logs by call id:
methods, calls, requests, requests accepted, responses parsed, and each
finding with its cause (:mod:`.classify`).
"""

from __future__ import annotations

import json
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import envs
from . import classify

HERE = Path(__file__).resolve().parent
SERVER_REQUIREMENTS = ["openapi-core==0.23.1", "werkzeug==3.1.9", "pyyaml==6.0.3",
                       "hypothesis==6.170.0", "hypothesis-jsonschema==0.23.1"]  # fmt: skip
# hypothesis pinned to the last release hypothesis-jsonschema 0.23.1 works with.
DRIVER_EXTRAS = ["hypothesis==6.170.0", "hypothesis-jsonschema==0.23.1", "pyyaml==6.0.3"]


@dataclass
class Contract:
    """What the contract check found on one spec."""

    methods: int = 0  # public methods of the sync client
    called: int = 0  # methods called at least once
    calls: int = 0  # calls made (every draw, media type and flavour)
    async_calls: int = 0
    requests: int = 0  # requests the server received from those calls
    accepted: int = 0  # ... that openapi-core accepted
    responses: int = 0  # calls whose request got an answer with a body or status to parse
    parsed: int = 0  # ... that the client parsed (strict mode) without an error
    kinds: list[str] = field(default_factory=list)  # body kinds sent
    findings: list[dict[str, str]] = field(default_factory=list)  # every one, with its cause
    mismatches: list[str] = field(default_factory=list)  # first few refused requests
    client_errors: list[str] = field(default_factory=list)  # first few client exceptions
    note: str = ""  # e.g. a sample of the methods only
    seconds: float = 0.0
    error: str = ""  # the check itself could not run


def check(
    spec: Path,
    out: Path,
    package: str,
    cache: Path,
    timeout: float,
    *,
    draws: int = 3,
    max_methods: int | None = None,
    served: Path | None = None,
    driver_python: Path | None = None,
) -> Contract:
    """Run the server and the driver on one generated package.

    The server validates against ``served`` (default: ``spec``, the one the package was
    generated from); the driver runs in a venv of the package's declared dependencies
    plus :data:`DRIVER_EXTRAS` unless ``driver_python`` names another interpreter.
    """
    server_python = server_venv(cache)
    if driver_python is None:
        deps = envs.declared_dependencies(out / "pyproject.toml")
        driver_python = envs.deps_python(cache, sorted(deps + DRIVER_EXTRAS))
    work = out.parent
    port_file, log, calls = (
        work / "contract.url",
        work / "contract-server.jsonl",
        work / "contract-calls.jsonl",
    )
    for stale in (port_file, log, calls):
        stale.unlink(missing_ok=True)
    started = time.monotonic()
    errors = (work / "contract-server.err").open(
        "w+", encoding="utf-8"
    )  # werkzeug logs every request
    server = subprocess.Popen(
        [server_python, HERE / "server.py", served or spec, "--port-file", port_file, "--log", log,
         "--max-seconds", str(timeout + 120)],
        stdout=subprocess.DEVNULL, stderr=errors, text=True,
    )  # fmt: skip
    extra = ["--max-methods", str(max_methods)] if max_methods else []
    try:
        while not (
            port_file.exists() and port_file.read_text().strip()
        ):  # written, not just created
            if server.poll() is not None or time.monotonic() - started > 120:
                server.kill()
                errors.seek(0)
                return Contract(error=f"server did not start: {errors.read()[-300:]}")
            time.sleep(0.1)
        base_url = port_file.read_text()
        driver = subprocess.run(
            [driver_python, HERE / "driver.py", spec, package, base_url, "--out", calls,
             "--draws", str(draws), "--budget", str(timeout), *extra],
            cwd=out, env={"PYTHONPATH": str(out), "PATH": "/usr/bin:/bin"},
            capture_output=True, text=True, timeout=timeout + 60, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        driver = None
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        errors.close()
    if driver is not None and driver.returncode != 0 and not calls.exists():
        return Contract(error=f"driver failed: {driver.stderr.strip()[-300:]}")
    result = summarize(_lines(calls), _lines(log))
    if driver is None:
        result.note = f"driver stopped after {timeout + 60:.0f} s; counts are of the calls made"
    elif driver.returncode != 0:
        result.note = f"driver exited {driver.returncode}: {driver.stderr.strip()[-200:]}"
    result.seconds = round(time.monotonic() - started, 1)
    return result


def server_venv(cache: Path) -> Path:
    """The python of the server's venv (openapi-core and its pins), created once."""
    return envs.ensure_venv(cache / "venvs" / "contract-server", SERVER_REQUIREMENTS)


def _lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            found.append(json.loads(line))
        except json.JSONDecodeError:  # a line cut by a stopped process
            continue
    return found


def summarize(calls: list[dict[str, Any]], requests: list[dict[str, Any]]) -> Contract:
    """Counts and findings from the driver's and the server's logs, joined by call id."""
    by_call: dict[str, dict[str, Any]] = {}
    for request in requests:
        by_call.setdefault(str(request.get("call", "")), request)
    made = [c for c in calls if c.get("call")]
    notes = [c for c in calls if c.get("meta")]
    total = next((int(c["methods"]) for c in calls if "methods" in c), 0)
    calls = [c for c in calls if "methods" not in c]
    result = Contract(
        methods=max(total, len({c.get("method_name") for c in calls if c.get("method_name")})),
        called=len({c.get("method_name") for c in made}),
        calls=len(made),
        async_calls=sum(c.get("flavour") == "async" for c in made),
        requests=len(requests),
        accepted=sum(bool(r.get("accepted")) for r in requests),
        kinds=sorted({str(c.get("kind")) for c in made if c.get("kind")}),
        note="; ".join(str(n["meta"]) for n in notes),
    )
    for call in calls:
        if call.get("meta"):
            continue
        request = by_call.get(str(call.get("call", "")))
        error = str(call.get("error") or "")
        if not call.get("call"):
            result.findings.append(_finding(call, "client", error or "not called", {}))
            continue
        if request is None:
            result.findings.append(_finding(call, "client", error or "no request received", call))
            continue
        if not request.get("accepted"):
            facts = {**call, "query": request.get("query", "")}
            result.findings.append(_finding(call, "request", str(request.get("error")), facts))
        result.responses += 1
        if error:
            facts = {"response_error": request.get("response_error")}
            result.findings.append(_finding(call, "response", error, facts))
        else:
            result.parsed += 1
    refused = [f for f in result.findings if f["stage"] == "request"]
    result.mismatches = [f"{f['operation']}: {f['message']}"[:300] for f in refused][:5]
    result.client_errors = [
        f"{f['method']}: {f['message']}"[:300] for f in result.findings if f["stage"] != "request"
    ][:5]
    return result


def _finding(
    call: dict[str, Any], stage: str, message: str, facts: dict[str, Any]
) -> dict[str, str]:
    """One finding, its cause and the facts the cause was decided on (kept: the table decides
    again from stored results with the rules of its day)."""
    cause, why = classify.classify(stage, message, facts)
    return {
        "operation": str(call.get("operation") or ""),
        "method": str(call.get("method_name") or ""),
        "call": str(call.get("call") or ""),
        "stage": stage,
        "cause": cause,
        "why": why,
        "message": message[:900],
        "invalid": "; ".join(str(i) for i in facts.get("invalid") or [])[:400],
        "response_error": str(facts.get("response_error") or "")[:400],
        "undefined": " ".join(str(n) for n in facts.get("undefined") or []),
        "query": str(facts.get("query") or "")[:600],
    }
