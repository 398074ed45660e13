"""Tests for dotterel.evaluation.runner: figures by hand, folds, cross-validation."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from gold_fakes import (
    JSONL,
    PLV,
    FakeCoder,
    jsonl_coder,
    plv_coder,
)

import dotterel.evaluation.gold as ev
from dotterel.evaluation import runner
from dotterel.evaluation.gold import GoldEvent, GoldItem, GoldSet
from dotterel.evaluation.runner import run_evaluation, stratified_folds


def test_relation_figures_by_hand() -> None:
    # 5 dyads (Egypt row has no recipient: skipped); right: ACCUSE, COERCE, CONCEDE->YIELD = 3/5.
    # labels ACCUSE AGREE ASSAULT COERCE CONSULT YIELD: F1 1 0 0 1 0 1 -> macro 0.5.
    # micro: tp 3, fp 1 (CONSULT), fn 2 -> P .75 R .6 F1 .6667.
    # quads gold 3 1 4 4 2, predicted 3 1 4 None 2 -> 4/5.
    out = run_evaluation(ev.load_gold(PLV), plv_coder(), "relation")
    figs = out.figures["relation"]
    assert figs["n"] == 5 and figs["skipped"] == 1
    assert figs["accuracy"] == 0.6
    assert figs["macro_f1"] == 0.5
    assert figs["micro_f1"] == pytest.approx(0.6667, abs=1e-4)
    assert figs["quad_accuracy"] == 0.8
    assert figs["per_type"]["YIELD"]["f1"] == 1.0
    assert figs["confusion"]["ASSAULT"] == {"NONE": 1}


def test_extraction_figures_by_hand() -> None:
    # 6 gold events; matched dyads: Russia/Ukraine, France/Germany, Police/protesters,
    # Egypt/(any) = 4 -> dyad_recall 4/6; produced 5, of which 4 match -> precision 0.8;
    # right type too: 3 -> dyad_type_recall 0.5; accuracy on matched 3/4.
    # labels ACCUSE AGREE ASSAULT COERCE YIELD: F1 1 1 0 0 1 -> macro 0.6.
    out = run_evaluation(ev.load_gold(PLV), plv_coder(), "extraction", with_errors=True)
    figs = out.figures["extraction"]
    assert (figs["gold_events"], figs["produced_events"], figs["matched"]) == (6, 5, 4)
    assert figs["dyad_recall"] == pytest.approx(0.6667, abs=1e-4)
    assert figs["dyad_precision"] == 0.8
    assert figs["dyad_type_recall"] == 0.5
    assert figs["accuracy"] == 0.75
    assert figs["macro_f1"] == 0.6
    assert figs["quad_accuracy"] == 1.0
    assert any("undercounts" in n for n in out.notes)
    kinds = sorted((e["kind"], e["stage"]) for e in out.errors)
    assert kinds == [
        ("missed_dyad", "actor_attribution"),  # the army/rebels: events exist, other actors
        ("missed_dyad", "no_event"),  # Japan/China: nothing produced
        ("spurious", "spurious"),  # Ukraine/Russia REJECT
        ("wrong_type", "event_type"),  # Police/protesters ASSAULT for COERCE
    ]
    wrong = next(e for e in out.errors if e["kind"] == "wrong_type")
    assert wrong["rule"] == "assault.a" and wrong["produced"][0]["rule"] == "assault.a"



def test_jsonl_extraction_codes_dates_and_empty_item() -> None:
    # a1 matches (offsets found by exact text); a3's actor is not in the text, so it matches by
    # token overlap ("kenyan", "police"). a2 has no gold event: its event is spurious.
    # recall 2/2, precision 2/3. Codes: actor country IRN=IRN, KEN=KEN (2/2); actor sector only
    # a3 has one: COP != GOV (0/1); recipient country ISR (1/1), sector GOV (1/1); date 1/1.
    gold = ev.load_gold(JSONL)
    assert gold.format == "jsonl" and not gold.merge_yield
    assert gold.items[0].events[0].recipient.spans == ((13, 19), (35, 41))  # type: ignore[union-attr]
    figs = run_evaluation(gold, jsonl_coder(), "extraction").figures["extraction"]
    assert figs["items_without_gold"] == 1
    assert figs["dyad_recall"] == 1.0 and figs["dyad_type_recall"] == 1.0
    assert figs["dyad_precision"] == pytest.approx(0.6667, abs=1e-4)
    assert figs["actor_country_accuracy"] == {"accuracy": 1.0, "n": 2}
    assert figs["actor_sector_accuracy"] == {"accuracy": 0.0, "n": 1}
    assert figs["recipient_country_accuracy"] == {"accuracy": 1.0, "n": 1}
    assert figs["recipient_sector_accuracy"] == {"accuracy": 1.0, "n": 1}
    assert figs["date_accuracy"] == {"accuracy": 1.0, "n": 1}
    rel = run_evaluation(gold, jsonl_coder(), "relation").figures["relation"]
    assert rel["n"] == 2 and rel["accuracy"] == 0.5  # a3's dyad is unanswered



def test_stratified_folds_are_balanced_and_fixed() -> None:
    labels = ["A"] * 10 + ["B"] * 5
    folds = stratified_folds(labels, 5)
    assert sorted(i for f in folds for i in f) == list(range(15))
    assert all(sum(labels[i] == "A" for i in f) == 2 for f in folds)
    assert folds == stratified_folds(labels, 5)



def test_cv_trains_on_other_folds_and_pools(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def fit_coder(coder: FakeCoder, items: list[GoldItem]) -> FakeCoder:
        seen.append([it.id for it in items])
        return coder

    out = run_evaluation(ev.load_gold(PLV), plv_coder(), "relation", cv=2, fit=fit_coder)
    # 5 items in 2 folds: each training set is the other fold, so every item is trained on once.
    assert len(seen) == 2 and sorted(sum(seen, [])) == sorted(
        ["plv-1", "plv-2", "plv-3", "plv-5", "plv-6"]
    )
    assert out.figures["relation"]["accuracy"] == 0.6  # pooled over held-out folds
    assert any("pooled" in n for n in out.notes)


def test_a_model_is_never_scored_on_its_own_training_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folds: list[list[str]] = []

    def fit_coder(coder: FakeCoder, items: list[GoldItem]) -> FakeCoder:
        folds.append([it.id for it in items])
        return coder

    gold = ev.load_gold(PLV)
    coder = plv_coder()
    coder.relation_model = SimpleNamespace(meta={"gold_sha256": gold.sha256})  # type: ignore[assignment]
    out = run_evaluation(gold, coder, "relation", fit=fit_coder)  # no --cv asked
    assert len(folds) == runner.DEFAULT_CV
    assert any("trained on this gold file" in n for n in out.notes)
    # A model trained elsewhere is scored as it is, with a note.
    coder.relation_model = SimpleNamespace(meta={"gold_sha256": "other"})  # type: ignore[assignment]
    folds.clear()
    out = run_evaluation(gold, coder, "relation", fit=fit_coder)
    assert not folds and any("another gold file" in n for n in out.notes)



def test_the_work_check_split_is_fixed_disjoint_and_four_to_one() -> None:
    items = tuple(GoldItem(f"i{k}", f"text {k}", (GoldEvent("ACCUSE" if k % 2 else "AGREE", None,
                                                            None),)) for k in range(50))
    gold = GoldSet(items, "jsonl", "g.jsonl", "abc", False)
    work, check = runner.split_gold(gold, "work"), runner.split_gold(gold, "check")
    assert len(check.items) == 10 and len(work.items) == 40
    assert not {it.id for it in work.items} & {it.id for it in check.items}
    assert runner.split_gold(gold, "check") == check  # the same every time
    assert sum(it.events[0].type == "ACCUSE" for it in check.items) == 5  # stratified


def test_the_check_part_is_scored_by_a_model_trained_on_work_only() -> None:
    trained_on: list[str] = []

    def fit_coder(coder: FakeCoder, items: list[GoldItem]) -> FakeCoder:
        trained_on.extend(it.id for it in items)
        return coder

    gold = ev.load_gold(PLV)
    coder = plv_coder()
    coder.relation_model = SimpleNamespace(meta={"gold_sha256": gold.sha256})  # type: ignore[assignment]
    out = runner.run_split(gold, coder, "check", "relation", fit=fit_coder)
    check_ids = {it.id for it in runner.split_gold(gold, "check").items}
    assert trained_on and not set(trained_on) & check_ids
    assert out.gold.items and {it.id for it in out.gold.items} == check_ids
    assert any("split check" in n for n in out.notes)
