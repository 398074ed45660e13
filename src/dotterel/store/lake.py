"""The Parquet event lake: a folder (or object-storage prefix) that any engine writes shard by
shard and DuckDB, pandas or Spark read.

Layout::

    events/year=YYYY/month=MM/part-<shard>.parquet   mentions (undated: year=0000/month=00)
    articles/part-<shard>.parquet                    the coded articles, keyed by text SHA-256
    _manifests/<shard>.json                          written last: the shard is done
    _groups/{mention_groups,event_groups}.parquet    ``dotterel lake compact``; state.json last

Every file is written whole under a temporary name and renamed (locally), or in one PUT (on
object storage, where an object appears only when complete), so a reader never sees half a
file. A shard retried after a crash rewrites its files with identical bytes; readers
deduplicate mentions by ``event_id`` and articles by hash, so nothing counts twice.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dotterel.inputs.objects import filesystem, is_url
from dotterel.inputs.readers import InputError
from dotterel.store.database import EventFilter, Store, StoreError
from dotterel.store.schema import ARTICLE_SCHEMA, EVENT_SCHEMA, GROUP_WINDOW_DAYS, SCHEMA_VERSION
from dotterel.store.shards import Shard, ShardRows

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

EVENTS = "events"
ARTICLES = "articles"
MANIFESTS = "_manifests"
GROUPS = "_groups"
# A temporary file's name: hidden, and never matching the readers' ``*.parquet`` globs.
TMP_MARK = ".tmp-"
# Query-time grouping over a date range also reads the month before it, so a group that
# began just before the range is still counted whole (windows are days, not months).
MARGIN_MONTHS = 1
_COMPRESSION = "zstd"


@dataclass(frozen=True)
class ShardReport:
    """What one shard did, as its manifest records it."""

    shard: str
    path: str
    read: int
    articles: int
    duplicates: int
    events: int
    failed: int
    errors: tuple[InputError, ...]
    seconds: float
    worker: str

    @classmethod
    def from_manifest(cls, manifest: dict[str, Any]) -> ShardReport:
        """The report a manifest holds."""
        errors = tuple(InputError(p, line, m) for p, line, m in manifest.get("errors", ()))
        return cls(manifest["shard"], manifest["input"]["path"], manifest["read"],
                   manifest["articles"], manifest["duplicates"], manifest["events"],
                   manifest["failed"], errors, manifest["seconds"], manifest["worker"])


def _parquet_bytes(table: pa.Table) -> bytes:
    """A table as one Parquet file's bytes (the same table always gives the same bytes)."""
    sink = io.BytesIO()
    pq.write_table(table, sink, compression=_COMPRESSION)
    return sink.getvalue()


def _partitions(events: pa.Table) -> Iterator[tuple[int, int, pa.Table]]:
    """The mentions split by the year and month of their day (0, 0 when undated)."""
    years = pc.fill_null(pc.year(events["day"]), 0)
    months = pc.fill_null(pc.month(events["day"]), 0)
    keys = sorted({(int(y), int(m)) for y, m in zip(years.to_pylist(), months.to_pylist(),
                                                     strict=True)})
    for year, month in keys:
        mask = pc.and_(pc.equal(years, year), pc.equal(months, month))
        yield year, month, events.filter(mask)


