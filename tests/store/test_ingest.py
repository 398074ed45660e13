"""Tests for dotterel.store.ingest: idempotent re-ingest, bad files, recode, kill-and-resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from dotterel import Coder, open_store
from dotterel.inputs.readers import InputError
from dotterel.store.database import content_hash
from dotterel.store.ingest import coder_version, ingest, recode

WHO = ["Russia", "France", "Germany", "Turkey", "Egypt", "Japan", "Brazil", "India"]
WHOM = ["Syria", "Iran", "Libya", "Israel", "China", "Canada", "Mexico", "Kenya"]
DID = ["threatened", "accused", "criticized", "praised", "urged", "warned"]


def stories(n: int) -> list[dict[str, str]]:
    """``n`` distinct one-sentence stories, dated over a month."""
    out = []
    for i in range(n):
        who, whom, did = WHO[i % 8], WHOM[(i // 8) % 8], DID[(i // 64) % 6]
        out.append(
            {
                "id": f"s{i}",
                "published": f"2011-08-{1 + i % 28:02d}",
                "text": f"{who} {did} {whom} on Monday over the border dispute number {i}.",
            }
        )
    return out


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    """Write records as JSON Lines."""
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_ingest_twice_adds_nothing(tmp_path: Path, coder: Coder) -> None:
    feed = write_jsonl(tmp_path / "feed.jsonl", stories(12))
    (tmp_path / "copy.txt").write_text(stories(12)[0]["text"])  # same text again, other file
    with open_store(tmp_path / "s.duckdb") as store:
        first = ingest(store, [str(feed), str(tmp_path / "copy.txt")], coder, batch_articles=5)
        counts = store.counts()
        again = ingest(store, [str(feed)], coder)
        assert store.counts() == counts
    assert (first.read, first.stored, first.skipped) == (13, 12, 1)
    assert (again.stored, again.skipped, again.events) == (0, 12, 0)
    assert counts["articles"] == 12 and counts["events"] >= 12


def test_a_malformed_file_is_reported_and_the_rest_stored(tmp_path: Path, coder: Coder) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", stories(3))
    (tmp_path / "bad.jsonl").write_text('{"text": "Russia warned Syria."}\n{not json\n')
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    errors: list[InputError] = []
    with open_store(tmp_path / "s.duckdb") as store:
        summary = ingest(
            store,
            [str(tmp_path / "bad.jsonl"), str(tmp_path / "binary.txt"), str(good)],
            coder,
            on_error=errors.append,
        )
        assert store.counts()["articles"] == 4
    assert summary.failed == 2 and summary.exit_code == 1
    assert [(Path(e.path).name, e.line) for e in errors] == [("bad.jsonl", 2), ("binary.txt", None)]


def test_events_keep_provenance(tmp_path: Path, coder: Coder) -> None:
    feed = write_jsonl(tmp_path / "feed.jsonl", stories(2))
    with open_store(tmp_path / "s.duckdb") as store:
        ingest(store, [str(feed)], coder)
        row = next(iter(store.events()))
    assert row["article_hash"] == content_hash(stories(2)[int(row["doc_id"][1:])]["text"])
    assert row["coder_version"] == coder_version(coder.settings)
    assert row["trigger_start"] < row["trigger_end"] and row["sentence"] == 0
    assert row["source"].endswith("feed.jsonl")


def test_recode_replaces_events_of_stale_articles(tmp_path: Path, coder: Coder) -> None:
    feed = write_jsonl(tmp_path / "feed.jsonl", stories(4))
    with open_store(tmp_path / "s.duckdb") as store:
        ingest(store, [str(feed)], coder)
        before = store.counts()
        assert recode(store, coder).read == 0  # nothing is stale
        # A coder with other settings is another version: every article is recoded once.
        other = replace(coder, settings=replace(coder.settings, min_confidence=0.99))
        summary = recode(store, other)
        assert summary.read == 4 and summary.stored == 4
        assert {r["coder_version"] for r in store.events()} <= {coder_version(other.settings)}
        assert store.counts()["articles"] == before["articles"]
        recode(store, coder, everything=True)
        assert store.counts() == before


def test_killed_ingest_resumes_with_every_article_once(tmp_path: Path, coder: Coder) -> None:
    records = stories(600)
    feed = write_jsonl(tmp_path / "feed.jsonl", records)
    db = tmp_path / "kill.duckdb"
    command = [
        sys.executable,
        "-m",
        "dotterel.cli",
        "ingest",
        str(feed),
        "--store",
        str(db),
        "--batch",
        "10",
        "--processes",
        "1",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True
    )
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    committed = 0
    # Kill on the third committed batch: well into the run, long before its end.
    while committed < 3 and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        committed += line.startswith("dotterel: stored ")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert committed == 3, "the ingest ended before it could be killed"
    with open_store(db) as store:
        partial = store.counts()["articles"]
    assert 0 < partial < len(records)
    done = subprocess.run(command + ["--quiet"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with open_store(db, read_only=True) as store:
        counts = store.counts()
        per_article = store._first("SELECT count(*), count(DISTINCT hash) FROM articles")
        stored_events = sorted((r["doc_id"], r["ordinal"], r["event_type"]) for r in store.events())
    assert counts["articles"] == len(records) and per_article == (len(records), len(records))
    # Nothing lost, nothing twice: the same events as coding every story once.
    from dotterel import Article

    expected = sorted(
        (article.doc_id, i, event.event_type)
        for article, found in coder.code_articles(
            Article(r["text"], r["id"], r["published"]) for r in records
        )
        for i, event in enumerate(found)
    )
    assert stored_events == expected


@pytest.mark.shared
def test_reuters_file_ingests(shared_data: Path, coder: Coder, tmp_path: Path) -> None:
    path = shared_data / "corpora" / "reuters21578" / "reut2-021.sgm"
    with open_store(tmp_path / "r.duckdb") as store:
        summary = ingest(store, [str(path)], coder)
        assert summary.stored > 400 and store.counts()["groups"] > 0
        assert all(str(r["day"]).startswith("19") for r in store.events(limit=50))
