"""Tests for dotterel.store.database: round trips, idempotent adds, grouping, filters."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_fakes import make_event

from dotterel import Actor, Article, Event, Location, Trigger, open_store
from dotterel.records import MODALITIES, PLOVER_TYPES
from dotterel.store.database import EventFilter, Store, StoreError, content_hash, row_to_event
from dotterel.store.export import export

# DuckDB strings cannot hold NUL; lone surrogates are not text. Everything else goes.
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)
INTS = st.integers(-(2**62), 2**62)
FLOATS = st.floats(allow_nan=False, allow_infinity=False)
OPT_TEXT = st.none() | TEXT
DATES = st.none() | st.dates().map(lambda d: d.isoformat())

actors = st.builds(Actor, TEXT, TEXT, OPT_TEXT, OPT_TEXT, INTS, INTS)
events = st.builds(
    Event,
    doc_id=TEXT,
    sentence=INTS,
    sentence_text=TEXT,
    event_type=st.sampled_from(PLOVER_TYPES),
    mode=OPT_TEXT,
    contexts=st.lists(TEXT, max_size=3).map(tuple),
    cameo=TEXT,
    quad_class=st.integers(0, 4),
    goldstein=FLOATS,
    actor=actors,
    recipient=st.none() | actors,
    date=DATES,
    date_text=OPT_TEXT,
    location=st.none()
    | st.builds(Location, TEXT, TEXT, OPT_TEXT, st.none() | FLOATS, st.none() | FLOATS),
    modality=st.sampled_from(MODALITIES),
    trigger=st.builds(Trigger, TEXT, INTS, INTS),
    confidence=FLOATS,
    rule=TEXT,
)


def with_rule(found: list[Event]) -> list[tuple[Event, str]]:
    """Events with their rule, which Event equality leaves out."""
    return [(e, e.rule) for e in found]


def stored(store: Store) -> list[Event]:
    """The store's events in the order they were added."""
    rows = sorted(store.events(), key=lambda r: (r["article_hash"], r["ordinal"]))
    return [row_to_event(r) for r in rows]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(found=st.lists(events, max_size=5), published=DATES, text=TEXT.filter(str.strip))
def test_events_round_trip_through_store_jsonl_and_parquet(
    tmp_path_factory: pytest.TempPathFactory,
    found: list[Event],
    published: str | None,
    text: str,
) -> None:
    with open_store(":memory:") as store:
        store.add([(Article(text, "doc", published), found, "src", "in")], "v1")
        assert with_rule(stored(store)) == with_rule(found)
        out = io.StringIO()
        export(store, "plover", out)
        back = [Event.from_dict(json.loads(line)) for line in out.getvalue().split("\n") if line]
        assert Counter(with_rule(back)) == Counter(with_rule(found))
        directory = tmp_path_factory.mktemp("pq")
        assert export(store, "parquet", directory=str(directory)) == len(found)
        if found:
            rows = ds.dataset(directory, format="parquet", partitioning="hive").to_table()
            rows = sorted(rows.to_pylist(), key=lambda r: r["ordinal"])
            assert with_rule([row_to_event(r) for r in rows]) == with_rule(found)


def fill(store: Store, reports: list[tuple[str, str, list[Event]]]) -> None:
    """Add (text, source, events) reports and regroup with a one-day window."""
    for text, source, found in reports:
        store.add([(Article(text, found[0].doc_id if found else text), found, source, "t")], "v1")
    store.regroup(1)


def test_same_content_is_stored_once() -> None:
    with open_store(":memory:") as store:
        article = Article("Russia threatened Syria.", "a")
        assert store.add([(article, [make_event("a")], "s", "t")], "v1") == 1
        assert store.add([(article, [make_event("a")], "s", "t")], "v1") == 0
        assert (
            store.add([(Article("Russia threatened Syria.", "other-id"), [], "s", "t")], "v1") == 0
        )
        assert store.counts()["articles"] == 1 and store.counts()["events"] == 1
        assert store.known([content_hash(article.text), "nope"]) == {content_hash(article.text)}


