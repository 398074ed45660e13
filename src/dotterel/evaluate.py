"""Evaluation: load gold events and score the coder against them (pure scoring functions).

Two tasks. ``relation``: given the gold actor and recipient, is the event type right
(``Coder.classify``)? ``extraction``: from raw text, are the right dyads and types found
(``Coder.code_articles``)? The gold formats are described in ``docs/gold-format.md``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import PLOVER_TYPES, Article, Event

NONE = "NONE"
YIELD = "YIELD"
MERGED_INTO_YIELD = ("CONCEDE", "RETREAT")
# CAMEO root quad class of each PLOVER type; checked against plv_train's gold_penta column,
# where it agrees with the majority class of every type (1,042 of 1,050 rows).
QUAD_CLASS: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
    "COOPERATE": 2, "AID": 2, "CONCEDE": 2, "RETREAT": 2, YIELD: 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip
# Words that alone never make two actor mentions the same actor (token-overlap matching).
_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "and", "in", "for", "s", "'s"})
_MARK = re.compile(r"</?[st]>")
_TOKEN = re.compile(r"\w+")

CodeArticles = Callable[[Iterable[Article]], Iterator[tuple[Article, list[Event]]]]
Classify = Callable[[str, str, str], "str | tuple[str, str]"]


class GoldFormatError(ValueError):
    """A gold file that cannot be read; the message says ``file:line: problem``."""


@dataclass(frozen=True)
class Party:
    """A gold actor or recipient: its words, where they are, and its code when known."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class GoldEvent:
    """One gold event: type, actor, recipient, and optionally quad class, date and location."""

    type: str
    actor: Party | None
    recipient: Party | None
    quad_class: int | None = None
    date: str | None = None
    location: str | None = None
    ref: str = ""


@dataclass(frozen=True)
class GoldItem:
    """One gold sentence or article with its events (possibly none)."""

    id: str
    text: str
    events: tuple[GoldEvent, ...]
    published: str | None = None


@dataclass(frozen=True)
class GoldSet:
    """A loaded gold file: its items, its format, its hash, and whether YIELD merges types."""

    items: tuple[GoldItem, ...]
    format: str
    path: str
    sha256: str
    merge_yield: bool


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


def file_sha256(path: str | Path) -> str:
    """The sha256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def normalize_type(label: str, merge_yield: bool) -> str:
    """Upper-case a type and, when the gold merges them, score CONCEDE and RETREAT as YIELD."""
    label = (label or NONE).strip().upper()
    return YIELD if merge_yield and label in MERGED_INTO_YIELD else label


def quad_of(label: str) -> int | None:
    """The quad class (1-4) of a PLOVER type, or None for NONE and unknown labels."""
    return QUAD_CLASS.get(label)


# --- loading ------------------------------------------------------------------------------


def load_gold(path: str | Path, fmt: str = "auto") -> GoldSet:
    """Load a gold file: ``plv`` (TSV with marked source/target) or ``jsonl`` (ours)."""
    path = Path(path)
    if fmt == "auto":
        fmt = "plv" if path.suffix.lower() in (".tsv", ".tab") else "jsonl"
    if fmt == "plv":
        items, merge = _load_plv(path), True
    elif fmt == "jsonl":
        items = _load_jsonl(path)
        merge = any(e.type == YIELD for it in items for e in it.events)
    else:
        raise GoldFormatError(f"{path}: unknown gold format {fmt!r} (plv or jsonl)")
    return GoldSet(tuple(items), fmt, str(path), file_sha256(path), merge)


def strip_marks(marked: str) -> tuple[str, dict[str, list[tuple[int, int]]]]:
    """Remove ``<s>``/``<t>`` marks; return the text and the marked spans (trimmed of spaces)."""
    spans: dict[str, list[tuple[int, int]]] = {"s": [], "t": []}
    out: list[str] = []
    pos, length, opened = 0, 0, {"s": -1, "t": -1}
    for m in _MARK.finditer(marked):
        out.append(marked[pos : m.start()])
        length += m.start() - pos
        pos = m.end()
        tag = m.group(0)
        if tag.startswith("</"):
            start, opened[tag[2]] = opened[tag[2]], -1
            if start >= 0:
                spans[tag[2]].append((start, length))
        else:
            opened[tag[1]] = length
    out.append(marked[pos:])
    text = "".join(out)
    trimmed = {k: [_trim(text, a, b) for a, b in v] for k, v in spans.items()}
    return text, {k: [s for s in v if s[0] < s[1]] for k, v in trimmed.items()}


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _load_plv(path: Path) -> list[GoldItem]:
    """Read a PLV TSV; rows with the same sentence become one item with several events."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        need = {"gold_root", "marked_sentence"}
        missing = need - set(reader.fieldnames or ())
        if missing:
            raise GoldFormatError(f"{path}:1: missing columns {sorted(missing)}")
        order: list[str] = []
        grouped: dict[str, list[GoldEvent]] = {}
        ids: dict[str, str] = {}
        for lineno, row in enumerate(reader, start=2):
            text, spans = strip_marks(row["marked_sentence"] or "")
            if not text.strip():
                raise GoldFormatError(f"{path}:{lineno}: empty marked_sentence")
            ref = row.get("row") or str(lineno)
            penta = (row.get("gold_penta") or "").strip()
            event = GoldEvent(
                type=_check_type(row["gold_root"], path, lineno),
                actor=_party(text, spans["s"]),
                recipient=_party(text, spans["t"]),
                quad_class=int(penta) if penta.isdigit() else None,
                ref=ref,
            )
            if text not in grouped:
                order.append(text)
                grouped[text] = []
                ids[text] = "plv-" + (row.get("sentence_id") or ref)
            grouped[text].append(event)
    return [GoldItem(ids[t], t, tuple(grouped[t])) for t in order]


