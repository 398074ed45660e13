"""Ingest: read inputs, code the articles not yet stored, and commit them batch by batch.

A run killed at any point loses at most the batch in flight: started again, it skips every
article already committed (by content hash) and codes the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from dotterel.coding.coder import ArticleCoder, coder_version
from dotterel.inputs.readers import InputError
from dotterel.inputs.sources import ReadOptions, article_source, read_sources
from dotterel.records import Article, Event
from dotterel.store.database import GROUP_WINDOW_DAYS, Store, content_hash

BATCH_ARTICLES = 64
# Articles read ahead before asking the store which are already there (one query each).
LOOKUP_CHUNK = 512


@dataclass(frozen=True)
class IngestSummary:
    """What one ingest or recode run did."""

    read: int = 0
    skipped: int = 0
    stored: int = 0
    events: int = 0
    failed: int = 0
    groups: int = 0

    @property
    def exit_code(self) -> int:
        """0 when every input was read, 1 when any input was refused."""
        return 1 if self.failed else 0


Progress = Callable[[IngestSummary], None]


def _new_articles(
    items: Iterable[tuple[str, Article | InputError]],
    store: Store,
    counts: dict[str, int],
    on_error: Callable[[InputError], None],
) -> Iterator[tuple[Article, str]]:
    """The articles not yet stored (nor seen earlier in this run), with their input."""
    seen: set[str] = set()
    chunk: list[tuple[Article, str, str]] = []

    def flush() -> Iterator[tuple[Article, str]]:
        known = store.known(key for _, _, key in chunk)
        for article, origin, key in chunk:
            if key in known or key in seen:
                counts["skipped"] += 1
                continue
            seen.add(key)
            yield article, origin
        chunk.clear()

    for origin, item in items:
        if isinstance(item, InputError):
            counts["failed"] += 1
            on_error(item)
            continue
        counts["read"] += 1
        chunk.append((item, origin, content_hash(item.text)))
        if len(chunk) >= LOOKUP_CHUNK:
            yield from flush()
    yield from flush()


def store_coded(
    articles: Iterable[tuple[Article, str]],
    store: Store,
    coder: ArticleCoder,
    version: str,
    counts: dict[str, int],
    source: str | None = None,
    batch_articles: int = BATCH_ARTICLES,
    replace: bool = False,
    on_progress: Progress | None = None,
    stored_keys: list[str] | None = None,
) -> None:
    """Code the articles with one coder, streaming, and commit every ``batch_articles``
    (the keys of the articles committed are added to ``stored_keys`` when given)."""
    # Keyed by text hash, not object identity: worker processes hand back copies.
    origins: dict[str, str] = {}

    def feed() -> Iterator[Article]:
        for article, origin in articles:
            origins[content_hash(article.text)] = origin
            yield article

    batch: list[tuple[Article, Sequence[Event], str, str]] = []

    def commit() -> None:
        counts["stored"] += store.add(batch, version, replace=replace)
        if stored_keys is not None:
            stored_keys.extend(content_hash(a.text) for a, _, _, _ in batch)
        counts["events"] += sum(len(found) for _, found, _, _ in batch)
        batch.clear()
        if on_progress:
            on_progress(IngestSummary(**counts))

    for article, found in coder.code_articles(feed()):
        origin = origins.pop(content_hash(article.text), "")
        batch.append((article, found, article_source(article, origin, source), origin))
        if len(batch) >= batch_articles:
            commit()
    if batch:
        commit()


def ingest(
    store: Store,
    paths: Sequence[str],
    coder: ArticleCoder,
    options: ReadOptions | None = None,
    source: str | None = None,
    batch_articles: int = BATCH_ARTICLES,
    window_days: int = GROUP_WINDOW_DAYS,
    on_error: Callable[[InputError], None] = lambda error: None,
    on_progress: Progress | None = None,
) -> IngestSummary:
    """Read the inputs, code and store every article not stored yet, then update the groups
    their events touch."""
    counts = {"read": 0, "skipped": 0, "stored": 0, "events": 0, "failed": 0}
    items = read_sources(paths, options, coder.settings)
    fresh = _new_articles(items, store, counts, on_error)
    version = coder_version(coder.settings)
    added: list[str] = []
    store_coded(
        fresh, store, coder, version, counts, source, batch_articles, on_progress=on_progress,
        stored_keys=added,
    )
    # Only the groups the new mentions touch (all of them when the window changed).
    groups = store.regroup(window_days, touched=added)
    return IngestSummary(**counts, groups=groups)


def recode(
    store: Store,
    coder: ArticleCoder,
    everything: bool = False,
    batch_articles: int = BATCH_ARTICLES,
    window_days: int | None = None,
    on_progress: Progress | None = None,
) -> IngestSummary:
    """Code the stored articles again (those coded by another version, or all) and regroup."""
    version = coder_version(coder.settings)
    counts = {"read": 0, "skipped": 0, "stored": 0, "events": 0, "failed": 0}
    # The keys first, then the texts a chunk at a time: reads and writes never interleave
    # on one open cursor, and a big store's texts are never all in memory.
    keys = store.article_keys(None if everything else version)
    counts["read"] = len(keys)

    def articles() -> Iterator[tuple[Article, str]]:
        for start in range(0, len(keys), LOOKUP_CHUNK):
            for stored in store.stored_articles(keys[start : start + LOOKUP_CHUNK]):
                yield stored.article, stored.origin

    store_coded(
        articles(),
        store,
        coder,
        version,
        counts,
        None,
        batch_articles,
        replace=True,
        on_progress=on_progress,
    )
    groups = store.regroup(window_days if window_days is not None else store.group_window())
    return IngestSummary(**counts, groups=groups)
