"""The one-line Python API: ``dotterel.code`` and ``dotterel.classify``, first and later calls.

The first call loads the coder (spaCy pipeline, knowledge, gazetteer, relation model); later
calls in the same process reuse it. Each figure is the median of ``--repeat`` calls on a
one-sentence text (needs nothing from ../shared).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

import dotterel

SENTENCE = "Russia urged Syria to end the violence against protesters on Monday."


def measure(repeat: int = 20) -> dict[str, float]:
    """Seconds for the first ``code`` call, and the median of later ``code``/``classify`` calls."""
    start = time.perf_counter()
    dotterel.code(SENTENCE, published="2011-08-30")
    first = time.perf_counter() - start
    code_s, classify_s = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        dotterel.code(SENTENCE, published="2011-08-30")
        code_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        dotterel.classify(SENTENCE, "Russia", "Syria")
        classify_s.append(time.perf_counter() - start)
    return {
        "first_code_s": round(first, 2),
        "later_code_ms": round(1000 * statistics.median(code_s), 1),
        "later_classify_ms": round(1000 * statistics.median(classify_s), 1),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    figures = measure(args.repeat)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
