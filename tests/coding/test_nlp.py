"""Tests for the pipeline helpers of ``coding.nlp``."""

from __future__ import annotations

import pytest

from dotterel import Coder
from dotterel.coding.nlp import ents_within


@pytest.mark.parametrize(
    "text",
    [
        "Russia and China met in Geneva on Monday. The talks ended on Tuesday in Paris.",
        "Nothing here names anyone.\n\nThen Angela Merkel flew to Washington.",
    ],
)
def test_ents_within_is_span_ents(coder: Coder, text: str) -> None:
    """The entities of each sentence, from the document's entities read once, are exactly
    what spaCy's ``Span.ents`` gives."""
    doc = coder.nlp(text)
    ents = tuple(doc.ents)
    for sent in doc.sents:
        assert [(e.start, e.end, e.label_) for e in ents_within(ents, sent)] == [
            (e.start, e.end, e.label_) for e in sent.ents]
    assert any(ents_within(ents, sent) for sent in doc.sents)
