"""The coder: articles in, PLOVER events out. The public API lives here."""

from __future__ import annotations

import functools
import gc
import hashlib
import itertools
import os
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from dotterel.coding.evidence import explain_doc, find_span, retype
from dotterel.coding.linear_model import LinearModel, bundled_model_path
from dotterel.coding.nlp import load_nlp, mask_wire, tensor_fingerprint, unwrap
from dotterel.coding.pipeline import code_doc
from dotterel.coding.relevance import Relevance
from dotterel.coding.resources import Resources
from dotterel.knowledge.base import Knowledge, office_holders
from dotterel.knowledge.grammar import load_grammar
from dotterel.knowledge.loader import bundled_data_dir, load_knowledge
from dotterel.knowledge.places import Gazetteer
from dotterel.records import Article, Event
from dotterel.settings import Settings
from dotterel.version import __version__

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Below this many characters in all (processes 0, "auto"), one process is faster: a worker's
# model load costs more than the input's coding.
PARALLEL_CHARS = 1_000_000


def choose_processes(articles: Iterable[Article]) -> tuple[int, Iterator[Article]]:
    """How many processes an input needs (2 above ``PARALLEL_CHARS``, capped by the CPUs;
    else 1), read by looking ahead, and the same articles as an iterator."""
    buffered: list[Article] = []
    size = 0
    iterator = iter(articles)
    for article in iterator:
        buffered.append(article)
        size += len(article.text)
        if size > PARALLEL_CHARS:
            break
    processes = min(2, os.cpu_count() or 1) if size > PARALLEL_CHARS else 1
    return processes, itertools.chain(buffered, iterator)


class ArticleCoder(Protocol):
    """What reading, ingesting and writing need of a coder: ``Coder``, or a wrapper of one."""

    @property
    def settings(self) -> Settings:
        """The settings it codes with."""

    def code_articles(self, articles: Iterable[Article]
                      ) -> Iterator[tuple[Article, list[Event]]]:
        """Code articles in order, streaming."""


