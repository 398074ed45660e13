"""Accuracy (issue 2's targets) on plv_train, through ``dotterel.evaluate`` (no own scoring).

(a) relation: ``classify`` accuracy and macro-F1 given the gold source and target;
(b) end to end: share of gold events where ``code`` finds an event whose actor overlaps the gold
source and recipient the gold target (``dyad_recall``), and the share with the gold type too
(``dyad_type_recall``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from _common import PLV_TRAIN, require

from dotterel import Coder, Settings
from dotterel.evaluation.gold import load_gold
from dotterel.evaluation.runner import run_evaluation, run_split


def _headline(figures: dict[str, Any]) -> dict[str, float]:
    rel, ext = figures["relation"], figures["extraction"]
    return {"relation_accuracy": rel["accuracy"], "relation_macro_f1": rel["macro_f1"],
            "extraction_dyad_recall": ext["dyad_recall"],
            "extraction_dyad_type_recall": ext["dyad_type_recall"]}


def measure(gold_path: Path = PLV_TRAIN, model: str | None = None,
            split: bool = True) -> dict[str, Any]:
    """Both tasks on the gold file (5-fold CV), and the fixed split's check part beside it."""
    settings = Settings() if model is None else replace(Settings(), model=model)
    coder = Coder.load(settings)
    start = time.perf_counter()
    gold = load_gold(gold_path, "plv")
    # 5-fold cross-validation: the bundled relation model was trained on plv_train.
    result = run_evaluation(gold, coder, "both", cv=5)
    rel, ext = result.figures["relation"], result.figures["extraction"]
    # The check part (20%, never read for errors), scored by a model trained on work alone.
    check = _headline(run_split(gold, coder, "check", "both").figures) if split else {}
    return {
        "relation_accuracy": rel["accuracy"],
        "relation_macro_f1": rel["macro_f1"],
        "relation_quad_accuracy": rel["quad_accuracy"],
        "relation_n": rel["n"],
        "extraction_dyad_recall": ext["dyad_recall"],
        "extraction_dyad_type_recall": ext["dyad_type_recall"],
        "extraction_dyad_precision": ext["dyad_precision"],
        "extraction_gold_events": ext["gold_events"],
        "check": check,
        "seconds": round(time.perf_counter() - start, 1),
        "figures": result.figures,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the accuracy benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=PLV_TRAIN)
    ap.add_argument("--model", default=None)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    if not require(args.gold):
        return 0
    figs = measure(args.gold, args.model)
    if args.json:
        print(json.dumps(figs))
        return 0
    print(
        f"(a) classify on {figs['relation_n']} gold dyads: accuracy {figs['relation_accuracy']:.3f}"
        f"  macro-F1 {figs['relation_macro_f1']:.3f}  quad {figs['relation_quad_accuracy']:.3f}"
    )
    print(
        f"(b) code on {figs['extraction_gold_events']} gold events: dyad found "
        f"{figs['extraction_dyad_recall']:.3f}  dyad+type {figs['extraction_dyad_type_recall']:.3f}"
        f"  (dyad precision {figs['extraction_dyad_precision']:.3f}, undercounted)"
    )
    check = figs["check"]
    if check:
        print("check part (20%, model trained on work): " + "  ".join(
            f"{k.split('_', 1)[1]} {v:.3f}" for k, v in check.items()))
    print(f"{figs['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
