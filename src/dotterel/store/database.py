"""The event store: one embedded DuckDB file of articles, event mentions and event groups.

All of the store's SQL lives in this module but its grouping (``grouping``, which the lake's
query-time grouping shares); the lake's views are in ``lake``. Articles are keyed by a hash
of their text, so storing the same article twice does nothing; each ``add`` call is one
transaction.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from dotterel.records import Article, Event
from dotterel.settings import DEFAULT_STORE, STORE_ENV
from dotterel.store.grouping import full_regroup, regroup_touched
from dotterel.store.schema import (
    ARTICLE_SCHEMA,
    EVENT_COLUMNS,
    EVENT_SCHEMA,
    GROUP_WINDOW_DAYS,
    PERIODS,
    SCHEMA_VERSION,
    content_hash,
    event_row,
    row_to_event,
)

_DDL = f"""
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    hash VARCHAR PRIMARY KEY, doc_id VARCHAR, published VARCHAR, title VARCHAR, url VARCHAR,
    source VARCHAR, origin VARCHAR, text VARCHAR, coder_version VARCHAR, ingested_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS events ({", ".join(f'"{n}" {t}' for n, t in EVENT_COLUMNS)});
CREATE TABLE IF NOT EXISTS mention_groups (article_hash VARCHAR, ordinal INTEGER, group_id BIGINT);
CREATE TABLE IF NOT EXISTS event_groups (
    group_id BIGINT, event_type VARCHAR, actor_code VARCHAR, recipient_code VARCHAR,
    cameo VARCHAR, quad_class BIGINT, goldstein DOUBLE, first_day DATE, last_day DATE,
    mentions BIGINT, sources BIGINT, articles BIGINT, first_article VARCHAR,
    first_ordinal INTEGER, added TIMESTAMP);
"""

class StoreError(Exception):
    """The store cannot be opened or used as asked."""


def default_store_path() -> str:
    """``$DOTTEREL_STORE`` when set, else ``dotterel.duckdb`` in the working directory."""
    return os.environ.get(STORE_ENV) or DEFAULT_STORE


@dataclass(frozen=True)
class EventFilter:
    """Which events a query keeps; actor and recipient codes match by prefix (RUS: RUSGOV)."""

    actor: str | None = None
    recipient: str | None = None
    event_type: str | None = None
    since: str | None = None
    until: str | None = None

    def where(self, prefix: str = "e.") -> tuple[str, dict[str, Any]]:
        """The SQL condition and its parameters."""
        parts, params = ["TRUE"], {}
        if self.actor:
            parts.append(f"starts_with({prefix}actor_code, $actor)")
            params["actor"] = self.actor.upper()
        if self.recipient:
            parts.append(f"starts_with({prefix}recipient_code, $recipient)")
            params["recipient"] = self.recipient.upper()
        if self.event_type:
            parts.append(f"{prefix}event_type = $event_type")
            params["event_type"] = self.event_type.upper()
        day = "first_day" if prefix == "g." else "day"
        if self.since:
            parts.append(f"{prefix}{day} >= CAST($since AS DATE)")
            params["since"] = self.since
        if self.until:
            parts.append(f"{prefix}{day} <= CAST($until AS DATE)")
            params["until"] = self.until
        return " AND ".join(parts), params


@dataclass(frozen=True)
class Rows:
    """A query result: iterate it for dicts, or take it whole as Arrow or pandas."""

    table: pa.Table

    def __len__(self) -> int:
        """The number of rows."""
        return int(self.table.num_rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Each row as a dict."""
        return iter(self.table.to_pylist())

    @property
    def columns(self) -> list[str]:
        """The column names."""
        return list(self.table.column_names)

    def to_arrow(self) -> pa.Table:
        """The rows as a pyarrow Table (no copy)."""
        return self.table

    def to_pandas(self) -> Any:
        """The rows as a pandas DataFrame."""
        return self.table.to_pandas()

    def to_events(self) -> list[Event]:
        """Mention rows rebuilt as Event records."""
        return [row_to_event(row) for row in self]


@dataclass(frozen=True)
class StoredArticle:
    """An article as stored, with its key and what coded it."""

    hash: str
    article: Article
    source: str
    origin: str
    coder_version: str | None


