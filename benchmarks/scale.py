"""Scale-out: whole processes, model load included, on a news corpus (Reuters-21578 and
Wikinews from ../shared, written once as one JSONL file).

1. ``dotterel code --processes N`` against spaCy's own ``nlp.pipe`` with the same pipeline
   and ``n_process=N`` over the same texts (a script that loads the pipeline and parses
   them), for N = 1 and 2: the ratio of wall times (target: at most 1.15).
2. ``dotterel ingest --lake`` on each engine (``local``, ``ray``) with 1 and 2 workers:
   articles per second, scaling efficiency (rate with 2 / (2 x rate with 1)) and the cost
   per article in core-seconds (workers / rate).

Each figure is the best of ``--repeat`` runs of a fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import REUTERS, WIKINEWS, read_wikinews, require
from reuters import read_reuters

BIN = Path(sys.executable).parent
# How long to wait for an idle machine before each timed run.
QUIET_WAIT_S = 600.0
PIPE_SCRIPT = """
import json, sys
from dotterel import Settings
from dotterel.coding.nlp import load_nlp
nlp = load_nlp(Settings())  # the coder's own pipeline, paragraph breaks included
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
for _ in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=64):
    pass
"""


def write_corpus(path: Path, n_reuters: int) -> tuple[int, int]:
    """Wikinews and ``n_reuters`` Reuters stories as one JSONL file; (articles, characters)."""
    articles = list(read_wikinews()) + list(read_reuters(REUTERS, n_reuters))
    with path.open("w", encoding="utf-8") as out:
        for a in articles:
            out.write(json.dumps({"id": a.doc_id, "text": a.text, "published": a.published,
                                  "title": a.title}) + "\n")
    return len(articles), sum(len(a.text) for a in articles)


def busy_share(seconds: float = 2.0) -> float:
    """The share of all CPUs busy over the next ``seconds`` (from /proc/stat)."""
    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        idle = fields[3] + fields[4]
        return sum(fields) - idle, sum(fields)
    busy0, total0 = sample()
    time.sleep(seconds)
    busy1, total1 = sample()
    return (busy1 - busy0) / max(1, total1 - total0)


def wait_quiet(max_wait: float, below: float = 0.15) -> bool:
    """Wait (at most ``max_wait`` s) until other work leaves the CPUs idle; whether it did.
    On a shared machine a run beside someone else's job measures their job too."""
    deadline = time.monotonic() + max_wait
    while time.monotonic() < deadline:
        if busy_share() < below:
            return True
    return False


QUIET: list[bool] = []


def wall(command: list[str], repeat: int, before: Any = None) -> tuple[float, float]:
    """The best wall time of ``repeat`` runs of a command (``before()`` runs untimed first),
    and that run's CPU seconds (the process and the children it waited for: a process
    pool's workers, not Ray's, which belong to the cluster)."""
    best, cpu = float("inf"), 0.0
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    for _ in range(repeat):
        if before:
            before()
        QUIET.append(wait_quiet(QUIET_WAIT_S))
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=False, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        took = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if took < best:
            best = took
            cpu = (after.ru_utime - used.ru_utime) + (after.ru_stime - used.ru_stime)
    return best, cpu


def measure(n_reuters: int, repeat: int, engines: list[str], shards: int) -> dict[str, Any]:
    """Every figure of the module docstring."""
    figs: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "news.jsonl"
        n, chars = write_corpus(corpus, n_reuters)
        figs.update(articles=n, chars=chars, cpus=os.cpu_count(), repeat=repeat)
        for procs in (1, 2):
            pipe_s, pipe_cpu = wall([sys.executable, "-c", PIPE_SCRIPT, str(corpus),
                                     str(procs)], repeat)
            code_s, code_cpu = wall([str(BIN / "dotterel"), "code", str(corpus), "--format",
                                     "jsonl", "-o", os.devnull, "-q", "--processes",
                                     str(procs)], repeat)
            figs[f"code_{procs}p"] = {"spacy_pipe_s": round(pipe_s, 2),
                                      "dotterel_code_s": round(code_s, 2),
                                      "ratio": round(code_s / pipe_s, 3),
                                      "spacy_pipe_cpu_s": round(pipe_cpu, 1),
                                      "dotterel_code_cpu_s": round(code_cpu, 1),
                                      "articles_per_s": round(n / code_s, 1)}
            if procs == 1:
                # The largest process waited for so far: one whole coder (ru_maxrss in KiB).
                figs["coder_process_max_rss_mib"] = round(
                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
            print(f"{procs} process(es): nlp.pipe {pipe_s:6.1f} s ({pipe_cpu:.0f} CPU s), "
                  f"dotterel code {code_s:6.1f} s ({code_cpu:.0f} CPU s) = "
                  f"{code_s / pipe_s:.3f}x", flush=True)
        lake = Path(tmp) / "lake"
        shard_bytes = max(1, corpus.stat().st_size // shards)
        for engine in engines:
            rates = {}
            for workers in (1, 2):
                command = [str(BIN / "dotterel"), "ingest", str(corpus), "--lake", str(lake),
                           "--engine", engine, "--workers", str(workers), "--quiet",
                           "--shard-size", str(shard_bytes)]
                took, _ = wall(command, repeat, before=lambda: shutil.rmtree(lake, True))
                rates[workers] = n / took
                size = sum(f.stat().st_size for f in lake.rglob("*") if f.is_file())
                figs["lake_bytes_per_article"] = round(size / n)
                figs[f"{engine}_{workers}w"] = {
                    "seconds": round(took, 2), "articles_per_s": round(n / took, 1),
                    "core_s_per_article": round(workers * took / n, 4)}
                print(f"{engine} engine, {workers} worker(s): {took:6.1f} s, "
                      f"{n / took:6.1f} articles/s", flush=True)
            figs[f"{engine}_scaling_efficiency"] = round(rates[2] / (2 * rates[1]), 3)
    figs["runs_on_an_idle_machine"] = f"{sum(QUIET)}/{len(QUIET)}"
    return figs


def main(argv: list[str] | None = None) -> int:
    """Run the scale-out benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reuters", type=int, default=1000, help="Reuters articles to add")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each; the best is kept")
    ap.add_argument("--engines", default="local,ray", help="comma-separated")
    ap.add_argument("--shards", type=int, default=16, help="slices the corpus is cut into")
    ap.add_argument("--json", action="store_true", help="print one JSON object at the end")
    args = ap.parse_args(argv)
    if not (require(WIKINEWS) and require(REUTERS)):
        return 0
    figs = measure(args.reuters, args.repeat, args.engines.split(","), args.shards)
    if args.json:
        print(json.dumps(figs, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
