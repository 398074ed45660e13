"""The evaluation runner: score a coder on a gold set, by cross-validation when it learned from it.

``run_evaluation`` is what ``dotterel evaluate``, the accuracy gate and the benchmarks call.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from dotterel.coding.coder import Coder
from dotterel.coding.linear_model import LinearModel
from dotterel.evaluation import event_scores, metrics
from dotterel.evaluation.corpora import default_corpora_path, load_corpora
from dotterel.evaluation.gold import NONE, GoldItem, GoldSet
from dotterel.evaluation.noise import NoiseCorpus, noise_figures, read_corpus
from dotterel.evaluation.training import Trainer
from dotterel.records import Article, Event

TASKS = ("relation", "extraction", "events", "both")
CV_SEED = 13
# The development set's one fixed split: errors are read on "work" (80%) only, and "check"
# (20%, scored by a model trained on "work") shows whether a change holds for unread sentences.
SPLITS = ("work", "check")
SPLIT_SEED = 2026
SPLIT_FOLDS = 5
# Folds used when a gold file is the learned model's own training data.
DEFAULT_CV = 5


class ScoredCoder(Protocol):
    """What the runner needs of a coder: ``Coder`` has it, and tests pass hand-made ones."""

    @property
    def relation_model(self) -> LinearModel | None:
        """The learned relation model, when one is loaded."""

    def explain(self, sentence: str, source: str, target: str) -> tuple[str, str]:
        """A pair's type and what decided it."""

    def code_articles(self, articles: Iterable[Article]
                      ) -> Iterator[tuple[Article, list[Event]]]:
        """Code articles in order."""


# Trains a copy of a coder on some gold items (for cross-validation).
Fitter = Callable[[ScoredCoder, Sequence[GoldItem]], ScoredCoder]


def trainer_fitter(trainer: Trainer) -> Fitter:
    """A trainer's ``fit`` as the runner calls it (any coder it is given must be a Coder)."""
    def fit(coder: ScoredCoder, items: Sequence[GoldItem]) -> ScoredCoder:
        if not isinstance(coder, Coder):
            raise RuntimeError("only a loaded Coder can be retrained")
        return trainer.fit(coder, items)
    return fit


def _overlap(a: NoiseCorpus, b: NoiseCorpus) -> bool:
    """Whether two corpus specs can share texts (same files and topics, ranges that meet)."""
    if a.paths != b.paths or a.topics != b.topics:
        return False
    end_a = a.skip + a.limit if a.limit is not None else float("inf")
    end_b = b.skip + b.limit if b.limit is not None else float("inf")
    return a.skip < end_b and b.skip < end_a


def noise_of(corpus: NoiseCorpus, coder: Coder, trainer: Trainer,
             items: Sequence[GoldItem], folds: int = DEFAULT_CV) -> dict[str, Any]:
    """The noise figures of a corpus: coded by ``coder`` when no training negative comes from
    it, else by cross-validation, each fold coded by models trained without its texts."""
    texts = [t for t in trainer.negatives if t.corpus == corpus.name]
    if not texts or not any(_overlap(corpus, c) for c in trainer.corpora):
        return noise_figures(coder.code_articles(read_corpus(corpus, coder.settings)))
    results = []
    for k in range(folds):
        fold = texts[k::folds]
        fitted = trainer.fit(coder, items, leave_out=frozenset(t.article.doc_id for t in fold))
        results += [(t.article, fitted.code_parsed(t.doc, t.article)) for t in fold]
    figures = noise_figures(results)
    figures["cross_validated"] = folds
    return figures


def default_fitter(coder: ScoredCoder) -> Fitter:
    """How a coder is retrained for cross-validation: by a ``Trainer`` over the negatives of
    ``eval/corpora.yaml`` when they are on disk (so both learned models are retrained on each
    fold), else over the gold alone (the relevance model is then left out of the figures)."""
    if not isinstance(coder, Coder):
        def cannot(coder: ScoredCoder, items: Sequence[GoldItem]) -> ScoredCoder:
            raise RuntimeError("only a loaded Coder can be retrained")
        return cannot
    path = default_corpora_path()
    corpora = load_corpora(path) if path.is_file() else None
    trainer = Trainer.with_negatives(coder, corpora.train) if corpora and \
        corpora.available() else Trainer(coder)
    return trainer_fitter(trainer)


