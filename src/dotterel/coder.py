"""The coder: articles in, PLOVER events out. The public API lives here."""

from __future__ import annotations

import itertools
import os
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from .grammar import load_grammar
from .knowledge import load_knowledge
from .learn import RelationModel
from .model import Article, Event
from .nlp import load_nlp, tensor_fingerprint
from .pipeline import Resources, code_doc, mask_dateline, office_holders
from .places import Gazetteer
from .relation import explain_doc, retype
from .settings import Settings

# Below this many characters in a batch, extra processes cost more than they save.
_PARALLEL_CHARS = 1_000_000


@dataclass(frozen=True)
class Coder:
    """A loaded coder: the spaCy pipeline and the knowledge, built once and reused."""

    settings: Settings
    nlp: Any
    resources: Resources

    @property
    def knowledge(self) -> Any:
        """The loaded knowledge base."""
        return self.resources.knowledge

    @classmethod
    def load(cls, settings: Settings | None = None) -> Coder:
        """Load the spaCy model and the knowledge named by the settings."""
        settings = settings or Settings()
        knowledge = load_knowledge(settings)
        nlp = load_nlp(settings)
        res = Resources(knowledge, load_grammar(), Gazetteer.load(), office_holders(knowledge),
                        _relation_model(settings, nlp), settings.relation_overrule_below)
        return cls(settings, nlp, res)

    def code_article(self, article: Article) -> list[Event]:
        """Code one article."""
        return next(self.code_articles([article]))[1]

    def code_articles(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Code many articles, parsing them in batches (and processes for large inputs)."""
        n_process = self.settings.n_process
        if n_process == 0:
            # Look ahead to decide: small inputs stay in this process.
            buffered: list[Article] = []
            size = 0
            iterator = iter(articles)
            for article in iterator:
                buffered.append(article)
                size += len(article.text)
                if size > _PARALLEL_CHARS:
                    break
            n_process = min(2, os.cpu_count() or 1) if size > _PARALLEL_CHARS else 1
            articles = itertools.chain(buffered, iterator)
        grammar = self.resources.grammar
        texts = ((mask_dateline(a.text, grammar), a) for a in articles)
        for doc, article in self.nlp.pipe(texts, as_tuples=True, n_process=n_process,
                                          batch_size=self.settings.batch_size):
            events = retype(doc, code_doc(doc, article, self.resources), self.resources)
            yield article, [e for e in events if e.confidence >= self.settings.min_confidence]

    def classify(self, sentence: str, source: str, target: str) -> str:
        """What did ``source`` do to ``target`` in ``sentence``: a PLOVER type or "NONE"."""
        return self.explain(sentence, source, target)[0]

    def explain(self, sentence: str, source: str, target: str) -> tuple[str, str]:
        """Like ``classify``, with what decided it: ``event:<entry id>``,
        ``trigger:<entry id>``, ``model<...`` when the learned model overrode the rules."""
        doc = self.nlp(sentence)
        return explain_doc(doc, _find(sentence, source), _find(sentence, target),
                           self.resources)


def _relation_model(settings: Settings, nlp: Any) -> RelationModel | None:
    """The learned relation model named by the settings, if any, fitted to the pipeline."""
    if settings.relation_model is None:
        return None
    if settings.relation_model == "bundled":
        bundled = resources.files("dotterel") / "data" / "relation_model.json"
        if not bundled.is_file():
            return None
        model = RelationModel.load(Path(str(bundled)))
    else:
        model = RelationModel.load(Path(settings.relation_model))
    if model.dense is not None and model.dense.fingerprint != tensor_fingerprint(nlp):
        # Another parser's vectors mean other things: keep the symbolic weights only.
        warnings.warn(
            f"relation model: its context-vector weights were trained with another spaCy "
            f"pipeline than {settings.model!r}, so they are not used; retrain with "
            "`dotterel train GOLD --model ...` for full accuracy", stacklevel=2)
        model = replace(model, dense=None)
    return model


def _find(sentence: str, phrase: str) -> tuple[int, int]:
    """Character span of a phrase in a sentence (case-insensitive), or an empty span."""
    phrase = phrase.strip()
    at = sentence.find(phrase)
    if at < 0:
        at = sentence.lower().find(phrase.lower())
    return (at, at + len(phrase)) if at >= 0 and phrase else (-1, -1)


def code(
    text: str,
    published: str | None = None,
    doc_id: str | None = None,
    settings: Settings | None = None,
    coder: Coder | None = None,
) -> list[Event]:
    """Code one article's text into events (pass ``coder`` to reuse a loaded model)."""
    coder = coder or Coder.load(settings)
    return coder.code_article(Article(text=text, id=doc_id, published=published))


def classify(
    sentence: str,
    source: str,
    target: str,
    settings: Settings | None = None,
    coder: Coder | None = None,
) -> str:
    """Given two actors in a sentence, what did source do to target: PLOVER type or "NONE"."""
    coder = coder or Coder.load(settings)
    return coder.classify(sentence, source, target)
