"""A learned relation classifier that picks among the coder's candidate types.

The rules find triggers and arguments; this model weighs their evidence (the rule's type,
trigger lemmas on the path between source and target, negation, prepositions, and the
parser's contextual vectors at the key words) into one PLOVER type. It is a multinomial
logistic regression trained with scikit-learn (a development dependency) and stored as plain
JSON weights, so predicting needs no scikit-learn. Train it with ``dotterel train GOLD.tsv``
(or ``make train``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MODEL_VERSION = 2
# How much the (standardized) context vectors weigh against the binary features; chosen by
# cross-validation on the development set (0.1 to 0.3 all beat none).
DENSE_WEIGHT = 0.2


@dataclass(frozen=True)
class DenseWeights:
    """The model's weights over context vectors, valid only for the parser that made them."""

    mean: Any  # per dimension, subtracted first
    scale: Any  # per dimension: DENSE_WEIGHT / standard deviation
    weights: Any  # one row per class
    fingerprint: str  # of the tok2vec weights the vectors came from

    def scores(self, vector: Any) -> Any:
        """Each class's added score for one vector."""
        return self.weights @ ((np.asarray(vector, dtype=float) - self.mean) * self.scale)


@dataclass(frozen=True)
class RelationModel:
    """Weights of a trained relation classifier: one row of feature weights per class."""

    classes: tuple[str, ...]
    weights: Mapping[str, tuple[float, ...]]
    intercept: tuple[float, ...]
    meta: Mapping[str, Any]
    dense: DenseWeights | None = None

    def scores(self, features: Sequence[str], vector: Any = None) -> dict[str, float]:
        """Class probabilities for a bag of features (and a context vector, when given)."""
        totals = list(self.intercept)
        for f in set(features):
            row = self.weights.get(f)
            if row:
                for k, w in enumerate(row):
                    totals[k] += w
        if self.dense is not None and vector is not None \
                and len(vector) == len(self.dense.mean):
            totals = [t + float(d) for t, d in zip(totals, self.dense.scores(vector),
                                                   strict=True)]
        top = max(totals)
        exps = [math.exp(t - top) for t in totals]
        norm = sum(exps)
        return {c: e / norm for c, e in zip(self.classes, exps, strict=True)}

    def predict(self, features: Sequence[str], vector: Any = None) -> str:
        """The most probable class."""
        scores = self.scores(features, vector)
        return max(scores, key=lambda c: scores[c])

    def save(self, path: Path) -> None:
        """Write the model as JSON."""
        data = {
            "version": MODEL_VERSION,
            "classes": list(self.classes),
            "intercept": [round(x, 5) for x in self.intercept],
            "weights": {f: [round(x, 5) for x in row] for f, row in sorted(self.weights.items())},
            "meta": dict(self.meta),
        }
        if self.dense is not None:
            data["dense"] = {
                "fingerprint": self.dense.fingerprint,
                "mean": [round(float(x), 5) for x in self.dense.mean],
                "scale": [round(float(x), 6) for x in self.dense.scale],
                "weights": [[round(float(x), 5) for x in row] for row in self.dense.weights],
            }
        path.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> RelationModel:
        """Read a model written by ``save``; errors name the file."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if data.get("version") != MODEL_VERSION:
                raise ValueError(f"unsupported model version {data.get('version')!r}")
            classes = tuple(data["classes"])
            weights = {f: tuple(float(x) for x in row) for f, row in data["weights"].items()}
            if any(len(row) != len(classes) for row in weights.values()):
                raise ValueError("a weight row does not have one weight per class")
            dense = None
            if data.get("dense"):
                d = data["dense"]
                dense = DenseWeights(np.array(d["mean"], dtype=float),
                                     np.array(d["scale"], dtype=float),
                                     np.array(d["weights"], dtype=float), str(d["fingerprint"]))
                if dense.weights.shape != (len(classes), len(dense.mean)) \
                        or dense.scale.shape != dense.mean.shape:
                    raise ValueError("the dense weights do not match the classes")
            return cls(classes, weights, tuple(float(x) for x in data["intercept"]),
                       data.get("meta", {}), dense)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:1: cannot read relation model: {exc}") from exc


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


def training_rows(coder: Any, items: Sequence[Any]) -> TrainingRows:
    """Feature bags, context vectors and labels for gold items with a typed pair.

    Gold YIELD (CONCEDE and RETREAT merged, as in the PLV data) is learned as whichever of
    the two the rules proposed, else CONCEDE, so the model only ever answers PLOVER types.
    """
    from .coder import _find
    from .nlp import tensor_fingerprint
    from .relation import relation_evidence

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
        found = relation_evidence(doc, _find(doc.text, source), _find(doc.text, target),
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


def fit_coder(coder: Any, items: Sequence[Any], c: float = 1.0) -> Any:
    """A copy of ``coder`` whose classify uses a model trained on the gold items."""
    from dataclasses import replace

    rows = training_rows(coder, items)
    model = fit_rows(rows, c=c, meta={"examples": len(rows.labels)})
    return replace(coder, resources=replace(coder.resources, relation_model=model))


def bundled_model_path() -> Path:
    """Where the package's trained relation model lives."""
    from importlib import resources

    return Path(str(resources.files("dotterel") / "data" / "relation_model.json"))


def train(gold_path: Path, settings: Any, output: Path | None = None, c: float = 1.0
          ) -> RelationModel:
    """Train the relation model on a gold file and write it (default: the bundled model)."""
    from dataclasses import replace

    from .coder import Coder
    from .evaluate import load_gold

    gold = load_gold(gold_path)
    coder = Coder.load(replace(settings, relation_model=None))
    rows = training_rows(coder, gold.items)
    model = fit_rows(rows, c=c, meta={"examples": len(rows.labels), "gold_sha256": gold.sha256,
                                      "gold": Path(gold_path).name, "c": c,
                                      "spacy_model": coder.settings.model})
    model.save(output or bundled_model_path())
    return model
