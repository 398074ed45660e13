"""Tests for dotterel.store.grouping: incremental regrouping gives the groups a full pass
gives, touches only the new mentions' keys, and falls back when the groups are stale."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_fakes import make_event

from dotterel import Article, Event
from dotterel.store.database import Store, content_hash

KEYS = [("THREATEN", "RUS", "SYR"), ("ACCUSE", "IRN", "ISR"), ("AID", "USA", None),
        ("THREATEN", "RUSGOV", "SYR")]


def _batch(start: int, picks: list[tuple[int, int | None]], source: str
           ) -> list[tuple[Article, list[Event], str, str]]:
    """Articles ``start...`` each with one event of a key on a day (None: undated)."""
    out = []
    for i, (key, day) in enumerate(picks, start=start):
        kind, actor, recipient = KEYS[key]
        date = None if day is None else f"2011-08-{1 + day:02d}"
        text = f"story {i}"
        out.append((Article(text, f"d{i}", date), [make_event(f"d{i}", kind, actor, recipient,
                                                              date)], source, "feed"))
    return out


def _partition(store: Store) -> tuple[set[frozenset[tuple[str, int]]], list[tuple[object, ...]]]:
    """The groups as sets of mentions, and the group rows without their ids."""
    members: dict[int, set[tuple[str, int]]] = {}
    for h, o, g in store.con.execute("SELECT * FROM mention_groups").fetchall():
        members.setdefault(g, set()).add((h, o))
    rows = store.con.execute(
        "SELECT event_type, actor_code, recipient_code, first_day, last_day, mentions, sources,"
        " articles, first_article, first_ordinal FROM event_groups ORDER BY ALL").fetchall()
    return {frozenset(m) for m in members.values()}, rows


PICKS = st.lists(st.tuples(st.integers(0, len(KEYS) - 1), st.none() | st.integers(0, 27)),
                 min_size=1, max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PICKS, min_size=1, max_size=4), st.integers(0, 3))
def test_incremental_groups_equal_a_full_regroup(batches: list[list[tuple[int, int | None]]],
                                                 window: int) -> None:
    incremental = Store(":memory:")
    full = Store(":memory:")
    start = 0
    for n, picks in enumerate(batches):
        batch = _batch(start, picks, f"source{n % 2}")
        start += len(picks)
        for store in (incremental, full):
            store.add(batch, "v1")
        incremental.regroup(window, touched=[_key(a) for a, _, _, _ in batch])
        full.regroup(window)
        assert _partition(incremental) == _partition(full)
    ids = incremental.con.execute("SELECT count(DISTINCT group_id), count(*) FROM event_groups")
    distinct, rows = ids.fetchall()[0]
    assert distinct == rows  # new ids never collide with the ids left in place


def _key(article: Article) -> str:
    """The store's key of an article."""
    return content_hash(article.text)


def test_only_the_touched_keys_groups_are_rebuilt() -> None:
    store = Store(":memory:")
    rng = random.Random(3)
    store.add(_batch(0, [(rng.randrange(3), rng.randrange(28)) for _ in range(60)], "a"), "v1")
    store.regroup(1)
    before = dict(store.con.execute(
        "SELECT group_id, event_type || actor_code FROM event_groups").fetchall())
    batch = _batch(100, [(1, 5)], "b")  # one ACCUSE IRN->ISR mention
    store.add(batch, "v1")
    store.regroup(1, touched=[_key(batch[0][0])])
    after = dict(store.con.execute(
        "SELECT group_id, event_type || actor_code FROM event_groups").fetchall())
    kept = {g for g, key in before.items() if key != "ACCUSEIRN"}
    assert kept <= set(after)  # every other key's group keeps its id
    assert all(after[g] == "ACCUSEIRN" for g in set(after) - kept)


def test_stale_groups_or_a_new_window_mean_a_full_regroup() -> None:
    store = Store(":memory:")
    store.add(_batch(0, [(0, 1), (0, 2), (0, 9)], "a"), "v1")
    # Never grouped: asking for an incremental update still groups everything.
    assert store.regroup(1, touched=[]) == 2
    assert store.regroup(7, touched=[]) == 1  # another window: all regrouped with it
    store.add(_batch(10, [(0, 20)], "a"), "v1")
    # Touched names none of the new articles: the check finds ungrouped mentions.
    assert store.regroup(7, touched=[]) == 2
    assert store.con.execute("SELECT count(*) FROM mention_groups").fetchall()[0][0] == 4
