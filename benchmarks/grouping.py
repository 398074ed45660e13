"""Incremental grouping: 64 new articles ingested into a store of 1,000,000 events.

Fills a fresh store with N generated events (default 1,000,000, as ``store.py`` does) and
groups them once; then ingests 64 new articles (real text, coded by the real coder) and
times the grouping step alone, incremental (what ``dotterel ingest`` now does) against a
full regroup of the same store, and the whole ``ingest`` call.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from store import generated

from dotterel import Coder, Settings, open_store
from dotterel.store.database import content_hash
from dotterel.store.ingest import ingest

WHO = ["Russia", "France", "Germany", "Turkey", "Egypt", "Japan", "Brazil", "India"]
WHOM = ["Syria", "Iran", "Libya", "Israel", "China", "Canada", "Mexico", "Kenya"]


def new_articles(path: Path, n: int) -> Path:
    """``n`` one-sentence stories as JSONL (dated inside the generated events' years)."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = (f"{WHO[i % 8]} threatened {WHOM[(i // 8) % 8]} on Monday over the "
                    f"dispute number {i}.")
            out.write(json.dumps({"id": f"new{i}", "text": text,
                                  "published": f"2012-03-{1 + i % 28:02d}"}) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    """Run the incremental grouping benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--articles", type=int, default=64)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    figures: dict[str, float | int] = {"events": args.events, "new_articles": args.articles}
    coder = Coder.load(Settings(n_process=1))
    with tempfile.TemporaryDirectory() as tmp:
        data = generated(args.events // 10, 10)
        with open_store(Path(tmp) / "bench.duckdb") as store:
            for i in range(0, len(data), 2000):
                store.add([(a, e, "s", "gen") for a, e in data[i : i + 2000]], "bench")
            start = time.perf_counter()
            store.regroup(1)
            figures["full_regroup_before_s"] = round(time.perf_counter() - start, 3)
            feed = new_articles(Path(tmp) / "new.jsonl", args.articles)
            start = time.perf_counter()
            summary = ingest(store, [str(feed)], coder)
            figures["ingest_s"] = round(time.perf_counter() - start, 3)
            figures["new_events"] = summary.events
            # The grouping step alone, as ingest ran it: undo the new articles' groups by a
            # full pass without them, then add them back incrementally.
            keys = [content_hash(json.loads(line)["text"]) for line in feed.open()]
            best_incremental = float("inf")
            for _ in range(3):
                store.con.execute("CREATE OR REPLACE TEMP TABLE held AS SELECT * FROM events "
                                  "WHERE article_hash IN (SELECT unnest($k))", {"k": keys})
                store.con.execute("DELETE FROM events WHERE article_hash IN "
                                  "(SELECT unnest($k))", {"k": keys})
                store.regroup(1)
                store.con.execute("INSERT INTO events SELECT * FROM held")
                start = time.perf_counter()
                store.regroup(1, touched=keys)
                best_incremental = min(best_incremental, time.perf_counter() - start)
            figures["incremental_regroup_s"] = round(best_incremental, 3)
            start = time.perf_counter()
            figures["groups"] = store.regroup(1)
            figures["full_regroup_s"] = round(time.perf_counter() - start, 3)
    print(f"{args.articles} new articles ({figures['new_events']} events) into "
          f"{args.events:,} events: ingest {figures['ingest_s']:.2f} s, grouping "
          f"{figures['incremental_regroup_s'] * 1000:.0f} ms incremental vs "
          f"{figures['full_regroup_s'] * 1000:.0f} ms full", flush=True)
    if args.json:
        print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
