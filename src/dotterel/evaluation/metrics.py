"""Scoring: the coder's answers against gold events (pure functions over records).

Two tasks. ``relation``: given the gold actor and recipient, is the event type right
(``Coder.classify``)? ``extraction``: from raw text, are the right dyads and types found
(``Coder.code_articles``)? Plus the error records that ``--errors`` writes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from dotterel.evaluation.gold import (
    NONE,
    GoldEvent,
    GoldItem,
    GoldSet,
    Party,
    normalize_type,
    quad_of,
)
from dotterel.records import Article, Event

# Words that alone never make two actor mentions the same actor (token-overlap matching).
_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "and", "in", "for", "s", "'s"})
_TOKEN = re.compile(r"\w+")

CodeArticles = Callable[[Iterable[Article]], Iterator[tuple[Article, list[Event]]]]
Classify = Callable[[str, str, str], "str | tuple[str, str]"]


@dataclass(frozen=True)
class RelationRecord:
    """One relation-task decision: gold type versus the coder's answer for a gold dyad."""

    item_id: str
    ref: str
    text: str
    actor: str
    recipient: str
    gold: str
    predicted: str
    gold_quad: int | None
    # What decided the answer (lexicon entry, or the learned model), when the coder says.
    rule: str = ""


@dataclass(frozen=True)
class ItemResult:
    """The extraction-task outcome of one gold item.

    ``matches[i]`` is the index in ``produced`` of the event chosen for gold event ``i``
    (or ``None``); ``produced_matched[j]`` says whether produced event ``j`` matches any gold
    event's dyad.
    """

    item: GoldItem
    produced: tuple[Event, ...]
    matches: tuple[int | None, ...]
    produced_matched: tuple[bool, ...]

# --- metrics ------------------------------------------------------------------------------


def _ratio(num: float, den: float) -> float:
    """num/den rounded to 4 places, 0.0 when den is 0."""
    return round(num / den, 4) if den else 0.0


