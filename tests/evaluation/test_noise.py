"""Tests for dotterel.evaluation.noise: events per 100 texts where nothing should be found."""

from __future__ import annotations

from pathlib import Path

from gold_fakes import actor, event

from dotterel.evaluation.noise import (
    ECONOMIC_TOPICS,
    NoiseCorpus,
    noise_figures,
    noise_summary,
    read_corpus,
)
from dotterel.records import Article

T1 = "The striker shot the goalkeeper a look and the team beat its rivals."
T2 = "Shares of Acme rose after the company agreed to buy Widget Corp."
T3 = "Rain delayed the final round."


def test_noise_figures_by_hand() -> None:
    results = [
        (Article(T1, "t1"), [event(T1, "ASSAULT", 4, actor(T1, "The striker"), None),
                             event(T1, "ASSAULT", 4, actor(T1, "the team"), None)]),
        (Article(T2, "t2"), [event(T2, "AGREE", 1, actor(T2, "the company"), None)]),
        (Article(T3, "t3"), []),
        (Article(T3 + " Again.", "t4"), []),
    ]
    figs = noise_figures(results, examples=1)
    assert figs["texts"] == 4 and figs["events"] == 3 and figs["texts_with_events"] == 2
    assert figs["events_per_100"] == 75.0 and figs["violent"] == 2
    assert figs["violent_per_100"] == 50.0
    assert figs["by_type"] == {"ASSAULT": {"events": 2, "per_100": 50.0},
                               "AGREE": {"events": 1, "per_100": 25.0}}
    assert [e["actor"] for e in figs["examples"]["ASSAULT"]] == ["The striker"]  # one shown
    assert "3 events (75.0 per 100; violent 50.0 per 100)" in noise_summary("x", figs)


def test_no_texts_gives_zeros() -> None:
    figs = noise_figures([])
    assert figs["texts"] == 0 and figs["events_per_100"] == 0.0 and figs["by_type"] == {}


def test_a_corpus_reads_any_input_and_keeps_economic_reuters_stories(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "The team won its third match in a row."}\n'
                    '{"text": 3}\n'
                    '{"id": "b", "text": "The club signed a new coach on Monday."}\n')
    assert [a.id for a in read_corpus(NoiseCorpus("feed", (feed,)))] == ["a", "b"]
    assert [a.id for a in read_corpus(NoiseCorpus("feed", (feed,), limit=1))] == ["a"]
    sgml = tmp_path / "r.sgm"
    sgml.write_text(
        '<REUTERS NEWID="1"><TOPICS><D>earn</D></TOPICS><TEXT><BODY>Acme Corp said its '
        'quarterly profit rose by twelve pct on higher sales of its products.</BODY></TEXT>'
        '</REUTERS>\n<REUTERS NEWID="2"><TOPICS><D>crude</D></TOPICS><TEXT><BODY>Ministers '
        'met in Vienna to discuss the price of oil and the quotas of each member.</BODY>'
        '</TEXT></REUTERS>\n', encoding="latin-1")
    kept = read_corpus(NoiseCorpus("reuters", (sgml,), ECONOMIC_TOPICS))
    assert [a.id for a in kept] == ["reuters-1"]
