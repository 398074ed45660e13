"""The learned models' inference: weights, loading and saving, and ``scores``.

Both learned parts of the coder are multinomial logistic regressions over a bag of string
features (and, optionally, the parser's contextual vectors), stored as plain weights so that
predicting needs no scikit-learn: the **relation model** weighs the rules' evidence for a
pair into one PLOVER type (or NONE), and the **relevance model** says whether a sentence is
political news at all. Fitting them lives in ``dotterel.evaluation.training`` (``dotterel
train``, or ``make train``).

A saved model is two files, so that a retrain reads as a small diff:

``<name>.json``, the header: ``version``, ``classes``, ``intercept``, ``meta`` (what
it was trained on, and the exact ``command``), ``dense`` (``dims`` and ``fingerprint``, the
sha256 of the spaCy pipeline's tok2vec weights that the vector weights hold for; null when
the model has none), and ``weights`` and ``weights_sha256``: the name and hash of

``<name>.tsv``, the weights, tab-separated, one array per line::

    # features	ACCUSE	AGREE	...	(the classes, as in the header)
    between=abandon	-0.01234	0.00567	...	(one line per feature, sorted by name)
    ...
    # dense	480	(the width of the context vectors)
    mean	0.45623	...	(subtracted from a vector first)
    scale	0.412345	...	(then multiplied in)
    ACCUSE	0.01234	...	(one line per class, in the header's order)

Weights, means and the intercept are written rounded to 5 decimals, scales to 6.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

MODEL_VERSION = 3
# One JSON value of a model's ``meta``: what it was trained on, and how.
MetaValue: TypeAlias = "str | int | float | bool | None"
Vector: TypeAlias = NDArray[np.float64]

_FEATURES = "# features"
_DENSE = "# dense"


@dataclass(frozen=True)
class DenseWeights:
    """The model's weights over context vectors, valid only for the parser that made them."""

    mean: Vector  # per dimension, subtracted first
    scale: Vector  # per dimension: DENSE_WEIGHT / standard deviation
    weights: NDArray[np.float64]  # one row per class
    fingerprint: str  # of the tok2vec weights the vectors came from

    def scores(self, vector: Vector | Sequence[float]) -> Vector:
        """Each class's added score for one vector."""
        scores: Vector = self.weights @ ((np.asarray(vector, dtype=np.float64) - self.mean)
                                         * self.scale)
        return scores


