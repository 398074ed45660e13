"""Date expressions resolved against a publication date (pure functions, no parsing)."""

from __future__ import annotations

import datetime as dt

import pytest

from dotterel.coding.dates import parse_iso, resolve_date
from dotterel.knowledge.base import DateWords
from dotterel.knowledge.loader import load_knowledge
from dotterel.settings import Settings

PUB = dt.date(2011, 8, 30)  # a Tuesday


@pytest.fixture(scope="module")
def data() -> DateWords:
    return load_knowledge(Settings()).dates


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("on Monday", False, "2011-08-29"),
        ("Friday", False, "2011-08-26"),
        ("Tuesday", False, "2011-08-30"),  # the day of publication
        ("last Tuesday", False, "2011-08-23"),
        ("next Friday", False, "2011-09-02"),
        ("on Friday", True, "2011-09-02"),  # told in the future: the coming Friday
        ("yesterday", False, "2011-08-29"),
        ("tomorrow", True, "2011-08-31"),
        ("last week", False, "2011-08-22"),  # the Monday of last week
        ("last month", False, "2011-07-01"),
        ("in March this year", False, "2011-03-01"),
        ("March 28", False, "2011-03-28"),
        ("in October", False, "2010-10-01"),  # a later month told in the past: last year's
        ("4 October 2007", False, "2007-10-04"),
        ("May 2011", False, "2011-05-01"),
        ("2014", False, "2014-01-01"),
        ("earlier this year", False, "2011-01-01"),
        ("Feb. 30", False, None),  # no such day
        ("may", False, None),  # the modal verb, not the month
        ("soon", False, None),
    ],
)
def test_resolve(data: DateWords, text: str, future: bool, expected: str | None) -> None:
    got = resolve_date(text, PUB, data, future=future)
    assert (got.isoformat() if got else None) == expected


@pytest.mark.parametrize("text", ["on Monday", "last week", "yesterday", "in March"])
def test_relative_dates_need_a_publication_date(data: DateWords, text: str) -> None:
    assert resolve_date(text, None, data) is None


def test_absolute_dates_resolve_without_one(data: DateWords) -> None:
    assert resolve_date("4 October 2007", None, data) == dt.date(2007, 10, 4)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2011-08-30", dt.date(2011, 8, 30)), ("2011-08-30T12:00:00Z", dt.date(2011, 8, 30)),
     ("30/08/2011", None), ("", None), (None, None)],
)
def test_parse_iso(value: str | None, expected: dt.date | None) -> None:
    assert parse_iso(value) == expected
