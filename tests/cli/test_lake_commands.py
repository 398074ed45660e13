"""Tests for the lake from the command line: `ingest --lake` (local engine), `events`,
`stats`, `export`, `plot` and `serve` with `--lake`, `dotterel lake status|compact`, and
`code --processes 2` (coding inside the workers)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from lake_fakes import write_corpus

from dotterel import Coder
from dotterel.cli import main


def run(coder: Coder, *args: str) -> Result:
    """Invoke the CLI with the session's loaded coder."""
    return CliRunner().invoke(main, list(args), obj={"coder": coder}, catch_exceptions=False)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, coder: Coder) -> tuple[Path, Path, Path]:
    """The same 40 stories (one bad line) ingested into a store and into a lake."""
    root = tmp_path_factory.mktemp("cli-lake")
    paths = [str(p) for p in write_corpus(root / "corpus", 40, files=2, bad_line_in=0)]
    lake, store = root / "events", root / "s.duckdb"
    result = run(coder, "ingest", *paths, "--lake", str(lake), "--engine", "local",
                 "--workers", "2", "--shard-size", "1200")
    assert result.exit_code == 1  # the bad line: reported, the rest coded
    assert "feed0.jsonl:" in result.output and "malformed JSON" in result.output
    assert "(40 articles, 40 events)" in result.output and "0 of " in result.output
    assert run(coder, "ingest", *paths, "--store", str(store), "-q").exit_code == 1
    again = run(coder, "ingest", *paths, "--lake", str(lake), "--shard-size", "1200")
    assert "coded 0 shards" in again.output and "already done" in again.output
    return root / "corpus", lake, store


@pytest.mark.parametrize("args", [
    ["events", "--actor", "RUS", "--since", "2011-08-01", "--format", "csv"],
    ["events", "--grouped", "--format", "csv"],
    ["stats", "timeline", "--by", "week"],
    ["stats", "dyads", "--top", "5", "--format", "jsonl"],
    ["export", "--format", "icews"],
])
def test_lake_queries_answer_as_the_store_does(both: tuple[Path, Path, Path], coder: Coder,
                                               args: list[str]) -> None:
    _, lake, store = both
    from_lake = run(coder, *args, "--lake", str(lake))
    from_store = run(coder, *args, "--store", str(store))
    assert from_lake.exit_code == from_store.exit_code == 0
    assert _rows(from_lake.output, args) == _rows(from_store.output, args)


def _rows(output: str, args: list[str]) -> list[str]:
    """The output's lines but for ids and times that differ by design (group numbers,
    when each was ingested)."""
    lines = [ln for ln in output.splitlines() if not ln.startswith("dotterel:")]
    if "--grouped" in args:
        rows = list(csv.DictReader(lines))
        return sorted(json.dumps({k: v for k, v in r.items() if k not in ("group_id", "added")})
                      for r in rows)
    return sorted(lines)


def test_events_jsonl_and_gdelt_from_the_lake(both: tuple[Path, Path, Path],
                                              coder: Coder) -> None:
    _, lake, store = both
    events = run(coder, "events", "--lake", str(lake), "--actor", "RUS", "--format", "jsonl")
    records = [json.loads(line) for line in events.output.splitlines()]
    assert records and all(r["actor"]["code"].startswith("RUS") for r in records)
    gdelt = run(coder, "export", "--lake", str(lake), "--format", "gdelt")
    assert len(gdelt.output.splitlines()) == 40 + 1  # 40 groups and the summary line
    assert run(coder, "events", "--lake", str(lake), "--store", str(store)).exit_code == 2


def test_plots_lake_status_and_compact(both: tuple[Path, Path, Path], coder: Coder,
                                       tmp_path: Path) -> None:
    _, lake, _ = both
    chart = tmp_path / "t.png"
    assert run(coder, "plot", "timeline", "--lake", str(lake), "-o", str(chart)).exit_code == 0
    assert chart.read_bytes().startswith(b"\x89PNG")
    status = run(coder, "lake", "status", str(lake))
    assert "40 coded, 40 events, 1 inputs refused; 0 temporary files" in status.output
    compacted = run(coder, "lake", "compact", str(lake))
    assert "grouped 40 mentions" in compacted.output
    assert "groups compacted" in run(coder, "lake", "status", str(lake)).output
    assert run(coder, "events", "--lake", str(tmp_path / "none")).exit_code == 2


def test_serve_over_a_lake_reads_and_refuses_writes(both: tuple[Path, Path, Path],
                                                    coder: Coder,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from fastapi.testclient import TestClient

    _, lake, _ = both
    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    monkeypatch.setenv("DOTTEREL_TOKEN", "secret")
    result = run(coder, "serve", "--lake", str(lake), "--port", "8765")
    assert result.exit_code == 0 and served["port"] == 8765
    with TestClient(served["app"]) as client:
        assert client.get("/v1/events", params={"actor": "RUS"}).json()["total"] > 0
        assert client.get("/v1/stats/timeline").json()
        posted = client.post("/v1/articles", json={"articles": [{"text": "Russia warned."}]},
                             headers={"Authorization": "Bearer secret"})
        assert posted.status_code == 403


def test_code_with_two_processes_codes_in_the_workers(tmp_path: Path, coder: Coder) -> None:
    (path,) = write_corpus(tmp_path, 50, files=1, sentences=2)
    one = run(coder, "code", str(path), "--format", "jsonl", "--processes", "1")
    two = CliRunner().invoke(main, ["code", str(path), "--format", "jsonl", "--processes", "2"])
    assert two.exit_code == 0 and two.output == one.output
