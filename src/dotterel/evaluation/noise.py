"""The noise task: code texts in which nothing political should be found, and count what is.

Precision on political news is not enough: an analyst trusts event data only if ordinary news
(sports, business, commodities) gives no events. ``noise_figures`` reports events per 100
texts, by type, with examples, for any corpus dotterel can read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dotterel.coding.coder import ArticleCoder
from dotterel.inputs.readers import InputError
from dotterel.inputs.sources import ReadOptions, read_sources
from dotterel.records import Article, Event
from dotterel.settings import Settings

# Material conflict that sports and disaster prose is most often mistaken for.
VIOLENT_TYPES: frozenset[str] = frozenset({"ASSAULT", "COERCE", "MOBILIZE"})
# Reuters-21578 topics of purely economic news: earnings, acquisitions and commodities (not
# crude oil, shipping, trade or money, whose stories are often about governments and wars).
ECONOMIC_TOPICS: frozenset[str] = frozenset(
    "earn acq grain wheat corn oilseed sugar coffee veg-oil gold nat-gas soybean livestock "
    "copper cocoa carcass rice iron-steel gas cotton alum barley meal-feed rubber zinc palm-oil "
    "pet-chem silver sorghum rapeseed lead tin strategic-metal orange fuel soy-meal hog soy-oil "
    "heat sunseed lumber tea oat platinum nickel groundnut l-cattle sun-oil rape-oil jet "
    "coconut-oil naphtha propane potato coconut plywood tapioca pork-belly copra-cake "
    "palmkernel palladium cotton-oil f-cattle linseed lin-oil rye groundnut-oil cornglutenfeed "
    "wool fishmeal castor-oil sun-meal red-bean citruspulp rape-meal corn-oil castorseed "
    "lin-meal cottonseed".split())
TOPIC_SETS: dict[str, frozenset[str]] = {"economic": ECONOMIC_TOPICS}
EXAMPLES_PER_TYPE = 3


@dataclass(frozen=True)
class NoiseCorpus:
    """A corpus of texts in which nothing political should be coded."""

    name: str
    paths: tuple[Path, ...]
    # Reuters-21578: only stories whose every topic is in this set.
    topics: frozenset[str] | None = None
    # At most this many texts, in reading order, after passing over the first ``skip``.
    limit: int | None = None
    skip: int = 0
    # The gate's limits: at most this many events (and violent events) per 100 texts.
    max_events_per_100: float | None = None
    max_violent_per_100: float | None = None


def read_corpus(corpus: NoiseCorpus, settings: Settings | None = None) -> list[Article]:
    """The corpus's articles (inputs that cannot be read are left out: this is not an ingest)."""
    options = ReadOptions(reuters_topics=corpus.topics)
    out: list[Article] = []
    seen = 0
    for _, item in read_sources([str(p) for p in corpus.paths], options, settings):
        if isinstance(item, InputError):
            continue
        seen += 1
        if seen <= corpus.skip:
            continue
        out.append(item)
        if corpus.limit is not None and len(out) >= corpus.limit:
            break
    return out


def event_example(article: Article, event: Event) -> dict[str, Any]:
    """What a reader needs to see why an event is noise."""
    return {
        "doc": article.doc_id, "sentence": event.sentence_text, "type": event.event_type,
        "trigger": event.trigger.text, "actor": event.actor.text, "actor_code": event.actor.code,
        "recipient": event.recipient.text if event.recipient else None,
        "recipient_code": event.recipient.code if event.recipient else None,
        "rule": event.rule, "confidence": event.confidence,
    }  # fmt: skip


def noise_figures(results: Iterable[tuple[Article, Sequence[Event]]],
                  examples: int = EXAMPLES_PER_TYPE) -> dict[str, Any]:
    """Events per 100 texts, by type, the violent ones apart, with a few examples per type."""
    texts = with_events = 0
    by_type: Counter[str] = Counter()
    shown: dict[str, list[dict[str, Any]]] = {}
    for article, events in results:
        texts += 1
        with_events += bool(events)
        for event in events:
            by_type[event.event_type] += 1
            bucket = shown.setdefault(event.event_type, [])
            if len(bucket) < examples:
                bucket.append(event_example(article, event))

    def per_100(n: int) -> float:
        return round(100 * n / texts, 2) if texts else 0.0

    total = sum(by_type.values())
    violent = sum(n for t, n in by_type.items() if t in VIOLENT_TYPES)
    return {
        "task": "noise",
        "texts": texts,
        "texts_with_events": with_events,
        "events": total,
        "events_per_100": per_100(total),
        "violent": violent,
        "violent_per_100": per_100(violent),
        "by_type": {t: {"events": n, "per_100": per_100(n)} for t, n in by_type.most_common()},
        "examples": {t: shown[t] for t, _ in by_type.most_common()},
    }


def run_noise(articles: Sequence[Article], coder: ArticleCoder,
              examples: int = EXAMPLES_PER_TYPE) -> dict[str, Any]:
    """Code the articles and report the noise figures."""
    return noise_figures(coder.code_articles(articles), examples)


def noise_summary(name: str, figures: dict[str, Any]) -> str:
    """A few lines for a terminal."""
    lines = [f"noise {name}: {figures['texts']} texts, {figures['events']} events "
             f"({figures['events_per_100']:.1f} per 100; violent {figures['violent_per_100']:.1f} "
             f"per 100); {figures['texts_with_events']} texts with any"]
    for etype, row in figures["by_type"].items():
        lines.append(f"  {etype:<10} {row['events']:>5}  {row['per_100']:6.2f} per 100")
        for ex in figures["examples"][etype][:1]:
            lines.append(f"    e.g. {ex['actor']!r} {ex['trigger']!r} {ex['recipient']!r}: "
                         f"{ex['sentence'][:90]}")
    return "\n".join(lines)
