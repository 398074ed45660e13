"""Load benchmark for ``dotterel serve``: concurrent clients on loopback, throughput and latency.

Starts a real ``dotterel serve`` process over a fresh store (the sample corpus of the tests,
ingested through the API), then runs N concurrent clients for a fixed time, each alternating
``POST /v1/code`` (one short article) and ``GET /v1/events`` (a filtered page), and reports
requests per second and p50/p99 latency per endpoint. Any error or non-200 answer is counted
and makes the exit status 1.

    .venv/bin/python benchmarks/web_load.py [--clients 50] [--seconds 20] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "tests" / "data" / "web_articles.jsonl"
TOKEN = "bench-token"
ARTICLE = (
    "Russia's President Dmitry Medvedev on Tuesday urged both the Syrian government and the "
    "opposition to lay down their arms. A Russian envoy met Syrian President Bashar al-Assad in "
    "Damascus on Monday. The United States and the European Union criticized Moscow's draft "
    "resolution on Syria as too weak."
)
EVENT_QUERIES = [
    {"limit": 20},
    {"actor": "RUS", "limit": 20},
    {"type": "ACCUSE", "since": "2011-07-01", "limit": 20},
    {"recipient": "SYR", "offset": 5, "limit": 20},
]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(store: Path, port: int) -> subprocess.Popen[str]:
    """``dotterel serve`` in its own process; returns once /healthz answers."""
    env = {**os.environ, "DOTTEREL_TOKEN": TOKEN}
    command = [
        sys.executable, "-m", "dotterel.cli", "serve", "--store", str(store),
        "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    proc = subprocess.Popen(command, env=env, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).raise_for_status()
            return proc
        except httpx.TransportError:
            if proc.poll() is not None:
                raise SystemExit("dotterel serve exited before answering") from None
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("dotterel serve did not start in 120 s")


async def client(
    http: httpx.AsyncClient, index: int, stop: float, results: dict[str, list[float]]
) -> None:
    """One client: code, then list events, again and again until ``stop``."""
    turn = index
    while time.monotonic() < stop:
        for name in ("code", "events"):
            began = time.perf_counter()
            try:
                if name == "code":
                    body = {"text": ARTICLE, "published": "2011-08-30", "id": f"c{index}"}
                    response = await http.post("/v1/code", json=body)
                else:
                    params = EVENT_QUERIES[turn % len(EVENT_QUERIES)]
                    response = await http.get("/v1/events", params=params)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            elapsed = time.perf_counter() - began
            results[name if ok else "errors"].append(elapsed)
        turn += 1


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of the values, in milliseconds."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


async def drive(base: str, clients: int, seconds: float) -> dict[str, Any]:
    """Run the clients for ``seconds``; the figures."""
    results: dict[str, list[float]] = {"code": [], "events": [], "errors": []}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        began = time.monotonic()
        stop = began + seconds
        await asyncio.gather(*(client(http, i, stop, results) for i in range(clients)))
        wall = time.monotonic() - began
    figures: dict[str, Any] = {"clients": clients, "seconds": round(wall, 1)}
    done = len(results["code"]) + len(results["events"])
    figures["requests"] = done
    figures["errors"] = len(results["errors"])
    figures["requests_per_s"] = round(done / wall, 1)
    for name in ("code", "events"):
        values = results[name]
        figures[name] = {
            "requests": len(values),
            "per_s": round(len(values) / wall, 1),
            "p50_ms": round(percentile(values, 50), 1),
            "p99_ms": round(percentile(values, 99), 1),
            "mean_ms": round(1000 * statistics.fmean(values), 1) if values else None,
        }
    return figures


def main() -> int:
    """Start the server, load it, print the figures; exit 1 on any error."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        proc = start_server(Path(tmp) / "events.duckdb", port)
        try:
            articles = [json.loads(line) for line in SAMPLES.read_text().splitlines()]
            httpx.post(
                f"{base}/v1/articles",
                json={"articles": articles},
                headers={"Authorization": f"Bearer {TOKEN}"},
                timeout=120,
            ).raise_for_status()
            figures = asyncio.run(drive(base, args.clients, args.seconds))
            figures["server_rss_mb"] = _rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(30)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"{figures['clients']} clients, {figures['seconds']} s: {figures['requests']:,} "
            f"requests ({figures['requests_per_s']}/s), {figures['errors']} errors"
        )
        for name in ("code", "events"):
            f = figures[name]
            print(
                f"  {name:6} {f['requests']:6,} requests  {f['per_s']:7.1f}/s  "
                f"p50 {f['p50_ms']:7.1f} ms  p99 {f['p99_ms']:7.1f} ms"
            )
        print(f"  server memory (RSS) at the end: {figures['server_rss_mb']} MB")
    return 1 if figures["errors"] else 0


def _rss_mb(pid: int) -> float | None:
    """The resident memory of a process in MB (Linux), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


if __name__ == "__main__":
    sys.exit(main())
