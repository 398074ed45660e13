"""Negative texts for training: news in which nothing political should be coded, parsed once.

They give the relevance model its negative sentences, and the relation model its ``NONE``
class: every candidate the rules find in them is a pair between whom nothing political
happened, so the model learns to say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dotterel.coding.coder import Coder
from dotterel.coding.evidence import NO_EVENT, event_evidence
from dotterel.coding.linear_model import Vector
from dotterel.coding.pipeline import code_doc
from dotterel.coding.relevance import OTHER, POLITICAL, sentence_features, sentence_vector
from dotterel.evaluation.noise import NoiseCorpus, read_corpus
from dotterel.records import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Row:
    """One training example: a bag of features, a context vector, a label, and where from."""

    features: list[str]
    vector: Vector | None
    label: str
    source: str  # the id of the text it came from


@dataclass(frozen=True)
class ParsedText:
    """A text parsed as the coder parses it, with the corpus it came from."""

    article: Article
    doc: Doc
    corpus: str


def parse_corpora(coder: Coder, corpora: Sequence[NoiseCorpus]) -> list[ParsedText]:
    """Every text of the corpora, parsed once (as ``Coder.code_articles`` parses)."""
    out: list[ParsedText] = []
    for corpus in corpora:
        articles = read_corpus(corpus, coder.settings)
        out.extend(ParsedText(a, doc, corpus.name) for doc, a in coder.parse(articles))
    return out


def none_rows(rules: Coder, texts: Sequence[ParsedText]) -> list[Row]:
    """The rules' candidate pairs in negative texts, as the relation model sees them, ``NONE``.

    ``rules`` should be the coder without learned models: the evidence is the rules' alone.
    """
    rows: list[Row] = []
    for text in texts:
        events = code_doc(text.doc, text.article, rules.resources)
        sents = list(text.doc.sents)
        for event in events:
            found = event_evidence(text.doc, sents, event, events, rules.resources)
            if found is not None:
                rows.append(Row(found.features, found.vector, NO_EVENT, text.article.doc_id))
    return rows


def relevance_rows(docs: Sequence[tuple[str, Doc]], label: str) -> list[Row]:
    """One row per sentence of each ``(id, doc)``, labelled political or other."""
    if label not in (POLITICAL, OTHER):
        raise ValueError(f"relevance label must be {POLITICAL!r} or {OTHER!r}")
    return [Row(sentence_features(sent), sentence_vector(sent), label, source)
            for source, doc in docs for sent in doc.sents if len(sent) > 1]