@dataclass(frozen=True)
class Evaluation:
    """The outcome of one evaluation: figures per task, the errors, and notes for the user."""

    gold: GoldSet
    figures: dict[str, dict[str, Any]]
    errors: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        """The figures as one JSON object: a task's figures, or ``{task: figures}`` for both."""
        meta = {"gold": self.gold.path, "format": self.gold.format, "sha256": self.gold.sha256}
        if len(self.figures) == 1:
            return {**meta, **next(iter(self.figures.values()))}
        return {**meta, **self.figures}


def stratified_folds(labels: Sequence[str], k: int, seed: int = CV_SEED) -> list[list[int]]:
    """Split indices into ``k`` folds, each label's indices dealt round-robin after a shuffle."""
    if k < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    by_label: dict[str, list[int]] = {}
    for i, lab in enumerate(labels):
        by_label.setdefault(lab, []).append(i)
    turn = 0
    for lab in sorted(by_label):
        idx = by_label[lab]
        rng.shuffle(idx)
        for i in idx:
            folds[turn % k].append(i)
            turn += 1
    return [sorted(f) for f in folds]


def split_gold(gold: GoldSet, part: str) -> GoldSet:
    """The ``work`` (80%) or ``check`` (20%) part of a gold set, stratified by type, fixed."""
    if part not in SPLITS:
        raise ValueError(f"unknown split {part!r}: one of {', '.join(SPLITS)}")
    labels = [it.events[0].type if it.events else NONE for it in gold.items]
    check = set(stratified_folds(labels, SPLIT_FOLDS, SPLIT_SEED)[0])
    keep = [it for j, it in enumerate(gold.items) if (j in check) == (part == "check")]
    return GoldSet(tuple(keep), gold.format, gold.path, gold.sha256, gold.merge_yield)


def run_split(gold: GoldSet, coder: ScoredCoder, part: str, task: str = "both",
              with_errors: bool = False, fit: Fitter | None = None) -> Evaluation:
    """Score one part of the fixed split: ``work`` by cross-validation within it, ``check``
    by a model trained on ``work`` alone (so nothing learned has seen a ``check`` row)."""
    sub = split_gold(gold, part)
    if part == "work" or coder.relation_model is None:
        result = run_evaluation(sub, coder, task, with_errors=with_errors, fit=fit)
    else:
        try:
            fitted = (fit or default_fitter(coder))(coder, split_gold(gold, "work").items)
        except RuntimeError as exc:
            result = run_evaluation(sub, coder, task, with_errors=with_errors, fit=fit)
            return Evaluation(result.gold, result.figures, result.errors,
                              (*result.notes, f"check: cannot train on work ({exc})"))
        # Scored as it is: a model trained on work has never seen a check row.
        result = run_evaluation(sub, fitted, task, with_errors=with_errors, auto_cv=False)
    note = (f"split {part}: {len(sub.items)} of {len(gold.items)} items (seed {SPLIT_SEED})"
            + ("; the relation model trained on the work part only" if part == "check" else ""))
    return Evaluation(result.gold, result.figures, result.errors, (*result.notes, note))


def _score(gold: GoldSet, coder: ScoredCoder, task: str, items: Sequence[GoldItem]
           ) -> tuple[Any, ...]:
    """Relation records or extraction results of ``coder`` on some gold items."""
    sub = GoldSet(tuple(items), gold.format, gold.path, gold.sha256, gold.merge_yield)
    if task == "relation":
        return tuple(metrics.relation_records(sub, coder.explain))
    if task == "events":
        return tuple(event_scores.article_results(sub, coder.code_articles))
    return tuple(metrics.extraction_results(sub, coder.code_articles))


def _runs(gold: GoldSet, coder: ScoredCoder, task: str, cv: int, fit: Fitter | None
          ) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    """The raw outcomes of a task, pooled over cross-validation folds when asked."""
    if not cv or fit is None:
        return _score(gold, coder, task, gold.items), ()
    labels = [it.events[0].type if it.events else NONE for it in gold.items]
    pooled: list[Any] = []
    for fold in stratified_folds(labels, cv):
        test = set(fold)
        train = [it for j, it in enumerate(gold.items) if j not in test]
        try:
            fitted = fit(coder, train)
        except RuntimeError as exc:  # e.g. the trainer's dependencies are not installed
            note = f"--cv {cv}: cannot train ({exc}); scoring the coder normally"
            return _score(gold, coder, task, gold.items), (note,)
        pooled.extend(_score(gold, fitted, task, [gold.items[j] for j in fold]))
    note = (
        f"--cv {cv}: {cv} folds stratified by gold type (seed {CV_SEED}); the relation model "
        "trained on the other folds; figures pooled over the held-out folds"
    )
    return tuple(pooled), (note,)


