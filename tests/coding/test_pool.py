"""Tests for dotterel.coding.pool: workers that load the coder once and code whole articles
give exactly what one process gives, in input order."""

from __future__ import annotations

from dataclasses import replace

from lake_fakes import story

from dotterel import Article, Coder
from dotterel.coding.pool import CHUNK_ARTICLES, PooledCoder


def test_two_workers_code_what_one_process_codes(coder: Coder) -> None:
    articles = [Article(s["text"], s["id"], s["published"])
                for s in (story(i, 2) for i in range(CHUNK_ARTICLES * 5 + 3))]
    pooled = PooledCoder(replace(coder.settings, n_process=2), processes=2)
    got = [(a.doc_id, events) for a, events in pooled.code_articles(iter(articles))]
    want = [(a.doc_id, events) for a, events in coder.code_articles(articles)]
    assert got == want and sum(len(e) for _, e in got) >= len(articles)


def test_auto_codes_small_inputs_in_this_process(coder: Coder) -> None:
    pooled = PooledCoder(replace(coder.settings, n_process=0), processes=0)
    (article, events), = pooled.code_articles([Article("Russia threatened Syria.", "a")])
    assert article.doc_id == "a" and [e.event_type for e in events] == ["THREATEN"]
