"""Resolving date expressions ("on Monday", "last week", "in March this year") to ISO dates."""

from __future__ import annotations

import datetime as dt
import re

from dotterel.knowledge.base import DateWords

_TOKEN = re.compile(r"[a-z]+|\d+")


def parse_iso(value: str | None) -> dt.date | None:
    """Parse an ISO date (or the date part of an ISO timestamp); None when absent or invalid."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + (day.month - 1) + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_date(
    text: str,
    published: dt.date | None,
    data: DateWords,
    future: bool = False,
) -> dt.date | None:
    """Resolve a date expression against the publication date; None when it cannot be."""
    norm = " ".join(_TOKEN.findall(text.lower()))
    if not norm:
        return None
    tokens = norm.split()
    months = data.months
    weekdays = data.weekdays
    forward = any(t in data.forward_words for t in tokens)
    backward = any(t in data.backward_words for t in tokens)

    # Relative day words need the publication date.
    for phrase, offset in data.relative_days.items():
        if re.search(rf"\b{re.escape(phrase)}\b", norm) and published:
            return published + dt.timedelta(days=int(offset))

    year = next((int(t) for t in tokens if len(t) == 4 and t.isdigit() and 1800 < int(t) < 2200),
                None)
    month = next((months[t] for t in tokens if t in months and t != "may"), None)
    if month is None and "may" in tokens and (year or any(t.isdigit() for t in tokens)):
        month = 5  # "may" is only a month beside a number ("May 4", "May 2011")
    day = next((int(t) for t in tokens if t.isdigit() and len(t) <= 2 and 1 <= int(t) <= 31), None)

    period_year: int | None = None
    for phrase, (unit, count) in data.relative_periods.items():
        if re.search(rf"\b{re.escape(phrase)}\b", norm):
            if unit == "year" and published:
                period_year = published.year + int(count)
                if month is None:
                    return dt.date(period_year, 1, 1)
            elif month is None and published:
                if unit == "week":
                    monday = published - dt.timedelta(days=published.weekday())
                    return monday + dt.timedelta(weeks=int(count))
                if unit == "month":
                    return _shift_month(published, int(count))
    year = year or period_year

    if month is not None:
        if year is None:
            if published is None:
                return None
            year = published.year
            candidate = _safe_date(year, month, day or 1)
            # A month later than publication, told in the past, is last year's.
            if candidate and candidate > published and not (future or forward):
                year -= 1
            elif candidate and candidate < published and (future or forward):
                if (published - candidate).days > 31:
                    year += 1
        return _safe_date(year, month, day or 1)

    for index, name in enumerate(weekdays):
        if name in tokens and published:
            ahead = (index - published.weekday()) % 7
            if forward or (future and not backward):
                return published + dt.timedelta(days=ahead)
            behind = (published.weekday() - index) % 7
            if backward and behind == 0:
                behind = 7
            return published - dt.timedelta(days=behind)

    if year is not None and len(tokens) <= 3:
        return dt.date(year, 1, 1)
    return None
