"""Tests for dotterel.evaluation.report: a self-contained, escaped HTML report."""

from __future__ import annotations


def test_report_escapes_text() -> None:
    from dotterel.evaluation.report import render_report

    html = render_report({"task": "relation", "gold": "<b>x</b>", "accuracy": 1.0,
                          "per_type": {"A&B": {"f1": 1.0}}, "confusion": {}}, ["<i>"])  # fmt: skip
    assert "<b>x</b>" not in html and "&lt;b&gt;" in html and "A&amp;B" in html

