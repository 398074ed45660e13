"""The ``evaluate`` command: score the coder on a gold file (thin over ``run_evaluation``)."""

from __future__ import annotations

import importlib
import importlib.util
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from . import evaluate as ev
from .settings import Settings

TASKS = ("relation", "extraction", "both")
CV_SEED = 13


@dataclass(frozen=True)
class Evaluation:
    """The outcome of one evaluation: figures per task, the errors, and notes for the user."""

    gold: ev.GoldSet
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


def learner() -> Any:
    """The ``dotterel.learn`` module when it offers ``fit_coder(coder, items)``, else None."""
    if importlib.util.find_spec("dotterel.learn") is None:
        return None
    learn = importlib.import_module("dotterel.learn")
    return learn if callable(getattr(learn, "fit_coder", None)) else None


def _score(gold: ev.GoldSet, coder: Any, task: str, items: Sequence[ev.GoldItem]) -> tuple:
    """Relation records or extraction results of ``coder`` on some gold items."""
    sub = ev.GoldSet(tuple(items), gold.format, gold.path, gold.sha256, gold.merge_yield)
    if task == "relation":
        return tuple(ev.relation_records(sub, getattr(coder, "explain", coder.classify)))
    return tuple(ev.extraction_results(sub, coder.code_articles))


def _runs(gold: ev.GoldSet, coder: Any, task: str, cv: int) -> tuple:
    """The raw outcomes of a task, pooled over cross-validation folds when asked."""
    if not cv:
        return _score(gold, coder, task, gold.items), ()
    learn = learner()
    if learn is None:
        note = (
            f"--cv {cv}: nothing learned is configured (no dotterel.learn.fit_coder); "
            "scoring the coder normally"
        )
        return _score(gold, coder, task, gold.items), (note,)
    labels = [it.events[0].type if it.events else ev.NONE for it in gold.items]
    pooled: list[Any] = []
    for fold in stratified_folds(labels, cv):
        test = set(fold)
        train = [it for j, it in enumerate(gold.items) if j not in test]
        try:
            fitted = learn.fit_coder(coder, train)
        except RuntimeError as exc:  # e.g. the trainer's dependencies are not installed
            note = f"--cv {cv}: cannot train ({exc}); scoring the coder normally"
            return _score(gold, coder, task, gold.items), (note,)
        pooled.extend(_score(gold, fitted, task, [gold.items[j] for j in fold]))
    note = (
        f"--cv {cv}: {cv} folds stratified by gold type (seed {CV_SEED}); dotterel.learn "
        "trained on the other folds; figures pooled over the held-out folds"
    )
    return tuple(pooled), (note,)


# Folds used when a gold file is the learned model's own training data.
DEFAULT_CV = 5


def run_evaluation(
    gold: ev.GoldSet,
    coder: Any,
    task: str = "relation",
    cv: int = 0,
    with_errors: bool = False,
) -> Evaluation:
    """Score ``coder`` (anything with ``classify`` and ``code_articles``) on ``gold``."""
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}: one of {', '.join(TASKS)}")
    figures: dict[str, dict[str, Any]] = {}
    errors: list[dict[str, Any]] = []
    notes: list[str] = []
    model = getattr(getattr(coder, "resources", None), "relation_model", None)
    if not cv and model is not None and model.meta.get("gold_sha256") == gold.sha256:
        # Never score a learned model on the rows it was trained on.
        cv = DEFAULT_CV
        notes.append(
            f"the relation model was trained on this gold file: scored by {cv}-fold "
            "cross-validation instead"
        )
    for name in ("relation", "extraction") if task == "both" else (task,):
        runs, more = _runs(gold, coder, name, cv)
        notes.extend(n for n in more if n not in notes)
        if name == "relation":
            figures[name] = ev.score_relation(runs, skipped=ev.relation_skipped(gold))
            errors.extend(ev.relation_errors(runs) if with_errors else [])
        else:
            figures[name] = ev.score_extraction(runs, gold.merge_yield)
            errors.extend(ev.extraction_errors(runs, gold.merge_yield) if with_errors else [])
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


