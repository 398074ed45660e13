"""Tests for dotterel.coding.relevance and the relation model's NONE: events only where the
news is political and something happened (sentences written for these tests)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dotterel import Coder
from dotterel.coding.evidence import NO_EVENT
from dotterel.coding.linear_model import LinearModel
from dotterel.coding.relevance import OTHER, POLITICAL, Relevance, sentence_features
from dotterel.records import Article
from dotterel.settings import DEFAULTS

WAR = "Russia accused Ukraine of shelling the city of Kharkiv on Monday."
MATCH = "The home side beat their rivals 3-1 in the final match of the season."


def toy(words: dict[str, float], intercept: float = -2.0) -> LinearModel:
    """A relevance model that knows a few words (weights towards 'political')."""
    return LinearModel((OTHER, POLITICAL), {w: (-v, v) for w, v in words.items()},
                       (-intercept, intercept), {})


def test_sentence_features_are_content_lemmas_and_entity_labels(coder: Coder) -> None:
    sent = next(coder.nlp(WAR).sents)
    feats = sentence_features(sent)
    assert {"w=accuse", "w=shell", "w=city", "w=kharkiv", "ent=GPE", "ent=DATE"} <= set(feats)
    assert "w=the" not in feats and "w=of" not in feats


def test_a_sentence_meets_its_article_halfway_and_a_headline_is_lifted(coder: Coder) -> None:
    relevance = Relevance(toy({"w=accuse": 6.0}))
    doc = coder.nlp(f"{WAR} {MATCH}")
    own = [relevance.sentence_score(s) for s in doc.sents]
    article = sum(own) / 2
    assert own[0] > 0.95 and own[1] < 0.2
    assert relevance.scores(doc) == [pytest.approx((own[0] + article) / 2),
                                     pytest.approx((own[1] + article) / 2)]
    # A terse first sentence over a relevant story takes the story's relevance.
    headline = coder.nlp(f"{MATCH} {WAR} {WAR}")
    own = [relevance.sentence_score(s) for s in headline.sents]
    assert relevance.scores(headline)[0] == pytest.approx(sum(own) / 3)


def test_events_of_irrelevant_sentences_are_dropped_and_confidence_carries_it(
        coder: Coder) -> None:
    base = replace(coder, resources=replace(coder.resources, relation_model=None))
    article = Article(f"{WAR} Russia also beat Ukraine 3-1 in the final match.", "t")
    plain = replace(base, resources=replace(base.resources, relevance=None))
    everything = plain.code_article(article)
    assert {e.sentence for e in everything} == {0, 1}
    # Political only where "accuse" is: the match sentence falls below any threshold.
    picky = Relevance(toy({"w=accuse": 8.0, "w=match": -8.0}), threshold=0.4)
    kept = replace(base, resources=replace(base.resources, relevance=picky)).code_article(
        article)
    assert {e.sentence for e in kept} == {0}
    first = next(e for e in everything if e.sentence == 0)
    same = next(e for e in kept if e.event_id == first.event_id)
    score = picky.scores(base.nlp(article.text))[0]
    assert same.confidence == round(first.confidence * score, 2)


def test_the_bundled_relevance_model_tells_war_from_sport(coder: Coder) -> None:
    relevance = coder.resources.relevance
    assert relevance is not None, "train the bundled models with `make train`"
    assert relevance.threshold == DEFAULTS.min_relevance
    assert relevance.sentence_score(next(coder.nlp(WAR).sents)) > 0.8
    assert relevance.sentence_score(next(coder.nlp(MATCH).sents)) < 0.2


def _none_model(coder: Coder) -> LinearModel:
    """A relation model sure that nothing happens between any two parties."""
    model = coder.resources.relation_model
    assert model is not None
    classes = model.classes
    return LinearModel(classes, {}, tuple(9.0 if c == NO_EVENT else 0.0 for c in classes), {})


def test_the_relation_model_can_say_no_event(coder: Coder) -> None:
    assert NO_EVENT in (coder.resources.relation_model.classes  # type: ignore[union-attr]
                        if coder.resources.relation_model else ())
    sure = replace(coder, resources=replace(coder.resources, relation_model=_none_model(coder),
                                            relevance=None))
    assert sure.classify(WAR, "Russia", "Ukraine") == NO_EVENT
    # (The relation model judges pairs of parties: the alleged shelling of a city it cannot
    # code is no pair of them.)
    assert [e for e in sure.code_article(Article(WAR, "t")) if e.recipient and e.recipient.code
            ] == []
    # Unless NONE must be surer than it is: then the likeliest type stands.
    doubtful = replace(sure, resources=replace(sure.resources, no_event_above=1.01))
    assert doubtful.classify(WAR, "Russia", "Ukraine") != NO_EVENT
    assert [e for e in doubtful.code_article(Article(WAR, "t")) if e.recipient]


@pytest.mark.parametrize("text", [
    "Police detained ten protesters on Monday in the capital.",
    "The club signed a new striker on a three-year contract.",
])
def test_blanks_left_by_a_masked_dateline_do_not_change_relevance(coder: Coder, text: str) -> None:
    """A masked dateline leaves blanks before the first sentence: they say nothing of it."""
    relevance = coder.resources.relevance
    assert relevance is not None
    plain = relevance.scores(coder.nlp(text))[0]
    blanked = relevance.scores(coder.nlp(" " * 27 + text))[0]
    # (Not exactly equal: the blanks still sit in the parser's window of the first words.)
    assert abs(plain - blanked) < 0.1