def test_repeated_reports_are_grouped_with_mentions_and_sources() -> None:
    with open_store(":memory:") as store:
        fill(
            store,
            [
                ("one", "bbc.co.uk", [make_event("a", day="2011-08-30")]),
                (
                    "two",
                    "bbc.co.uk",
                    [
                        make_event("b", day="2011-08-31"),
                        make_event("b", sentence=2, day="2011-08-31"),
                    ],
                ),
                ("three", "reuters.com", [make_event("c", day="2011-09-01")]),
                ("four", "afp.com", [make_event("d", day="2011-09-05")]),  # too late: a new event
                ("five", "afp.com", [make_event("e", kind="ACCUSE", day="2011-08-30")]),
                ("six", "afp.com", [make_event("f", recipient="USA", day="2011-08-30")]),
            ],
        )
        groups = {
            (g["event_type"], g["recipient_code"], str(g["first_day"])): (
                g["mentions"],
                g["sources"],
                g["articles"],
            )
            for g in store.groups()
        }
        assert groups == {
            ("THREATEN", "SYR", "2011-08-30"): (4, 2, 3),
            ("THREATEN", "SYR", "2011-09-05"): (1, 1, 1),
            ("ACCUSE", "SYR", "2011-08-30"): (1, 1, 1),
            ("THREATEN", "USA", "2011-08-30"): (1, 1, 1),
        }
        # Every mention stays queryable, carrying its group's counts.
        mentions = store.events(event_type="THREATEN", recipient="SYR", until="2011-09-01")
        assert len(mentions) == 4 and {r["num_mentions"] for r in mentions} == {4}
        assert len({r["group_id"] for r in mentions}) == 1


def test_undated_events_are_never_grouped() -> None:
    with open_store(":memory:") as store:
        fill(
            store,
            [("x", "s", [make_event("a", day=None)]), ("y", "s", [make_event("b", day=None)])],
        )
        assert store.counts()["groups"] == 2


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, 4),
        ({"actor": "RUS"}, 3),
        ({"actor": "rusgov"}, 1),
        ({"recipient": "SYR"}, 2),
        ({"event_type": "accuse"}, 1),
        ({"since": "2011-09-01"}, 2),
        ({"until": "2011-08-31"}, 2),
        ({"actor": "RUS", "recipient": "SYR", "event_type": "THREATEN"}, 1),
    ],
)
def test_filters(filters: dict[str, str], expected: int) -> None:
    with open_store(":memory:") as store:
        fill(
            store,
            [
                ("1", "s", [make_event("a", day="2011-08-30")]),
                ("2", "s", [make_event("b", actor="RUSGOV", kind="ACCUSE", day="2011-08-31")]),
                ("3", "s", [make_event("c", recipient="USA", day="2011-09-10")]),
                ("4", "s", [make_event("d", actor="FRA", recipient="DEU", day="2011-09-20")]),
            ],
        )
        assert len(store.events(**filters)) == expected
        assert len(store.groups(EventFilter(**filters))) == expected


def test_timeline_and_dyads() -> None:
    with open_store(":memory:") as store:
        fill(
            store,
            [
                ("1", "s", [make_event("a", day="2011-08-30"), make_event("a", sentence=1)]),
                ("2", "s", [make_event("b", day="2011-09-10")]),
                ("3", "s", [make_event("c", actor="FRA", recipient="DEU", day="2011-09-11")]),
            ],
        )
        weeks = [
            (str(r["period"]), r["quad_class"], r["events"], r["mentions"])
            for r in store.timeline("week")
        ]
        assert weeks == [("2011-08-29", 3, 1, 2), ("2011-09-05", 3, 2, 2)]
        dyads = [(r["actor"], r["recipient"], r["events"], r["mentions"]) for r in store.dyads(5)]
        assert dyads == [("RUS", "SYR", 2, 3), ("FRA", "DEU", 1, 1)]
        assert store.timeline("month", actor="FRA").to_pandas()["events"].tolist() == [1]
        with pytest.raises(StoreError):
            store.timeline("fortnight")


def test_rows_convert_to_arrow_pandas_and_dicts() -> None:
    with open_store(":memory:") as store:
        fill(store, [("1", "s", [make_event("a")])])
        rows = store.events()
        assert rows.to_arrow().num_rows == 1 and len(rows.to_pandas()) == 1
        assert next(iter(rows))["actor_code"] == "RUS"


def test_read_only_store_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "missing.duckdb", read_only=True)


def test_default_path_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOTTEREL_STORE", str(tmp_path / "env.duckdb"))
    with open_store() as store:
        assert store.path == str(tmp_path / "env.duckdb")
    assert (tmp_path / "env.duckdb").exists()
