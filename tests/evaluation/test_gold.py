"""Tests for dotterel.evaluation.gold: PLV and JSONL gold files, with file:line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from gold_fakes import (
    PLV,
    S1,
    S2,
    S3,
    S5,
    S6,
)

import dotterel.evaluation.gold as ev
from dotterel.evaluation.metrics import relation_skipped


def test_load_plv_groups_rows_and_strips_marks() -> None:
    gold = ev.load_gold(PLV)
    assert gold.format == "plv" and gold.merge_yield
    assert [it.text for it in gold.items] == [S1, S2, S3, S5, S6]
    two = gold.items[2]
    assert [e.type for e in two.events] == ["COERCE", "ASSAULT"]
    army = two.events[1].actor
    assert army is not None and army.spans == ((31, 39),) and S3[31:39] == "the army"
    japan = gold.items[3].events[0].actor
    assert japan is not None and japan.text == "Japan"  # "<s>Japan </s>" trimmed
    assert gold.items[4].events[0].recipient is None  # "a recipient" placeholder: no mark


def test_strip_marks_multiple_mentions() -> None:
    text, spans = ev.strip_marks("<s>A</s> gave aid to <t>B</t> and to <t>B</t>'s army.")
    assert text == "A gave aid to B and to B's army."
    assert spans == {"s": [(0, 1)], "t": [(14, 15), (23, 24)]}



def test_bad_gold_reports_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "events": [{"type": "HUG", "actor": {"text": "x"}}]}\n')
    with pytest.raises(ev.GoldFormatError, match=r"bad.jsonl:1: unknown PLOVER type"):
        ev.load_gold(bad)



def test_plv_train_loads_and_quad_map_matches_gold_penta(shared_data: Path) -> None:
    gold = ev.load_gold(shared_data / "gold" / "plv_train.tsv")
    events = [e for it in gold.items for e in it.events]
    assert len(events) == 1050 and relation_skipped(gold) == 24
    agree = sum(ev.quad_of(e.type) == e.quad_class for e in events)
    assert agree == 1042  # the 8 others are rows whose gold_penta departs from their type's
    assert all(it.text and "<s>" not in it.text for it in gold.items)

