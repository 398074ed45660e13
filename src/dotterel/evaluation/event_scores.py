"""Event-level scoring of whole articles: each gold event against the coder's events.

A produced event matches a gold event when it is told in the same sentence (its trigger lies
inside the gold sentence) with the same type, actor code and recipient code (a gold event
with no recipient matches one whose recipient is missing or uncoded). Precision, recall and
F1 are given for that full match and, beside it, for partial matches: the type only, the dyad
only (both codes), and the type with both countries. Each event matches at most once.
Produced events told as negated or hypothetical are not scored (the gold codes only what
happened, was said, or was promised).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from dotterel.evaluation.gold import GoldEvent, GoldItem, GoldSet, Party, normalize_type
from dotterel.evaluation.metrics import CodeArticles
from dotterel.records import Actor, Article, Event

SCORED_MODALITIES = frozenset({"asserted", "reported", "future"})
LEVELS = ("full", "type", "dyad", "countries")
UNKNOWN_COUNTRY = "UNK"


@dataclass(frozen=True)
class ArticleResult:
    """One gold article and the coder's scored events on it."""

    item: GoldItem
    produced: tuple[Event, ...]


def _code(party: Party | None) -> str:
    return ((party.country or "") + (party.sector or "")) if party else ""


def _same_sentence(gold: GoldEvent, event: Event) -> bool:
    if gold.sentence is None:
        return True
    return gold.sentence[0] <= event.trigger.start < gold.sentence[1]


def _produced_code(actor: Actor | None) -> str:
    """A produced party's code, with PLOVER's UNK for a country the coder could not tell (the
    gold writes ``UNKREL`` where the coder leaves the country out: ``REL``)."""
    if actor is None or not actor.code:
        return ""
    return actor.code if actor.country else UNKNOWN_COUNTRY + actor.code


def _countries(gold: Party | None, actor: Actor | None) -> bool:
    produced = _produced_code(actor)[:3] or None
    return (gold.country if gold else None) == produced


def _codes(gold: Party | None, actor: Actor | None) -> bool:
    return _code(gold) == _produced_code(actor)


def _test(level: str, merge_yield: bool) -> Callable[[GoldEvent, Event], bool]:
    """Whether a produced event matches a gold event at one level."""

    def same_type(g: GoldEvent, e: Event) -> bool:
        return normalize_type(g.type, merge_yield) == normalize_type(e.event_type, merge_yield)

    def test(g: GoldEvent, e: Event) -> bool:
        if not _same_sentence(g, e):
            return False
        if level == "type":
            return same_type(g, e)
        if level == "countries":
            return same_type(g, e) and _countries(g.actor, e.actor) and \
                _countries(g.recipient, e.recipient)
        dyad = _codes(g.actor, e.actor) and _codes(g.recipient, e.recipient)
        return dyad and (level == "dyad" or same_type(g, e))

    return test


def match(gold: Sequence[GoldEvent], produced: Sequence[Event], test: Callable[
        [GoldEvent, Event], bool]) -> list[int | None]:
    """For each gold event, the produced event it is matched to (one to one, in order)."""
    taken: set[int] = set()
    out: list[int | None] = []
    for g in gold:
        j = next((j for j, e in enumerate(produced) if j not in taken and test(g, e)), None)
        if j is not None:
            taken.add(j)
        out.append(j)
    return out


def article_results(gold: GoldSet, code_articles: CodeArticles) -> list[ArticleResult]:
    """Code every gold article and keep the events that are scored."""
    arts = [Article(text=it.text, id=it.id, published=it.published) for it in gold.items]
    return [ArticleResult(item, tuple(e for e in events if e.modality in SCORED_MODALITIES))
            for item, (_, events) in zip(gold.items, code_articles(arts), strict=True)]


def _prf(matched: int, n_gold: int, n_produced: int) -> dict[str, float | int]:
    p = round(matched / n_produced, 4) if n_produced else 0.0
    r = round(matched / n_gold, 4) if n_gold else 0.0
    f1 = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return {"matched": matched, "precision": p, "recall": r, "f1": f1}


def score_events(results: Iterable[ArticleResult], merge_yield: bool) -> dict[str, Any]:
    """Event-level precision, recall and F1, full and partial, with per-type recall."""
    rows = list(results)
    n_gold = sum(len(r.item.events) for r in rows)
    n_produced = sum(len(r.produced) for r in rows)
    figures: dict[str, Any] = {"task": "events", "items": len(rows), "gold_events": n_gold,
                               "produced_events": n_produced}
    per_type: dict[str, Counter[str]] = {}
    for level in LEVELS:
        test = _test(level, merge_yield)
        matched = 0
        for r in rows:
            found = match(r.item.events, r.produced, test)
            matched += sum(j is not None for j in found)
            if level == "full":
                for g, j in zip(r.item.events, found, strict=True):
                    row = per_type.setdefault(normalize_type(g.type, merge_yield), Counter())
                    row["gold"] += 1
                    row["matched"] += j is not None
        figures[level] = _prf(matched, n_gold, n_produced)
    figures.update({k: figures["full"][k] for k in ("precision", "recall", "f1")})
    figures["per_type"] = {t: {"gold": c["gold"], "recall": round(c["matched"] / c["gold"], 4)}
                           for t, c in sorted(per_type.items())}
    return figures


def event_errors(results: Iterable[ArticleResult], merge_yield: bool) -> list[dict[str, Any]]:
    """Every gold event without a full match and every produced event without one."""
    test = _test("full", merge_yield)
    out: list[dict[str, Any]] = []
    for r in results:
        found = match(r.item.events, r.produced, test)
        for g, j in zip(r.item.events, found, strict=True):
            if j is None:
                sentence = r.item.text[g.sentence[0]:g.sentence[1]] if g.sentence else ""
                out.append({"task": "events", "kind": "missed", "id": r.item.id, "ref": g.ref,
                            "sentence": sentence, "type": g.type, "actor": _code(g.actor),
                            "actor_text": g.actor.text if g.actor else None,
                            "recipient": _code(g.recipient),
                            "recipient_text": g.recipient.text if g.recipient else None})
        used = {j for j in found if j is not None}
        for j, e in enumerate(r.produced):
            if j not in used:
                out.append({"task": "events", "kind": "spurious", "id": r.item.id,
                            "sentence": e.sentence_text, "type": e.event_type,
                            "actor": e.actor.code, "actor_text": e.actor.text,
                            "recipient": e.recipient.code if e.recipient else "",
                            "recipient_text": e.recipient.text if e.recipient else None,
                            "rule": e.rule, "trigger": e.trigger.text})
    return out
