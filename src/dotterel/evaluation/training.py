"""Training the learned models: the relation model and the relevance model.

The relation model learns from gold pairs (their types) and from the rules' candidates in
texts where nothing political happens (``NONE``); the relevance model from the gold's
sentences (political) and those texts' sentences (other). Needs a loaded ``Coder`` (the rules'
evidence) and scikit-learn (a development dependency, imported only when fitting); the
weights it returns are ``coding.linear_model``'s.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from dotterel.coding.coder import Coder
from dotterel.coding.evidence import find_span, relation_evidence
from dotterel.coding.linear_model import (
    RECIPIENT_MODEL,
    RELATION_MODEL,
    RELEVANCE_MODEL,
    DenseWeights,
    LinearModel,
    MetaValue,
    bundled_model_path,
)
from dotterel.coding.nlp import tensor_fingerprint
from dotterel.coding.pipeline import recipient_choices
from dotterel.coding.recipients import OTHER as NOT_RECIPIENT
from dotterel.coding.recipients import RECIPIENT, RecipientChoice
from dotterel.coding.relevance import OTHER, POLITICAL, Relevance
from dotterel.evaluation.corpora import load_corpora
from dotterel.evaluation.gold import GoldEvent, GoldItem, load_gold
from dotterel.evaluation.negatives import ParsedText, Row, none_rows, parse_corpora, relevance_rows
from dotterel.evaluation.noise import NoiseCorpus
from dotterel.records import Article
from dotterel.settings import Settings

# The recipient model's regularisation (its own: it reads fewer, more specific features).
RECIPIENT_C = 3.0
# How much the (standardized) context vectors weigh against the binary features; chosen by
# cross-validation on the development set (0.1 to 0.3 all beat none).
DENSE_WEIGHT = 0.2


def fit(features: Sequence[Sequence[str]], labels: Sequence[str], c: float = 1.0,
        meta: Mapping[str, Any] | None = None, balanced: bool = False,
        vectors: Sequence[Any] | None = None, fingerprint: str | None = None) -> LinearModel:
    """Train a linear model on feature bags (and context vectors) and their labels.

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
    return LinearModel(classes, weights, intercept, dict(meta or {}), dense)


def training_rows(coder: Coder, items: Sequence[GoldItem]) -> list[Row]:
    """The relation model's rows for gold items with a typed pair: evidence and gold type.

    Gold YIELD (CONCEDE and RETREAT merged, as in the PLV data) is learned as whichever of
    the two the rules proposed, else CONCEDE, so the model only ever answers PLOVER types.
    """
    texts, pairs, labels, sources = [], [], [], []
    for item in items:
        for gold in item.events:
            if gold.actor is None or gold.recipient is None:
                continue
            texts.append(item.text)
            pairs.append((gold.actor.text, gold.recipient.text))
            labels.append(gold.type)
            sources.append(item.id)
    rows: list[Row] = []
    for doc, (source, target), label, item_id in zip(coder.nlp.pipe(texts), pairs, labels,
                                                     sources, strict=True):
        found = relation_evidence(doc, find_span(doc.text, source), find_span(doc.text, target),
                                  coder.resources)
        if label == "YIELD":
            label = found.rule if found.rule in ("CONCEDE", "RETREAT") else "CONCEDE"
        rows.append(Row(found.features, found.vector, label, item_id))
    return rows


def fit_rows(rows: Sequence[Row], fingerprint: str | None, c: float = 1.0,
             meta: Mapping[str, MetaValue] | None = None) -> LinearModel:
    """Train a model on rows (balanced classes: rare types matter as much as common ones)."""
    return fit([r.features for r in rows], [r.label for r in rows], c=c, meta=meta,
               balanced=True, vectors=[r.vector for r in rows], fingerprint=fingerprint)


def _overlaps(spans: Sequence[tuple[int, int]], others: Sequence[tuple[int, int]]) -> bool:
    return any(a < d and c < b for a, b in spans for c, d in others)


