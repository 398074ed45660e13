"""Test helpers: serve a dotterel app with uvicorn on a free loopback port, in a thread."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import uvicorn
from helpers import DATA

TOKEN = "test-token-7f3a"
ARTICLES = DATA / "web_articles.jsonl"


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Run ``app`` under uvicorn on 127.0.0.1 (a free port) until the block ends; its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


def sample_articles() -> list[dict[str, Any]]:
    """The dashboard's sample corpus: 14 short dated wire stories."""
    return [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]


def ingest_samples(base: str) -> dict[str, Any]:
    """POST the sample corpus to a running server."""
    response = httpx.post(
        f"{base}/v1/articles",
        json={"articles": sample_articles()},
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=60,
    )
    response.raise_for_status()
    return dict(response.json())
