"""Paths and small helpers the tests share (the tests folder is on sys.path: see pytest's
``pythonpath``)."""

from __future__ import annotations

from pathlib import Path

from dotterel import Coder, Event
from dotterel.coding.pipeline import code_doc
from dotterel.records import Article

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
SHARED_DATA = REPO.parent / "shared" / "data"


def code(coder: Coder, text: str) -> list[Event]:
    """Code one text as an article published on 2020-05-04."""
    return coder.code_article(Article(text=text, id="t", published="2020-05-04"))


def dyads(events: list[Event]) -> set[tuple[str, str, str]]:
    """Each event as (type, actor code, recipient code or "-")."""
    return {(e.event_type, e.actor.code, e.recipient.code if e.recipient else "-")
            for e in events}


def stage_dyads(coder: Coder, text: str) -> set[tuple[str, str, str]]:
    """The stages' dyads before the learned filters (a lexicon entry's own reading)."""
    doc = coder.nlp(text)
    return dyads(code_doc(doc, Article(text=text, id="t", published="2020-05-04"),
                          coder.resources))
