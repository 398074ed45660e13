"""Exports: the stored events as GDELT 2.0, ICEWS, POLECAT, PLOVER JSONL, CSV or Parquet.

Column lists are ``schema/export_columns.json`` (the public formats' column names). What
dotterel cannot fill is left empty; README.md "dotterel export" lists those columns.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from importlib import resources
from typing import IO, Any

from dotterel.store.database import EventFilter, Rows, Store, row_to_event

FORMATS = ("gdelt", "icews", "polecat", "plover", "csv", "parquet")
# Formats whose files are tab-separated with no quoting, as their publishers write them.
TAB_FORMATS = ("gdelt", "icews", "polecat")
# GDELT's own files have no header row; the others start with one.
HEADER_DEFAULT = {"gdelt": False, "icews": True, "polecat": True, "csv": True}


def export_columns() -> dict[str, list[str]]:
    """The column names of the GDELT 2.0 events, ICEWS and POLECAT formats."""
    path = resources.files("dotterel") / "schema" / "export_columns.json"
    columns: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
    return columns


def _ymd(day: date | None) -> str:
    """``YYYYMMDD`` or empty."""
    return day.strftime("%Y%m%d") if day else ""


def _cell(value: Any) -> str:
    """A value as one tab-separated cell: never a tab or line break inside."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def gdelt_row(g: dict[str, Any]) -> dict[str, Any]:
    """One grouped event as a GDELT 2.0 events row (columns not listed stay empty)."""
    day: date | None = g["first_day"]
    cameo = g["cameo"] or ""
    added: datetime | None = g["added"]
    located = g["location_name"] is not None
    return {
        "GLOBALEVENTID": g["group_id"],
        "SQLDATE": _ymd(day),
        "MonthYear": day.strftime("%Y%m") if day else "",
        "Year": day.year if day else "",
        # GDELT's own approximation: (month * 30 + day) / 365 as the fraction.
        "FractionDate": f"{day.year + (day.month * 30 + day.day) / 365:.4f}" if day else "",
        "Actor1Code": g["actor_code"],
        "Actor1Name": (g["actor_name"] or "").upper(),
        "Actor1CountryCode": g["actor_country"],
        "Actor1Type1Code": g["actor_sector"],
        "Actor2Code": g["recipient_code"],
        "Actor2Name": (g["recipient_name"] or "").upper(),
        "Actor2CountryCode": g["recipient_country"],
        "Actor2Type1Code": g["recipient_sector"],
        "IsRootEvent": 1 if g["first_sentence"] == 0 else 0,
        "EventCode": cameo,
        "EventBaseCode": cameo[:3],
        "EventRootCode": cameo[:2],
        "QuadClass": g["quad_class"],
        "GoldsteinScale": g["goldstein"],
        "NumMentions": g["mentions"],
        "NumSources": g["sources"],
        "NumArticles": g["articles"],
        "Actor1Geo_Type": 0,
        "Actor2Geo_Type": 0,
        # The gazetteer holds cities and countries; dotterel does not tell them apart here.
        "ActionGeo_Type": 4 if located else 0,
        "ActionGeo_FullName": g["location_name"],
        "ActionGeo_Lat": g["location_lat"],
        "ActionGeo_Long": g["location_lon"],
        "DATEADDED": added.strftime("%Y%m%d%H%M%S") if added else "",
        "SOURCEURL": g["source_url"] or g["first_doc"],
    }


def icews_row(e: dict[str, Any]) -> dict[str, Any]:
    """One event mention as an ICEWS row."""
    return {
        "Event ID": e["event_id"],
        "Event Date": e["day"],
        "Source Name": e["actor_name"],
        "Source Sectors": e["actor_sector"],
        "Source Country": e["actor_country"],
        "Event Text": e["event_type"],
        "CAMEO Code": e["cameo"],
        "Intensity": e["goldstein"],
        "Target Name": e["recipient_name"],
        "Target Sectors": e["recipient_sector"],
        "Target Country": e["recipient_country"],
        "Story ID": e["doc_id"],
        # ICEWS counts sentences from 1; dotterel from 0.
        "Sentence Number": e["sentence"] + 1,
        "Publisher": e["source"],
        "City": e["location_name"],
        "Country": e["location_country"],
        "Latitude": e["location_lat"],
        "Longitude": e["location_lon"],
    }


def polecat_row(e: dict[str, Any]) -> dict[str, Any]:
    """One event mention as a POLECAT row."""
    return {
        "Event ID": e["event_id"],
        "Event Date": e["day"],
        "Event Type": e["event_type"],
        "Event Mode": e["mode"],
        "Intensity": e["goldstein"],
        "Quad Code": e["quad_class"],
        "Contexts": ";".join(e["contexts"] or ()),
        "Actor Name": e["actor_name"],
        "Actor Country": e["actor_country"],
        "Primary Actor Sector": e["actor_sector"],
        "Actor Sectors": e["actor_sector"],
        "Actor Name Raw": e["actor_text"],
        "Recipient Name": e["recipient_name"],
        "Recipient Country": e["recipient_country"],
        "Primary Recipient Sector": e["recipient_sector"],
        "Recipient Sectors": e["recipient_sector"],
        "Recipient Name Raw": e["recipient_text"],
        "Placename": e["location_name"],
        "Country": e["location_country"],
        "Latitude": e["location_lat"],
        "Longitude": e["location_lon"],
        "Raw Placename": e["location_text"],
        "Source": e["source"],
        "Publication Date": e["published"],
        "Language": "en",
        "Version": e["coder_version"],
    }


def _write_table(
    rows: Iterable[dict[str, Any]], columns: list[str], out: IO[str], header: bool, tab: bool
) -> int:
    """Write dict rows under the given columns (missing ones empty); count them."""
    if tab:
        if header:
            out.write("\t".join(columns) + "\n")
        n = 0
        for row in rows:
            out.write("\t".join(_cell(row.get(c)) for c in columns) + "\n")
            n += 1
        return n
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    if header:
        writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()})
        n += 1
    return n


def export(
    store: Store,
    fmt: str,
    out: IO[str] | None = None,
    directory: str | None = None,
    filter: EventFilter | None = None,
    header: bool | None = None,
) -> int:
    """Write the stored events in a format to ``out`` (Parquet: to ``directory``); count rows."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "parquet":
        if not directory:
            raise ValueError("Parquet export writes a directory: give one (-o DIR)")
        return store.write_parquet(directory, filter)
    if out is None:
        raise ValueError(f"{fmt} export needs an output stream")
    with_header = HEADER_DEFAULT.get(fmt, False) if header is None else header
    if fmt == "plover":
        n = 0
        for row in store.events(filter):
            out.write(json.dumps(row_to_event(row).to_dict(), ensure_ascii=False) + "\n")
            n += 1
        return n
    columns = export_columns()
    mapped: dict[str, tuple[Callable[[], Rows], Callable[[dict[str, Any]], dict[str, Any]]]] = {
        "gdelt": (lambda: store.groups(filter), gdelt_row),
        "icews": (lambda: store.events(filter), icews_row),
        "polecat": (lambda: store.events(filter), polecat_row),
    }
    if fmt == "csv":
        rows = store.events(filter)
        return _write_table(rows, rows.columns, out, with_header, tab=False)
    query, to_row = mapped[fmt]
    return _write_table((to_row(r) for r in query()), columns[fmt], out, with_header, tab=True)