class Store:
    """An open event store (use as a context manager, or call ``close``)."""

    def __init__(
        self, path: str, read_only: bool = False,
        connection: duckdb.DuckDBPyConnection | None = None,
    ) -> None:
        """Open (or create) the DuckDB file at ``path``; or, with ``connection``, query the
        tables it holds under the store's names (the lake's views: ``store.lake``)."""
        self.path = path
        if connection is not None:
            self.con = connection
            return
        if read_only and not Path(path).exists():
            raise StoreError(f"no store at {path}: run `dotterel ingest` first (or pass --store)")
        try:
            self.con = duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the store {path}: {exc}") from None
        if not read_only:
            self.con.execute(_DDL)
            self.con.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", [SCHEMA_VERSION])

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (committed work is on disk)."""
        self.con.close()

    def _rows(self, sql: str, params: dict[str, Any] | Sequence[Any] | None = None) -> Rows:
        """Run a query and keep its result as Arrow."""
        return Rows(self.con.sql(sql, params=params or None).to_arrow_table())

    def _first(self, sql: str, params: dict[str, Any] | Sequence[Any] | None = None) -> Any:
        """The first row of a query (read to the end: DuckDB wants results finished)."""
        rows = self.con.execute(sql, params or {}).fetchall()
        return rows[0] if rows else None

    # -- writing -------------------------------------------------------------------------

    def known(self, hashes: Iterable[str]) -> set[str]:
        """Which of these article keys are already stored."""
        keys = list(hashes)
        if not keys:
            return set()
        found = self.con.execute(
            "SELECT hash FROM articles WHERE hash IN (SELECT unnest($keys))", {"keys": keys}
        ).fetchall()
        return {h for (h,) in found}

    def add(
        self,
        batch: Sequence[tuple[Article, Sequence[Event], str, str]],
        coder_version: str,
        replace: bool = False,
    ) -> int:
        """Store coded articles ``(article, events, source, origin)`` in one transaction.

        Articles already stored are skipped (their events are replaced when ``replace``).
        Returns the number of articles written.
        """
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        articles: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        seen: set[str] = set()
        for article, found, source, origin in batch:
            key = content_hash(article.text)
            if key in seen:
                continue
            seen.add(key)
            articles.append(
                {
                    "hash": key,
                    "doc_id": article.doc_id,
                    "published": article.published,
                    "title": article.title,
                    "url": article.url,
                    "source": source,
                    "origin": origin,
                    "text": article.text,
                    "coder_version": coder_version,
                    "ingested_at": now,
                }
            )
            events.extend(
                event_row(e, key, i, article.published, coder_version) for i, e in enumerate(found)
            )
        if not articles:
            return 0
        new_articles = pa.Table.from_pylist(articles, schema=ARTICLE_SCHEMA)
        new_events = pa.Table.from_pylist(events, schema=EVENT_SCHEMA)
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            con.register("new_articles", new_articles)
            con.register("new_events", new_events)
            if replace:
                con.execute(
                    "DELETE FROM events WHERE article_hash IN (SELECT hash FROM new_articles)"
                )
                con.execute(
                    "UPDATE articles SET coder_version = n.coder_version "
                    "FROM new_articles n WHERE articles.hash = n.hash"
                )
                written = len(articles)
                con.execute("INSERT INTO events SELECT * FROM new_events")
            else:
                # Only articles not yet stored, and only their events.
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE fresh AS SELECT n.* FROM new_articles n "
                    "ANTI JOIN articles a ON a.hash = n.hash"
                )
                written = self._first("SELECT count(*) FROM fresh")[0]
                con.execute("INSERT INTO articles SELECT * FROM fresh")
                con.execute(
                    "INSERT INTO events SELECT * FROM new_events "
                    "WHERE article_hash IN (SELECT hash FROM fresh)"
                )
                con.execute("DROP TABLE fresh")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.unregister("new_articles")
            con.unregister("new_events")
        return int(written)

    def regroup(
        self, window_days: int = GROUP_WINDOW_DAYS, touched: Sequence[str] | None = None
    ) -> int:
        """Rebuild the event groups (same type and codes, dates within the window); count them.

        With ``touched`` (the keys of articles just added) and the window the groups were
        built with, only the groups of those articles' type and codes are rebuilt.
        """
        window = int(window_days)
        incremental = touched is not None and self._grouped_with() == window
        self.con.execute("BEGIN TRANSACTION")
        try:
            if not (incremental and regroup_touched(self.con, touched or (), window)):
                full_regroup(self.con, window)
            self.con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('group_window_days', ?)", [str(window)]
            )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return int(self._first("SELECT count(*) FROM event_groups")[0])

    def _grouped_with(self) -> int | None:
        """The window of the last grouping, or None when the store was never grouped."""
        row = self._first("SELECT value FROM meta WHERE key = 'group_window_days'")
        return int(row[0]) if row else None

    def group_window(self) -> int:
        """The window the groups were last built with (days)."""
        row = self._first("SELECT value FROM meta WHERE key = 'group_window_days'")
        return int(row[0]) if row else GROUP_WINDOW_DAYS

    # -- reading -------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many articles, event mentions and grouped events the store holds."""
        row = self._first(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
            "(SELECT count(*) FROM event_groups)"
        )
        return {"articles": row[0], "events": row[1], "groups": row[2]}

    def article_keys(self, stale_for: str | None = None) -> list[str]:
        """Stored article keys in order; only those coded by another version when asked."""
        sql, params = "SELECT hash FROM articles", []
        if stale_for is not None:
            sql += " WHERE coder_version IS DISTINCT FROM ?"
            params.append(stale_for)
        return [h for (h,) in self.con.execute(sql + " ORDER BY hash", params).fetchall()]

    def stored_articles(self, keys: Sequence[str]) -> list[StoredArticle]:
        """The stored articles with these keys, in key order."""
        rows = self.con.execute(
            "SELECT hash, doc_id, published, title, url, text, source, origin, coder_version "
            "FROM articles WHERE hash IN (SELECT unnest($keys)) ORDER BY hash",
            {"keys": list(keys)},
        ).fetchall()
        return [
            StoredArticle(
                h,
                Article(text=text, id=doc_id, published=published, title=title, url=url),
                source,
                origin,
                version,
            )
            for h, doc_id, published, title, url, text, source, origin, version in rows
        ]

    def events(
        self, filter: EventFilter | None = None, limit: int | None = None, **filters: Any
    ) -> Rows:
        """Event mentions (one row per event found in an article) with their group's counts."""
        where, params = (filter or EventFilter(**filters)).where("e.")
        sql = (
            f"SELECT e.*, g.group_id, gr.mentions AS num_mentions, gr.sources AS num_sources, "
            f"a.source, a.url, a.published "
            f"FROM events e JOIN articles a ON a.hash = e.article_hash "
            f"LEFT JOIN mention_groups g USING (article_hash, ordinal) "
            f"LEFT JOIN event_groups gr ON gr.group_id = g.group_id "
            f"WHERE {where} ORDER BY e.day NULLS LAST, e.doc_id, e.article_hash, e.ordinal"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._rows(sql, params)

    def groups(
        self, filter: EventFilter | None = None, limit: int | None = None, **filters: Any
    ) -> Rows:
        """Grouped events: one row per event with its mentions, sources and articles counted."""
        where, params = (filter or EventFilter(**filters)).where("g.")
        sql = (
            f"SELECT g.*, a.url AS source_url, a.doc_id AS first_doc, "
            f"e.sentence AS first_sentence, "
            f"e.actor_name, e.actor_country, e.actor_sector, e.recipient_name, "
            f"e.recipient_country, e.recipient_sector, e.location_name, e.location_country, "
            f"e.location_lat, e.location_lon "
            f"FROM event_groups g JOIN articles a ON a.hash = g.first_article "
            f"JOIN events e ON e.article_hash = g.first_article AND e.ordinal = g.first_ordinal "
            f"WHERE {where} ORDER BY g.first_day NULLS LAST, g.group_id"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self._rows(sql, params)

    def timeline(self, by: str = "week", filter: EventFilter | None = None, **filters: Any) -> Rows:
        """Per period and quad class: grouped events, mentions and mean Goldstein score."""
        if by not in PERIODS:
            raise StoreError(f"period must be one of {', '.join(PERIODS)}, not {by!r}")
        where, params = (filter or EventFilter(**filters)).where("e.")
        sql = (
            f"SELECT date_trunc('{by}', e.day)::DATE AS period, e.quad_class, "
            f"count(DISTINCT g.group_id) AS events, count(*) AS mentions, "
            f"round(avg(e.goldstein), 2) AS goldstein "
            f"FROM events e LEFT JOIN mention_groups g USING (article_hash, ordinal) "
            f"WHERE e.day IS NOT NULL AND {where} GROUP BY ALL ORDER BY period, quad_class"
        )
        return self._rows(sql, params)

    def dyads(self, top: int = 20, filter: EventFilter | None = None, **filters: Any) -> Rows:
        """The busiest actor-recipient pairs: grouped events, mentions, mean Goldstein score."""
        where, params = (filter or EventFilter(**filters)).where("g.")
        sql = (
            f"SELECT g.actor_code AS actor, g.recipient_code AS recipient, "
            f"count(*) AS events, sum(g.mentions)::BIGINT AS mentions, "
            f"round(avg(g.goldstein), 2) AS goldstein "
            f"FROM event_groups g WHERE g.recipient_code IS NOT NULL AND g.actor_code <> '' "
            f"AND g.recipient_code <> '' AND {where} GROUP BY ALL "
            f"ORDER BY events DESC, mentions DESC, actor, recipient LIMIT {int(top)}"
        )
        return self._rows(sql, params)

    def write_parquet(self, directory: str, filter: EventFilter | None = None) -> int:
        """Write the mentions as Parquet under ``directory``, partitioned by year and month."""
        where, params = (filter or EventFilter()).where("e.")
        # Events without a date go to year=0/month=0 rather than a null partition.
        select = (
            f"SELECT e.*, coalesce(year(e.day), 0) AS year, "
            f"coalesce(month(e.day), 0) AS month FROM events e WHERE {where}"
        )
        count = self._first(f"SELECT count(*) FROM ({select})", params)
        target = str(directory).replace("'", "''")
        self.con.execute(
            f"COPY ({select} ORDER BY e.day NULLS LAST, e.article_hash, e.ordinal) TO '{target}' "
            f"(FORMAT PARQUET, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE)",
            params,
        )
        return int(count[0]) if count else 0

    # -- reading one page, one event, one article (the web API) -------------------------

    @staticmethod
    def _mention_sql(where: str, order: str) -> str:
        """Mentions with their group's counts and their article's source, as ``events``."""
        return (
            f"SELECT e.*, g.group_id, gr.mentions AS num_mentions, gr.sources AS num_sources, "
            f"a.source, a.url, a.published "
            f"FROM events e JOIN articles a ON a.hash = e.article_hash "
            f"LEFT JOIN mention_groups g USING (article_hash, ordinal) "
            f"LEFT JOIN event_groups gr ON gr.group_id = g.group_id "
            f"WHERE {where} ORDER BY {order}"
        )

    def event_page(
        self,
        filter: EventFilter | None = None,
        limit: int = 50,
        offset: int = 0,
        country: str | None = None,
    ) -> tuple[Rows, int]:
        """One page of mentions (as ``events``) and how many match; ``country``: any party's."""
        where, params = (filter or EventFilter()).where("e.")
        if country:
            where += " AND $country IN (e.actor_country, e.recipient_country, e.location_country)"
            params["country"] = country.upper()
        total = self._first(f"SELECT count(*) FROM events e WHERE {where}", params)[0]
        order = "e.day NULLS LAST, e.doc_id, e.article_hash, e.ordinal"
        sql = self._mention_sql(where, order) + f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return self._rows(sql, params), int(total)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """The first stored mention with this event id, with its group's counts, or None."""
        sql = self._mention_sql("e.event_id = $id", "e.article_hash, e.ordinal") + " LIMIT 1"
        return next(iter(self._rows(sql, {"id": event_id})), None)

    def article(self, key: str) -> tuple[StoredArticle, Rows] | None:
        """The stored article with this key and its mentions in text order, or None."""
        found = self.stored_articles([key])
        if not found:
            return None
        rows = self._rows(self._mention_sql("e.article_hash = $key", "e.ordinal"), {"key": key})
        return found[0], rows


def open_store(path: str | Path | None = None, read_only: bool = False) -> Store:
    """Open the event store at ``path`` (default ``$DOTTEREL_STORE`` or ``dotterel.duckdb``)."""
    return Store(str(path) if path is not None else default_store_path(), read_only=read_only)

