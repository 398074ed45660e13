"""The corpora the evaluation and the training read from ``eval/corpora.yaml``: the texts in
which nothing political should be coded, for training (negatives) and for the noise gate.

The file names each corpus, where it is (relative to the file), which Reuters-21578 topics
it keeps, how many texts it skips and takes, and, for the gate, its limits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from dotterel.evaluation.noise import TOPIC_SETS, NoiseCorpus

REPO_ROOT = Path(__file__).resolve().parents[3]
CORPORA_RELATIVE = Path("eval/corpora.yaml")
_KEYS = {"name", "path", "topics", "limit", "skip", "max_events_per_100",
         "max_violent_per_100"}


class CorporaError(ValueError):
    """``corpora.yaml`` is invalid; the message names the file and the entry."""


@dataclass(frozen=True)
class Corpora:
    """The training negatives and the noise corpora, as the file names them."""

    train: tuple[NoiseCorpus, ...]
    noise: tuple[NoiseCorpus, ...]

    def available(self) -> bool:
        """Whether every corpus is on disk (``../shared`` is beside the repository)."""
        return all(p.exists() for c in (*self.train, *self.noise) for p in c.paths)


def default_corpora_path() -> Path:
    """``eval/corpora.yaml`` of the working directory, else of the repository."""
    here = Path.cwd() / CORPORA_RELATIVE
    return here if here.is_file() else REPO_ROOT / CORPORA_RELATIVE


def load_corpora(path: Path | None = None) -> Corpora:
    """Read ``corpora.yaml`` (default: the repository's)."""
    path = path or default_corpora_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CorporaError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict) or set(data) - {"train", "noise"}:
        raise CorporaError(f"{path}: expected the sections 'train' and 'noise'")
    return Corpora(*(tuple(_corpus(path, k, i, e) for i, e in enumerate(data.get(k) or []))
                     for k in ("train", "noise")))


def _corpus(path: Path, section: str, index: int, entry: object) -> NoiseCorpus:
    where = f"{path}: {section}[{index}]"
    if not isinstance(entry, dict) or not {"name", "path"} <= set(entry) \
            or set(entry) - _KEYS:
        raise CorporaError(f"{where}: needs 'name' and 'path', and only {sorted(_KEYS)}")
    topics = entry.get("topics")
    if topics is not None and topics not in TOPIC_SETS and not isinstance(topics, list):
        raise CorporaError(f"{where}: 'topics' is {sorted(TOPIC_SETS)} or a list of topics")
    chosen = TOPIC_SETS[topics] if isinstance(topics, str) else (
        frozenset(topics) if topics else None)

    def number(key: str) -> float | None:
        value = entry.get(key)
        if value is not None and not isinstance(value, int | float):
            raise CorporaError(f"{where}: {key!r} must be a number")
        return value

    limit, skip = number("limit"), number("skip")
    return NoiseCorpus(
        name=str(entry["name"]), paths=((path.parent / str(entry["path"])).resolve(),),
        topics=chosen, limit=int(limit) if limit is not None else None,
        skip=int(skip or 0), max_events_per_100=number("max_events_per_100"),
        max_violent_per_100=number("max_violent_per_100"))