def _f1(p: float, r: float) -> float:
    """Harmonic mean of precision and recall."""
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def classification_metrics(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Accuracy, per-type P/R/F1, macro- and micro-F1 and the confusion matrix.

    Labels are every type seen in gold or predictions except NONE (so a predicted NONE is
    only ever a miss); macro-F1 averages the per-type F1 over those labels.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    labels = sorted((set(gold) | set(predicted)) - {NONE})
    confusion: dict[str, Counter[str]] = {g: Counter() for g in sorted(set(gold))}
    for g, guess in zip(gold, predicted, strict=True):
        confusion[g][guess] += 1
    per_type: dict[str, dict[str, float | int]] = {}
    tp_all = fp_all = fn_all = 0
    for lab in labels:
        tp = confusion.get(lab, Counter())[lab]
        support = sum(confusion.get(lab, Counter()).values())
        n_pred = sum(row[lab] for row in confusion.values())
        p, r = _ratio(tp, n_pred), _ratio(tp, support)
        per_type[lab] = {"precision": p, "recall": r, "f1": _f1(p, r), "support": support,
                         "predicted": n_pred}  # fmt: skip
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + n_pred - tp, fn_all + support - tp
    micro_p, micro_r = _ratio(tp_all, tp_all + fp_all), _ratio(tp_all, tp_all + fn_all)
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    return {
        "n": len(gold),
        "accuracy": _ratio(correct, len(gold)),
        "macro_f1": _ratio(sum(float(v["f1"]) for v in per_type.values()), len(per_type)),
        "micro_f1": _f1(micro_p, micro_r),
        "per_type": per_type,
        "confusion": {g: dict(sorted(row.items())) for g, row in confusion.items()},
    }


def quad_accuracy(gold_quads: Sequence[int | None], predicted: Sequence[int | None]) -> float:
    """Share of decisions whose predicted quad class equals the gold one (gold None skipped)."""
    pairs = [(g, p) for g, p in zip(gold_quads, predicted, strict=True) if g is not None]
    return _ratio(sum(g == p for g, p in pairs), len(pairs))


# --- relation task ------------------------------------------------------------------------


def relation_records(gold: GoldSet, classify: Classify) -> list[RelationRecord]:
    """Ask ``classify`` about every gold event that has both an actor and a recipient."""
    out: list[RelationRecord] = []
    for item in gold.items:
        for ev in item.events:
            if ev.actor is None or ev.recipient is None:
                continue
            answer = classify(item.text, ev.actor.text, ev.recipient.text)
            # A coder's ``explain`` answers (type, provenance); ``classify`` just the type.
            pred, rule = answer if isinstance(answer, tuple) else (answer, "")
            gtype = normalize_type(ev.type, gold.merge_yield)
            out.append(RelationRecord(item.id, ev.ref, item.text, ev.actor.text,
                                      ev.recipient.text, gtype,
                                      normalize_type(pred, gold.merge_yield),
                                      ev.quad_class or quad_of(gtype), rule))  # fmt: skip
    return out


def score_relation(records: Sequence[RelationRecord], skipped: int = 0) -> dict[str, Any]:
    """The relation-task figures of a list of decisions."""
    figs = classification_metrics([r.gold for r in records], [r.predicted for r in records])
    figs["quad_accuracy"] = quad_accuracy(
        [r.gold_quad for r in records], [quad_of(r.predicted) for r in records]
    )
    figs["skipped"] = skipped
    return {"task": "relation", **figs}


def relation_skipped(gold: GoldSet) -> int:
    """How many gold events lack an actor or a recipient (left out of the relation task)."""
    return sum(1 for it in gold.items for e in it.events if e.actor is None or e.recipient is None)


# --- extraction task ----------------------------------------------------------------------


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open character spans share a character."""
    return a[0] < b[1] and b[0] < a[1]


def _tokens(text: str) -> set[str]:
    """Lower-cased content tokens of an actor mention."""
    return {t for t in _TOKEN.findall(text.lower())} - _FUNCTION_WORDS


def produced_span(text: str, event: Event, which: str) -> tuple[int, int] | None:
    """Document offsets of an event's actor/recipient, fixing sentence-relative offsets."""
    actor = event.actor if which == "actor" else event.recipient
    if actor is None:
        return None
    if text[actor.start : actor.end] == actor.text or not event.sentence_text:
        return actor.start, actor.end
    base = text.find(event.sentence_text)
    if base >= 0 and event.sentence_text[actor.start : actor.end] == actor.text:
        return base + actor.start, base + actor.end
    return actor.start, actor.end


def party_matches(text: str, gold: Party | None, event: Event, which: str) -> bool:
    """Whether a produced actor/recipient matches a gold party (a missing gold party: any)."""
    if gold is None:
        return True
    span = produced_span(text, event, which)
    if span is None:
        return False
    if gold.spans:
        return any(_overlaps(span, g) for g in gold.spans)
    actor = event.actor if which == "actor" else event.recipient
    return actor is not None and bool(_tokens(gold.text) & _tokens(actor.text))


def dyad_matches(item: GoldItem, gold: GoldEvent, event: Event) -> bool:
    """Whether a produced event's actor and recipient both match a gold event's."""
    return party_matches(item.text, gold.actor, event, "actor") and party_matches(
        item.text, gold.recipient, event, "recipient"
    )


def match_item(item: GoldItem, produced: Sequence[Event], merge_yield: bool) -> ItemResult:
    """Pair each gold event with its best produced event: same dyad, same type first."""
    matches: list[int | None] = []
    hit = [False] * len(produced)
    for gev in item.events:
        cands = [j for j, ev in enumerate(produced) if dyad_matches(item, gev, ev)]
        for j in cands:
            hit[j] = True
        gtype = normalize_type(gev.type, merge_yield)
        same = [j for j in cands if normalize_type(produced[j].event_type, merge_yield) == gtype]
        best = same or cands
        matches.append(best[0] if best else None)
    return ItemResult(item, tuple(produced), tuple(matches), tuple(hit))


def extraction_results(
    gold: GoldSet, code_articles: CodeArticles, items: Sequence[GoldItem] | None = None
) -> list[ItemResult]:
    """Code every gold item's text and match the produced events to the gold ones."""
    chosen = list(gold.items if items is None else items)
    arts = [Article(text=it.text, id=it.id, published=it.published) for it in chosen]
    out: list[ItemResult] = []
    for item, (_art, events) in zip(chosen, code_articles(arts), strict=True):
        out.append(match_item(item, events, gold.merge_yield))
    return out


def _code_accuracy(pairs: list[tuple[str | None, str | None]]) -> dict[str, float | int]:
    """Accuracy over pairs whose gold value is known."""
    known = [(g, p) for g, p in pairs if g]
    return {"accuracy": _ratio(sum(g == p for g, p in known), len(known)), "n": len(known)}


def score_extraction(results: Sequence[ItemResult], merge_yield: bool) -> dict[str, Any]:
    """The extraction-task figures of matched items (keys documented in docs/gold-format.md)."""
    n_gold = sum(len(r.item.events) for r in results)
    n_prod = sum(len(r.produced) for r in results)
    gold_t: list[str] = []
    pred_t: list[str] = []
    gold_q: list[int | None] = []
    pred_q: list[int | None] = []
    codes: dict[str, list[tuple[str | None, str | None]]] = {
        k: [] for k in ("actor_country", "actor_sector", "recipient_country", "recipient_sector")
    }
    dates: list[tuple[str | None, str | None]] = []
    for res in results:
        for gev, j in zip(res.item.events, res.matches, strict=True):
            if j is None:
                continue
            ev = res.produced[j]
            gtype = normalize_type(gev.type, merge_yield)
            gold_t.append(gtype)
            pred_t.append(normalize_type(ev.event_type, merge_yield))
            gold_q.append(gev.quad_class or quad_of(gtype))
            pred_q.append(ev.quad_class or quad_of(pred_t[-1]))
            for side, gp, pa in (
                ("actor", gev.actor, ev.actor),
                ("recipient", gev.recipient, ev.recipient),
            ):
                if gp is not None:
                    codes[side + "_country"].append((gp.country, pa.country if pa else None))
                    codes[side + "_sector"].append((gp.sector, pa.sector if pa else None))
            if gev.date:
                dates.append((gev.date, (ev.date or "")[: len(gev.date)]))
    matched = len(gold_t)
    typed = sum(g == p for g, p in zip(gold_t, pred_t, strict=True))
    figs = classification_metrics(gold_t, pred_t)
    return {
        "task": "extraction",
        "items": len(results),
        "items_without_gold": sum(1 for r in results if not r.item.events),
        "gold_events": n_gold,
        "produced_events": n_prod,
        "dyad_recall": _ratio(matched, n_gold),
        "dyad_precision": _ratio(sum(sum(r.produced_matched) for r in results), n_prod),
        "dyad_type_recall": _ratio(typed, n_gold),
        "matched": matched,
        **{k: v for k, v in figs.items() if k != "n"},
        "quad_accuracy": quad_accuracy(gold_q, pred_q),
        **{k + "_accuracy": _code_accuracy(v) for k, v in codes.items()},
        "date_accuracy": _code_accuracy(dates),
    }


# --- errors -------------------------------------------------------------------------------


def _gold_dict(ev: GoldEvent) -> dict[str, Any]:
    """A gold event as JSON."""

    def party(p: Party | None) -> dict[str, Any] | None:
        return None if p is None else {"text": p.text, "spans": [list(s) for s in p.spans],
                                       "country": p.country, "sector": p.sector}  # fmt: skip

    return {"ref": ev.ref, "type": ev.type, "actor": party(ev.actor),
            "recipient": party(ev.recipient), "date": ev.date}  # fmt: skip


def _produced_dict(ev: Event) -> dict[str, Any]:
    """The parts of a produced event that matter for error analysis."""

    def party(a: Any) -> dict[str, Any] | None:
        return None if a is None else {"text": a.text, "start": a.start, "end": a.end,
                                       "code": a.code}  # fmt: skip

    return {"type": ev.event_type, "rule": ev.rule, "trigger": ev.trigger.text,
            "actor": party(ev.actor), "recipient": party(ev.recipient), "date": ev.date,
            "confidence": ev.confidence}  # fmt: skip


def relation_errors(records: Sequence[RelationRecord]) -> list[dict[str, Any]]:
    """Every wrong relation decision, for error analysis."""
    return [
        {
            "task": "relation",
            "kind": "no_event" if r.predicted == NONE else "wrong_type",
            "stage": "classify",
            "id": r.item_id,
            "ref": r.ref,
            "sentence": r.text,
            "actor": r.actor,
            "recipient": r.recipient,
            "expected": r.gold,
            "produced": r.predicted,
            "rule": r.rule,
        }  # fmt: skip
        for r in records
        if r.predicted != r.gold
    ]


def extraction_errors(results: Sequence[ItemResult], merge_yield: bool) -> list[dict[str, Any]]:
    """Every missed or mistyped gold event and every unmatched produced event."""
    out: list[dict[str, Any]] = []
    for res in results:
        produced = [_produced_dict(e) for e in res.produced]
        base = {"task": "extraction", "id": res.item.id, "sentence": res.item.text}
        for gev, j in zip(res.item.events, res.matches, strict=True):
            if j is None:
                kind = "missed_dyad"
                stage = "no_event" if not res.produced else "actor_attribution"
                rule = None
            elif normalize_type(res.produced[j].event_type, merge_yield) != normalize_type(
                gev.type, merge_yield
            ):
                kind, stage, rule = "wrong_type", "event_type", res.produced[j].rule
            else:
                continue
            out.append({**base, "kind": kind, "stage": stage, "rule": rule,
                        "expected": _gold_dict(gev), "produced": produced})  # fmt: skip
        for ev, hit in zip(res.produced, res.produced_matched, strict=True):
            if not hit:
                out.append({**base, "kind": "spurious", "stage": "spurious", "rule": ev.rule,
                            "expected": [_gold_dict(g) for g in res.item.events],
                            "produced": [_produced_dict(ev)]})  # fmt: skip
    return out

