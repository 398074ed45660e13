"""Shared paths and helpers for the benchmarks (the reference data lives in ../shared)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from dotterel import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
PLV_TRAIN = SHARED / "gold" / "plv_train.tsv"
WIKINEWS = SHARED / "corpora" / "wikinews" / "gum_wikinews_news.jsonl"
REUTERS = SHARED / "corpora" / "reuters21578"


def require(path: Path) -> bool:
    """Whether ``path`` exists; if not, say why the benchmark is skipped."""
    if path.exists():
        return True
    print(
        f"SKIP: {path} not found (the benchmarks need ../shared beside the project)",
        file=sys.stderr,
    )
    return False


def read_wikinews(path: Path = WIKINEWS) -> Iterator[Article]:
    """The Wikinews JSONL (keys id, dateCreated, title, text) as articles."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                yield Article(
                    text=rec["text"],
                    id=rec.get("id"),
                    published=rec.get("dateCreated"),
                    title=rec.get("title"),
                )
