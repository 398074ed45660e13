"""Tests for dotterel.store.shards: stable ids, slices of large JSONL files on line
boundaries, and bad input inside a shard reported with file and line."""

from __future__ import annotations

import os
from pathlib import Path

from lake_fakes import write_corpus

from dotterel import Coder
from dotterel.inputs.readers import InputError
from dotterel.inputs.sources import ReadOptions
from dotterel.records import Article
from dotterel.store.shards import code_shard, plan_shards, shard_items


def test_shard_ids_hash_the_input_and_the_coder_version(tmp_path: Path) -> None:
    (path,) = write_corpus(tmp_path, 6, files=1)
    first, _ = plan_shards([str(path)], "v1")
    again, _ = plan_shards([str(tmp_path)], "v1")  # the folder walked: the same file
    other_version, _ = plan_shards([str(path)], "v2")
    assert [s.id for s in first] == [s.id for s in again]
    assert first[0].id != other_version[0].id
    os.utime(path, ns=(1, 1))  # touched: a new shard, coded again
    touched, _ = plan_shards([str(path)], "v1")
    assert touched[0].id != first[0].id


def test_large_jsonl_files_are_sliced_on_line_boundaries(tmp_path: Path, coder: Coder) -> None:
    (path,) = write_corpus(tmp_path, 40, files=1, bad_line_in=0)
    shards, errors = plan_shards([str(path)], "v1", shard_bytes=500)
    assert not errors and len(shards) > 4
    assert shards[0].start == 0 and shards[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in zip(shards, shards[1:], strict=False))
    items = [item for s in shards for item in shard_items(s, ReadOptions(), coder.settings)]
    ids = [item.doc_id for item in items if isinstance(item, Article)]
    assert ids == [f"s{i}" for i in range(40)]  # every line once, in order
    (bad,) = [item for item in items if isinstance(item, InputError)]
    lines = path.read_text().splitlines()
    assert bad.line == lines.index('{"id": "broken", "text": ') + 1
    assert str(bad).startswith(f"{path}:{bad.line}: malformed JSON")


def test_missing_files_and_stdin_are_refused(tmp_path: Path) -> None:
    shards, errors = plan_shards([str(tmp_path / "none.jsonl"), "-"], "v1")
    assert not shards
    assert [e.message.split(":")[0] for e in errors] == [
        "no such file", "standard input cannot be sharded"]


def test_bad_input_in_a_shard_is_counted_and_the_rest_coded(tmp_path: Path,
                                                            coder: Coder) -> None:
    (path,) = write_corpus(tmp_path, 5, files=1, bad_line_in=0)
    (binary := tmp_path / "scan.txt").write_bytes(b"\x00\x01\x02 not text")
    shards, _ = plan_shards([str(path), str(binary)], "v1")
    feed, scan = (code_shard(s, coder, ReadOptions(), "v1") for s in shards)
    assert (feed.read, feed.failed, feed.articles.num_rows, feed.events.num_rows) == (5, 1, 5, 5)
    assert feed.errors[0].path == str(path) and feed.errors[0].line is not None
    assert (scan.read, scan.failed) == (0, 1) and "binary" in scan.errors[0].message
    # The rows carry the input's time, never the clock: a retry writes the same bytes.
    assert feed.articles.column("ingested_at").to_pylist()[0] is not None
    again = code_shard(shards[0], coder, ReadOptions(), "v1")
    assert again.articles.equals(feed.articles) and again.events.equals(feed.events)
