"""Tests for dotterel.store.export: every format, GDELT read back with its 61 columns."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from store_fakes import make_event

from dotterel import Article, Event, open_store
from dotterel.store.database import Store
from dotterel.store.export import FORMATS, export, export_columns


@pytest.fixture()
def store() -> Store:
    """A store with one event told by two sources and one told once."""
    with open_store(":memory:") as s:
        for text, source, found in [
            ("one", "bbc.co.uk", [make_event("a", day="2011-08-30")]),
            ("two", "afp.com", [make_event("b", day="2011-08-31")]),
            (
                "three",
                "afp.com",
                [make_event("c", actor="FRA", recipient="DEU", kind="AGREE", day="2012-01-05")],
            ),
        ]:
            url = f"https://{source}/{text}"
            s.add([(Article(text, found[0].doc_id, url=url), found, source, "t")], "v1")
        s.regroup(1)
        yield s


def test_column_lists_have_the_published_lengths() -> None:
    columns = export_columns()
    assert (len(columns["gdelt"]), len(columns["icews"]), len(columns["polecat"])) == (61, 20, 40)


def test_column_lists_match_the_reference_files(shared_data: Path) -> None:
    formats = shared_data / "formats"
    with (formats / "GDELT_2.0_Events_schema.csv").open(encoding="utf-8") as fh:
        gdelt = [row["tableId"] for row in csv.DictReader(fh)]
    icews = (formats / "ICEWS_columns.txt").read_text().split("\n")
    polecat = (formats / "POLECAT_columns.txt").read_text().split("\n")
    columns = export_columns()
    assert columns["gdelt"] == gdelt
    assert columns["icews"] == [c.strip() for c in icews if c.strip()]
    assert columns["polecat"] == [c.strip() for c in polecat if c.strip()]


def test_gdelt_reads_back_with_61_columns(store: Store) -> None:
    out = io.StringIO()
    assert export(store, "gdelt", out) == 2
    names = export_columns()["gdelt"]
    rows = [dict(zip(names, line.split("\t"), strict=True)) for line in out.getvalue().splitlines()]
    assert all(len(line.split("\t")) == 61 for line in out.getvalue().splitlines())
    first = rows[0]
    assert (first["SQLDATE"], first["MonthYear"], first["Year"]) == ("20110830", "201108", "2011")
    assert (first["Actor1Code"], first["Actor2Code"], first["EventCode"]) == ("RUS", "SYR", "130")
    assert (first["EventRootCode"], first["QuadClass"], first["GoldsteinScale"]) == (
        "13",
        "3",
        "-4.4",
    )
    assert (first["NumMentions"], first["NumSources"], first["NumArticles"]) == ("2", "2", "2")
    assert first["SOURCEURL"] == "https://bbc.co.uk/one" and first["AvgTone"] == ""
    assert len(first["DATEADDED"]) == 14


@pytest.mark.parametrize("fmt", ["icews", "polecat"])
def test_tab_formats_have_their_columns(store: Store, fmt: str) -> None:
    out = io.StringIO()
    assert export(store, fmt, out) == 3
    reader = csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t")
    assert reader.fieldnames == export_columns()[fmt]
    rows = list(reader)
    key = "Source Country" if fmt == "icews" else "Actor Country"
    assert [r[key] for r in rows] == ["RUS", "RUS", "FRA"]


def test_csv_and_plover_jsonl(store: Store) -> None:
    out = io.StringIO()
    assert export(store, "csv", out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["actor_code"] == "RUS" and rows[0]["num_mentions"] == "2"
    out = io.StringIO()
    assert export(store, "plover", out) == 3
    events = [Event.from_dict(json.loads(line)) for line in out.getvalue().splitlines()]
    assert events[0] == make_event("a", day="2011-08-30")


def test_parquet_is_partitioned_by_year_and_month(store: Store, tmp_path: Path) -> None:
    assert export(store, "parquet", directory=str(tmp_path / "pq")) == 3
    parts = sorted(
        str(p.relative_to(tmp_path / "pq").parent) for p in (tmp_path / "pq").rglob("*.parquet")
    )
    assert parts == ["year=2011/month=8", "year=2012/month=1"]
    table = ds.dataset(tmp_path / "pq", partitioning="hive").to_table()
    assert table.num_rows == 3


def test_filters_apply_to_exports(store: Store) -> None:
    from dotterel.store.database import EventFilter

    out = io.StringIO()
    assert export(store, "icews", out, filter=EventFilter(actor="FRA")) == 1


def test_unknown_format_and_missing_directory(store: Store) -> None:
    assert "gdelt" in FORMATS
    with pytest.raises(ValueError):
        export(store, "xml", io.StringIO())
    with pytest.raises(ValueError, match="directory"):
        export(store, "parquet")
