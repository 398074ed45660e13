"""The accuracy gate: headline figures must not get worse than ``eval/baseline.json``.

Accuracy on plv_train (by cross-validation) must not drop, and the noise on the corpora of
``eval/corpora.yaml`` (events per 100 texts where nothing political should be found) must not
rise, nor pass the corpus's own limits. Run ``dotterel gate`` (``make eval``); ``--update``
records the measured figures, and making any of them worse needs ``--allow-lower --reason
"..."`` (recorded in the file).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dotterel.coding.coder import Coder
from dotterel.evaluation.corpora import Corpora, default_corpora_path, load_corpora
from dotterel.evaluation.gold import load_gold
from dotterel.evaluation.runner import noise_of, run_evaluation, trainer_fitter
from dotterel.evaluation.training import Trainer
from dotterel.settings import Settings

HEADLINES: tuple[tuple[str, str], ...] = (
    ("relation", "accuracy"),
    ("relation", "macro_f1"),
    ("extraction", "dyad_recall"),
    ("extraction", "dyad_type_recall"),
)
DEFAULT_TOLERANCE = 0.01
# Noise figures (events per 100 texts) are better lower; they may rise by this much.
NOISE_PREFIX = "noise_"
NOISE_TOLERANCE = 1.0
GOLD_RELATIVE = Path("../shared/data/gold/plv_train.tsv")
# Whole articles hand-coded at event level (texts referenced in ../shared's corpora).
ARTICLE_GOLD_RELATIVE = Path("eval/gold/wikinews.jsonl")
ARTICLE_PREFIX = "articles_"
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


def noise_headlines(name: str, figures: dict[str, Any]) -> dict[str, float]:
    """A noise corpus's gated figures: ``noise_<name>_events_per_100`` and ``_violent_..``."""
    return {f"{NOISE_PREFIX}{name}_{k}": float(figures[k])
            for k in ("events_per_100", "violent_per_100")}


def _worse(name: str, old: float, new: float) -> float:
    """How much worse a figure got (positive: worse), whichever way is better for it."""
    return new - old if name.startswith(NOISE_PREFIX) else old - new


def check_gate(baseline: dict[str, Any], figures: dict[str, float], sha256: str,
               limits: dict[str, float] | None = None) -> GateResult:
    """Compare measured headline figures and the gold file's hash with the baseline, and the
    noise figures with their absolute limits."""
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
        limit = (limits or {}).get(name)
        if limit is not None and value > limit + 1e-9:
            ok = False
            msgs.append(f"FAIL {name}: {value:.4f} is above its limit {limit}")
            continue
        if name not in base:
            msgs.append(f"new  {name}: {value:.4f} (not in baseline)")
            continue
        allowed = NOISE_TOLERANCE if name.startswith(NOISE_PREFIX) else tol
        worse = _worse(name, float(base[name]), value)
        status = "FAIL" if worse > allowed + 1e-9 else "ok  "
        ok = ok and status != "FAIL"
        bound = f", limit {limit}" if limit is not None else ""
        msgs.append(f"{status} {name}: {value:.4f} (baseline {float(base[name]):.4f}, "
                    f"tol {allowed}{bound})")
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
               _worse(k, float(old_figs[k]), v) > 0}  # fmt: skip
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


@dataclass(frozen=True)
class Measured:
    """What the gate measured: the figures, the gold's hash, the noise limits, and the full
    figures of each task and corpus (for the benchmarks)."""

    figures: dict[str, float]
    sha256: str
    limits: dict[str, float]
    details: dict[str, dict[str, Any]]


def measure(gold_path: Path, model: str | None = None, corpora: Corpora | None = None,
            ) -> Measured:
    """Both tasks on the gold by cross-validation, and the noise of every noise corpus (by
    cross-validation where the corpus is also a training negative), through the same code as
    ``dotterel evaluate``."""
    settings = Settings() if model is None else replace(Settings(), model=model)
    gold = load_gold(gold_path, "plv")
    coder = Coder.load(settings)
    corpora = corpora if corpora is not None else _default_corpora()
    # Both learned models are trained on this very file: only held-out figures are honest,
    # so the gate retrains them on the other folds (with the negatives) and pools the folds.
    trainer = Trainer.with_negatives(coder, corpora.train) if corpora else Trainer(coder)
    result = run_evaluation(gold, coder, "both", cv=GATE_CV, fit=trainer_fitter(trainer))
    figures = headline_figures(result.figures)
    details: dict[str, dict[str, Any]] = dict(result.figures)
    limits: dict[str, float] = {}
    for corpus in corpora.noise if corpora else ():
        noise = noise_of(corpus, coder, trainer, gold.items)
        details[f"noise:{corpus.name}"] = noise
        figures.update(noise_headlines(corpus.name, noise))
        for key, limit in (("events_per_100", corpus.max_events_per_100),
                           ("violent_per_100", corpus.max_violent_per_100)):
            if limit is not None:
                limits[f"{NOISE_PREFIX}{corpus.name}_{key}"] = float(limit)
    articles = REPO_ROOT / ARTICLE_GOLD_RELATIVE
    if articles.is_file():
        # The bundled models never saw these articles: scored as they are, no folds needed.
        scored = run_evaluation(load_gold(articles, "jsonl"), coder, "events",
                                auto_cv=False).figures["events"]
        details["events:articles"] = scored
        figures.update(article_headlines(scored))
    return Measured(figures, gold.sha256, limits, details)


def article_headlines(figures: dict[str, Any]) -> dict[str, float]:
    """The article gold's gated figures: full-match F1 and type-only F1, ``articles_...``."""
    return {f"{ARTICLE_PREFIX}event_f1": float(figures["full"]["f1"]),
            f"{ARTICLE_PREFIX}type_f1": float(figures["type"]["f1"])}


def _default_corpora() -> Corpora | None:
    """The repository's corpora file, when it and its corpora are there."""
    path = default_corpora_path()
    corpora = load_corpora(path) if path.is_file() else None
    return corpora if corpora is not None and corpora.available() else None
