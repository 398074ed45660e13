"""Shards: the units of work of a lake ingest, and coding one shard into finished rows.

A shard is one input file or object, or a slice (a byte range on line boundaries) of a large
uncompressed JSONL file. Its id hashes what it reads (path, size, modification time or ETag,
byte range) and the coder version, so the same input coded by the same coder is the same
shard on every run and machine, and a changed input or coder is a new one.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa

from dotterel.coding.coder import ArticleCoder
from dotterel.inputs.objects import ObjectStorageMissing, is_url, object_info
from dotterel.inputs.readers import JSONL_SUFFIXES, STDIN, InputError, read_jsonl_lines
from dotterel.inputs.sources import ReadOptions, article_source, expand_paths, read_source
from dotterel.records import Article
from dotterel.settings import Settings
from dotterel.store.schema import ARTICLE_SCHEMA, EVENT_SCHEMA, content_hash, event_row

# A JSONL file bigger than this is cut into slices of about this size (64 MiB: a few
# thousand news articles, some seconds to a minute of one worker's time).
DEFAULT_SHARD_BYTES = 64 * 1024 * 1024
# How many of a shard's input errors its manifest keeps word for word (all are counted).
MAX_LISTED_ERRORS = 100
_SCAN_CHUNK = 1 << 20


@dataclass(frozen=True)
class Shard:
    """One unit of work: an input (or a byte range of one) and the id of its output."""

    id: str
    path: str
    size: int
    stamp: str
    start: int = 0
    # None: to the end of the input (a whole file); else the byte after the slice.
    end: int | None = None
    first_line: int = 1

    def describe(self) -> str:
        """The input, with its line range for a slice."""
        return self.path if self.end is None else f"{self.path}@{self.start}-{self.end}"


def shard_id(path: str, size: int, stamp: str, start: int, end: int | None, version: str) -> str:
    """The id of a shard: a hash of its input and the coder version (16 hex digits)."""
    key = f"{path}|{size}|{stamp}|{start}|{'' if end is None else end}|{version}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _stat(path: str) -> tuple[int, str]:
    """An input's size and stamp (mtime in ns locally, the ETag on object storage)."""
    if is_url(path):
        info = object_info(path)
        return info.size, info.stamp
    st = os.stat(path)
    return st.st_size, str(st.st_mtime_ns)


def _slice_points(path: str, shard_bytes: int) -> list[tuple[int, int]]:
    """Where the slices of a large JSONL file start: (byte offset, line number) pairs, each
    at the start of a line at least ``shard_bytes`` after the previous one."""
    points = [(0, 1)]
    line = 1
    offset = 0
    target = shard_bytes
    with open(path, "rb") as fh:
        while chunk := fh.read(_SCAN_CHUNK):
            pos = 0
            while offset + len(chunk) > target:
                cut = chunk.find(b"\n", max(pos, target - offset - 1))
                if cut < 0:
                    break
                line += chunk.count(b"\n", pos, cut + 1)
                pos = cut + 1
                points.append((offset + pos, line))
                target = offset + pos + shard_bytes
            line += chunk.count(b"\n", pos)
            offset += len(chunk)
    if points[-1][0] >= offset and len(points) > 1:
        points.pop()  # the file ends with the last cut: no empty slice after it
    return points