def _gold_choices(choices: Sequence[RecipientChoice], gold: GoldEvent) -> list[RecipientChoice]:
    """The recipient choices made for the gold event's actor (those of its type, when the
    rules proposed it: another act of the same actor has its own recipient)."""
    assert gold.actor is not None
    mine = [c for c in choices if _overlaps(c.actor_spans, gold.actor.spans)]
    types = {"CONCEDE", "RETREAT"} if gold.type == "YIELD" else {gold.type}
    typed = [c for c in mine if c.event_type in types]
    return typed or mine


def recipient_rows(rules: Coder, items: Sequence[GoldItem]) -> list[Row]:
    """The recipient model's rows: for each gold event whose actor the rules found, every
    phrase they chose its recipient among, labelled by whether it is the gold recipient (only
    choices where one of the phrases is)."""
    rows: list[Row] = []
    articles = [Article(text=it.text, id=it.id, published=it.published) for it in items]
    for (doc, article), item in zip(rules.parse(articles), items, strict=True):
        choices = recipient_choices(doc, article, rules.resources)
        for gold in item.events:
            if gold.actor is None or gold.recipient is None or not gold.actor.spans \
                    or not gold.recipient.spans:
                continue
            for choice in _gold_choices(choices, gold):
                labels = [_overlaps(spans, gold.recipient.spans) for spans, _, _ in choice.options]
                if any(labels):
                    rows += [Row(list(feats), vector, RECIPIENT if hit else NOT_RECIPIENT, item.id)
                             for (_, feats, _), vector, hit in zip(
                                 choice.options, choice.vectors, labels, strict=True)]
    return rows


@dataclass
class Trainer:
    """Fits both learned models for any subset of a gold set (a fold, the work part, all of
    it), with the negative texts parsed once and reusable rows cached by item."""

    coder: Coder
    negatives: tuple[ParsedText, ...] = ()
    c: float = 1.0
    # The corpus specs the negatives were read from.
    corpora: tuple[NoiseCorpus, ...] = ()
    _none: list[Row] = field(default_factory=list)
    _other: list[Row] = field(default_factory=list)
    _relation: dict[str, list[Row]] = field(default_factory=dict)
    _political: dict[str, list[Row]] = field(default_factory=dict)
    _recipient: dict[str, list[Row]] = field(default_factory=dict)

    @classmethod
    def with_negatives(cls, coder: Coder, corpora: Sequence[NoiseCorpus], c: float = 1.0
                       ) -> Trainer:
        """A trainer whose models also learn from these corpora's texts (parsed here)."""
        return cls(coder, tuple(parse_corpora(coder, corpora)), c, tuple(corpora))

    def __post_init__(self) -> None:
        rules = self._rules()
        self._none = none_rows(rules, self.negatives)
        self._other = relevance_rows([(t.article.doc_id, t.doc) for t in self.negatives],
                                     OTHER)

    def _rules(self) -> Coder:
        """The coder without learned models: the rules' evidence alone."""
        return replace(self.coder, resources=replace(self.coder.resources, relation_model=None,
                                                     relevance=None, recipient_model=None))

    def _rows(self, items: Sequence[GoldItem]) -> tuple[list[Row], list[Row], list[Row]]:
        """The relation rows, the political sentences and the recipient rows of the items
        (cached by id)."""
        fresh = [it for it in items if it.id not in self._relation]
        if fresh:
            rules = self._rules()
            for row in training_rows(rules, fresh):
                self._relation.setdefault(row.source, []).append(row)
            for row in recipient_rows(rules, fresh):
                self._recipient.setdefault(row.source, []).append(row)
            # (The relevance model learned from the sentences as written, datelines and all;
            # read as the coder parses them, its figures move: Wikinews type F1 0.269 -> 0.255.)
            docs = [(it.id, doc) for it, doc in zip(fresh, rules.nlp.pipe(
                [it.text for it in fresh]), strict=True)]
            for row in relevance_rows(docs, POLITICAL):
                self._political.setdefault(row.source, []).append(row)
            for it in fresh:
                self._relation.setdefault(it.id, [])
                self._political.setdefault(it.id, [])
                self._recipient.setdefault(it.id, [])
        relation = [r for it in items for r in self._relation[it.id]]
        political = [r for it in items for r in self._political[it.id]]
        recipient = [r for it in items for r in self._recipient[it.id]]
        return relation, political, recipient

    def fit(self, coder: Coder, items: Sequence[GoldItem],
            leave_out: frozenset[str] = frozenset(), meta: Mapping[str, MetaValue] | None = None
            ) -> Coder:
        """A copy of ``coder`` with both models trained on the items and the negatives (but
        not the negative texts whose ids are in ``leave_out``)."""
        relation_rows, political, recipient_rows_ = self._rows(items)
        none = [r for r in self._none if r.source not in leave_out]
        other = [r for r in self._other if r.source not in leave_out]
        fingerprint = tensor_fingerprint(coder.nlp)
        info = dict(meta or {})
        relation = fit_rows(relation_rows + none, fingerprint, self.c,
                            {**info, "examples": len(relation_rows), "none_examples": len(none)})
        # Without negatives no relevance model can be trained, and the loaded one may have
        # learned from these very items: leave relevance out rather than score it in-sample.
        relevance = None
        if other:
            relevance = Relevance(fit_rows(political + other, fingerprint, self.c,
                                           {**info, "political_sentences": len(political),
                                            "other_sentences": len(other)}),
                                  coder.settings.min_relevance)
        # The recipient model ranks phrases within one choice: unweighted classes, so that
        # its probabilities compare phrases rather than make up for how few are recipients.
        recipient = fit([r.features for r in recipient_rows_], [r.label for r in recipient_rows_],
                        c=RECIPIENT_C, meta={**info, "examples": len(recipient_rows_)},
                        vectors=[r.vector for r in recipient_rows_], fingerprint=fingerprint) \
            if {r.label for r in recipient_rows_} == {RECIPIENT, NOT_RECIPIENT} else None
        return replace(coder, resources=replace(coder.resources, relation_model=relation,
                                                relevance=relevance, recipient_model=recipient))


