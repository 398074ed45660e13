"""Tests for the pipeline helpers of ``coding.nlp``."""

from __future__ import annotations

import pytest

from dotterel import Coder
from dotterel.coding.nlp import ents_within, mask_wire, unwrap
from dotterel.records import Article


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


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # A dateline opening the story, a paragraph, or the story after its headline.
        ("LIMA, Peru (AP) - Police arrested three men.", "Police arrested three men."),
        ("Police Arrest Three\n\nLIMA, Peru (AP) - Police arrested three men.",
         "Police Arrest Three\n\n Police arrested three men."),
        ("Police Arrest Three in Peru. LIMA (Reuters) - Police arrested three men.",
         "Police Arrest Three in Peru. Police arrested three men."),
        ("U.S. Frees Two. BAGHDAD, Iraq - Troops freed two men.",
         "U.S. Frees Two. Troops freed two men."),
        # An agency's name in a dateline's place.
        ("Soldiers Kill Gunman. Reuters - Soldiers shot a gunman.",
         "Soldiers Kill Gunman. Soldiers shot a gunman."),
        ("Reuters reported that police detained three activists.",
         "Reuters reported that police detained three activists."),
        # A city in ordinary capitals, with a country, a date and agency, or a dash run on.
        ("Lima, Peru - Police arrested three men.", "Police arrested three men."),
        ("Lima, June 3, EFE - Police arrested three men.", "Police arrested three men."),
        ("Lima (AP) -- Police arrested three men.", "Police arrested three men."),
        ("Puerto Maldonado--Police arrested three men.", "Police arrested three men."),
        ("LIMA/QUITO (Reuters) - Peru and Ecuador met.", "Peru and Ecuador met."),
        # ... with the year after the date, or the agency after it and no dash, or a date
        # and agency alone.
        ("LIMA, Peru Sept. 7, 2004 - Police arrested three men.", "Police arrested three men."),
        ("Lima, Sep 27 (UNI) Police arrested three men.", "Police arrested three men."),
        ("Sep 04 (PID) - Police arrested three men.", "Police arrested three men."),
        # A feed that turned the dash into quotes.
        ('"LIMA (AP) "" Acting on a court order, police detained two men.',
         "Acting on a court order, police detained two men."),
        # An agency's credit closing a headline, named or opening the story.
        ("Peru wins backing from Chile (AFP). AFP - Peru said ...",
         "Peru wins backing from Chile . Peru said ..."),
        ("Peru wins backing from Chile (AFP)\nPeru said ...",
         "Peru wins backing from Chile\nPeru said ..."),
        ("Probe lands on a comet (Space Daily). Space Daily - The probe ...",
         "Probe lands on a comet . The probe ..."),
        # A body's own abbreviation is no credit.
        ("The World Health Organisation (WHO) warned Peru.",
         "The World Health Organisation (WHO) warned Peru."),
        # No dateline: a name between dashes inside a sentence stays.
        ("Officials said NATO - the alliance - would act.",
         "Officials said NATO - the alliance - would act."),
        # ... nor a name or an adverb before a dash at the start, in ordinary capitals.
        ("Hamas - the group that runs Gaza - said it would act.",
         "Hamas - the group that runs Gaza - said it would act."),
        ("Meanwhile, Peru - which had closed its border - reopened it.",
         "Meanwhile, Peru - which had closed its border - reopened it."),
    ],
)
def test_datelines_are_blanked_where_stories_start(coder: Coder, text: str, kept: str) -> None:
    masked = mask_wire(text, coder.resources.grammar)
    assert len(masked) == len(text)
    assert " ".join(masked.split()) == " ".join(kept.split())
    assert masked.count("\n") == text.count("\n")


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Kenya gains &lt;b&gt;...&lt;/b&gt;.", "Kenya gains ... ."),
        ("Kenya gains <b>ground</b>.", "Kenya gains ground ."),
        ("calling it  quot;nonsense quot; in", 'calling it " nonsense " in'),
        ("Kenya seeks  #36;50M &amp; more", "Kenya seeks $ 50M & more"),
    ],
)
def test_a_feeds_markup_is_read_as_text(text: str, read: str) -> None:
    unwrapped = unwrap(text)
    assert len(unwrapped) == len(text)
    assert " ".join(unwrapped.split()) == read


def test_a_feeds_backslashes_are_spaces(coder: Coder) -> None:
    text = "The Australian\\Foreign Minister criticised\\Indonesia over a \\$5 fee."
    assert unwrap(text) == "The Australian Foreign Minister criticised Indonesia over a  $5 fee."
    events = coder.code_article(Article(text=text, id="t", published="2020-05-04"))
    assert {(e.actor.code, e.recipient.code if e.recipient else "-") for e in events} == {
        ("AUSGOV", "IDN")}
    # The offsets are the source's; the words are read with the backslash as a space.
    assert all(unwrap(text)[e.actor.start:e.actor.end] == e.actor.text for e in events)