def run_evaluation(
    gold: GoldSet,
    coder: ScoredCoder,
    task: str = "relation",
    cv: int = 0,
    with_errors: bool = False,
    fit: Fitter | None = None,
    auto_cv: bool = True,
) -> Evaluation:
    """Score ``coder`` on ``gold``: one task's figures, or both (by cross-validation when the
    coder's relation model was trained on this gold, unless ``auto_cv`` is off)."""
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}: one of {', '.join(TASKS)}")
    figures: dict[str, dict[str, Any]] = {}
    errors: list[dict[str, Any]] = []
    notes: list[str] = []
    model = coder.relation_model
    if auto_cv and not cv and model is not None and model.meta.get("gold_sha256") == gold.sha256:
        # Never score a learned model on the rows it was trained on.
        cv = DEFAULT_CV
        notes.append(
            f"the relation model was trained on this gold file: scored by {cv}-fold "
            "cross-validation instead"
        )
    if cv and fit is None:
        fit = default_fitter(coder)  # built once: it parses the negatives once
    for name in ("relation", "extraction") if task == "both" else (task,):
        runs, more = _runs(gold, coder, name, cv, fit)
        notes.extend(n for n in more if n not in notes)
        if name == "relation":
            figures[name] = metrics.score_relation(runs, skipped=metrics.relation_skipped(gold))
            errors.extend(metrics.relation_errors(runs) if with_errors else [])
        elif name == "events":
            figures[name] = event_scores.score_events(runs, gold.merge_yield)
            errors.extend(event_scores.event_errors(runs, gold.merge_yield) if with_errors
                          else [])
        else:
            figures[name] = metrics.score_extraction(runs, gold.merge_yield)
            errors.extend(metrics.extraction_errors(runs, gold.merge_yield) if with_errors
                          else [])
    if not cv and model is not None:
        notes.append(
            "the coder uses a learned relation model trained on another gold file; "
            "--cv k retrains it on folds of this one"
        )
    if figures.get("relation", {}).get("skipped"):
        notes.append(
            f"relation: {figures['relation']['skipped']} gold events without both an actor "
            "and a recipient are left out"
        )
    if "extraction" in figures and gold.format == "plv":
        notes.append(
            "extraction: PLV marks one event per row, so dyad_precision undercounts "
            "(correct events between other actors count as unmatched)"
        )
    return Evaluation(gold, figures, tuple(errors), tuple(notes))


def text_summary(evaluation: Evaluation) -> str:
    """A short human-readable summary of the figures."""
    lines = [f"gold: {evaluation.gold.path} ({evaluation.gold.format})"]
    for task, figs in evaluation.figures.items():
        if task == "events":
            lines.append(f"events (gold {figs['gold_events']}, produced "
                         f"{figs['produced_events']}): " + "  ".join(
                             f"{level}: P={figs[level]['precision']:.3f} "
                             f"R={figs[level]['recall']:.3f} F1={figs[level]['f1']:.3f}"
                             for level in event_scores.LEVELS))
            for label, row in figs["per_type"].items():
                lines.append(f"  {label:<10} R={row['recall']:.3f} gold={row['gold']}")
            continue
        keys = ["accuracy", "macro_f1", "micro_f1", "quad_accuracy"]
        if task == "extraction":
            keys = ["dyad_recall", "dyad_precision", "dyad_type_recall", *keys]
        n = figs.get("n", figs.get("gold_events"))
        lines.append(f"{task} (n={n}): " + "  ".join(f"{k}={figs[k]:.4f}" for k in keys))
        for label, row in figs["per_type"].items():
            lines.append(
                f"  {label:<10} P={row['precision']:.3f} R={row['recall']:.3f} "
                f"F1={row['f1']:.3f} support={row['support']}"
            )
    lines.extend(f"note: {n}" for n in evaluation.notes)
    return "\n".join(lines)
