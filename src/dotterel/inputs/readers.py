"""Reading inputs: text files, JSONL files and stdin into articles, with clear input errors."""

from __future__ import annotations

import importlib.util
import json
import re
import runpy
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

from dotterel.coding.coder import ArticleCoder
from dotterel.records import Article, Event
from dotterel.settings import Settings

STDIN = "-"
STDIN_NAME = "<stdin>"
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jl")
# UTF-8 needs at most 4 bytes per character: a file bigger than this is refused unread.
MAX_BYTES_PER_CHAR = 4
SNIFF_BYTES = 8192
# Share of control bytes (besides tab, newline, CR, FF) above which a file is binary.
MAX_CONTROL_SHARE = 0.05
LANGUAGE_SAMPLE_CHARS = 2000
MIN_WORDS_FOR_LANGUAGE = 40
# English news runs at 30-55% English stop words, terse English at 15% and up; French,
# German, Spanish, Italian, Portuguese, Dutch, Indonesian, Turkish and Swahili stay below
# 10% (calibrated in test_readers.py). Below the threshold a text is refused when another
# language's stop words fit better, or when it has under MIN_STOP_SHARE_ANY English stop
# words and is not mostly figures (English earnings tables have 2-10%).
MIN_ENGLISH_STOP_SHARE = 0.12
MIN_STOP_SHARE_ANY = 0.05
MAX_NUMERIC_SHARE = 0.2
OTHER_LANGUAGES = "fr de es it pt nl id tr sv da nb pl ro ca tl fi hu cs".split()
MIN_LATIN_LETTER_SHARE = 0.5
MIN_LETTERS_FOR_SCRIPT = 20
# Field names read from a JSONL record, first match wins (the Wikinews dumps use the latter ones).
ID_KEYS = ("id", "doc_id")
TEXT_KEYS = ("text", "body")
PUBLISHED_KEYS = ("published", "date", "dateCreated", "publication_date")
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "sourceURL", "link")

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_CONTROL = frozenset(set(range(0, 32)) - {9, 10, 12, 13} | {127})


@dataclass(frozen=True)
class InputError:
    """An input that could not be read as an article: where, and why."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        """``path:line: message``, or ``path: message`` for a whole file."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class Refused(Exception):
    """Raised inside the readers: the current input is refused with this message."""


def parse_published(value: str) -> str:
    """Validate an ISO date or date-time and return its ``YYYY-MM-DD`` date, else ValueError."""
    text = value.strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise ValueError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def looks_binary(head: bytes) -> bool:
    """True when the first bytes of a file hold NULs or mostly control characters."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b in _CONTROL)
    return control / len(head) > MAX_CONTROL_SHARE


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8 (a leading BOM is dropped), or refuse naming the bad byte offset."""
    skip = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        raise Refused(
            f"invalid UTF-8 at byte offset {offset} (byte 0x{data[offset]:02x}); "
            "convert the file to UTF-8"
        ) from None


def _words(text: str) -> list[str]:
    """The lower-cased words in the start of a text."""
    return _WORD.findall(text[:LANGUAGE_SAMPLE_CHARS].lower())


def _spacy_stop_words(langs: Sequence[str]) -> Mapping[str, frozenset[str]]:
    """spaCy's stop-word lists (plain word lists), read from their files: importing
    ``spacy.lang.fr`` for its list compiles French tokenizer rules, six seconds."""
    spec = importlib.util.find_spec("spacy")
    folders = spec.submodule_search_locations if spec else None
    if not folders:
        raise RuntimeError("spaCy is not installed: reinstall dotterel")
    root = Path(next(iter(folders))) / "lang"
    return MappingProxyType({
        lang: frozenset(runpy.run_path(str(root / lang / "stop_words.py"))["STOP_WORDS"])
        for lang in langs})


STOP_WORDS = _spacy_stop_words(["en", *OTHER_LANGUAGES])


def stop_share(words: Sequence[str], lang: str = "en") -> float:
    """Share of the words that are stop words of a spaCy language (offline word lists)."""
    if not words:
        return 0.0
    stops = STOP_WORDS[lang]
    return sum(1 for w in words if w in stops) / len(words)




def numeric_share(text: str) -> float:
    """Share of whitespace tokens in the text's start that hold a digit (tables, results)."""
    tokens = text[:LANGUAGE_SAMPLE_CHARS].split()
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if any(c.isdigit() for c in t)) / len(tokens)


def latin_letter_share(text: str) -> tuple[float, int]:
    """Share of letters in the text's start that are Latin script, and the letter count."""
    letters = [c for c in text[:LANGUAGE_SAMPLE_CHARS] if c.isalpha()]
    if not letters:
        return 1.0, 0
    latin = sum(1 for c in letters if c < "\u0250")
    return latin / len(letters), len(letters)


