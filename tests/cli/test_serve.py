"""Tests for ``dotterel serve``: a real server process, loopback only, model loaded once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from dotterel.cli import main


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_is_registered_and_documented(repo_root: Path) -> None:
    assert "serve" in main.commands
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--token" in result.output and "127.0.0.1" in result.output
    assert "dotterel serve" in (repo_root / "README.md").read_text(encoding="utf-8")


def test_serve_runs_a_server_with_a_token_from_the_environment(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "DOTTEREL_TOKEN": "env-token"}
    store = tmp_path / "events.duckdb"
    command = [
        sys.executable,
        "-m",
        "dotterel.cli",
        "serve",
        "--store",
        str(store),
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{base}/healthz", timeout=2).json()
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        assert health["writable"] is True and health["store"]["articles"] == 0
        article = {"text": "Russia threatened Syria on Monday.", "published": "2011-08-30"}
        posted = httpx.post(
            f"{base}/v1/articles",
            json={"articles": [article]},
            headers={"Authorization": "Bearer env-token"},
            timeout=30,
        )
        assert posted.status_code == 200 and posted.json()["stored"] == 1
        assert httpx.get(f"{base}/v1/events").json()["total"] >= 1
    finally:
        proc.terminate()
        proc.wait(30)
    assert store.exists()