@dataclass(frozen=True)
class Coder:
    """A loaded coder: the spaCy pipeline and the knowledge, built once and reused."""

    settings: Settings
    nlp: Language
    resources: Resources

    @property
    def knowledge(self) -> Knowledge:
        """The loaded knowledge base."""
        return self.resources.knowledge

    @property
    def relation_model(self) -> LinearModel | None:
        """The learned relation model, when one is loaded."""
        return self.resources.relation_model

    @classmethod
    def load(cls, settings: Settings | None = None) -> Coder:
        """Load the spaCy model and the knowledge named by the settings."""
        settings = settings or Settings()
        knowledge = load_knowledge(settings)
        nlp = load_nlp(settings)
        fingerprint = tensor_fingerprint(nlp)
        relevance = _learned("relevance", settings.relevance_model, settings, fingerprint)
        res = Resources(knowledge, load_grammar(), Gazetteer.load(knowledge.regions),
                        office_holders(knowledge),
                        _learned("relation", settings.relation_model, settings, fingerprint),
                        settings.relation_overrule_below,
                        Relevance(relevance, settings.min_relevance) if relevance else None,
                        settings.relation_no_event_above,
                        _learned("recipient", settings.recipient_model, settings, fingerprint))
        return cls(settings, nlp, res)

    def code_article(self, article: Article) -> list[Event]:
        """Code one article."""
        return next(self.code_articles([article]))[1]

    def code_articles(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Code many articles, parsing them in batches (and processes for large inputs)."""
        n_process = self.settings.n_process
        if n_process == 0:
            n_process, articles = choose_processes(articles)
        for doc, article in self.parse(articles, n_process):
            yield article, self.code_parsed(doc, article)

    def parse(self, articles: Iterable[Article], n_process: int = 1
              ) -> Iterator[tuple[Doc, Article]]:
        """Parse articles as the coder does (line-break backslashes and datelines masked
        first), in batches."""
        grammar = self.resources.grammar
        texts = ((mask_wire(unwrap(a.text), grammar), a) for a in articles)
        yield from self.nlp.pipe(texts, as_tuples=True, n_process=n_process,
                                 batch_size=self.settings.batch_size)

    def code_parsed(self, doc: Doc, article: Article) -> list[Event]:
        """Code one parsed article: the stages, the relation model, the relevance filter."""
        events = retype(doc, code_doc(doc, article, self.resources), self.resources)
        if self.resources.relevance is not None:
            events = self.resources.relevance.apply(doc, events)
        return [e for e in events if e.confidence >= self.settings.min_confidence]

    def classify(self, sentence: str, source: str, target: str) -> str:
        """What did ``source`` do to ``target`` in ``sentence``: a PLOVER type or "NONE"."""
        return self.explain(sentence, source, target)[0]

    def explain(self, sentence: str, source: str, target: str) -> tuple[str, str]:
        """Like ``classify``, with what decided it: ``event:<entry id>``,
        ``trigger:<entry id>``, ``model<...`` when the learned model overrode the rules."""
        doc = self.nlp(sentence)
        return explain_doc(doc, find_span(sentence, source), find_span(sentence, target),
                           self.resources)


def _learned(what: str, choice: str | None, settings: Settings, fingerprint: str | None
             ) -> LinearModel | None:
    """A learned model named by the settings ("bundled", a path, or None), if any, fitted to
    the pipeline whose ``tensor_fingerprint`` is given."""
    if choice is None:
        return None
    if choice == "bundled":
        bundled = bundled_model_path(f"{what}_model")
        if not bundled.is_file():
            return None
        model = LinearModel.load(bundled)
    else:
        model = LinearModel.load(Path(choice))
    if model.dense is not None and model.dense.fingerprint != fingerprint:
        # Another parser's vectors mean other things: keep the symbolic weights only.
        warnings.warn(
            f"{what} model: its context-vector weights were trained with another spaCy "
            f"pipeline than {settings.model!r}, so they are not used; retrain with "
            "`dotterel train GOLD --model ...` for full accuracy", stacklevel=2)
        model = replace(model, dense=None)
    return model


def coder_version(settings: Settings) -> str:
    """dotterel's version plus a hash of the knowledge and model that code: ``0.1.0+1a2b…``."""
    digest = hashlib.sha256()
    bundled = [bundled_data_dir(), bundled_model_path().parent]
    _hash_files(digest, (p for folder in bundled for p in _files_under(folder)))
    if settings.knowledge_dir:
        _hash_files(digest, _files_under(Path(settings.knowledge_dir)))
    _hash_files(digest, (Path(p) for p in settings.extra_files))
    digest.update(f"{settings.model}|{settings.relation_model}|{settings.min_confidence}|"
                  f"{settings.relevance_model}|{settings.min_relevance}|"
                  f"{settings.recipient_model}".encode())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def _files_under(folder: Path) -> Iterator[Path]:
    """Every file in a folder and its subfolders (``triggers/``), as paths relative to it."""
    return (p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _hash_files(digest: Any, files: Iterable[Path]) -> None:  # a hashlib object
    """Feed files' names and bytes to a digest, in name order (a file in a subfolder by its
    folder and name, so a change in ``triggers/`` changes the version)."""
    for path in sorted(files, key=lambda p: (p.parent.name, p.name)):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())


# The one process-wide cache: the coders behind ``code`` and ``classify``, by their settings
# (a few, so a process that switches between two settings does not reload either).
@functools.lru_cache(maxsize=4)
def shared_coder(settings: Settings) -> Coder:
    """The coder for these settings, loaded on first use and reused by this process."""
    coder = Coder.load(settings)
    # It lives as long as the process: moving its hundreds of thousands of objects (the
    # gazetteer, the knowledge) out of the collector's reach saves a full pass over them at
    # every oldest-generation collection (a tenth of the coder's own time on a long corpus).
    gc.freeze()
    return coder


def code(
    text: str,
    published: str | None = None,
    doc_id: str | None = None,
    settings: Settings | None = None,
    coder: Coder | None = None,
) -> list[Event]:
    """Code one article's text into events (the loaded model is reused between calls)."""
    coder = coder or shared_coder(settings or Settings())
    return coder.code_article(Article(text=text, id=doc_id, published=published))


def classify(
    sentence: str,
    source: str,
    target: str,
    settings: Settings | None = None,
    coder: Coder | None = None,
) -> str:
    """Given two actors in a sentence, what did source do to target: PLOVER type or "NONE"."""
    coder = coder or shared_coder(settings or Settings())
    return coder.classify(sentence, source, target)