def language_problem(text: str) -> str | None:
    """Why the text does not look like English (cheap, offline), or None when it may be."""
    # 40+ words with few English stop words are refused when another language's stop words
    # fit twice as well, or when there are almost none and the text is not a table of figures.
    latin, n_letters = latin_letter_share(text)
    if n_letters >= MIN_LETTERS_FOR_SCRIPT and latin < MIN_LATIN_LETTER_SHARE:
        return f"not English: only {latin:.0%} of letters are Latin script"
    words = _words(text)
    english = stop_share(words)
    if len(words) < MIN_WORDS_FOR_LANGUAGE or english >= MIN_ENGLISH_STOP_SHARE:
        return None
    best, lang = max((stop_share(words, code), code) for code in OTHER_LANGUAGES)
    if best >= 2 * english and best >= MIN_ENGLISH_STOP_SHARE:
        return (
            f"not English: looks like {lang!r} ({best:.0%} of words are its stop words, "
            f"{english:.0%} English); dotterel codes English text only"
        )
    if english < MIN_STOP_SHARE_ANY and numeric_share(text) < MAX_NUMERIC_SHARE:
        return (
            f"not English: only {english:.0%} of words are English stop words; "
            "dotterel codes English text only"
        )
    return None


def check_text(text: str, settings: Settings, check_language: bool = True) -> None:
    """Refuse an article text that is empty, too long or not English."""
    if not text.strip():
        raise Refused("empty text")
    if len(text) > settings.max_chars:
        raise Refused(
            f"text too long: {len(text):,} characters, the limit is {settings.max_chars:,} "
            "(Settings.max_chars); split the file"
        )
    if check_language:
        problem = language_problem(text)
        if problem:
            raise Refused(problem)


def _first(record: dict[str, Any], keys: Sequence[str]) -> Any:
    """The value of the first key present and not null."""
    for key in keys:
        if record.get(key) is not None:
            return record[key]
    return None


def _optional_str(value: Any) -> str | None:
    """A string field, or None."""
    return None if value is None else str(value)


def record_to_article(
    record: Any,
    default_id: str,
    published: str | None,
    settings: Settings,
    check_language: bool = True,
) -> Article:
    """Turn one parsed JSONL record into an article, or refuse it."""
    if not isinstance(record, dict):
        raise Refused(f"expected a JSON object, got {type(record).__name__}")
    text = _first(record, TEXT_KEYS)
    if text is None:
        raise Refused('record has no "text"')
    if not isinstance(text, str):
        raise Refused(f'"text" must be a string, got {type(text).__name__}')
    check_text(text, settings, check_language)
    raw_date = _first(record, PUBLISHED_KEYS)
    if raw_date is not None:
        try:
            published = parse_published(str(raw_date))
        except ValueError as exc:
            raise Refused(f'"published": {exc}') from None
    raw_id = _first(record, ID_KEYS)
    return Article(
        text=text,
        id=str(raw_id) if raw_id not in (None, "") else default_id,
        published=published,
        title=_optional_str(_first(record, TITLE_KEYS)),
        url=_optional_str(_first(record, URL_KEYS)),
    )


def read_jsonl_lines(
    lines: Iterable[bytes],
    name: str,
    stem: str,
    published: str | None,
    settings: Settings,
    check_language: bool = True,
    first_line: int = 1,
) -> Iterator[Article | InputError]:
    """Read JSONL records line by line; a bad line gives an error and the others still yield.

    ``first_line`` numbers the first of ``lines`` (a slice of a large file starts later).
    """
    max_bytes = settings.max_chars * MAX_BYTES_PER_CHAR + 4096
    seen = 0
    for number, raw in enumerate(lines, start=first_line):
        if not raw.strip():
            continue
        seen += 1
        try:
            if len(raw) > max_bytes:
                raise Refused(f"line too long: {len(raw):,} bytes; the record is refused")
            if b"\x00" in raw:
                raise Refused("binary data (NUL bytes) in the line")
            line = decode_utf8(raw)
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise Refused(f"malformed JSON: {exc.msg} at column {exc.colno}") from None
            yield record_to_article(record, f"{stem}:{number}", published, settings, check_language)
        except Refused as exc:
            yield InputError(name, number, str(exc))
    if seen == 0 and first_line == 1:
        yield InputError(name, None, "empty file: no JSONL records")


def read_text_bytes(
    data: bytes,
    name: str,
    stem: str,
    published: str | None,
    settings: Settings,
    check_language: bool = True,
) -> Article:
    """Turn a whole plain-text input into one article, or refuse it."""
    if not data.strip():
        raise Refused("empty file")
    if looks_binary(data[:SNIFF_BYTES]):
        raise Refused("binary file (NUL or control bytes), not text")
    text = decode_utf8(data)
    check_text(text, settings, check_language)
    return Article(text=text, id=stem, published=published)


