"""Event-level scoring of whole articles (hand-made gold and produced events)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from gold_fakes import actor, event

from dotterel.evaluation.event_scores import ArticleResult, event_errors, match, score_events
from dotterel.evaluation.gold import GoldEvent, GoldItem, Party
from dotterel.records import Event, Trigger

TEXT = "Hackers attacked the church website. The police arrested two men in Lyon."
FIRST = (0, TEXT.index(".") + 1)
SECOND = (FIRST[1] + 1, len(TEXT))


def gold(etype: str, a: tuple[str | None, str | None], r: tuple[str | None, str | None] | None,
         sentence: tuple[int, int]) -> GoldEvent:
    return GoldEvent(etype, Party("a", (), *a), Party("r", (), *r) if r else None,
                     sentence=sentence)


def produced(etype: str, words: str, a: tuple[str | None, str | None], trigger: str,
             r: tuple[str, str | None, str | None] | None = None) -> Event:
    start = TEXT.index(trigger)
    ev = event(TEXT, etype, 4, actor(TEXT, words, *a),
               actor(TEXT, r[0], r[1], r[2]) if r else None)
    return replace(ev, trigger=Trigger(trigger, start, start + len(trigger)))


def result(golds: list[GoldEvent], events: list[Event]) -> ArticleResult:
    return ArticleResult(GoldItem(id="a", text=TEXT, events=tuple(golds)), tuple(events))


@pytest.mark.parametrize(
    ("gold_event", "made", "level_matched"),
    [
        # Same sentence, type and codes: a full match.
        (gold("COERCE", ("FRA", "COP"), ("FRA", "CVL"), SECOND),
         produced("COERCE", "The police", ("FRA", "COP"), "arrested", ("two men", "FRA", "CVL")),
         {"full": 1, "type": 1, "dyad": 1, "countries": 1}),
        # A country the coder could not tell is PLOVER's UNK: "REL" matches the gold "UNKREL".
        (gold("COERCE", ("UNK", "UNK"), ("UNK", "REL"), FIRST),
         produced("COERCE", "Hackers", (None, "UNK"), "attacked", ("the church", None, "REL")),
         {"full": 1, "type": 1, "dyad": 1, "countries": 1}),
        # The right type in another sentence is no match at all.
        (gold("COERCE", ("FRA", "COP"), ("FRA", "CVL"), SECOND),
         produced("COERCE", "Hackers", ("FRA", "COP"), "attacked", ("the church", "FRA", "CVL")),
         {"full": 0, "type": 0, "dyad": 0, "countries": 0}),
        # Another sector on one side: type and countries only.
        (gold("COERCE", ("FRA", "COP"), ("FRA", "CVL"), SECOND),
         produced("COERCE", "The police", ("FRA", "GOV"), "arrested", ("two men", "FRA", "CVL")),
         {"full": 0, "type": 1, "dyad": 0, "countries": 1}),
    ],
)
def test_levels(gold_event: GoldEvent, made: Event, level_matched: dict[str, int]) -> None:
    figures = score_events([result([gold_event], [made])], merge_yield=True)
    assert {level: figures[level]["matched"] for level in level_matched} == level_matched


def test_each_produced_event_matches_once_and_errors_list_the_rest() -> None:
    g = gold("COERCE", ("FRA", "COP"), ("FRA", "CVL"), SECOND)
    made = produced("COERCE", "The police", ("FRA", "COP"), "arrested", ("two men", "FRA", "CVL"))
    r = result([g, g], [made])
    assert match(r.item.events, r.produced, lambda a, b: True) == [0, None]
    figures = score_events([r], merge_yield=True)
    assert figures["full"] == {"matched": 1, "precision": 1.0, "recall": 0.5, "f1": 0.6667}
    assert [e["kind"] for e in event_errors([r], merge_yield=True)] == ["missed"]
