"""Evaluation: gold loading, hand-worked figures, errors, the CLI, the report and the gate."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from dotterel import evaluate as ev
from dotterel import evaluate_cli as cli_mod
from dotterel import evaluate_gate as gate_mod
from dotterel.evaluate_cli import evaluate, run_evaluation, stratified_folds
from dotterel.model import Actor, Article, Event, Trigger

DATA = Path(__file__).parent / "data"
PLV = DATA / "plv_small.tsv"
JSONL = DATA / "gold_small.jsonl"


def actor(text: str, words: str, country: str | None = None, sector: str | None = None) -> Actor:
    """An actor found at the first occurrence of ``words`` in ``text``."""
    start = text.index(words)
    return Actor(words, words, country, sector, start, start + len(words))


def event(
    text: str,
    etype: str,
    quad: int,
    src: Actor,
    tgt: Actor | None,
    rule: str = "",
    date: str | None = None,
) -> Event:
    """A hand-made produced event."""
    return Event(
        doc_id="d", sentence=0, sentence_text=text, event_type=etype, mode=None, contexts=(),
        cameo="010", quad_class=quad, goldstein=0.0, actor=src, recipient=tgt, date=date,
        date_text=None, location=None, modality="asserted", trigger=Trigger("x", 0, 1),
        confidence=1.0, rule=rule,
    )  # fmt: skip


class FakeCoder:
    """A coder whose answers are fixed by hand: classify by sentence start, events by text."""

    def __init__(self, answers: dict[tuple[str, str], str], events: dict[str, list[Event]]):
        self.answers = answers
        self.events = events

    def classify(self, sentence: str, source: str, target: str) -> str:
        """The fixed answer for this dyad."""
        return self.answers.get((source, target), "NONE")

    def code_articles(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """The fixed events of each text."""
        for art in articles:
            yield art, self.events.get(art.text, [])


S1 = "Russia condemned Ukraine on Monday."
S2 = "France signed a deal with Germany."
S3 = "Police arrested protesters and the army shelled rebels."
S5 = "Japan offered concessions to China."
S6 = "Egypt lifted the state of emergency."


def plv_coder() -> FakeCoder:
    """Answers for plv_small.tsv (worked figures in the tests below)."""
    answers = {
        ("Russia", "Ukraine"): "ACCUSE",  # right
        ("France", "Germany"): "CONSULT",  # wrong (gold AGREE)
        ("Police", "protesters"): "COERCE",  # right
        ("the army", "rebels"): "NONE",  # missed (gold ASSAULT)
        ("Japan", "China"): "CONCEDE",  # scored as YIELD: right
    }
    events = {
        S1: [
            event(S1, "ACCUSE", 3, actor(S1, "Russia"), actor(S1, "Ukraine"), "accuse.condemn"),
            # No gold event has this dyad: spurious.
            event(S1, "REJECT", 3, actor(S1, "Ukraine"), actor(S1, "Russia"), "reject.x"),
        ],
        S2: [event(S2, "AGREE", 1, actor(S2, "France"), actor(S2, "Germany"), "agree.sign")],
        # Right dyad, wrong type (gold COERCE); nothing for the army/rebels event.
        S3: [event(S3, "ASSAULT", 4, actor(S3, "Police"), actor(S3, "protesters"), "assault.a")],
        # Gold recipient missing: any recipient matches; RETREAT is scored as YIELD.
        S6: [event(S6, "RETREAT", 2, actor(S6, "Egypt"), None, "retreat.lift")],
    }
    return FakeCoder(answers, events)


def test_load_plv_groups_rows_and_strips_marks() -> None:
    gold = ev.load_gold(PLV)
    assert gold.format == "plv" and gold.merge_yield
    assert [it.text for it in gold.items] == [S1, S2, S3, S5, S6]
    two = gold.items[2]
    assert [e.type for e in two.events] == ["COERCE", "ASSAULT"]
    army = two.events[1].actor
    assert army is not None and army.spans == ((31, 39),) and S3[31:39] == "the army"
    japan = gold.items[3].events[0].actor
    assert japan is not None and japan.text == "Japan"  # "<s>Japan </s>" trimmed
    assert gold.items[4].events[0].recipient is None  # "a recipient" placeholder: no mark


def test_strip_marks_multiple_mentions() -> None:
    text, spans = ev.strip_marks("<s>A</s> gave aid to <t>B</t> and to <t>B</t>'s army.")
    assert text == "A gave aid to B and to B's army."
    assert spans == {"s": [(0, 1)], "t": [(14, 15), (23, 24)]}


def test_classification_metrics_by_hand() -> None:
    # gold A A B C, predicted A B B NONE: accuracy 2/4.
    # A: P 1/1 R 1/2 F1 .6667; B: P 1/2 R 1/1 F1 .6667; C: P 0 R 0 F1 0 -> macro .4444.
    # micro: tp 2, fp 1, fn 2 -> P .6667 R .5 F1 .5714.
    m = ev.classification_metrics(["A", "A", "B", "C"], ["A", "B", "B", "NONE"])
    assert m["accuracy"] == 0.5
    assert m["per_type"]["A"]["f1"] == pytest.approx(0.6667, abs=1e-4)
    assert m["per_type"]["C"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1,
                                  "predicted": 0}  # fmt: skip
    assert m["macro_f1"] == pytest.approx(0.4444, abs=1e-4)
    assert m["micro_f1"] == pytest.approx(0.5714, abs=1e-4)
    assert m["confusion"] == {"A": {"A": 1, "B": 1}, "B": {"B": 1}, "C": {"NONE": 1}}


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


A1 = "Iran accused Israel of the attack. Israel denied it."
A2 = "The weather was fine."
A3 = "Kenyan police dispersed protesters in Nairobi."


def jsonl_coder() -> FakeCoder:
    """Answers for gold_small.jsonl."""
    events = {
        A1: [event(A1, "ACCUSE", 3, actor(A1, "Iran", "IRN"), actor(A1, "Israel", "ISR", "GOV"),
                   "accuse.accuse", date="2020-05-04")],
        A2: [event(A2, "PROTEST", 4, actor(A2, "weather"), None, "protest.x")],  # no gold here
        A3: [event(A3, "COERCE", 4, actor(A3, "Kenyan police", "KEN", "GOV"),
                   actor(A3, "protesters"), "coerce.disperse")],
    }  # fmt: skip
    return FakeCoder({("Iran", "Israel"): "ACCUSE"}, events)


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


def test_sentence_relative_offsets_are_moved_to_the_document() -> None:
    second = "Israel denied it."
    ev_ = event(second, "REJECT", 3, actor(second, "Israel"), None)
    assert ev.produced_span(A1, ev_, "actor") == (35, 41)


def test_bad_gold_reports_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "events": [{"type": "HUG", "actor": {"text": "x"}}]}\n')
    with pytest.raises(ev.GoldFormatError, match=r"bad.jsonl:1: unknown PLOVER type"):
        ev.load_gold(bad)


def test_stratified_folds_are_balanced_and_fixed() -> None:
    labels = ["A"] * 10 + ["B"] * 5
    folds = stratified_folds(labels, 5)
    assert sorted(i for f in folds for i in f) == list(range(15))
    assert all(sum(labels[i] == "A" for i in f) == 2 for f in folds)
    assert folds == stratified_folds(labels, 5)


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


def test_cli_text_and_cv_without_learner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_mod, "learner", lambda: None)
    res = CliRunner().invoke(evaluate, [str(PLV), "--cv", "2"], obj={"coder": plv_coder()})
    assert res.exit_code == 0, res.output
    assert "accuracy=0.6000" in res.output
    assert "nothing learned is configured" in res.output


def test_cv_trains_on_other_folds_and_pools(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def fit_coder(coder: FakeCoder, items: list[ev.GoldItem]) -> FakeCoder:
        seen.append([it.id for it in items])
        return coder

    monkeypatch.setattr(cli_mod, "learner", lambda: SimpleNamespace(fit_coder=fit_coder))
    out = run_evaluation(ev.load_gold(PLV), plv_coder(), "relation", cv=2)
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

    def fit_coder(coder: FakeCoder, items: list[ev.GoldItem]) -> FakeCoder:
        folds.append([it.id for it in items])
        return coder

    monkeypatch.setattr(cli_mod, "learner", lambda: SimpleNamespace(fit_coder=fit_coder))
    gold = ev.load_gold(PLV)
    coder = plv_coder()
    coder.resources = SimpleNamespace(  # type: ignore[attr-defined]
        relation_model=SimpleNamespace(meta={"gold_sha256": gold.sha256}))
    out = run_evaluation(gold, coder, "relation")  # no --cv asked
    assert len(folds) == cli_mod.DEFAULT_CV
    assert any("trained on this gold file" in n for n in out.notes)
    # A model trained elsewhere is scored as it is, with a note.
    coder.resources.relation_model.meta = {"gold_sha256": "other"}
    folds.clear()
    out = run_evaluation(gold, coder, "relation")
    assert not folds and any("another gold file" in n for n in out.notes)


def test_report_escapes_text() -> None:
    from dotterel.report import render_report

    html = render_report({"task": "relation", "gold": "<b>x</b>", "accuracy": 1.0,
                          "per_type": {"A&B": {"f1": 1.0}}, "confusion": {}}, ["<i>"])  # fmt: skip
    assert "<b>x</b>" not in html and "&lt;b&gt;" in html and "A&amp;B" in html


FIGS = {
    "relation_accuracy": 0.5,
    "relation_macro_f1": 0.4,
    "extraction_dyad_recall": 0.3,
    "extraction_dyad_type_recall": 0.2,
}


def test_gate_pass_fail_and_hash() -> None:
    base = {"sha256": "abc", "tolerance": 0.01, "figures": FIGS}
    assert gate_mod.check_gate(base, {**FIGS, "relation_accuracy": 0.495}, "abc").ok
    drop = gate_mod.check_gate(base, {**FIGS, "relation_accuracy": 0.48}, "abc")
    assert not drop.ok and any(m.startswith("FAIL relation_accuracy") for m in drop.messages)
    changed = gate_mod.check_gate(base, FIGS, "def")
    assert not changed.ok and "gold file changed" in changed.messages[0]


def test_gate_update_raises_and_refuses_to_lower() -> None:
    base = gate_mod.updated_baseline(None, FIGS, "abc", "g.tsv", today="2024-01-01")
    assert base["figures"] == FIGS and base["tolerance"] == 0.01 and base["lowered"] == []
    higher = gate_mod.updated_baseline(base, {**FIGS, "relation_accuracy": 0.6}, "abc", "g.tsv")
    assert higher["figures"]["relation_accuracy"] == 0.6
    lower = {**FIGS, "relation_macro_f1": 0.39}
    with pytest.raises(gate_mod.GateError, match="refusing to lower"):
        gate_mod.updated_baseline(base, lower, "abc", "g.tsv")
    with pytest.raises(gate_mod.GateError):
        gate_mod.updated_baseline(base, lower, "abc", "g.tsv", allow_lower=True)  # no reason
    with pytest.raises(gate_mod.GateError):
        gate_mod.updated_baseline(base, FIGS, "new-hash", "g.tsv")
    done = gate_mod.updated_baseline(base, lower, "abc", "g.tsv", True, "new lexicon", "2024-02")
    assert done["figures"]["relation_macro_f1"] == 0.39
    assert done["lowered"] == [{"date": "2024-02", "reason": "new lexicon",
                                "change": "relation_macro_f1 0.4000 -> 0.3900"}]  # fmt: skip


def test_gate_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    absent = runner.invoke(gate_mod.gate, ["--gold", str(tmp_path / "none.tsv")])
    assert absent.exit_code == 0 and "SKIP" in absent.output
    gold = tmp_path / "g.tsv"
    gold.write_text("x")
    baseline = tmp_path / "baseline.json"
    figs = dict(FIGS)
    monkeypatch.setattr(gate_mod, "measure", lambda path, model=None: (figs, "abc"))
    args = ["--gold", str(gold), "--baseline", str(baseline)]
    assert runner.invoke(gate_mod.gate, args).exit_code == 1  # no baseline yet
    assert runner.invoke(gate_mod.gate, [*args, "--update"]).exit_code == 0
    assert json.loads(baseline.read_text())["figures"] == FIGS
    assert runner.invoke(gate_mod.gate, args).exit_code == 0
    figs["extraction_dyad_recall"] = 0.1
    failed = runner.invoke(gate_mod.gate, args)
    assert failed.exit_code == 1 and "FAIL extraction_dyad_recall" in failed.output
    assert runner.invoke(gate_mod.gate, [*args, "--update"]).exit_code == 1
    ok = runner.invoke(gate_mod.gate, [*args, "--update", "--allow-lower", "--reason", "why"])
    assert ok.exit_code == 0
    assert json.loads(baseline.read_text())["lowered"][0]["reason"] == "why"


def test_plv_train_loads_and_quad_map_matches_gold_penta(shared_data: Path) -> None:
    gold = ev.load_gold(shared_data / "gold" / "plv_train.tsv")
    events = [e for it in gold.items for e in it.events]
    assert len(events) == 1050 and ev.relation_skipped(gold) == 24
    agree = sum(ev.quad_of(e.type) == e.quad_class for e in events)
    assert agree == 1042  # the 8 others are rows whose gold_penta departs from their type's
    assert all(it.text and "<s>" not in it.text for it in gold.items)


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
