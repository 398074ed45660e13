"""Tests for dotterel.cli.evaluate: evaluate, train and gate from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from gold_fakes import (
    FIGS,
    JSONL,
    PLV,
    jsonl_coder,
    plv_coder,
)

from dotterel.cli import evaluate as cli_evaluate
from dotterel.cli.evaluate import evaluate_command as evaluate
from dotterel.cli.evaluate import gate_command
from dotterel.evaluation.gate import Measured


def test_cli_json_errors_report(tmp_path: Path) -> None:
    errors, report = tmp_path / "errors.jsonl", tmp_path / "report.html"
    res = CliRunner().invoke(
        evaluate,
        [str(PLV), "--format", "plv", "--task", "extraction", "--json",
         "--errors", str(errors), "--report", str(report)],
        obj={"coder": plv_coder()},
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    figs = json.loads(res.stdout)
    for key in ("accuracy", "macro_f1", "per_type", "dyad_recall", "dyad_precision",
                "dyad_type_recall", "sha256"):  # fmt: skip
        assert key in figs
    lines = [json.loads(x) for x in errors.read_text().splitlines()]
    assert len(lines) == 4 and all("sentence" in x and "expected" in x for x in lines)
    html = report.read_text()
    assert "<table>" in html and "background:rgba(" in html
    assert "http" not in html.lower() and "<script" not in html.lower()


def test_cli_text_and_cv_of_a_coder_that_cannot_learn() -> None:
    res = CliRunner().invoke(evaluate, [str(PLV), "--cv", "2"], obj={"coder": plv_coder()})
    assert res.exit_code == 0, res.output
    assert "accuracy=0.6000" in res.output
    assert "cannot train (only a loaded Coder can be retrained)" in res.output



def test_gate_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    absent = runner.invoke(gate_command, ["--gold", str(tmp_path / "none.tsv")])
    assert absent.exit_code == 0 and "SKIP" in absent.output
    gold = tmp_path / "g.tsv"
    gold.write_text("x")
    baseline = tmp_path / "baseline.json"
    figs = dict(FIGS)
    monkeypatch.setattr(cli_evaluate, "measure",
                        lambda path, model=None: Measured(figs, "abc", {}, {}))
    args = ["--gold", str(gold), "--baseline", str(baseline)]
    assert runner.invoke(gate_command, args).exit_code == 1  # no baseline yet
    assert runner.invoke(gate_command, [*args, "--update"]).exit_code == 0
    assert json.loads(baseline.read_text())["figures"] == FIGS
    assert runner.invoke(gate_command, args).exit_code == 0
    figs["extraction_dyad_recall"] = 0.1
    failed = runner.invoke(gate_command, args)
    assert failed.exit_code == 1 and "FAIL extraction_dyad_recall" in failed.output
    assert runner.invoke(gate_command, [*args, "--update"]).exit_code == 1
    ok = runner.invoke(gate_command, [*args, "--update", "--allow-lower", "--reason", "why"])
    assert ok.exit_code == 0
    assert json.loads(baseline.read_text())["lowered"][0]["reason"] == "why"



def test_cli_both_tasks_json_shape() -> None:
    res = CliRunner().invoke(
        evaluate, [str(JSONL), "--task", "both", "--json"], obj={"coder": jsonl_coder()}
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["format"] == "jsonl" and out["relation"]["n"] == 2
    assert out["extraction"]["dyad_recall"] == 1.0


def test_cli_bad_gold_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n")
    res = CliRunner().invoke(evaluate, [str(bad)], obj={"coder": jsonl_coder()})
    assert res.exit_code == 1 and "bad.jsonl:1: invalid JSON" in res.output


def test_cli_noise_task_counts_events_in_any_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "sport.jsonl"
    corpus.write_text('{"id": "a", "text": "Russia condemned Ukraine on Monday."}\n'
                      '{"id": "b", "text": "The weather was fine."}\n')
    errors = tmp_path / "noise.jsonl"
    res = CliRunner().invoke(
        evaluate, [str(corpus), "--task", "noise", "--json", "--errors", str(errors)],
        obj={"coder": plv_coder()})
    assert res.exit_code == 0, res.output
    figs = json.loads(res.stdout)
    # plv_coder codes S1 ("Russia condemned Ukraine on Monday.") with two events.
    assert figs["texts"] == 2 and figs["events"] == 2 and figs["events_per_100"] == 100.0
    assert len(errors.read_text().splitlines()) == 2
    text = CliRunner().invoke(evaluate, [str(corpus), "--task", "noise"],
                              obj={"coder": plv_coder()})
    assert "noise sport.jsonl: 2 texts, 2 events" in text.output


def test_cli_gold_tasks_refuse_a_directory(tmp_path: Path) -> None:
    res = CliRunner().invoke(evaluate, [str(tmp_path)], obj={"coder": plv_coder()})
    assert res.exit_code == 2 and "not a directory" in res.output
