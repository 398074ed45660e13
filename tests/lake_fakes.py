"""Corpora for the lake and engine tests, and the real services they run against: a moto S3
server on loopback and a local Ray cluster of two worker CPUs (both started on demand, once
per test session, and stopped by their own process ids)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# Ray on one machine: every process on the loopback address; the test cluster keeps Ray's
# token authentication, with a token of its own for this session (``ray start`` refuses to
# start without one, and only ``ray.init`` would write ~/.ray/auth_token). Ray reads these
# when it is imported, so they are set here, first.
RAY_ENV = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token",
           "RAY_AUTH_TOKEN": secrets.token_hex(32), "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
for _key, _value in RAY_ENV.items():
    os.environ.setdefault(_key, _value)

WHO = ["Russia", "France", "Germany", "Turkey", "Egypt", "Japan", "Brazil", "India", "Iran"]
WHOM = ["Syria", "Libya", "Israel", "China", "Canada", "Mexico", "Kenya", "Qatar"]
DID = ["threatened", "accused", "criticized", "praised", "urged", "warned", "condemned"]
MORE = [
    "{a} also said it would send envoys to {b} next week.",
    "Officials in {b} rejected the statement on Tuesday.",
    "The foreign minister of {a} met his counterpart from {b} in Geneva.",
    "{b} accused {a} of meddling in its affairs.",
]


def story(i: int, sentences: int = 1) -> dict[str, str]:
    """Article ``i``: a dated story of one or more sentences between two countries."""
    a, b = WHO[i % len(WHO)], WHOM[(i // len(WHO)) % len(WHOM)]
    did = DID[(i // (len(WHO) * len(WHOM))) % len(DID)]
    text = [f"{a} {did} {b} on Monday over the border dispute number {i}."]
    text += [MORE[(i + k) % len(MORE)].format(a=a, b=b) for k in range(sentences - 1)]
    month = 8 + i % 2
    return {"id": f"s{i}", "published": f"2011-{month:02d}-{1 + i % 28:02d}",
            "text": " ".join(text)}


def write_corpus(folder: Path, n: int, files: int = 3, sentences: int = 1,
                 bad_line_in: int | None = None) -> list[Path]:
    """``n`` stories as JSONL files (a malformed line in file ``bad_line_in``, when given)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(files):
        lines = [json.dumps(story(i, sentences)) for i in range(f, n, files)]
        if bad_line_in == f:
            lines.insert(len(lines) // 2, '{"id": "broken", "text": ')
        path = folder / f"feed{f}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def free_port() -> int:
    """A free TCP port on the loopback address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


S3_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
          "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="session")
def moto_s3() -> Iterator[dict[str, str]]:
    """A real S3 API (moto's server) on loopback; the environment that points clients at it."""
    pytest.importorskip("moto", reason="the S3 tests need moto[server] (the dev extra)")
    pytest.importorskip("s3fs", reason="the S3 tests need s3fs (the dev extra)")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    env = {**S3_ENV, "AWS_ENDPOINT_URL": f"http://{host}:{port}"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield env
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        server.stop()


@pytest.fixture(scope="session")
def ray_cluster(moto_s3: dict[str, str], tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[str]:
    """A local Ray cluster (``ray start --head --block``, 2 CPUs) whose workers reach the S3
    server; its address. Stopped by SIGTERM to that one process, which ends its children."""
    pytest.importorskip("ray", reason="the Ray tests need ray[data] (the dev extra)")
    ray_bin = Path(sys.executable).with_name("ray")
    temp = tmp_path_factory.mktemp("ray")
    port = free_port()
    env = {**os.environ, **moto_s3}  # RAY_ENV is in os.environ (set above)
    log = (temp / "ray-start.log").open("w")
    proc = subprocess.Popen(
        [str(ray_bin), "start", "--head", "--block", f"--port={port}", "--num-cpus=2",
         "--include-dashboard=false", "--object-store-memory=200000000",
         "--disable-usage-stats"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    address = f"127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while "Ray runtime started" not in (temp / "ray-start.log").read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("ray start failed:\n" + (temp / "ray-start.log").read_text()[-3000:])
        time.sleep(0.5)
    try:
        yield address
    finally:
        # SIGTERM lets Ray drain for up to 30 s; its processes share the session started
        # for it, so after a short wait that whole group (and only it) is killed.
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)
        log.close()


def ray_workers() -> list[int]:
    """The process ids of the Ray Data actors that code shards."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"MapBatches(ShardWorker)" in cmdline:
            pids.append(int(entry.name))
    return pids


def wait_for(check: object, timeout: float = 120.0, every: float = 0.05) -> None:
    """Wait until ``check()`` is true, or fail."""
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting")
        time.sleep(every)


def copy_tree(src: Path, dst: Path) -> Path:
    """A copy of a folder."""
    shutil.copytree(src, dst)
    return dst