def _load_coder(ctx: click.Context, settings: Settings) -> Any:
    """The coder to score: ``ctx.obj["coder"]`` when the caller provides one, else loaded."""
    if isinstance(ctx.obj, dict) and ctx.obj.get("coder") is not None:
        return ctx.obj["coder"]
    from .coder import Coder

    return Coder.load(settings)


def _settings(ctx: click.Context, model: str | None) -> Settings:
    """The settings of the parent command when it set some, with ``--model`` applied."""
    obj = ctx.obj
    base = obj if isinstance(obj, Settings) else None
    if isinstance(obj, dict) and isinstance(obj.get("settings"), Settings):
        base = obj["settings"]
    base = base or Settings()
    if model:
        from dataclasses import replace

        base = replace(base, model=model)
    return base


def _text_summary(evaluation: Evaluation) -> str:
    """A short human-readable summary of the figures."""
    lines = [f"gold: {evaluation.gold.path} ({evaluation.gold.format})"]
    for task, figs in evaluation.figures.items():
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


def write_errors(path: Path, errors: Sequence[dict[str, Any]]) -> None:
    """Write one JSON object per miss."""
    with path.open("w", encoding="utf-8") as fh:
        for err in errors:
            fh.write(json.dumps(err, ensure_ascii=False) + "\n")


@click.command("evaluate")
@click.argument("gold_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "plv", "jsonl"]),
    default="auto",
    show_default=True,
    help="Gold format (auto: .tsv is plv, else jsonl).",
)
@click.option(
    "--task",
    type=click.Choice(TASKS),
    default="relation",
    show_default=True,
    help="relation: type of gold dyads; extraction: dyads and types from text.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every miss as JSONL for error analysis.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a self-contained HTML report.",
)
@click.option(
    "--cv",
    type=click.IntRange(min=0),
    default=0,
    help="k-fold cross-validation for learned components (0: none).",
)
@click.option("--model", default=None, help="spaCy model to load (default from settings).")
@click.option("--rules-only", is_flag=True,
              help="Score the rules alone, without the learned relation model.")
@click.pass_context
def evaluate(
    ctx: click.Context,
    gold_file: Path,
    fmt: str,
    task: str,
    as_json: bool,
    errors_path: Path | None,
    report_path: Path | None,
    cv: int,
    model: str | None,
    rules_only: bool,
) -> None:
    """Score the coder against a gold file (PLV TSV or dotterel JSONL)."""
    if cv == 1:
        raise click.BadParameter("needs 0 (off) or at least 2 folds", param_hint="--cv")
    try:
        gold = ev.load_gold(gold_file, fmt)
    except ev.GoldFormatError as exc:
        raise click.ClickException(str(exc)) from exc
    settings = _settings(ctx, model)
    if rules_only:
        from dataclasses import replace

        settings = replace(settings, relation_model=None)
    result = run_evaluation(
        gold, _load_coder(ctx, settings), task, cv, with_errors=errors_path is not None
    )
    if errors_path is not None:
        write_errors(errors_path, result.errors)
    if report_path is not None:
        from .report import render_report

        report_path.write_text(render_report(result.to_json(), result.notes), encoding="utf-8")
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, sort_keys=True))
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
    else:
        click.echo(_text_summary(result))
        for n, what in ((errors_path, "errors"), (report_path, "report")):
            if n is not None:
                click.echo(f"{what}: {n}")


@click.command("train")
@click.argument("gold_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the model (default: the package's bundled model).")
@click.option("--c", "c", type=float, default=1.0, show_default=True,
              help="Inverse regularization strength of the logistic regression.")
@click.option("--model", default=None, help="spaCy model to load (default from settings).")
def train_command(gold_file: Path, output: Path | None, c: float, model: str | None) -> None:
    """Train the relation model that weighs the rules' evidence (needs scikit-learn)."""
    from .learn import bundled_model_path, train

    settings = Settings() if model is None else Settings(model=model)
    try:
        fitted = train(gold_file, settings, output, c)
    except (ev.GoldFormatError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    where = output or bundled_model_path()
    click.echo(f"trained on {fitted.meta['examples']} examples, "
               f"{len(fitted.weights)} features, {len(fitted.classes)} types -> {where}")