def fit_coder(coder: Coder, items: Sequence[GoldItem], c: float = 1.0) -> Coder:
    """A copy of ``coder`` whose relation model is trained on the gold items alone."""
    return Trainer(coder, c=c).fit(coder, items)


def train(gold_path: Path, settings: Settings, output: Path | None = None, c: float = 1.0,
          corpora: Path | None = None) -> Coder:
    """Train the learned models on a gold file (and the ``train`` corpora of a corpora file)
    and write them (default: the bundled models): the relation model's header at ``output``
    and the relevance model's beside it, each with its weights beside it. The headers record
    the command that makes the same files again (``meta["command"]``)."""
    gold = load_gold(gold_path)
    coder = Coder.load(replace(settings, relation_model=None, relevance_model=None,
                               recipient_model=None))
    negatives = load_corpora(corpora).train if corpora is not None else ()
    trainer = Trainer.with_negatives(coder, negatives, c)
    meta: dict[str, MetaValue] = {
        "gold_sha256": gold.sha256, "gold": Path(gold_path).name, "c": c,
        "spacy_model": coder.settings.model,
        "command": train_command(gold_path, settings, output, c, corpora)}
    trained = trainer.fit(coder, gold.items, meta=meta)
    relation_path = output or bundled_model_path(RELATION_MODEL)
    relation = trained.resources.relation_model
    assert relation is not None  # fit always trains it
    relation.save(relation_path)
    relevance = trained.resources.relevance
    if relevance is not None:
        relevance.model.save(relation_path.parent / f"{RELEVANCE_MODEL}.json"
                             if output is not None else bundled_model_path(RELEVANCE_MODEL))
    recipient = trained.resources.recipient_model
    if recipient is not None:
        recipient.save(relation_path.parent / f"{RECIPIENT_MODEL}.json"
                       if output is not None else bundled_model_path(RECIPIENT_MODEL))
    return trained


def train_command(gold_path: Path, settings: Settings, output: Path | None, c: float,
                  corpora: Path | None = None) -> str:
    """The ``dotterel train`` command line that trains these models, as given."""
    words = ["dotterel", "train", str(gold_path), "--c", repr(float(c))]
    if corpora is not None:
        words += ["--corpora", str(corpora)]
    if settings.model != Settings().model:
        words += ["--model", settings.model]
    if output is not None:
        words += ["-o", str(output)]
    return shlex.join(words)
