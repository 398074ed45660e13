"""The learned relation model: fitting, saving and loading, and its use by the coder."""

from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from helpers import DATA

from dotterel import Coder, Settings
from dotterel.coding.evidence import overrule, relation_evidence
from dotterel.coding.nlp import tensor_fingerprint
from dotterel.evaluation.training import DenseWeights, LinearModel, fit, train, training_rows

pytest.importorskip("sklearn", reason="training needs scikit-learn (the dev extra)")


# Two classes told apart by one binary feature in half the rows and by the vectors in the
# other half: the model needs both kinds of evidence to get every row right.
BAGS = [["rule=ACCUSE", "lca=condemn"], ["rule=ACCUSE"], ["rule=AID", "lca=give"], ["rule=AID"]]
LABELS = ["ACCUSE", "ACCUSE", "AID", "AID"]
VECTORS = [np.array([0.0, 1.0]), np.array([-3.0, 1.0]), np.array([0.0, 1.0]),
           np.array([3.0, 1.0])]


def _toy(fingerprint: str | None = "fp") -> LinearModel:
    return fit(BAGS * 5, LABELS * 5, c=10.0, vectors=VECTORS * 5, fingerprint=fingerprint)


def test_fit_uses_features_and_vectors() -> None:
    model = _toy()
    assert model.dense is not None and model.dense.weights.shape == (2, 2)
    for bag, vector, label in zip(BAGS, VECTORS, LABELS, strict=True):
        assert model.predict(bag, vector) == label
    # Without the vector, the rows told apart by it alone are a coin toss, not a crash.
    scores = model.scores(["rule=ACCUSE"])
    assert set(scores) == {"ACCUSE", "AID"} and abs(sum(scores.values()) - 1) < 1e-9


def test_fit_without_fingerprint_or_with_missing_vectors_is_symbolic_only() -> None:
    assert _toy(fingerprint=None).dense is None
    partial = [*VECTORS[:3], None]
    assert fit(BAGS, LABELS, vectors=partial, fingerprint="fp").dense is None


def test_vector_of_another_width_is_ignored() -> None:
    model = _toy()
    assert model.scores(BAGS[1], np.zeros(7)) == model.scores(BAGS[1])


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = _toy()
    path = tmp_path / "model.json"
    model.save(path)
    assert (tmp_path / "model.tsv").is_file()
    back = LinearModel.load(path)
    assert back.classes == model.classes and back.dense is not None
    assert back.dense.fingerprint == "fp"
    for bag, vector in zip(BAGS, VECTORS, strict=True):
        a, b = model.scores(bag, vector), back.scores(bag, vector)
        assert all(abs(a[k] - b[k]) < 1e-3 for k in a)
    # What was read is what is written again, byte for byte, and the numbers are those saved.
    text = (tmp_path / "model.tsv").read_bytes()
    back.save(tmp_path / "again.json")
    assert (tmp_path / "again.tsv").read_bytes() == text
    assert back.weights == {f: tuple(round(x, 5) for x in row) for f, row in model.weights.items()}
    assert back.dense.scale.tolist() == [round(float(x), 6) for x in model.dense.scale]  # type: ignore[union-attr]


