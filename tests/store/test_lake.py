"""Tests for dotterel.store.lake: the layout, atomic files and manifests, exactly-once
re-runs, readers that deduplicate and prune partitions, compaction, and S3 (moto's server)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from lake_fakes import moto_s3, write_corpus  # noqa: F401  (moto_s3: a fixture)

from dotterel import Settings
from dotterel.store.database import EventFilter, StoreError
from dotterel.store.engines import ingest_lake
from dotterel.store.lake import Lake, compact, lake_status, open_lake

SETTINGS = Settings()


def _files(root: Path) -> dict[str, str]:
    """Every file under a folder (but manifests, which record times) and its SHA-256."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "_manifests" not in p.parts}


@pytest.fixture(scope="module")
def coded_lake(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """60 stories in 3 files, coded by the local engine (2 workers) into a lake."""
    root = tmp_path_factory.mktemp("lake")
    write_corpus(root / "corpus", 60, files=3, bad_line_in=1)
    summary = ingest_lake([str(root / "corpus")], str(root / "lake"), SETTINGS, workers=2,
                          shard_bytes=1500)
    assert (summary.read, summary.articles, summary.failed) == (60, 60, 1)
    assert summary.coded == summary.shards > 3 and summary.exit_code == 1
    return root / "corpus", root / "lake"


def test_layout_manifests_and_no_temporary_files(coded_lake: tuple[Path, Path]) -> None:
    _, lake = coded_lake
    manifests = sorted(p.stem for p in (lake / "_manifests").glob("*.json"))
    parts = sorted((lake / "events").glob("year=*/month=*/part-*.parquet"))
    assert {p.parent.parent.name + "/" + p.parent.name for p in parts} == {
        "year=2011/month=08", "year=2011/month=09"}
    assert {p.stem.removeprefix("part-") for p in parts} <= set(manifests)
    assert len(list((lake / "articles").glob("part-*.parquet"))) == len(manifests)
    status = lake_status(str(lake))
    assert (status.shards, status.articles, status.events, status.failed) == (
        len(manifests), 60, 60, 1)
    assert status.temporaries == 0 and not status.compacted


def test_rerun_skips_done_shards_and_a_retry_writes_the_same_bytes(
    coded_lake: tuple[Path, Path], tmp_path: Path
) -> None:
    corpus, original = coded_lake
    lake = shutil.copytree(original, tmp_path / "lake")
    again = ingest_lake([str(corpus)], str(lake), SETTINGS, workers=2, shard_bytes=1500)
    assert (again.coded, again.skipped) == (0, again.shards)
    before = _files(lake)
    # A shard that crashed after writing its files but before its manifest: coded again.
    victim = sorted((lake / "_manifests").glob("*.json"))[0]
    victim.unlink()
    (lake / "events" / "year=2011" / "month=08" / f".tmp-part-{victim.stem}.parquet.99").write_text(
        "half a file")
    retried = ingest_lake([str(corpus)], str(lake), SETTINGS, workers=1, shard_bytes=1500)
    assert retried.coded == 1 and victim.exists()
    assert _files(lake) == before  # same bytes, and the dead writer's temporary file is gone


def test_readers_count_a_duplicated_shard_once(coded_lake: tuple[Path, Path],
                                               tmp_path: Path) -> None:
    _, original = coded_lake
    lake = shutil.copytree(original, tmp_path / "lake")
    for part in list((lake / "events").rglob("part-*.parquet"))[:2]:
        shutil.copy(part, part.with_name("part-copy" + part.name[5:]))
    with open_lake(str(lake)) as store:
        n, distinct = store.con.execute(
            "SELECT count(*), count(DISTINCT event_id) FROM events").fetchall()[0]
        raw = store.con.execute("SELECT count(*) FROM lake_events").fetchall()[0][0]
        assert n == distinct == 60 < raw
        assert store.counts() == {"articles": 60, "events": 60, "groups": 60}


def test_a_date_filter_reads_only_its_partitions(coded_lake: tuple[Path, Path]) -> None:
    _, lake = coded_lake
    total = len(list((lake / "events").rglob("part-*.parquet")))
    august = len(list((lake / "events").rglob("month=08/part-*.parquet")))
    for filt, files in [(EventFilter(until="2011-08-31"), august),
                        # The month before ``since`` is read too, for the groups begun in it.
                        (EventFilter(since="2011-10-01"), total - august)]:
        with open_lake(str(lake)) as everything:
            expected = sorted(r["event_id"] for r in everything.events(filt))
        with open_lake(str(lake), filt) as store:
            plan = store.con.execute("EXPLAIN SELECT count(*) FROM lake_events").fetchall()[0][1]
            assert sorted(r["event_id"] for r in store.events(filt)) == expected
        assert f"Scanning Files: {files}/{total}" in plan


def test_compact_groups_once_until_a_shard_is_added(coded_lake: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    corpus, original = coded_lake
    lake = shutil.copytree(original, tmp_path / "lake")
    with open_lake(str(lake)) as store:
        query_time = sorted(map(str, store.groups()))
    summary = compact(str(lake), window=1)
    assert (summary.mentions, summary.groups) == (60, 60) and lake_status(str(lake)).compacted
    with open_lake(str(lake)) as store:
        assert store.con.execute("SELECT count(*) FROM event_groups").fetchall()[0][0] == 60
        assert sorted(map(str, store.groups())) == query_time
    write_corpus(tmp_path / "more", 3, files=1)
    ingest_lake([str(tmp_path / "more")], str(lake), SETTINGS, workers=1)
    assert not lake_status(str(lake)).compacted  # readers group at query time again


def test_a_missing_lake_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no lake"):
        open_lake(str(tmp_path / "none"))


def test_s3_inputs_and_lake_on_a_real_s3_api(moto_s3: dict[str, str], tmp_path: Path,  # noqa: F811
                                             coded_lake: tuple[Path, Path]) -> None:
    import fsspec

    corpus, local = coded_lake
    fs = fsspec.filesystem("s3")
    fs.mkdir("news-bucket")
    for path in sorted(corpus.glob("*.jsonl")):
        fs.pipe_file(f"news-bucket/news/{path.name}", path.read_bytes())
    summary = ingest_lake(["s3://news-bucket/news/feed*.jsonl"], "s3://news-bucket/events/",
                          SETTINGS, workers=2)
    assert (summary.shards, summary.articles, summary.failed) == (3, 60, 1)
    lake = Lake("s3://news-bucket/events/")
    assert len(lake.done()) == 3 and not lake.temporaries()
    again = ingest_lake(["s3://news-bucket/news/"], "s3://news-bucket/events/", SETTINGS)
    assert again.skipped == 3 and again.coded == 0
    with open_lake("s3://news-bucket/events/") as remote, open_lake(str(local)) as here:
        ids = "SELECT event_id FROM events ORDER BY 1"
        assert remote.con.execute(ids).fetchall() == here.con.execute(ids).fetchall()
        assert list(remote.timeline("month")) == list(here.timeline("month"))
