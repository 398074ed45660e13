"""``dotterel evaluate``, ``dotterel train`` and ``dotterel gate``: score, train and guard."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from dotterel.cli.options import command_settings, load_coder, model_option
from dotterel.coding.linear_model import bundled_model_path
from dotterel.evaluation.corpora import CorporaError
from dotterel.evaluation.gate import (
    GateError,
    check_gate,
    default_baseline,
    default_gold,
    measure,
    updated_baseline,
)
from dotterel.evaluation.gold import GoldFormatError, load_gold
from dotterel.evaluation.noise import (
    TOPIC_SETS,
    NoiseCorpus,
    event_example,
    noise_figures,
    noise_summary,
    read_corpus,
)
from dotterel.evaluation.report import render_report
from dotterel.evaluation.runner import SPLITS, TASKS, run_evaluation, run_split, text_summary
from dotterel.evaluation.training import train
from dotterel.settings import Settings


def write_errors(path: Path, errors: Sequence[dict[str, Any]]) -> None:
    """Write one JSON object per miss."""
    with path.open("w", encoding="utf-8") as fh:
        for err in errors:
            fh.write(json.dumps(err, ensure_ascii=False) + "\n")


NOISE_TASK = "noise"


def _noise(ctx: click.Context, corpus: NoiseCorpus, settings: Settings, as_json: bool,
           errors_path: Path | None) -> None:
    """The noise task: code a corpus where nothing should be found and count what is."""
    coder = load_coder(ctx, settings)
    articles = read_corpus(corpus, coder.settings)
    if not articles:
        raise click.ClickException(f"{corpus.paths[0]}: no texts to code")
    results = list(coder.code_articles(articles))
    figures = noise_figures(results)
    if errors_path is not None:
        write_errors(errors_path, [event_example(a, e) for a, events in results for e in events])
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, sort_keys=True))
    else:
        click.echo(noise_summary(corpus.name, figures))


@click.command("evaluate")
@click.argument("gold_file", type=click.Path(exists=True, path_type=Path))
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
    type=click.Choice((*TASKS, NOISE_TASK)),
    default="relation",
    show_default=True,
    help="relation: type of gold dyads; extraction: dyads and types from text; noise: count "
    "the events coded in texts (any input) where nothing political should be found.",
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
@click.option(
    "--split",
    type=click.Choice(SPLITS),
    default=None,
    help="Score one part of the fixed 80/20 split: work (read errors here) or check.",
)
@click.option(
    "--topics",
    default=None,
    metavar="NAMES",
    help="noise, Reuters-21578 input: only stories whose every topic is listed (comma-"
    "separated, or 'economic' for earnings, acquisitions and commodities).",
)
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="noise: code at most this many texts.")
@model_option
@click.option("--rules-only", is_flag=True,
              help="Score the rules alone, without the learned relation model.")
@click.pass_context
def evaluate_command(
    ctx: click.Context,
    gold_file: Path,
    fmt: str,
    task: str,
    as_json: bool,
    errors_path: Path | None,
    report_path: Path | None,
    cv: int,
    split: str | None,
    topics: str | None,
    limit: int | None,
    model: str | None,
    rules_only: bool,
) -> None:
    """Score the coder against a gold file (PLV TSV or dotterel JSONL), or count its noise."""
    if cv == 1:
        raise click.BadParameter("needs 0 (off) or at least 2 folds", param_hint="--cv")
    settings = command_settings(ctx, model=model)
    if rules_only:
        settings = replace(settings, relation_model=None, recipient_model=None)
    if task == NOISE_TASK:
        chosen = None if topics is None else TOPIC_SETS.get(topics) or frozenset(
            t.strip() for t in topics.split(",") if t.strip())
        corpus = NoiseCorpus(gold_file.name, (gold_file,), chosen, limit)
        _noise(ctx, corpus, settings, as_json, errors_path)
        return
    if gold_file.is_dir():
        raise click.BadParameter("a gold file, not a directory (only --task noise reads "
                                 "folders)", param_hint="GOLD_FILE")
    try:
        gold = load_gold(gold_file, fmt)
    except GoldFormatError as exc:
        raise click.ClickException(str(exc)) from exc
    coder = load_coder(ctx, settings)
    if split is not None:
        if cv:
            raise click.BadParameter("--split scores by its own rule; leave out --cv",
                                     param_hint="--cv")
        result = run_split(gold, coder, split, task, with_errors=errors_path is not None)
    else:
        result = run_evaluation(gold, coder, task, cv, with_errors=errors_path is not None)
    if errors_path is not None:
        write_errors(errors_path, result.errors)
    if report_path is not None:
        report_path.write_text(render_report(result.to_json(), result.notes), encoding="utf-8")
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, sort_keys=True))
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
    else:
        click.echo(text_summary(result))
        for n, what in ((errors_path, "errors"), (report_path, "report")):
            if n is not None:
                click.echo(f"{what}: {n}")


@click.command("train")
@click.argument("gold_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the relation model (the relevance model goes beside it; "
              "default: the package's bundled models).")
@click.option("--c", "c", type=float, default=1.0, show_default=True,
              help="Inverse regularization strength of the logistic regressions.")
@click.option("--corpora", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None,
              help="A corpora file (eval/corpora.yaml) whose 'train' texts are negatives: the "
              "relevance model is trained only with them, the relation model's NONE from them.")
@model_option
def train_command(gold_file: Path, output: Path | None, c: float, corpora: Path | None,
                  model: str | None) -> None:
    """Train the relation model (and, with --corpora, the relevance model); needs scikit-learn."""
    settings = Settings() if model is None else Settings(model=model)
    try:
        trained = train(gold_file, settings, output, c, corpora)
    except (GoldFormatError, CorporaError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    relation = trained.resources.relation_model
    relevance = trained.resources.relevance
    assert relation is not None
    click.echo(f"relation model: {relation.meta['examples']} gold pairs and "
               f"{relation.meta['none_examples']} NONE pairs, {len(relation.weights)} features, "
               f"{len(relation.classes)} classes -> {output or bundled_model_path()}")
    if relevance is not None:
        model_meta = relevance.model.meta
        click.echo(f"relevance model: {model_meta['political_sentences']} political and "
                   f"{model_meta['other_sentences']} other sentences, "
                   f"{len(relevance.model.weights)} features")
    recipient = trained.resources.recipient_model
    if recipient is not None:
        click.echo(f"recipient model: {recipient.meta['examples']} phrases, "
                   f"{len(recipient.weights)} features")


@click.command("gate")
@click.option("--gold", "gold_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--update", is_flag=True, help="Raise the baseline to the measured figures.")
@click.option("--allow-lower", is_flag=True, help="With --update: allow lowering figures.")
@click.option("--reason", default=None, help="Why the baseline is lowered (recorded).")
@model_option
def gate_command(
    gold_path: Path | None,
    baseline_path: Path | None,
    update: bool,
    allow_lower: bool,
    reason: str | None,
    model: str | None,
) -> None:
    """Fail when headline accuracy on plv_train drops below the recorded baseline."""
    gold_path = gold_path or default_gold()
    baseline_path = baseline_path or default_baseline()
    if not gold_path.is_file():
        click.echo(f"SKIP: gold file {gold_path} not found (../shared is absent); gate not run")
        return
    baseline = json.loads(baseline_path.read_text("utf-8")) if baseline_path.is_file() else None
    measured = measure(gold_path, model)
    figures, sha = measured.figures, measured.sha256
    if update:
        try:
            new = updated_baseline(baseline, figures, sha, gold_path.name, allow_lower, reason)
        except GateError as exc:
            raise click.ClickException(str(exc)) from exc
        baseline_path.parent.mkdir(parents=True, exist_ok=True)
        baseline_path.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
        click.echo(f"baseline written to {baseline_path}: {new['figures']}")
        return
    if baseline is None:
        raise click.ClickException(f"no baseline at {baseline_path}; run with --update first")
    result = check_gate(baseline, figures, sha, measured.limits)
    click.echo("\n".join(result.messages))
    if not result.ok:
        click.echo("gate FAILED", err=True)
        sys.exit(1)
    click.echo("gate passed")
