"""Training the relation model: evidence rows from gold pairs, fitted by scikit-learn.

Needs a loaded ``Coder`` (the rules' evidence) and scikit-learn (a development dependency,
imported only when fitting); the weights it returns are ``coding.relation_model``'s.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from dotterel.coding.coder import Coder
from dotterel.coding.evidence import find_span, relation_evidence
from dotterel.coding.nlp import tensor_fingerprint
from dotterel.coding.relation_model import DenseWeights, RelationModel, bundled_model_path
from dotterel.evaluation.gold import GoldItem, load_gold
from dotterel.settings import Settings

# How much the (standardized) context vectors weigh against the binary features; chosen by
# cross-validation on the development set (0.1 to 0.3 all beat none).
DENSE_WEIGHT = 0.2


def fit(features: Sequence[Sequence[str]], labels: Sequence[str], c: float = 1.0,
        meta: Mapping[str, Any] | None = None, balanced: bool = False,
        vectors: Sequence[Any] | None = None, fingerprint: str | None = None) -> RelationModel:
    """Train a relation model on feature bags (and context vectors) and their gold types.

    Vectors are used when every example has one of the same width and ``fingerprint`` names
    the parser that made them. Needs scikit-learn.
    """
    try:
        from scipy import sparse
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - dev dependency
        raise RuntimeError("training needs scikit-learn: pip install 'dotterel[dev]'") from exc
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in bag} for bag in features])
    use_dense = (fingerprint is not None and vectors is not None and len(vectors) == len(labels)
                 and all(v is not None for v in vectors)
                 and len({len(v) for v in vectors}) == 1)
    if use_dense:
        dense_x = np.array([np.asarray(v, dtype=float) for v in vectors or ()])
        mean = dense_x.mean(axis=0)
        scale = DENSE_WEIGHT / (dense_x.std(axis=0) + 1e-6)
        x = sparse.hstack([x, sparse.csr_matrix((dense_x - mean) * scale)]).tocsr()
    clf = LogisticRegression(C=c, max_iter=3000,
                             class_weight="balanced" if balanced else None)
    clf.fit(x, list(labels))
    classes = tuple(str(k) for k in clf.classes_)
    coef = clf.coef_
    if len(classes) == 2:  # sklearn stores one row for two classes
        coef = [[-w for w in coef[0]], list(coef[0])]
        intercept: tuple[float, ...] = (-float(clf.intercept_[0]), float(clf.intercept_[0]))
    else:
        intercept = tuple(float(v) for v in clf.intercept_)
    coef = np.asarray(coef, dtype=float)
    names = vec.get_feature_names_out()
    weights = {
        str(name): tuple(float(coef[k][j]) for k in range(len(classes)))
        for j, name in enumerate(names)
    }
    # Drop near-zero rows: they do not change predictions and bloat the file.
    weights = {f: row for f, row in weights.items() if max(abs(w) for w in row) > 1e-3}
    dense = None
    if use_dense:
        dense = DenseWeights(mean, scale, coef[:, len(names):], str(fingerprint))
    return RelationModel(classes, weights, intercept, dict(meta or {}), dense)


@dataclass(frozen=True)
class TrainingRows:
    """The relation model's training data: evidence per gold pair, and the gold types."""

    bags: list[list[str]]
    labels: list[str]
    vectors: list[Any]
    fingerprint: str | None


def training_rows(coder: Coder, items: Sequence[GoldItem]) -> TrainingRows:
    """Feature bags, context vectors and labels for gold items with a typed pair.

    Gold YIELD (CONCEDE and RETREAT merged, as in the PLV data) is learned as whichever of
    the two the rules proposed, else CONCEDE, so the model only ever answers PLOVER types.
    """
    texts, pairs, labels = [], [], []
    for item in items:
        for gold in item.events:
            if gold.actor is None or gold.recipient is None:
                continue
            texts.append(item.text)
            pairs.append((gold.actor.text, gold.recipient.text))
            labels.append(gold.type)
    rows = TrainingRows([], [], [], tensor_fingerprint(coder.nlp))
    for doc, (source, target), label in zip(coder.nlp.pipe(texts), pairs, labels, strict=True):
        found = relation_evidence(doc, find_span(doc.text, source), find_span(doc.text, target),
                                  coder.resources)
        if label == "YIELD":
            label = found.rule if found.rule in ("CONCEDE", "RETREAT") else "CONCEDE"
        rows.bags.append(found.features)
        rows.labels.append(label)
        rows.vectors.append(found.vector)
    return rows


def fit_rows(rows: TrainingRows, c: float = 1.0, meta: Mapping[str, Any] | None = None
             ) -> RelationModel:
    """Train the relation model on training rows (balanced classes)."""
    # Balanced class weights: rare types (PROTEST, MOBILIZE) matter as much as common ones.
    return fit(rows.bags, rows.labels, c=c, meta=meta, balanced=True, vectors=rows.vectors,
               fingerprint=rows.fingerprint)


def fit_coder(coder: Coder, items: Sequence[GoldItem], c: float = 1.0) -> Coder:
    """A copy of ``coder`` whose classify uses a model trained on the gold items."""
    rows = training_rows(coder, items)
    model = fit_rows(rows, c=c, meta={"examples": len(rows.labels)})
    return replace(coder, resources=replace(coder.resources, relation_model=model))


def train(gold_path: Path, settings: Settings, output: Path | None = None, c: float = 1.0
          ) -> RelationModel:
    """Train the relation model on a gold file and write it (default: the bundled model):
    the header at ``output`` and the weights beside it. The header records the command that
    makes the same files again (``meta["command"]``)."""
    gold = load_gold(gold_path)
    coder = Coder.load(replace(settings, relation_model=None))
    rows = training_rows(coder, gold.items)
    model = fit_rows(rows, c=c, meta={"examples": len(rows.labels), "gold_sha256": gold.sha256,
                                      "gold": Path(gold_path).name, "c": c,
                                      "spacy_model": coder.settings.model,
                                      "command": train_command(gold_path, settings, output, c)})
    model.save(output or bundled_model_path())
    return model


def train_command(gold_path: Path, settings: Settings, output: Path | None, c: float) -> str:
    """The ``dotterel train`` command line that trains this model, as given."""
    words = ["dotterel", "train", str(gold_path), "--c", repr(float(c))]
    if settings.model != Settings().model:
        words += ["--model", settings.model]
    if output is not None:
        words += ["-o", str(output)]
    return shlex.join(words)

