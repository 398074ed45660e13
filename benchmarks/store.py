"""Store benchmark: aggregates over 1,000,000 generated events, and ingest rates.

Part 1 (no reference data needed): writes N generated events (default 1,000,000) into a
fresh DuckDB store through ``Store.add`` (the ingest write path), regroups, then times the
query commands' functions. Part 2 (needs ../shared): ingests Reuters-21578 articles with the
real coder and reports coding and store rates separately.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from _common import REUTERS, require

from dotterel import Actor, Article, Coder, Event, Settings, Trigger, open_store
from dotterel.coding.coder import coder_version
from dotterel.records import PLOVER_TYPES
from dotterel.store.database import EventFilter
from dotterel.store.ingest import ingest

CODES = ["RUS", "SYR", "USA", "FRA", "DEU", "TUR", "IRN", "ISR", "CHN", "GBR", "EGY", "LBY"]
SECTORS = ["", "GOV", "MIL", "OPP", "REB", "COP"]


def generated(
    n_articles: int, per_article: int, seed: int = 7
) -> list[tuple[Article, list[Event]]]:
    """Random but plausible articles, each with ``per_article`` events over 2010-2014."""
    rng = random.Random(seed)
    out = []
    for i in range(n_articles):
        day = f"{rng.randint(2010, 2014)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        article = Article(
            f"generated article {i}", f"g{i}", day, url=f"https://s{i % 50}.example/{i}"
        )
        found = []
        for k in range(per_article):
            a, r = rng.sample(CODES, 2)
            who = Actor(a, a, a, rng.choice(SECTORS) or None, 0, 3)
            whom = Actor(r, r, r, rng.choice(SECTORS) or None, 10, 13)
            kind = rng.choice(PLOVER_TYPES)
            quad = 1 + PLOVER_TYPES.index(kind) * 4 // len(PLOVER_TYPES)
            found.append(
                Event(
                    f"g{i}",
                    k,
                    "s",
                    kind,
                    None,
                    (),
                    "010",
                    quad,
                    round(rng.uniform(-10, 10), 1),
                    who,
                    whom,
                    day,
                    None,
                    None,
                    "asserted",
                    Trigger("t", 5, 6),
                    0.9,
                )
            )
        out.append((article, found))
    return out


def timed(label: str, fn, figures: dict, repeat: int = 3) -> None:  # type: ignore[no-untyped-def]
    """Best of ``repeat`` runs of ``fn``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    figures[label] = round(best, 4)
    print(f"{label:<40} {best * 1000:9.1f} ms", flush=True)


def aggregates(n_events: int, figures: dict, directory: Path) -> None:
    """Fill a store with generated events and time the queries."""
    per_article = 10
    data = generated(n_events // per_article, per_article)
    with open_store(directory / "bench.duckdb") as store:
        start = time.perf_counter()
        for i in range(0, len(data), 2000):
            store.add([(a, e, "s", "gen") for a, e in data[i : i + 2000]], "bench")
        took = time.perf_counter() - start
        figures["store_write_events_per_s"] = round(n_events / took)
        print(f"{'store write (Store.add)':<40} {n_events / took:9,.0f} events/s", flush=True)
        start = time.perf_counter()
        figures["groups"] = store.regroup(1)
        figures["regroup_s"] = round(time.perf_counter() - start, 3)
        print(f"{'regroup (all events)':<40} {figures['regroup_s'] * 1000:9.1f} ms", flush=True)
        rus = EventFilter(actor="RUS", since="2011-01-01")
        timed("stats timeline --by week", lambda: store.timeline("week"), figures)
        timed(
            "stats timeline --by week --actor SYR",
            lambda: store.timeline("week", EventFilter(actor="SYR")),
            figures,
        )
        timed("stats dyads --top 20", lambda: store.dyads(20), figures)
        timed(
            "events --actor RUS --recipient SYR --type THREATEN",
            lambda: store.events(
                EventFilter(actor="RUS", recipient="SYR", event_type="THREATEN", since="2011-01-01")
            ),
            figures,
        )
        timed(
            "open_store(...).events(actor=RUS, since=2011) .to_pandas()",
            lambda: store.events(rus).to_pandas(),
            figures,
            repeat=1,
        )
        figures["counts"] = store.counts()


def reuters(n_files: int, figures: dict, directory: Path) -> None:
    """Ingest Reuters with the real coder; coding and storing timed apart."""
    files = sorted(REUTERS.glob("*.sgm"))[:n_files]
    coder = Coder.load(Settings())
    from dotterel.inputs.sources import ReadOptions, read_sources

    articles = [
        a for _, a in read_sources([str(f) for f in files], ReadOptions()) if isinstance(a, Article)
    ]
    start = time.perf_counter()
    coded = list(coder.code_articles(articles))
    code_s = time.perf_counter() - start
    with open_store(directory / "reuters.duckdb") as store:
        start = time.perf_counter()
        for i in range(0, len(coded), 64):
            store.add(
                [(a, e, "reuters", "r") for a, e in coded[i : i + 64]],
                coder_version(coder.settings),
            )
        store_s = time.perf_counter() - start
    with open_store(directory / "reuters-ingest.duckdb") as store:
        start = time.perf_counter()
        summary = ingest(store, [str(f) for f in files], coder)
        ingest_s = time.perf_counter() - start
    n = len(articles)
    figures.update(
        reuters_articles=n,
        code_articles_per_s=round(n / code_s, 1),
        store_articles_per_s=round(n / store_s, 1),
        ingest_articles_per_s=round(summary.stored / ingest_s, 1),
    )
    print(
        f"Reuters: {n} articles; coding {n / code_s:,.1f}/s, storing (batches of 64) "
        f"{n / store_s:,.1f}/s, `ingest` end to end {summary.stored / ingest_s:,.1f}/s"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the store benchmark."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--reuters-files", type=int, default=1, help="0 to skip the ingest part")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        aggregates(args.events, figures, Path(tmp))
        if args.reuters_files and require(REUTERS):
            reuters(args.reuters_files, figures, Path(tmp))
    if args.json:
        print(json.dumps(figures, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
