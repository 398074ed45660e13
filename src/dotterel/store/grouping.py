"""Grouping repeated reports into events: all at once, or only the groups new mentions touch.

A group is the mentions with the same event type, actor code and recipient code whose days
are each within the window of the previous one (undated mentions stand alone). Grouping
never crosses a (type, actor, recipient) key, so new mentions change only the groups of
their own keys: ``regroup_touched`` deletes and rebuilds just those, which an ingest of a
few dozen articles into a store of millions of events does in a fraction of a second. The
tables are the store's (``events``, ``articles``, ``mention_groups``, ``event_groups``); the
lake's views have the same names, so its query-time grouping is the same SQL.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

# Marks a mention that starts a group: undated, first of its key, or past the window.
_STARTS = """
CASE WHEN day IS NULL OR lag(day) OVER w IS NULL OR day - lag(day) OVER w > {window}
     THEN 1 ELSE 0 END
"""
_WINDOW = """WINDOW w AS (PARTITION BY event_type, actor_code, rc
                          ORDER BY day NULLS LAST, article_hash, ordinal)"""
_NUMBER = """sum(starts) OVER (ORDER BY event_type, actor_code, rc, day NULLS LAST,
                                article_hash, ordinal ROWS UNBOUNDED PRECEDING)"""
# A group's row from its mentions (``{mentions}``: the mentions to build groups of).
_GROUP_ROWS = """
SELECT g.group_id,
    any_value(e.event_type) AS event_type, any_value(e.actor_code) AS actor_code,
    any_value(e.recipient_code) AS recipient_code,
    arg_min(e.cameo, (e.day, e.article_hash, e.ordinal)) AS cameo,
    arg_min(e.quad_class, (e.day, e.article_hash, e.ordinal)) AS quad_class,
    avg(e.goldstein) AS goldstein, min(e.day) AS first_day, max(e.day) AS last_day,
    count(*) AS mentions, count(DISTINCT a.source) AS sources,
    count(DISTINCT e.article_hash) AS articles,
    arg_min(e.article_hash, (e.day, e.article_hash, e.ordinal)) AS first_article,
    arg_min(e.ordinal, (e.day, e.article_hash, e.ordinal)) AS first_ordinal,
    min(a.ingested_at) AS added
FROM events e JOIN {mentions} g USING (article_hash, ordinal)
JOIN articles a ON a.hash = e.article_hash
GROUP BY g.group_id
"""


def full_regroup(con: duckdb.DuckDBPyConnection, window: int) -> None:
    """Group every mention again (the caller holds the transaction)."""
    starts = _STARTS.format(window=int(window))
    con.execute(f"""
CREATE OR REPLACE TABLE mention_groups AS
WITH marked AS (
    SELECT article_hash, ordinal, event_type, actor_code, coalesce(recipient_code, '') AS rc,
        day, {starts} AS starts
    FROM events {_WINDOW}
)
SELECT article_hash, ordinal, ({_NUMBER})::BIGINT AS group_id FROM marked""")
    con.execute("CREATE OR REPLACE TABLE event_groups AS "
                + _GROUP_ROWS.format(mentions="mention_groups"))


def regroup_touched(con: duckdb.DuckDBPyConnection, articles: Sequence[str], window: int
                    ) -> bool:
    """Rebuild only the groups of the keys the articles' mentions have (the caller holds the
    transaction); False, with nothing changed, when the groups are not otherwise current."""
    keys = list(articles)
    grouped, total = con.execute(
        "SELECT (SELECT count(*) FROM mention_groups), (SELECT count(*) FROM events)"
    ).fetchall()[0]
    new = con.execute(
        "SELECT count(*) FROM events e WHERE e.article_hash IN (SELECT unnest($k)) "
        "AND NOT EXISTS (SELECT 1 FROM mention_groups g WHERE g.article_hash = e.article_hash "
        "AND g.ordinal = e.ordinal)", {"k": keys}).fetchall()[0][0]
    if grouped + new != total:
        return False  # mentions other than these are ungrouped: only a full pass is right
    con.execute(
        "CREATE OR REPLACE TEMP TABLE touched AS SELECT DISTINCT event_type, actor_code, "
        "coalesce(recipient_code, '') AS rc FROM events WHERE article_hash IN "
        "(SELECT unnest($k))", {"k": keys})
    con.execute(
        "CREATE OR REPLACE TEMP TABLE stale AS SELECT g.group_id FROM event_groups g "
        "SEMI JOIN touched t ON g.event_type = t.event_type AND g.actor_code = t.actor_code "
        "AND coalesce(g.recipient_code, '') = t.rc")
    con.execute("DELETE FROM mention_groups WHERE group_id IN (SELECT group_id FROM stale)")
    con.execute("DELETE FROM event_groups WHERE group_id IN (SELECT group_id FROM stale)")
    # New ids above every id left, so no group id is ever shared.
    base = con.execute("SELECT coalesce(max(group_id), 0) FROM mention_groups").fetchall()[0][0]
    starts = _STARTS.format(window=int(window))
    con.execute(f"""
CREATE OR REPLACE TEMP TABLE regrouped AS
WITH marked AS (
    SELECT e.article_hash, e.ordinal, e.event_type, e.actor_code,
        coalesce(e.recipient_code, '') AS rc, e.day, {starts} AS starts
    FROM events e SEMI JOIN touched t ON e.event_type = t.event_type
        AND e.actor_code = t.actor_code AND coalesce(e.recipient_code, '') = t.rc
    {_WINDOW}
)
SELECT article_hash, ordinal, ({base} + {_NUMBER})::BIGINT AS group_id FROM marked""")
    con.execute("INSERT INTO mention_groups SELECT * FROM regrouped")
    con.execute("INSERT INTO event_groups " + _GROUP_ROWS.format(mentions="regrouped"))
    for table in ("touched", "stale", "regrouped"):
        con.execute(f"DROP TABLE {table}")
    return True
