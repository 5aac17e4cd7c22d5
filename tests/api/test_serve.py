"""`skillscape serve` as a user runs it: the installed script in a subprocess, on a loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from skillscape.settings import Settings
from tests.servers import free_port

SCRIPT = Path(sys.executable).with_name("skillscape")


def test_serve_answers_on_the_given_host_and_port(seed_settings: Settings) -> None:
    port = free_port()
    env = {**os.environ, "SKILLSCAPE_STORE": str(seed_settings.store_path), "SKILLSCAPE_QUERY_WORKERS": "1"}
    command = [str(SCRIPT), "serve", "--host", "127.0.0.1", "--port", str(port), "--no-access-log"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.HTTPError:
                assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        assert health.json()["status"] == "ok"
        assert httpx.get(f"http://127.0.0.1:{port}/docs").status_code == 200
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    assert b"Application shutdown complete" in output  # the lifespan closed the store and the workers