def plan_shards(
    paths: Sequence[str], version: str, shard_bytes: int = DEFAULT_SHARD_BYTES
) -> tuple[list[Shard], list[InputError]]:
    """The shards of the inputs (directories walked, globs on object storage expanded), and
    the inputs that cannot be read at all."""
    shards: list[Shard] = []
    errors: list[InputError] = []
    for given in expand_paths(paths):
        if given == STDIN:
            errors.append(InputError(STDIN, None, "standard input cannot be sharded: "
                                     "ingest it into a --store, or save it to a file"))
            continue
        path = given if is_url(given) else os.path.abspath(given)
        try:
            size, stamp = _stat(path)
        except FileNotFoundError:
            errors.append(InputError(given, None, "no such file"))
            continue
        except (OSError, ObjectStorageMissing) as exc:
            errors.append(InputError(given, None, f"cannot read: {exc}"))
            continue
        jsonl = Path(path).suffix.lower() in JSONL_SUFFIXES
        if is_url(path) or not jsonl or size <= shard_bytes:
            shards.append(Shard(shard_id(path, size, stamp, 0, None, version), path, size, stamp))
            continue
        points = _slice_points(path, shard_bytes)
        for i, (start, line) in enumerate(points):
            end = points[i + 1][0] if i + 1 < len(points) else size
            sid = shard_id(path, size, stamp, start, end, version)
            shards.append(Shard(sid, path, size, stamp, start, end, line))
    return shards, errors


def _slice_lines(path: str, start: int, end: int) -> Iterator[bytes]:
    """The lines of a file that start in ``[start, end)``."""
    with open(path, "rb") as fh:
        fh.seek(start)
        pos = start
        while pos < end:
            raw = fh.readline()
            if not raw:
                return
            pos += len(raw)
            yield raw


def shard_items(
    shard: Shard, options: ReadOptions, settings: Settings
) -> Iterator[Article | InputError]:
    """What a shard's input holds: articles, and errors naming the file and line."""
    if shard.end is None:
        yield from read_source(shard.path, options, settings)
        return
    yield from read_jsonl_lines(
        _slice_lines(shard.path, shard.start, shard.end),
        shard.path,
        Path(shard.path).stem,
        options.published,
        settings,
        options.check_language,
        first_line=shard.first_line,
    )


@dataclass(frozen=True)
class ShardRows:
    """A shard coded: its article and event rows, and what went wrong in its input."""

    articles: pa.Table
    events: pa.Table
    read: int
    duplicates: int
    errors: tuple[InputError, ...]
    failed: int
    seconds: float


def code_shard(
    shard: Shard, coder: ArticleCoder, options: ReadOptions, version: str,
    source: str | None = None,
) -> ShardRows:
    """Read and code one shard with a loaded coder (in a worker) into article and event rows."""
    began = time.perf_counter()
    # A retried shard must write the same bytes: its rows carry the input's stamp as their
    # time of ingest, never the wall clock.
    added = _stamp_time(shard)
    errors: list[InputError] = []
    failed = read = duplicates = 0
    fresh: dict[str, Article] = {}
    for item in shard_items(shard, options, coder.settings):
        if isinstance(item, InputError):
            failed += 1
            if len(errors) < MAX_LISTED_ERRORS:
                errors.append(item)
            continue
        read += 1
        key = content_hash(item.text)
        if key in fresh:
            duplicates += 1  # the same text twice in one shard is stored once, as the store does
            continue
        fresh[key] = item
    article_rows: list[dict[str, object]] = []
    event_rows: list[dict[str, object]] = []
    for article, found in coder.code_articles(fresh.values()):
        key = content_hash(article.text)
        article_rows.append({
            "hash": key, "doc_id": article.doc_id, "published": article.published,
            "title": article.title, "url": article.url,
            "source": article_source(article, shard.path, source), "origin": shard.path,
            "text": article.text, "coder_version": version, "ingested_at": added,
        })
        event_rows.extend(
            event_row(e, key, i, article.published, version) for i, e in enumerate(found)
        )
    return ShardRows(
        pa.Table.from_pylist(article_rows, schema=ARTICLE_SCHEMA),
        pa.Table.from_pylist(event_rows, schema=EVENT_SCHEMA),
        read, duplicates, tuple(errors), failed, time.perf_counter() - began,
    )


def _stamp_time(shard: Shard) -> datetime | None:
    """The input's modification time as a timestamp when its stamp is one, else None."""
    if shard.stamp.isdigit():
        seconds = int(shard.stamp) / 1e9
        return datetime.fromtimestamp(seconds, timezone.utc).replace(tzinfo=None)
    return None