@dataclass(frozen=True)
class LinearModel:
    """Weights of a trained linear classifier: one row of feature weights per class."""

    classes: tuple[str, ...]
    weights: Mapping[str, tuple[float, ...]]
    intercept: tuple[float, ...]
    meta: Mapping[str, MetaValue]
    dense: DenseWeights | None = None

    def scores(self, features: Sequence[str], vector: Vector | Sequence[float] | None = None
               ) -> dict[str, float]:
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

    def predict(self, features: Sequence[str], vector: Vector | Sequence[float] | None = None
                ) -> str:
        """The most probable class."""
        scores = self.scores(features, vector)
        return max(scores, key=lambda c: scores[c])

    def save(self, path: Path) -> None:
        """Write the header to ``path`` and the weights beside it (``weights_path``)."""
        path = Path(path)
        weights_file = weights_path(path)
        for name in self.weights:
            if name.startswith("#") or any(c in name for c in "\t\r\n"):
                raise ValueError(f"feature {name!r} cannot be written: it starts with '#' or "
                                 "holds a tab or line break")
        data = _weights_text(self).encode("utf-8")
        header = {
            "version": MODEL_VERSION,
            "classes": list(self.classes),
            "intercept": [round(x, 5) for x in self.intercept],
            "meta": dict(self.meta),
            "dense": None if self.dense is None else {
                "dims": len(self.dense.mean), "fingerprint": self.dense.fingerprint},
            "weights": weights_file.name,
            "weights_sha256": hashlib.sha256(data).hexdigest(),
        }
        weights_file.write_bytes(data)
        path.write_bytes((json.dumps(header, indent=1, sort_keys=True) + "\n").encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        """Read a model written by ``save`` (or the single JSON file of version 2); errors
        are ``file:line: ...``."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
            data = json.loads(text)
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"{path}:0: cannot read model: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{exc.lineno}: cannot read model: {exc.msg}"
                             ) from exc
        if not isinstance(data, dict):
            raise ValueError(f"{path}:1: cannot read model: not a JSON object")
        try:
            if data.get("version") == 2:
                return _load_version_2(data)
            if data.get("version") != MODEL_VERSION:
                raise ValueError(f"unsupported model version {data.get('version')!r}")
            classes = tuple(str(c) for c in data["classes"])
            intercept = tuple(float(x) for x in data["intercept"])
            if len(intercept) != len(classes):
                raise ValueError("the intercept does not have one value per class")
            meta = dict(data.get("meta") or {})
            name, expected = str(data["weights"]), str(data["weights_sha256"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:1: cannot read model: {exc}") from exc
        dense_info = data.get("dense")
        dense_of: tuple[int, str] | None = None
        if dense_info is not None:
            if not isinstance(dense_info, dict) or not isinstance(dense_info.get("dims"), int) \
                    or not isinstance(dense_info.get("fingerprint"), str):
                raise ValueError(f"{path}:{_line_of(text, 'dense')}: the model's 'dense' must "
                                 "be null or give 'dims' and 'fingerprint'")
            dense_of = (dense_info["dims"], dense_info["fingerprint"])
        weights_file = path.parent / name
        try:
            raw = weights_file.read_bytes()
        except OSError as exc:
            raise ValueError(f"{path}:{_line_of(text, 'weights')}: cannot read the model's "
                             f"weights {weights_file}: {exc}") from exc
        actual = hashlib.sha256(raw).hexdigest()
        if actual != expected:
            raise ValueError(
                f"{path}:{_line_of(text, 'weights_sha256')}: {weights_file.name} has sha256 "
                f"{actual}, not the {expected} this header was saved with; the two files "
                "belong together (retrain, or restore both)")
        weights, dense = _parse_weights(weights_file, raw, classes, dense_of)
        return cls(classes, weights, intercept, meta, dense)


def weights_path(path: Path) -> Path:
    """Where the weights of the model whose header is ``path`` go: ``NAME.tsv`` beside it."""
    path = Path(path)
    if path.suffix == ".tsv":
        return path.with_name(path.name + ".weights.tsv")
    return path.with_suffix(".tsv")


RELATION_MODEL = "relation_model"
RELEVANCE_MODEL = "relevance_model"
RECIPIENT_MODEL = "recipient_model"


def bundled_model_path(name: str = RELATION_MODEL) -> Path:
    """Where one of the package's trained models lives (its header)."""
    return Path(str(resources.files("dotterel.coding") / "data" / f"{name}.json"))


def _row(name: str, values: Sequence[float] | Vector, decimals: int) -> str:
    return "\t".join([name, *(f"{round(float(x), decimals):.{decimals}f}" for x in values)])


def _weights_text(model: LinearModel) -> str:
    lines = ["\t".join([_FEATURES, *model.classes])]
    lines += [_row(f, model.weights[f], 5) for f in sorted(model.weights)]
    if model.dense is not None:
        d = model.dense
        lines.append(f"{_DENSE}\t{len(d.mean)}")
        lines.append(_row("mean", d.mean, 5))
        lines.append(_row("scale", d.scale, 6))
        lines += [_row(c, row, 5) for c, row in zip(model.classes, d.weights, strict=True)]
    return "".join(line + "\n" for line in lines)


def _parse_weights(path: Path, raw: bytes, classes: tuple[str, ...],
                   dense_of: tuple[int, str] | None
                   ) -> tuple[dict[str, tuple[float, ...]], DenseWeights | None]:
    """The feature weights and dense arrays of a weights file, checked line by line;
    ``dense_of``: the header's width and fingerprint of the dense weights, if any."""
    try:
        lines = raw.decode("utf-8").split("\n")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}:0: cannot read model weights: {exc}") from exc
    if lines and lines[-1] == "":
        lines.pop()

    def fail(number: int, message: str) -> ValueError:
        return ValueError(f"{path}:{number}: {message}")

    def numbers(number: int, cells: list[str], width: int) -> tuple[float, ...]:
        if len(cells) != width + 1:
            raise fail(number, f"expected {width + 1} tab-separated cells (a name and {width} "
                               f"numbers), got {len(cells)}")
        try:
            return tuple(float(c) for c in cells[1:])
        except ValueError:
            bad = next(c for c in cells[1:] if not _is_number(c))
            raise fail(number, f"bad number {bad!r}") from None

    if not lines or lines[0].split("\t") != [_FEATURES, *classes]:
        raise fail(1, f"expected the line {_FEATURES!r} and the header's classes, "
                      "tab-separated")
    weights: dict[str, tuple[float, ...]] = {}
    n = 1
    while n < len(lines) and not lines[n].startswith(_DENSE):
        cells = lines[n].split("\t")
        row = numbers(n + 1, cells, len(classes))
        if cells[0] in weights:
            raise fail(n + 1, f"duplicate feature {cells[0]!r}")
        weights[cells[0]] = row
        n += 1
    if dense_of is None:
        if n < len(lines):
            raise fail(n + 1, "dense weights, but the header says the model has none")
        return weights, None
    dims, fingerprint = dense_of
    if n >= len(lines) or lines[n] != f"{_DENSE}\t{dims}":
        raise fail(n + 1, f"expected the line '{_DENSE}' and {dims} (the header's dims)")
    names = ["mean", "scale", *classes]
    if len(lines) - n - 1 != len(names):
        raise fail(n + 1, f"expected {len(names)} dense rows after this line ("
                          f"{', '.join(names[:3])}, ...), got {len(lines) - n - 1}")
    rows: list[tuple[float, ...]] = []
    for k, name in enumerate(names):
        number = n + 2 + k
        cells = lines[number - 1].split("\t")
        if cells[0] != name:
            raise fail(number, f"expected the dense row {name!r}, got {cells[0]!r}")
        rows.append(numbers(number, cells, dims))
    dense = DenseWeights(np.array(rows[0], dtype=np.float64), np.array(rows[1], dtype=np.float64),
                         np.array(rows[2:], dtype=np.float64), fingerprint)
    return weights, dense


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _line_of(text: str, key: str) -> int:
    """The line of a header's top-level key (1 when it is not found)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(f'"{key}":'):
            return number
    return 1


def _load_version_2(data: dict[str, Any]) -> LinearModel:
    """A model of dotterel before the two-file format: one JSON file with every weight."""
    classes = tuple(str(c) for c in data["classes"])
    weights = {str(f): tuple(float(x) for x in row) for f, row in data["weights"].items()}
    if any(len(row) != len(classes) for row in weights.values()):
        raise ValueError("a weight row does not have one weight per class")
    dense = None
    if data.get("dense"):
        d = data["dense"]
        dense = DenseWeights(np.array(d["mean"], dtype=np.float64),
                             np.array(d["scale"], dtype=np.float64),
                             np.array(d["weights"], dtype=np.float64), str(d["fingerprint"]))
        if dense.weights.shape != (len(classes), len(dense.mean)) \
                or dense.scale.shape != dense.mean.shape:
            raise ValueError("the dense weights do not match the classes")
    return LinearModel(classes, weights, tuple(float(x) for x in data["intercept"]),
                         dict(data.get("meta") or {}), dense)
