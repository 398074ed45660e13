"""Gold files: PLV TSV and dotterel JSONL read into typed gold items, with ``file:line`` errors.

The formats are described in ``docs/gold-format.md``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotterel.records import PLOVER_TYPES

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
_MARK = re.compile(r"</?[st]>")


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
    # Article-level gold: the sentence that tells the event (character span), its trigger's
    # span, the mode, and the modality the coder should give it.
    sentence: tuple[int, int] | None = None
    trigger: tuple[int, int] | None = None
    mode: str | None = None
    modality: str | None = None


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


def load_gold(path: str | Path, fmt: str = "auto", corpus_root: Path | None = None) -> GoldSet:
    """Load a gold file: ``plv`` (TSV with marked source/target) or ``jsonl`` (ours; an item
    may name its text by ``corpus`` and ``id`` instead of holding it, the corpus being a path
    under ``corpus_root``, by default ``../shared/data`` beside the repository)."""
    path = Path(path)
    if fmt == "auto":
        fmt = "plv" if path.suffix.lower() in (".tsv", ".tab") else "jsonl"
    if fmt == "plv":
        items, merge = _load_plv(path), True
    elif fmt == "jsonl":
        items = _load_jsonl(path, corpus_root)
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


def _corpus_text(path: Path, lineno: int, obj: dict[str, Any], root: Path | None,
                 cache: dict[Path, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    """The record an item names by ``corpus`` and ``id`` (read once per corpus file)."""
    where = (root or shared_data_dir()) / str(obj["corpus"])
    if where not in cache:
        try:
            lines = where.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise GoldFormatError(f"{path}:{lineno}: cannot read the corpus {where}: "
                                  f"{exc.strerror or exc}") from None
        cache[where] = {str(r.get("id")): r for r in map(json.loads, filter(str.strip, lines))}
    record = cache[where].get(str(obj.get("id")))
    if record is None or not isinstance(record.get("text"), str):
        raise GoldFormatError(f"{path}:{lineno}: no text with id {obj.get('id')!r} in {where}")
    return record


def shared_data_dir() -> Path:
    """``../shared/data`` beside the working directory or the repository."""
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        if (base.parent / "shared" / "data").is_dir():
            return base.parent / "shared" / "data"
    return Path.cwd().parent / "shared" / "data"


def _load_jsonl(path: Path, corpus_root: Path | None = None) -> list[GoldItem]:
    """Read the project's JSONL gold: one sentence or article per line."""
    items: list[GoldItem] = []
    corpora: dict[Path, dict[str, dict[str, Any]]] = {}
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFormatError(f"{path}:{lineno}: invalid JSON: {exc.msg}") from exc
            if isinstance(obj, dict) and "text" not in obj and "corpus" in obj:
                record = _corpus_text(path, lineno, obj, corpus_root, corpora)
                obj = {**obj, "text": record["text"],
                       "published": obj.get("published") or record.get("dateCreated")}
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise GoldFormatError(f"{path}:{lineno}: each line needs a string 'text' (or "
                                      "a 'corpus' and 'id' naming one)")
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
        actor=_jsonl_party(text, ev["actor"], path, lineno),
        recipient=_jsonl_party(text, rec, path, lineno) if rec else None,
        quad_class=ev.get("quad_class") or quad_of(etype),
        date=ev.get("date"),
        location=ev.get("location"),
        ref=ref,
        sentence=_span(text, ev.get("sentence"), path, lineno, "sentence"),
        trigger=_span(text, ev.get("trigger"), path, lineno, "trigger"),
        mode=ev.get("mode"),
        modality=ev.get("modality"),
    )


def _span(text: str, d: Any, path: Path, lineno: int, what: str) -> tuple[int, int] | None:
    """A ``{start, end[, text]}`` span, checked against the text (None when absent)."""
    if d is None:
        return None
    if not isinstance(d, dict) or not isinstance(d.get("start"), int) \
            or not isinstance(d.get("end"), int) or not 0 <= d["start"] < d["end"] <= len(text):
        raise GoldFormatError(f"{path}:{lineno}: {what!r} needs integer 'start' < 'end' "
                              "inside the text")
    if "text" in d and text[d["start"]:d["end"]] != d["text"]:
        raise GoldFormatError(f"{path}:{lineno}: {what} {d['text']!r} is not at "
                              f"{d['start']}-{d['end']} (the text there is "
                              f"{text[d['start']:d['end']]!r})")
    return d["start"], d["end"]


def _jsonl_party(text: str, d: dict[str, Any], path: Path, lineno: int) -> Party:
    """A JSONL party: offsets if given (checked against its words), else every exact
    occurrence of its text."""
    words = str(d["text"])
    if isinstance(d.get("start"), int) and isinstance(d.get("end"), int):
        span = _span(text, d, path, lineno, "party")
        assert span is not None
        spans: tuple[tuple[int, int], ...] = (span,)
    else:
        spans = tuple((m.start(), m.end()) for m in re.finditer(re.escape(words), text))
    code = str(d.get("code") or "")
    country = d.get("country") or (code[:3] or None)
    sector = d.get("sector") or (code[3:] or None)
    return Party(words, spans, country, sector)

