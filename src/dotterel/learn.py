"""A learned relation classifier that picks among the coder's candidate types.

The rules find triggers and arguments; this model weighs their evidence (the rule's type,
trigger lemmas on the path between source and target, negation, prepositions) into one
PLOVER type. It is a multinomial logistic regression trained with scikit-learn (a
development dependency) and stored as plain JSON weights, so predicting needs neither
scikit-learn nor numpy. Train it with ``dotterel train GOLD.tsv`` (or ``make train``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODEL_VERSION = 1


@dataclass(frozen=True)
class RelationModel:
    """Weights of a trained relation classifier: one row of feature weights per class."""

    classes: tuple[str, ...]
    weights: Mapping[str, tuple[float, ...]]
    intercept: tuple[float, ...]
    meta: Mapping[str, Any]

    def scores(self, features: Sequence[str]) -> dict[str, float]:
        """Class probabilities for a bag of features."""
        totals = list(self.intercept)
        for f in set(features):
            row = self.weights.get(f)
            if row:
                for k, w in enumerate(row):
                    totals[k] += w
        top = max(totals)
        exps = [math.exp(t - top) for t in totals]
        norm = sum(exps)
        return {c: e / norm for c, e in zip(self.classes, exps, strict=True)}

    def predict(self, features: Sequence[str]) -> str:
        """The most probable class."""
        scores = self.scores(features)
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
            return cls(classes, weights, tuple(float(x) for x in data["intercept"]),
                       data.get("meta", {}))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:1: cannot read relation model: {exc}") from exc


def fit(features: Sequence[Sequence[str]], labels: Sequence[str], c: float = 1.0,
        meta: Mapping[str, Any] | None = None, balanced: bool = False) -> RelationModel:
    """Train a relation model on feature bags and their gold types (needs scikit-learn)."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - dev dependency
        raise RuntimeError("training needs scikit-learn: pip install 'dotterel[dev]'") from exc
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1 for f in bag} for bag in features])
    clf = LogisticRegression(C=c, max_iter=2000,
                             class_weight="balanced" if balanced else None)
    clf.fit(x, list(labels))
    classes = tuple(str(k) for k in clf.classes_)
    coef = clf.coef_
    if len(classes) == 2:  # sklearn stores one row for two classes
        coef = [[-w for w in coef[0]], list(coef[0])]
        intercept: tuple[float, ...] = (-float(clf.intercept_[0]), float(clf.intercept_[0]))
    else:
        intercept = tuple(float(v) for v in clf.intercept_)
    names = vec.get_feature_names_out()
    weights = {
        str(name): tuple(float(coef[k][j]) for k in range(len(classes)))
        for j, name in enumerate(names)
    }
    # Drop near-zero rows: they do not change predictions and bloat the file.
    weights = {f: row for f, row in weights.items() if max(abs(w) for w in row) > 1e-3}
    return RelationModel(classes, weights, intercept, dict(meta or {}))


def training_rows(coder: Any, items: Sequence[Any]) -> tuple[list[list[str]], list[str]]:
    """Feature bags and labels for gold items with a typed source-target pair.

    Gold YIELD (CONCEDE and RETREAT merged, as in the PLV data) is learned as whichever of
    the two the rules proposed, else CONCEDE, so the model only ever answers PLOVER types.
    """
    from .coder import _find
    from .relation import relation_evidence

    texts, pairs, labels = [], [], []
    for item in items:
        for gold in item.events:
            if gold.actor is None or gold.recipient is None:
                continue
            texts.append(item.text)
            pairs.append((gold.actor.text, gold.recipient.text))
            labels.append(gold.type)
    bags: list[list[str]] = []
    out_labels: list[str] = []
    for doc, (source, target), label in zip(coder.nlp.pipe(texts), pairs, labels, strict=True):
        rule, bag, _ = relation_evidence(doc, _find(doc.text, source), _find(doc.text, target),
                                         coder.resources)
        if label == "YIELD":
            label = rule if rule in ("CONCEDE", "RETREAT") else "CONCEDE"
        bags.append(bag)
        out_labels.append(label)
    return bags, out_labels


def fit_coder(coder: Any, items: Sequence[Any], c: float = 1.0) -> Any:
    """A copy of ``coder`` whose classify uses a model trained on the gold items."""
    from dataclasses import replace

    bags, labels = training_rows(coder, items)
    model = fit(bags, labels, c=c, meta={"examples": len(labels)}, balanced=True)
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
    bags, labels = training_rows(coder, gold.items)
    # Balanced class weights: rare types (PROTEST, MOBILIZE) matter as much as common ones.
    model = fit(bags, labels, c=c, balanced=True,
                meta={"examples": len(labels), "gold_sha256": gold.sha256,
                      "gold": Path(gold_path).name, "c": c})
    model.save(output or bundled_model_path())
    return model
