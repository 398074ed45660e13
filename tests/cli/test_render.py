"""Tests for dotterel.cli.render: the table, JSONL and JSON renderings."""

from __future__ import annotations

import json

import pytest

from dotterel import Actor, Event, Trigger
from dotterel.cli.render import FORMATS, TABLE_COLUMNS, event_row, render, truncate


def make_event(sentence: int = 0, trigger: str = "urged", recipient: bool = True) -> Event:
    """A hand-made event for rendering tests."""
    opposition = Actor("the opposition", "opposition", "SYR", "OPP", 40, 54)
    return Event(
        doc_id="article",
        sentence=sentence,
        sentence_text="Russia's President urged both sides to lay down their arms.",
        event_type="REQUEST",
        mode="cease-fire",
        contexts=(),
        cameo="0243",
        quad_class=1,
        goldstein=-0.2,
        actor=Actor("Russia's President", "Dmitry Medvedev", "RUS", "GOV", 0, 18),
        recipient=opposition if recipient else None,
        date="2011-08-30",
        date_text="Tuesday",
        location=None,
        modality="asserted",
        trigger=Trigger(trigger, 19, 19 + len(trigger)),
        confidence=0.875,
    )


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [("short", 10, "short"), ("exactly10!", 10, "exactly10!"), ("a longer text", 6, "a lon…"),
     ("two\nlines", 20, "two lines")],
)  # fmt: skip
def test_truncate(text: str, width: int, expected: str) -> None:
    assert truncate(text, width) == expected


def test_event_row_has_a_cell_per_column() -> None:
    row = event_row(make_event(recipient=False))
    assert len(row) == len(TABLE_COLUMNS)
    assert row[1:6] == ("0", "REQUEST", "cease-fire", "RUSGOV", "-")
    assert row[-1] == "0.88"


def test_table_lines_are_aligned_and_truncated() -> None:
    lines = list(render([make_event(), make_event(3, "threatened to veto the draft")], "table"))
    header, rule, *rows = lines
    assert header.split() == ["doc", "sent", "type", "mode", "actor", "recipient", "trigger",
                              "date", "modality", "conf"]  # fmt: skip
    assert len(rows) == 2 and "SYROPP" in rows[0] and "threatened to vet…" in rows[1]
    assert len({len(line) for line in lines}) == 1


@pytest.mark.parametrize("n", [0, 1, 3])
def test_jsonl_and_json_give_the_same_records(n: int) -> None:
    events = [make_event(i) for i in range(n)]
    jsonl = [json.loads(line) for line in render(events, "jsonl")]
    array = json.loads("".join(render(events, "json")))
    assert jsonl == array == [e.to_dict() for e in events]
    assert [Event.from_dict(d) for d in array] == events


def test_unknown_format() -> None:
    assert "table" in FORMATS
    with pytest.raises(ValueError, match="unknown format"):
        list(render([], "xml"))