def _too_big(size: int, settings: Settings) -> str:
    """The message for a file refused by its size on disk."""
    return (
        f"file too large: {size:,} bytes cannot fit the limit of {settings.max_chars:,} "
        "characters (Settings.max_chars); split the file"
    )


def _is_jsonl_path(path: Path) -> bool:
    """True for a file name that says JSONL."""
    return path.suffix.lower() in JSONL_SUFFIXES


def read_file(
    path_str: str, published: str | None, settings: Settings, check_language: bool = True
) -> Iterator[Article | InputError]:
    """Read one file: JSONL records by line, or the whole file as one text article."""
    path = Path(path_str)
    try:
        st = path.stat()
    except FileNotFoundError:
        yield InputError(path_str, None, "no such file")
        return
    except OSError as exc:
        yield InputError(path_str, None, f"cannot read: {exc.strerror}")
        return
    if path.is_dir():
        yield InputError(path_str, None, "is a directory; pass the files in it instead")
        return
    if st.st_size == 0:
        yield InputError(path_str, None, "empty file")
        return
    jsonl = _is_jsonl_path(path)
    if not jsonl and st.st_size > settings.max_chars * MAX_BYTES_PER_CHAR:
        yield InputError(path_str, None, _too_big(st.st_size, settings))
        return
    try:
        with path.open("rb") as fh:
            if looks_binary(fh.read(SNIFF_BYTES)):
                yield InputError(path_str, None, "binary file (NUL or control bytes), not text")
                return
            fh.seek(0)
            if jsonl:
                yield from read_jsonl_lines(
                    fh, path_str, path.stem, published, settings, check_language
                )
                return
            data = fh.read()
    except OSError as exc:
        yield InputError(path_str, None, f"cannot read: {exc.strerror or exc}")
        return
    try:
        yield read_text_bytes(data, path_str, path.stem, published, settings, check_language)
    except Refused as exc:
        yield InputError(path_str, None, str(exc))


def looks_like_jsonl(first_line: bytes) -> bool:
    """True when the first non-blank line of an input is a JSON object."""
    stripped = first_line.strip()
    if not stripped.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(stripped.decode("utf-8", "replace")), dict)
    except json.JSONDecodeError:
        return False


def read_stream(
    stream: IO[bytes], published: str | None, settings: Settings, check_language: bool = True
) -> Iterator[Article | InputError]:
    """Read stdin: JSONL line by line when it looks like JSONL, else one text article."""
    first = b""
    blank = 0
    for first in iter(stream.readline, b""):
        if first.strip():
            break
        blank += 1
    if not first.strip():
        yield InputError(STDIN_NAME, None, "empty input")
        return
    if looks_like_jsonl(first):
        lines = _chain_first([b"\n"] * blank + [first], stream)
        yield from read_jsonl_lines(lines, STDIN_NAME, "stdin", published, settings, check_language)
        return
    limit = settings.max_chars * MAX_BYTES_PER_CHAR
    data = first + stream.read(limit + 1 - len(first))
    if len(data) > limit:
        yield InputError(STDIN_NAME, None, _too_big(len(data), settings))
        return
    try:
        yield read_text_bytes(data, STDIN_NAME, "stdin", published, settings, check_language)
    except Refused as exc:
        yield InputError(STDIN_NAME, None, str(exc))


def _chain_first(first: list[bytes], stream: IO[bytes]) -> Iterator[bytes]:
    """The lines already read, then the rest of the stream line by line."""
    yield from first
    yield from stream


def _stdin_bytes() -> IO[bytes]:
    """The process's standard input as bytes."""
    return sys.stdin.buffer


def read_inputs(
    paths: Sequence[str],
    published: str | None = None,
    settings: Settings | None = None,
    check_language: bool = True,
    stdin: IO[bytes] | None = None,
) -> Iterator[Article | InputError]:
    """Read articles from files and ``-`` (stdin); each bad input yields an InputError instead."""
    # ``published`` is the default date for articles without one; a bad one raises ValueError.
    settings = settings or Settings()
    default = parse_published(published) if published else None
    for path in paths:
        if path == STDIN:
            yield from read_stream(stdin or _stdin_bytes(), default, settings, check_language)
        else:
            yield from read_file(path, default, settings, check_language)


def code_inputs(
    items: Iterable[Article | InputError], coder: ArticleCoder
) -> Iterator[tuple[Article, list[Event]] | InputError]:
    """Code the articles among the items with one coder, streaming; errors pass through."""
    errors: deque[InputError] = deque()

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                errors.append(item)
            else:
                yield item

    for result in coder.code_articles(articles()):
        while errors:
            yield errors.popleft()
        yield result
    while errors:
        yield errors.popleft()
