"""Tests for dotterel.evaluation.metrics: hand-worked figures and matching."""

from __future__ import annotations

import pytest
from gold_fakes import (
    A1,
    actor,
    event,
)

from dotterel.evaluation import metrics


def test_classification_metrics_by_hand() -> None:
    # gold A A B C, predicted A B B NONE: accuracy 2/4.
    # A: P 1/1 R 1/2 F1 .6667; B: P 1/2 R 1/1 F1 .6667; C: P 0 R 0 F1 0 -> macro .4444.
    # micro: tp 2, fp 1, fn 2 -> P .6667 R .5 F1 .5714.
    m = metrics.classification_metrics(["A", "A", "B", "C"], ["A", "B", "B", "NONE"])
    assert m["accuracy"] == 0.5
    assert m["per_type"]["A"]["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert m["per_type"]["C"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1,
                                  "predicted": 0}  # fmt: skip
    assert m["macro_f1"] == pytest.approx(0.4444, abs=1e-4)
    assert m["micro_f1"] == pytest.approx(0.5714, abs=1e-4)
    assert m["confusion"] == {"A": {"A": 1, "B": 1}, "B": {"B": 1}, "C": {"NONE": 1}}



def test_sentence_relative_offsets_are_moved_to_the_document() -> None:
    second = "Israel denied it."
    ev_ = event(second, "REJECT", 3, actor(second, "Israel"), None)
    assert metrics.produced_span(A1, ev_, "actor") == (35, 41)

