"""The learned relation model's inference: its weights, loading and saving, and ``scores``.

The rules find triggers and arguments; this model weighs their evidence (the rule's type,
trigger lemmas on the path between source and target, negation, prepositions, and the
parser's contextual vectors at the key words) into one PLOVER type. It is a multinomial
logistic regression stored as plain weights, so predicting needs no scikit-learn; fitting it
lives in ``dotterel.evaluation.training`` (``dotterel train GOLD.tsv``, or ``make train``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

MODEL_VERSION = 2


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


def bundled_model_path() -> Path:
    """Where the package's trained relation model lives."""
    return Path(str(resources.files("dotterel.coding") / "data" / "relation_model.json"))
