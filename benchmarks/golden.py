"""Golden outputs: what the coder makes of fixed inputs, as sorted JSONL, to prove a change
of layout changed no behaviour.

Codes every ``plv_train.tsv`` sentence (and classifies its marked pair), the 24 Wikinews
articles and the first 1,000 Reuters-21578 stories from ../shared, and writes one JSON record
per event (``kind: "event"``) and per classify answer (``kind: "classify"``), sorted, so two
runs compare with ``diff`` or ``cmp``. Only the public API is used, so the script runs the same
on any layout of the package.

    .venv/bin/python benchmarks/golden.py -o out/golden-before.jsonl
    ... change the code ...
    .venv/bin/python benchmarks/golden.py -o out/golden-after.jsonl
    cmp out/golden-before.jsonl out/golden-after.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from _common import PLV_TRAIN, REUTERS, WIKINEWS, read_wikinews, require
from reuters import read_reuters

from dotterel import Article, Coder, Settings

N_REUTERS = 1000
_MARK = re.compile(r"</?[st]>")
_SPAN = {"s": re.compile(r"<s>(.*?)</s>", re.S), "t": re.compile(r"<t>(.*?)</t>", re.S)}


def plv_rows(path: Path = PLV_TRAIN) -> Iterator[tuple[str, str, str, str]]:
    """(row id, sentence, source words, target words) of every PLV row."""
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 2):
            marked = row["marked_sentence"] or ""
            spans = {k: (m.group(1).strip() if (m := rx.search(marked)) else "")
                     for k, rx in _SPAN.items()}
            yield row.get("row") or str(n), _MARK.sub("", marked), spans["s"], spans["t"]


def records(coder: Coder, n_reuters: int = N_REUTERS) -> Iterator[dict[str, object]]:
    """Every golden record, unsorted."""
    rows = list(plv_rows())
    seen: dict[str, Article] = {}
    for ref, text, _, _ in rows:
        seen.setdefault(text, Article(text=text, id=f"plv-{ref}"))
    articles = list(seen.values()) + list(read_wikinews(WIKINEWS))
    articles += list(read_reuters(REUTERS, n_reuters))
    for article, events in coder.code_articles(articles):
        for event in events:
            yield {"kind": "event", "doc": article.doc_id, **event.to_dict()}
    for ref, text, source, target in rows:
        if source and target:
            answer, why = coder.explain(text, source, target)
            yield {"kind": "classify", "doc": f"plv-{ref}", "answer": answer, "why": why}


def sort_key(record: dict[str, object]) -> str:
    """A total order: by kind, document, then the whole record."""
    return json.dumps([record["kind"], record["doc"], record], sort_keys=True)


def main(argv: list[str] | None = None) -> int:
    """Write the golden records of the current code."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--reuters", type=int, default=N_REUTERS)
    args = ap.parse_args(argv)
    if not all(require(p) for p in (PLV_TRAIN, WIKINEWS, REUTERS)):
        return 0
    start = time.perf_counter()
    coder = Coder.load(Settings(n_process=1))
    lines = sorted((json.dumps(r, sort_keys=True, ensure_ascii=False)
                    for r in records(coder, args.reuters)), key=lambda s: sort_key(json.loads(s)))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    events = sum(1 for line in lines if line.startswith('{"actor"'))
    print(f"golden: {len(lines)} records ({events} events) -> {args.output} "
          f"in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
