"""Tests for dotterel.store.engines and store.ray_engine: both engines code what `dotterel
code` codes, and a killed worker (or, for Ray, a killed driver) loses and doubles nothing.

The Ray tests run a real local cluster of two worker CPUs (``ray start --head``) and the
S3 one a real S3 API (moto's server) on loopback; they skip only when those packages are
not installed (the dev extra installs them).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from lake_fakes import (  # noqa: F401  (moto_s3, ray_cluster: fixtures)
    moto_s3,
    ray_cluster,
    ray_workers,
    wait_for,
    write_corpus,
)

from dotterel import Coder, Settings
from dotterel.cli import main
from dotterel.store.engines import LakeSummary, ingest_lake
from dotterel.store.lake import Lake, open_lake

SETTINGS = Settings()
# Long enough stories that a kill lands while shards are being coded.
SLOW_SENTENCES = 6


def _invariants(lake: Path | str, shards: int) -> tuple[int, int]:
    """Exactly one manifest per shard, no temporary file; (mentions, distinct event ids)."""
    manifests = Lake(str(lake)).done()
    assert len(manifests) == shards
    assert not Lake(str(lake)).temporaries()
    with open_lake(str(lake)) as store:
        n, distinct = store.con.execute(
            "SELECT count(*), count(DISTINCT event_id) FROM events").fetchall()[0]
        raw = store.con.execute("SELECT count(*) FROM lake_events").fetchall()[0][0]
    assert raw == n  # not even the raw files hold a mention twice
    return int(n), int(distinct)


def _code_ids(paths: list[Path], coder: Coder) -> list[str]:
    """The event ids `dotterel code` writes for the inputs."""
    result = CliRunner().invoke(main, ["code", *map(str, paths), "--format", "jsonl", "-q"],
                                obj={"coder": coder})
    return sorted(json.loads(line)["event_id"] for line in result.output.splitlines())


@pytest.fixture(scope="module")
def corpus300(tmp_path_factory: pytest.TempPathFactory, coder: Coder
              ) -> tuple[list[Path], list[str]]:
    """300 stories in 4 files, and the event ids `dotterel code` finds in them."""
    paths = write_corpus(tmp_path_factory.mktemp("c300"), 300, files=4)
    return paths, _code_ids(paths, coder)


@pytest.fixture(scope="module")
def slow_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    """160 longer stories in 2 files (sliced into 16 shards) and the clean run's counts."""
    root = tmp_path_factory.mktemp("slow")
    write_corpus(root / "corpus", 160, files=2, sentences=SLOW_SENTENCES)
    clean = ingest_lake([str(root / "corpus")], str(root / "clean"), SETTINGS, workers=2,
                        shard_bytes=_SHARD_BYTES)
    n, distinct = _invariants(root / "clean", clean.shards)
    assert n == distinct == clean.events > 160
    return root / "corpus", clean.shards, n


_SHARD_BYTES = 4_000


def test_the_local_engine_codes_what_code_codes(corpus300: tuple[list[Path], list[str]],
                                                tmp_path: Path) -> None:
    paths, expected = corpus300
    summary = ingest_lake([str(p) for p in paths], str(tmp_path / "lake"), SETTINGS,
                          workers=2, shard_bytes=_SHARD_BYTES)
    assert (summary.articles, summary.exit_code) == (300, 0)
    with open_lake(str(tmp_path / "lake")) as store:
        got = sorted(r for (r,) in store.con.execute("SELECT event_id FROM events").fetchall())
    # (About one event a story: the relevance model doubts a story or two of these.)
    assert got == expected and len(expected) >= 290


def _forked_children() -> list[int]:
    """This process's forked children (the local engine's workers run our command line)."""
    me = str(os.getpid())
    ours = Path("/proc/self/cmdline").read_bytes()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[1] == me and cmdline == ours:
                found.append(int(entry.name))
    return found


