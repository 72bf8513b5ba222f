"""The reference pages' three Python samples, run unmodified as scripts against the server.

Each sample reads its credentials and base URL from the environment, as the pages
say, and prints one thing; the server returns the seed example of the operation.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from scenario_sdk.types import ModelUpdateResponse, TrainActionResponse

from tests.client.conftest import API_KEY, API_SECRET, BASIC, seed
from tests.support.server import RecordingServer

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = Path(__file__).resolve().parent / "samples"

# What the pages show, kept here so an edit to a sample file is caught.
PAGE_LINES = {
    "list.py": ["page = client.models.list()", "page = page.models[0]", "print(page.id)"],
    "update.py": [
        "model = client.models.update(",
        '    model_id="modelId",',
        "print(model.model)",
    ],
    "action.py": [
        "response = client.models.train.action(",
        '    model_id="modelId",',
        '    action="cancel",',
        "print(response.model)",
    ],
}


def run_sample(name: str, server: RecordingServer) -> str:
    """Run ``samples/name`` in a fresh interpreter; return its stdout."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SCENARIO_SDK_", "PYTHON"))
    }
    env.update(
        SCENARIO_SDK_API_KEY=API_KEY,
        SCENARIO_SDK_API_SECRET=API_SECRET,
        SCENARIO_SDK_BASE_URL=server.url,
        PYTHONPATH=str(ROOT / "generated"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    done = subprocess.run(
        [sys.executable, str(SAMPLES / name)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


@pytest.mark.parametrize("name", sorted(PAGE_LINES))
def test_samples_are_the_pages_code(name: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[:2] == ["import os", "from scenario_sdk import Scenario"]
    assert (
        '    api_key=os.environ.get("SCENARIO_SDK_API_KEY"),'
        "  # This is the default and can be omitted"
    ) in lines
    assert (
        '    api_secret=os.environ.get("SCENARIO_SDK_API_SECRET"),'
        "  # This is the default and can be omitted"
    ) in lines
    for line in PAGE_LINES[name]:
        assert line in lines
    assert "base_url" not in text  # the environment points it at the test server


def test_list_sample_prints_the_first_models_id(server: RecordingServer) -> None:
    payload = seed("models.list.response")
    server.enqueue(json=payload)

    stdout = run_sample("list.py", server)

    assert stdout == f"{payload['models'][0]['id']}\n"
    sent = server.last
    assert (sent.method, sent.path, sent.query_string) == ("GET", "/models", "")
    assert sent.headers["authorization"] == BASIC
    assert len(server.requests) == 1  # printing the first page fetches no other


def test_update_sample_prints_the_model(server: RecordingServer) -> None:
    payload = seed("models.update.response")
    server.enqueue(json=payload)

    stdout = run_sample("update.py", server)

    expected = ModelUpdateResponse.model_validate(payload).model
    assert stdout == f"{expected}\n"
    assert f"id={payload['model']['id']!r}" in stdout
    sent = server.last
    assert (sent.method, sent.path) == ("PUT", "/models/modelId")
    assert sent.json == {}
    assert sent.headers["authorization"] == BASIC


def test_action_sample_prints_the_model(server: RecordingServer) -> None:
    payload = seed("models.train.action.response")
    server.enqueue(json=payload)

    stdout = run_sample("action.py", server)

    expected = TrainActionResponse.model_validate(payload).model
    assert stdout == f"{expected}\n"
    assert f"id={payload['model']['id']!r}" in stdout
    sent = server.last
    assert (sent.method, sent.path) == ("POST", "/models/modelId/train/action")
    assert sent.json == seed("models.train.action.request")
    assert sent.headers["authorization"] == BASIC
