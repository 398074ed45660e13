"""The accuracy gate: headline figures on plv_train must not drop below eval/baseline.json.

Run ``dotterel gate`` (``make eval``); ``--update`` raises the baseline, and lowering it
needs ``--allow-lower --reason "..."`` (recorded in the file).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dotterel.coding.coder import Coder
from dotterel.evaluation.gold import load_gold
from dotterel.evaluation.runner import run_evaluation
from dotterel.settings import Settings

HEADLINES: tuple[tuple[str, str], ...] = (
    ("relation", "accuracy"),
    ("relation", "macro_f1"),
    ("extraction", "dyad_recall"),
    ("extraction", "dyad_type_recall"),
)
DEFAULT_TOLERANCE = 0.01
GOLD_RELATIVE = Path("../shared/data/gold/plv_train.tsv")
BASELINE_RELATIVE = Path("eval/baseline.json")
REPO_ROOT = Path(__file__).resolve().parents[3]


class GateError(ValueError):
    """A baseline update that the rules refuse."""


@dataclass(frozen=True)
class GateResult:
    """Whether the gate passes, and one line per figure or problem."""

    ok: bool
    messages: tuple[str, ...]


def headline_figures(figures: dict[str, dict[str, Any]]) -> dict[str, float]:
    """The gated figures, named ``task_figure``, from ``{task: figures}``."""
    return {f"{task}_{key}": float(figures[task][key]) for task, key in HEADLINES}


def check_gate(baseline: dict[str, Any], figures: dict[str, float], sha256: str) -> GateResult:
    """Compare measured headline figures and the gold file's hash with the baseline."""
    msgs: list[str] = []
    ok = True
    if baseline.get("sha256") != sha256:
        ok = False
        msgs.append(
            f"FAIL gold file changed: sha256 {sha256[:12]} != baseline "
            f"{str(baseline.get('sha256'))[:12]}; figures are not comparable "
            "(run --update --allow-lower --reason '...' if intended)"
        )
    tol = float(baseline.get("tolerance", DEFAULT_TOLERANCE))
    base = baseline.get("figures", {})
    for name, value in figures.items():
        if name not in base:
            msgs.append(f"new  {name}: {value:.4f} (not in baseline)")
            continue
        drop = float(base[name]) - value
        status = "FAIL" if drop > tol + 1e-9 else "ok  "
        ok = ok and status != "FAIL"
        msgs.append(f"{status} {name}: {value:.4f} (baseline {float(base[name]):.4f}, tol {tol})")
    return GateResult(ok, tuple(msgs))


def updated_baseline(
    baseline: dict[str, Any] | None,
    figures: dict[str, float],
    sha256: str,
    gold_name: str,
    allow_lower: bool = False,
    reason: str | None = None,
    today: str | None = None,
) -> dict[str, Any]:
    """The new baseline; lowering a figure or changing the gold needs allow_lower and reason."""
    today = today or dt.date.today().isoformat()
    old = baseline or {}
    old_figs: dict[str, float] = old.get("figures", {})
    lowered = {k: (old_figs[k], v) for k, v in figures.items() if k in old_figs and
               v < float(old_figs[k])}  # fmt: skip
    gold_changed = bool(old) and old.get("sha256") != sha256
    history = list(old.get("lowered", []))
    if lowered or gold_changed:
        what = ", ".join(f"{k} {a:.4f} -> {b:.4f}" for k, (a, b) in lowered.items())
        what = what or "gold file sha256 changed"
        if not (allow_lower and reason and reason.strip()):
            raise GateError(
                f"refusing to lower the baseline ({what}); "
                'pass --allow-lower --reason "..." to do it on purpose'
            )
        history.append({"date": today, "reason": reason.strip(), "change": what})
    return {
        "gold": gold_name,
        "sha256": sha256,
        "tolerance": float(old.get("tolerance", DEFAULT_TOLERANCE)),
        "figures": {k: round(v, 4) for k, v in figures.items()},
        "updated": today,
        "lowered": history,
    }


GATE_CV = 5


def default_gold() -> Path:
    """``../shared/data/gold/plv_train.tsv`` from the working directory or the repository."""
    for base in (Path.cwd(), REPO_ROOT):
        if (base / GOLD_RELATIVE).is_file():
            return base / GOLD_RELATIVE
    return REPO_ROOT / GOLD_RELATIVE


def default_baseline() -> Path:
    """``eval/baseline.json`` of the repository (or of the working directory)."""
    here = Path.cwd() / BASELINE_RELATIVE
    return here if here.is_file() else REPO_ROOT / BASELINE_RELATIVE


def measure(gold_path: Path, model: str | None = None) -> tuple[dict[str, float], str]:
    """Run both tasks through the ``evaluate`` command's code path; headline figures + hash."""
    settings = Settings() if model is None else replace(Settings(), model=model)
    gold = load_gold(gold_path, "plv")
    # The bundled relation model is trained on this very file: only held-out figures are
    # honest, so the gate measures by cross-validation (the rules alone are unaffected).
    result = run_evaluation(gold, Coder.load(settings), "both", cv=GATE_CV)
    return headline_figures(result.figures), gold.sha256