def _party(text: str, spans: list[tuple[int, int]]) -> Party | None:
    """A gold party from its marked spans (None when the row marks none)."""
    if not spans:
        return None
    return Party(text[spans[0][0] : spans[0][1]], tuple(spans))


def _check_type(label: Any, path: Path, lineno: int) -> str:
    """A gold type, upper-cased, or a GoldFormatError."""
    if not isinstance(label, str):
        raise GoldFormatError(f"{path}:{lineno}: event type must be a string")
    norm = label.strip().upper()
    if norm not in PLOVER_TYPES and norm != YIELD:
        raise GoldFormatError(f"{path}:{lineno}: unknown PLOVER type {label!r}")
    return norm


def _load_jsonl(path: Path) -> list[GoldItem]:
    """Read the project's JSONL gold: one sentence or article per line."""
    items: list[GoldItem] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{path}:{lineno}: invalid JSON: {exc.msg}") from exc
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise GoldFormatError(f"{path}:{lineno}: each line needs a string 'text'")
            events = obj.get("events", [])
            if not isinstance(events, list):
                raise GoldFormatError(f"{path}:{lineno}: 'events' must be a list")
            text = obj["text"]
            gold = tuple(
                _jsonl_event(text, ev, path, lineno, f"{lineno}.{i}") for i, ev in enumerate(events)
            )
            items.append(GoldItem(str(obj.get("id", lineno)), text, gold, obj.get("published")))
    return items


def _jsonl_event(text: str, ev: Any, path: Path, lineno: int, ref: str) -> GoldEvent:
    """One JSONL gold event."""
    if not isinstance(ev, dict) or "type" not in ev:
        raise GoldFormatError(f"{path}:{lineno}: each event needs a 'type'")
    if not isinstance(ev.get("actor"), dict) or not ev["actor"].get("text"):
        raise GoldFormatError(f"{path}:{lineno}: each event needs an 'actor' with 'text'")
    rec = ev.get("recipient")
    if rec is not None and (not isinstance(rec, dict) or not rec.get("text")):
        raise GoldFormatError(f"{path}:{lineno}: 'recipient' must be null or have 'text'")
    etype = _check_type(ev["type"], path, lineno)
    return GoldEvent(
        type=etype,
        actor=_jsonl_party(text, ev["actor"]),
        recipient=_jsonl_party(text, rec) if rec else None,
        quad_class=ev.get("quad_class") or quad_of(etype),
        date=ev.get("date"),
        location=ev.get("location"),
        ref=ref,
    )


def _jsonl_party(text: str, d: dict[str, Any]) -> Party:
    """A JSONL party: offsets if given, else every exact occurrence of its text."""
    words = str(d["text"])
    if isinstance(d.get("start"), int) and isinstance(d.get("end"), int):
        spans: tuple[tuple[int, int], ...] = ((d["start"], d["end"]),)
    else:
        spans = tuple((m.start(), m.end()) for m in re.finditer(re.escape(words), text))
    code = str(d.get("code") or "")
    country = d.get("country") or (code[:3] or None)
    sector = d.get("sector") or (code[3:] or None)
    return Party(words, spans, country, sector)


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