class Lake:
    """A lake's root, local or on object storage: atomic writes, manifests, temporary files."""

    def __init__(self, url: str) -> None:
        """Address the lake at ``url`` (a folder, or ``s3://bucket/prefix``)."""
        self.url = url.rstrip("/")
        self.remote = is_url(url)
        self.fs: AbstractFileSystem | None = None
        if self.remote:
            self.fs, root = filesystem(self.url)
            self.root = root.rstrip("/")
        else:
            self.root = os.path.abspath(url)

    def path(self, *parts: str) -> str:
        """A path under the root, as the filesystem names it."""
        return "/".join([self.root, *parts])

    def glob_url(self, *parts: str) -> str:
        """A pattern under the lake as a reader opens it (a URL for object storage), quoted
        for a SQL string literal."""
        return "/".join([self.url if self.remote else self.root, *parts]).replace("'", "''")

    # -- writing ---------------------------------------------------------------------------

    def put(self, rel: str, data: bytes) -> None:
        """Write a file atomically: a temporary name then a rename, or one PUT."""
        target = self.path(rel)
        if self.fs is not None:
            self.fs.pipe_file(target, data)
            return
        folder, name = os.path.split(target)
        os.makedirs(folder, exist_ok=True)
        tmp = os.path.join(folder, f"{TMP_MARK}{name}.{os.getpid()}")
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)

    def write_shard(self, shard: Shard, rows: ShardRows, version: str) -> dict[str, Any]:
        """Write a coded shard's files, then its manifest (last: that marks it done)."""
        files = []
        for year, month, part in _partitions(rows.events):
            rel = f"{EVENTS}/year={year:04d}/month={month:02d}/part-{shard.id}.parquet"
            self.put(rel, _parquet_bytes(part))
            files.append(rel)
        if rows.articles.num_rows:
            rel = f"{ARTICLES}/part-{shard.id}.parquet"
            self.put(rel, _parquet_bytes(rows.articles))
            files.append(rel)
        manifest = {
            "schema": SCHEMA_VERSION,
            "shard": shard.id,
            "input": {"path": shard.path, "size": shard.size, "stamp": shard.stamp,
                      "start": shard.start, "end": shard.end, "first_line": shard.first_line},
            "coder_version": version,
            "read": rows.read,
            "articles": rows.articles.num_rows,
            "duplicates": rows.duplicates,
            "events": rows.events.num_rows,
            "failed": rows.failed,
            "errors": [[e.path, e.line, e.message] for e in rows.errors],
            "files": files,
            "seconds": round(rows.seconds, 3),
            "worker": f"{socket.gethostname()}:{os.getpid()}",
            "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        self.put(f"{MANIFESTS}/{shard.id}.json", json.dumps(manifest, indent=1).encode())
        return manifest

    # -- listing ---------------------------------------------------------------------------

    def _glob(self, pattern: str) -> list[str]:
        """Paths under the root matching a glob (hidden names included)."""
        if self.fs is not None:
            return sorted(str(p) for p in self.fs.glob(self.path(pattern)))
        return sorted(str(p) for p in Path(self.root).glob(pattern))

    def done(self) -> set[str]:
        """The ids of the shards whose manifest is written."""
        return {Path(p).stem for p in self._glob(f"{MANIFESTS}/*.json")}

    def manifests(self) -> list[dict[str, Any]]:
        """Every manifest, in shard-id order."""
        out = []
        for p in self._glob(f"{MANIFESTS}/*.json"):
            out.append(json.loads(self._read(p)))
        return out

    def _read(self, full: str) -> bytes:
        """A file's bytes by its full path."""
        if self.fs is not None:
            data: bytes = self.fs.cat_file(full)
            return data
        return Path(full).read_bytes()

    def has(self, kind: str) -> bool:
        """Whether any Parquet file of this kind (``events``, ``articles``) is written."""
        pattern = f"{EVENTS}/*/*/*.parquet" if kind == EVENTS else f"{kind}/*.parquet"
        return bool(self._glob(pattern))

    def temporaries(self) -> list[str]:
        """Temporary files left by writers that were killed (none on object storage)."""
        if self.fs is not None:
            return []
        return [str(p) for p in Path(self.root).rglob(f"{TMP_MARK}*")]

    def sweep(self, shard_ids: set[str] | None = None) -> int:
        """Remove killed writers' temporary files (of these shards only, when given)."""
        removed = 0
        for tmp in self.temporaries():
            if shard_ids is None or any(sid in Path(tmp).name for sid in shard_ids):
                try:
                    os.remove(tmp)
                    removed += 1
                except FileNotFoundError:
                    pass  # another run removed it first
        return removed

    def manifest_digest(self) -> str:
        """A hash of the set of finished shards: what a compaction was made from."""
        return hashlib.sha256("\n".join(sorted(self.done())).encode()).hexdigest()[:16]


def _month_key(day: date, back: int = 0) -> int:
    """``YYYYMM`` of a day, ``back`` months earlier."""
    months = day.year * 12 + day.month - 1 - back
    return (months // 12) * 100 + months % 12 + 1


def partition_filter(filter: EventFilter | None, margin: int = MARGIN_MONTHS) -> str:
    """The condition on the ``year`` and ``month`` partitions that a date filter implies."""
    parts = ["TRUE"]
    if filter and filter.since:
        since = _month_key(date.fromisoformat(filter.since), margin)
        parts.append(f"year * 100 + month >= {since}")
    if filter and filter.until:
        parts.append(f"year * 100 + month <= {_month_key(date.fromisoformat(filter.until))}")
    return " AND ".join(parts)


def _parquet_view(con: duckdb.DuckDBPyConnection, lake: Lake, name: str, kind: str,
                  schema: pa.Schema, where: str = "TRUE") -> None:
    """A view over the lake's Parquet files of a kind (an empty table when it has none)."""
    if not lake.has(kind):
        con.register(f"{name}_empty", schema.empty_table())
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM {name}_empty")
        return
    if kind == EVENTS:
        src = (f"read_parquet('{lake.glob_url(EVENTS, '*', '*', '*.parquet')}', "
               "hive_partitioning = true, hive_types = {'year': INTEGER, 'month': INTEGER})")
        con.execute(f"CREATE VIEW {name} AS SELECT * EXCLUDE (year, month) FROM {src} "
                    f"WHERE {where}")
    else:
        src = f"read_parquet('{lake.glob_url(kind, '*.parquet')}')"
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM {src}")


def open_lake(url: str, filter: EventFilter | None = None, window: int | None = None,
              compacted: bool = True) -> Store:
    """The lake as a read-only store (``events``, ``groups``, ``timeline`` ... as for a
    DuckDB file): a date filter prunes the partitions read; groups come from the last
    ``compact`` while it is current, else are computed now."""
    lake = Lake(url)
    if not lake.remote and not os.path.isdir(lake.root):
        raise StoreError(f"no lake at {url}: run `dotterel ingest ... --lake {url}` first")
    con = duckdb.connect()
    if lake.fs is not None:
        # DuckDB reads object storage through the same fsspec filesystem (no extension to fetch).
        con.register_filesystem(lake.fs)
    _parquet_view(con, lake, "lake_events", EVENTS, EVENT_SCHEMA, partition_filter(filter))
    _parquet_view(con, lake, "lake_articles", ARTICLES, ARTICLE_SCHEMA)
    # A shard coded twice (a retry, a re-sliced or touched input) wrote the same mentions
    # again: keep one row per event id, and one per article text.
    con.execute("CREATE VIEW events AS SELECT * FROM lake_events QUALIFY row_number() OVER "
                "(PARTITION BY event_id ORDER BY article_hash, ordinal) = 1")
    con.execute("CREATE VIEW articles AS SELECT * FROM lake_articles QUALIFY row_number() "
                "OVER (PARTITION BY hash ORDER BY doc_id, origin) = 1")
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    store = Store(url, read_only=True, connection=con)
    state = _compaction(lake) if compacted else None
    if state is not None and (window is None or window == state["window"]):
        for table in ("mention_groups", "event_groups"):
            path = lake.glob_url(GROUPS, f"{table}.parquet")
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
        con.execute("INSERT INTO meta VALUES ('group_window_days', ?)", [str(state["window"])])
    else:
        store.regroup(GROUP_WINDOW_DAYS if window is None else window)
    return store


def _compaction(lake: Lake) -> dict[str, Any] | None:
    """The last compaction's state while it covers exactly the finished shards, else None."""
    try:
        state: dict[str, Any] = json.loads(lake._read(lake.path(GROUPS, "state.json")))
    except (FileNotFoundError, OSError, ValueError):
        return None
    return state if state.get("manifests") == lake.manifest_digest() else None


@dataclass(frozen=True)
class CompactSummary:
    """What ``compact`` wrote."""

    shards: int
    mentions: int
    groups: int
    window: int


def compact(url: str, window: int = GROUP_WINDOW_DAYS) -> CompactSummary:
    """Group the whole lake's mentions once and write the groups beside it, for readers."""
    lake = Lake(url)
    digest = lake.manifest_digest()  # before reading: shards finished meanwhile make it stale
    shards = len(lake.done())
    with open_lake(url, window=window, compacted=False) as store:
        tables = {t: store.con.sql(f"SELECT * FROM {t}").to_arrow_table()
                  for t in ("mention_groups", "event_groups")}
    for table, rows in tables.items():
        lake.put(f"{GROUPS}/{table}.parquet", _parquet_bytes(rows))
    state = {"manifests": digest, "window": window, "shards": shards,
             "mentions": tables["mention_groups"].num_rows,
             "groups": tables["event_groups"].num_rows}
    lake.put(f"{GROUPS}/state.json", json.dumps(state, indent=1).encode())
    return CompactSummary(shards, state["mentions"], state["groups"], window)


@dataclass(frozen=True)
class LakeStatus:
    """A lake at a glance: finished shards and what they hold."""

    shards: int
    read: int
    articles: int
    events: int
    failed: int
    temporaries: int
    compacted: bool


def lake_status(url: str) -> LakeStatus:
    """Count the lake's finished shards and what their manifests record."""
    lake = Lake(url)
    manifests = lake.manifests()
    return LakeStatus(
        len(manifests),
        sum(m["read"] for m in manifests),
        sum(m["articles"] for m in manifests),
        sum(m["events"] for m in manifests),
        sum(m["failed"] for m in manifests),
        len(lake.temporaries()),
        _compaction(lake) is not None,
    )
