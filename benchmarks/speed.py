"""Speed: ``Coder.code_articles`` against spaCy's own ``nlp.pipe`` on exactly the same texts.

Texts: the Wikinews JSONL plus ``--reuters N`` Reuters-21578 articles (default 2000), from
../shared. Both runs use the same pipeline object, batch size and ``n_process``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from typing import Any

from _common import REUTERS, WIKINEWS, read_wikinews, require
from reuters import read_reuters

from dotterel import Coder, Settings

# Above this many characters in all, both runs use two processes.
LARGE_INPUT_CHARS = 1_000_000
WARMUP = 10


def measure(n_reuters: int = 2000, n_process: int = 0, model: str | None = None,
            repeat: int = 3) -> dict[str, Any]:
    """Time spaCy alone and the whole coder over the same articles; return the figures."""
    articles = list(read_wikinews()) + list(read_reuters(REUTERS, n_reuters))
    texts = [a.text for a in articles]
    chars = sum(len(t) for t in texts)
    n_process = n_process or (2 if chars > LARGE_INPUT_CHARS else 1)
    settings = replace(Settings(), n_process=n_process)
    if model:
        settings = replace(settings, model=model)
    coder = Coder.load(settings)
    # Warm up both paths in this process so neither timed run pays first-call costs.
    list(coder.nlp.pipe(texts[:WARMUP], n_process=1))
    list(coder.code_articles(articles[:WARMUP]))
    # Alternate the two runs and keep each one's best: on a shared laptop one run of either
    # can be slowed by a few seconds of other work, which a single pair would read as the
    # coder's cost (or hide).
    parse_runs: list[float] = []
    code_runs: list[float] = []
    # The same coder without its relevance model, and without its recipient model: what
    # each of those steps costs.
    plain = replace(coder, resources=replace(coder.resources, relevance=None))
    plain_runs: list[float] = []
    ruled = replace(coder, resources=replace(coder.resources, recipient_model=None))
    ruled_runs: list[float] = []
    n_events = 0
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        for _doc in coder.nlp.pipe(texts, n_process=n_process, batch_size=settings.batch_size):
            pass
        parse_runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        n_events = sum(len(events) for _art, events in coder.code_articles(articles))
        code_runs.append(time.perf_counter() - start)
    # The relevance step's share, timed on documents parsed once: whole runs of the coder
    # with and without it differ by less than one run varies on a shared machine.
    parsed = list(coder.parse(articles))
    stage_runs: list[float] = []
    for _ in range(max(1, repeat)):
        for runs, which in ((stage_runs, coder), (plain_runs, plain), (ruled_runs, ruled)):
            start = time.perf_counter()
            for doc, article in parsed:
                which.code_parsed(doc, article)
            runs.append(time.perf_counter() - start)
    parse_s, code_s = min(parse_runs), min(code_runs)
    stages_s, plain_s = min(stage_runs), min(plain_runs)
    relevance_s = max(0.0, stages_s - plain_s)
    recipients_s = max(0.0, stages_s - min(ruled_runs))
    return {
        "articles": len(articles),
        "chars": chars,
        "n_process": n_process,
        "model": settings.model,
        "spacy_pipe_s": round(parse_s, 2),
        "code_articles_s": round(code_s, 2),
        "spacy_articles_per_s": round(len(articles) / parse_s, 1),
        "coder_articles_per_s": round(len(articles) / code_s, 1),
        "spacy_chars_per_s": round(chars / parse_s),
        "coder_chars_per_s": round(chars / code_s),
        "overhead_pct": round(100 * (code_s - parse_s) / parse_s, 1),
        "stages_s": round(stages_s, 2),
        "relevance_s": round(relevance_s, 2),
        "relevance_pct": round(100 * relevance_s / (code_s - relevance_s), 1),
        "recipients_s": round(recipients_s, 2),
        "recipients_pct": round(100 * recipients_s / (code_s - recipients_s), 1),
        "repeat": max(1, repeat),
        "spacy_pipe_runs_s": [round(x, 2) for x in parse_runs],
        "code_articles_runs_s": [round(x, 2) for x in code_runs],
        "events": n_events,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the speed benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reuters", type=int, default=2000, help="Reuters articles to add")
    ap.add_argument("--n-process", type=int, default=0, help="0: 2 for large inputs, else 1")
    ap.add_argument("--model", default=None)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each; the best is kept")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    if not (require(WIKINEWS) and require(REUTERS)):
        return 0
    figs = measure(args.reuters, args.n_process, args.model, args.repeat)
    if args.json:
        print(json.dumps(figs))
    else:
        print(
            f"{figs['articles']} articles, {figs['chars']:,} chars, n_process={figs['n_process']}"
        )
        print(
            f"spaCy nlp.pipe : {figs['spacy_pipe_s']:>7.2f} s  "
            f"{figs['spacy_articles_per_s']:>7.1f} art/s  {figs['spacy_chars_per_s']:>9,} ch/s"
        )
        print(
            f"code_articles  : {figs['code_articles_s']:>7.2f} s  "
            f"{figs['coder_articles_per_s']:>7.1f} art/s  {figs['coder_chars_per_s']:>9,} ch/s"
        )
        print(f"coding overhead over parse: {figs['overhead_pct']}%  ({figs['events']} events; "
              f"best of {figs['repeat']} runs each)")
        print(f"the relevance step: {figs['relevance_s']} s, +{figs['relevance_pct']}% on the "
              f"coder's time (its stages alone: {figs['stages_s']} s)")
        print(f"the recipient model: {figs['recipients_s']} s, +{figs['recipients_pct']}% on the "
              "coder's time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