def test_a_killed_local_worker_loses_and_doubles_nothing(
    slow_corpus: tuple[Path, int, int], tmp_path: Path
) -> None:
    corpus, shards, clean = slow_corpus
    lake = tmp_path / "lake"
    result: list[LakeSummary] = []
    run = threading.Thread(target=lambda: result.append(ingest_lake(
        [str(corpus)], str(lake), SETTINGS, workers=2, shard_bytes=_SHARD_BYTES)))
    run.start()
    wait_for(lambda: len(Lake(str(lake)).done()) >= 2 if lake.exists() else False)
    victims = _forked_children()
    assert victims, "no worker processes to kill"
    os.kill(victims[0], signal.SIGKILL)
    run.join(300)
    (summary,) = result
    assert summary.restarts >= 1 and summary.failed_shards == 0
    assert _invariants(lake, shards) == (clean, clean)


def test_ray_codes_s3_inputs_into_an_s3_lake_as_code_does(
    ray_cluster: str, moto_s3: dict[str, str], corpus300: tuple[list[Path], list[str]],  # noqa: F811
) -> None:
    import fsspec

    paths, expected = corpus300
    fs = fsspec.filesystem("s3")
    fs.mkdir("ray-bucket")
    for path in paths:
        fs.pipe_file(f"ray-bucket/news/2026-11-{path.stem}.jsonl", path.read_bytes())
    runner = CliRunner()
    result = runner.invoke(main, [
        "ingest", "s3://ray-bucket/news/2026-11-*.jsonl", "--lake", "s3://ray-bucket/events/",
        "--engine", "ray", "--address", ray_cluster])
    assert result.exit_code == 0, result.output
    assert "coded 4 shards (300 articles" in result.output
    listed = runner.invoke(main, ["events", "--lake", "s3://ray-bucket/events/",
                                  "--format", "jsonl"])
    assert sorted(json.loads(x)["event_id"] for x in listed.output.splitlines()) == expected


def test_a_killed_ray_worker_loses_and_doubles_nothing(
    ray_cluster: str, slow_corpus: tuple[Path, int, int], tmp_path: Path  # noqa: F811
) -> None:
    corpus, shards, clean = slow_corpus
    lake = tmp_path / "lake"
    result: list[LakeSummary] = []
    run = threading.Thread(target=lambda: result.append(ingest_lake(
        [str(corpus)], str(lake), SETTINGS, engine="ray", address=ray_cluster,
        shard_bytes=_SHARD_BYTES, quiet=True)))
    run.start()
    wait_for(lambda: len(Lake(str(lake)).done()) >= 2 if lake.exists() else False, 180)
    victims = ray_workers()
    assert victims, "no Ray worker processes to kill"
    os.kill(victims[0], signal.SIGKILL)
    run.join(300)
    (summary,) = result
    assert summary.coded == shards and summary.failed_shards == 0
    assert _invariants(lake, shards) == (clean, clean)


def test_a_killed_ray_driver_is_finished_by_a_rerun(
    ray_cluster: str, slow_corpus: tuple[Path, int, int], tmp_path: Path  # noqa: F811
) -> None:
    corpus, shards, clean = slow_corpus
    lake = tmp_path / "lake"
    command = [sys.executable, "-m", "dotterel.cli", "ingest", str(corpus), "--lake", str(lake),
               "--engine", "ray", "--address", ray_cluster, "--shard-size", str(_SHARD_BYTES),
               "--quiet"]
    driver = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: len(Lake(str(lake)).done()) >= 2 if lake.exists() else False, 180)
    driver.send_signal(signal.SIGKILL)
    driver.wait(30)
    assert len(Lake(str(lake)).done()) < shards, "the driver finished before it was killed"
    rerun = subprocess.run(command[:-1], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert "already done" in rerun.stderr
    assert _invariants(lake, shards) == (clean, clean)


def test_dotterel_imports_no_ray_until_the_ray_engine_runs() -> None:
    probe = ("import sys, dotterel, dotterel.cli, dotterel.store.engines; "
             "print('ray' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