def test_weights_file_layout(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    _toy().save(path)
    header = json.loads(path.read_text())
    assert header["version"] == 3 and header["weights"] == "model.tsv"
    assert header["dense"] == {"dims": 2, "fingerprint": "fp"}
    lines = (tmp_path / "model.tsv").read_text().splitlines()
    assert lines[0] == "# features\tACCUSE\tAID"
    features = [line.split("\t")[0] for line in lines[1:lines.index("# dense\t2")]]
    assert features == sorted(features) and "rule=ACCUSE" in features
    assert [line.split("\t")[0] for line in lines[-4:]] == ["mean", "scale", "ACCUSE", "AID"]
    assert all(len(line.split("\t")) == 3 for line in lines if line != "# dense\t2")


def test_load_checks_the_weights_against_the_header(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    _toy().save(path)
    weights = tmp_path / "model.tsv"
    good = weights.read_text()
    weights.write_text(good + "extra=1\t0.1\t0.2\n")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if '"weights_sha256"' in text)
    with pytest.raises(ValueError, match=rf"model\.json:{line}: model\.tsv has sha256"):
        LinearModel.load(path)
    weights.unlink()
    with pytest.raises(ValueError, match=r"model\.json:\d+: cannot read the model's weights"):
        LinearModel.load(path)


def _with_weights(path: Path, text: str) -> None:
    """Write a weights file and a header whose hash matches it."""
    (path.parent / "model.tsv").write_text(text)
    header = json.loads(path.read_text())
    header["weights_sha256"] = hashlib.sha256(text.encode()).hexdigest()
    path.write_text(json.dumps(header, indent=1))


@pytest.mark.parametrize(("edit", "line", "message"), [
    (lambda ls: ls[:1] + ["rule=ACCUSE\t0.5\toops"] + ls[1:], 2, "bad number 'oops'"),
    (lambda ls: ls[:1] + ["rule=ACCUSE\t0.5"] + ls[1:], 2, "expected 3 tab-separated cells"),
    (lambda ls: ["# features\tAID\tACCUSE"] + ls[1:], 1, "the header's classes"),
    (lambda ls: ls[:-1], -1, "expected 4 dense rows"),
    (lambda ls: ls[:-2] + ls[-1:] + ls[-2:-1], -2, "expected the dense row 'ACCUSE'"),
])
def test_load_names_a_malformed_weights_line(tmp_path: Path, edit, line: int,
                                             message: str) -> None:
    path = tmp_path / "model.json"
    _toy().save(path)
    lines = edit((tmp_path / "model.tsv").read_text().splitlines())
    _with_weights(path, "".join(x + "\n" for x in lines))
    if line < 0:  # counted from the "# dense" line
        line = lines.index("# dense\t2") + 1 + (0 if line == -1 else 3)
    with pytest.raises(ValueError, match=rf"model\.tsv:{line}: .*{message}"):
        LinearModel.load(path)


def test_load_reports_the_file_on_bad_dense_weights(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    model = _toy()
    model.save(path)
    header = json.loads(path.read_text())
    header["dense"] = {"dims": 2}
    path.write_text(json.dumps(header, indent=1))
    with pytest.raises(ValueError, match=r"model\.json:\d+: the model's 'dense'"):
        LinearModel.load(path)
    path.write_text('{"version": 1}')
    with pytest.raises(ValueError, match="unsupported model version"):
        LinearModel.load(path)


def test_loads_a_single_file_model_of_version_2(tmp_path: Path) -> None:
    model = _toy()
    assert model.dense is not None
    path = tmp_path / "old.json"
    path.write_text(json.dumps({
        "version": 2, "classes": list(model.classes), "intercept": list(model.intercept),
        "weights": {f: list(row) for f, row in model.weights.items()}, "meta": {},
        "dense": {"fingerprint": "fp", "mean": model.dense.mean.tolist(),
                  "scale": model.dense.scale.tolist(), "weights": model.dense.weights.tolist()},
    }))
    back = LinearModel.load(path)
    assert back.scores(BAGS[0], VECTORS[0]) == model.scores(BAGS[0], VECTORS[0])


def test_overrule_only_below_the_threshold(coder: Coder) -> None:
    doc = coder.nlp("Russia condemned Ukraine on Monday.")
    found = relation_evidence(doc, (0, 6), (17, 24), coder.resources)
    assert found.rule == "ACCUSE" and found.vector is not None
    # A model that is sure of AID overrules; one that gives ACCUSE half or more does not.
    sure = LinearModel(("ACCUSE", "AID"), {"rule=ACCUSE": (-5.0, 5.0)}, (0.0, 0.0), {})
    unsure = LinearModel(("ACCUSE", "AID"), {"rule=ACCUSE": (0.1, 0.0)}, (0.0, 0.0), {})
    for model, expected in ((sure, "AID"), (unsure, "ACCUSE")):
        res = replace(coder.resources, relation_model=model)
        assert overrule(res, found) == expected
    never = replace(coder.resources, relation_model=sure, overrule_below=0.0)
    assert overrule(never, found) == "ACCUSE"


def test_training_rows_carry_vectors_and_fingerprint(coder: Coder) -> None:
    from dotterel.evaluation.gold import load_gold

    gold = load_gold(DATA / "plv_small.tsv")
    rows = training_rows(coder, gold.items)
    # Rows with both parties marked: the last row has no marked target.
    assert len(rows) == 5 and [r.source for r in rows][:2] == ["plv-1", "plv-2"]
    assert all(r.vector is not None and len(r.vector) == 5 * 96 for r in rows)
    assert rows[4].label in ("CONCEDE", "RETREAT")  # gold YIELD, as the rules placed it


def test_train_writes_a_model_the_coder_loads(tmp_path: Path, coder: Coder) -> None:
    out = tmp_path / "relation.json"
    trained = train(DATA / "plv_small.tsv", Settings(), out)
    model = trained.resources.relation_model
    assert model is not None and trained.resources.relevance is None  # no negatives given
    assert out.is_file() and (tmp_path / "relation.tsv").is_file()
    assert model.meta["examples"] == 5 and model.meta["none_examples"] == 0
    assert model.meta["command"] == f"dotterel train {DATA / 'plv_small.tsv'} --c 1.0 -o {out}"
    # The recipient model is written beside it, and loads by its path.
    assert (tmp_path / "recipient_model.json").is_file()
    assert trained.resources.recipient_model is not None
    assert Coder.load(Settings(recipient_model=str(tmp_path / "recipient_model.json"))
                      ).resources.recipient_model is not None
    loaded = Coder.load(Settings(relation_model=str(out)))
    assert loaded.resources.relation_model is not None
    assert loaded.resources.relation_model.dense is not None
    assert loaded.classify("Russia condemned Ukraine on Monday.", "Russia", "Ukraine") == "ACCUSE"


def test_vectors_of_another_pipeline_are_dropped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    model = _toy()
    replace(model, dense=DenseWeights(model.dense.mean, model.dense.scale,  # type: ignore[union-attr]
                                      model.dense.weights, "another-parser")).save(path)  # type: ignore[union-attr]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        loaded = Coder.load(Settings(relation_model=str(path)))
    assert any("another spaCy pipeline" in str(w.message) for w in caught)
    assert loaded.resources.relation_model is not None
    assert loaded.resources.relation_model.dense is None


def test_bundled_model_matches_the_default_pipeline(coder: Coder) -> None:
    model = coder.resources.relation_model
    assert model is not None and model.dense is not None, "retrain with `make train`"
    assert model.dense.fingerprint == tensor_fingerprint(coder.nlp)


@pytest.mark.parametrize("name", ["relation_model", "relevance_model", "recipient_model"])
def test_bundled_model_files_are_what_save_writes(tmp_path: Path, name: str) -> None:
    from dotterel.coding.linear_model import bundled_model_path, weights_path

    bundled = bundled_model_path(name)
    LinearModel.load(bundled).save(tmp_path / bundled.name)
    assert (tmp_path / bundled.name).read_bytes() == bundled.read_bytes()
    assert weights_path(tmp_path / bundled.name).read_bytes() == \
        weights_path(bundled).read_bytes()
