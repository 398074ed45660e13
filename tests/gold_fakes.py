"""Hand-made coders and events for the evaluation tests (answers fixed by hand)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from helpers import DATA

from dotterel.coding.linear_model import LinearModel
from dotterel.records import Actor, Article, Event, Trigger
from dotterel.settings import Settings

PLV = DATA / "plv_small.tsv"
JSONL = DATA / "gold_small.jsonl"


def actor(text: str, words: str, country: str | None = None, sector: str | None = None) -> Actor:
    """An actor found at the first occurrence of ``words`` in ``text``."""
    start = text.index(words)
    return Actor(words, words, country, sector, start, start + len(words))


def event(
    text: str,
    etype: str,
    quad: int,
    src: Actor,
    tgt: Actor | None,
    rule: str = "",
    date: str | None = None,
) -> Event:
    """A hand-made produced event."""
    return Event(
        doc_id="d", sentence=0, sentence_text=text, event_type=etype, mode=None, contexts=(),
        cameo="010", quad_class=quad, goldstein=0.0, actor=src, recipient=tgt, date=date,
        date_text=None, location=None, modality="asserted", trigger=Trigger("x", 0, 1),
        confidence=1.0, rule=rule,
    )  # fmt: skip



class FakeCoder:
    """A coder whose answers are fixed by hand: classify by sentence start, events by text."""

    relation_model: LinearModel | None = None
    settings = Settings()

    def __init__(self, answers: dict[tuple[str, str], str], events: dict[str, list[Event]]):
        self.answers = answers
        self.events = events

    def classify(self, sentence: str, source: str, target: str) -> str:
        """The fixed answer for this dyad."""
        return self.answers.get((source, target), "NONE")

    def explain(self, sentence: str, source: str, target: str) -> tuple[str, str]:
        """The fixed answer, decided by nothing in particular."""
        return self.classify(sentence, source, target), ""

    def code_articles(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """The fixed events of each text."""
        for art in articles:
            yield art, self.events.get(art.text, [])


S1 = "Russia condemned Ukraine on Monday."
S2 = "France signed a deal with Germany."
S3 = "Police arrested protesters and the army shelled rebels."
S5 = "Japan offered concessions to China."
S6 = "Egypt lifted the state of emergency."


def plv_coder() -> FakeCoder:
    """Answers for plv_small.tsv (worked figures in the tests below)."""
    answers = {
        ("Russia", "Ukraine"): "ACCUSE",  # right
        ("France", "Germany"): "CONSULT",  # wrong (gold AGREE)
        ("Police", "protesters"): "COERCE",  # right
        ("the army", "rebels"): "NONE",  # missed (gold ASSAULT)
        ("Japan", "China"): "CONCEDE",  # scored as YIELD: right
    }
    events = {
        S1: [
            event(S1, "ACCUSE", 3, actor(S1, "Russia"), actor(S1, "Ukraine"), "accuse.condemn"),
            # No gold event has this dyad: spurious.
            event(S1, "REJECT", 3, actor(S1, "Ukraine"), actor(S1, "Russia"), "reject.x"),
        ],
        S2: [event(S2, "AGREE", 1, actor(S2, "France"), actor(S2, "Germany"), "agree.sign")],
        # Right dyad, wrong type (gold COERCE); nothing for the army/rebels event.
        S3: [event(S3, "ASSAULT", 4, actor(S3, "Police"), actor(S3, "protesters"), "assault.a")],
        # Gold recipient missing: any recipient matches; RETREAT is scored as YIELD.
        S6: [event(S6, "RETREAT", 2, actor(S6, "Egypt"), None, "retreat.lift")],
    }
    return FakeCoder(answers, events)


A1 = "Iran accused Israel of the attack. Israel denied it."
A2 = "The weather was fine."
A3 = "Kenyan police dispersed protesters in Nairobi."


def jsonl_coder() -> FakeCoder:
    """Answers for gold_small.jsonl."""
    events = {
        A1: [event(A1, "ACCUSE", 3, actor(A1, "Iran", "IRN"), actor(A1, "Israel", "ISR", "GOV"),
                   "accuse.accuse", date="2020-05-04")],
        A2: [event(A2, "PROTEST", 4, actor(A2, "weather"), None, "protest.x")],  # no gold here
        A3: [event(A3, "COERCE", 4, actor(A3, "Kenyan police", "KEN", "GOV"),
                   actor(A3, "protesters"), "coerce.disperse")],
    }  # fmt: skip
    return FakeCoder({("Iran", "Israel"): "ACCUSE"}, events)

# Headline figures for the gate's tests.
FIGS = {
    "relation_accuracy": 0.5,
    "relation_macro_f1": 0.4,
    "extraction_dyad_recall": 0.3,
    "extraction_dyad_type_recall": 0.2,
}
