"""Reading whole corpora: directories, gzip, CSV, HTML pages and Reuters-21578 SGML.

Extends ``readers`` (text, JSONL, stdin) with the inputs an analyst ingests in bulk. Every
reader yields an ``Article`` or an ``InputError`` naming the file and line, never raises.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from dotterel.inputs.objects import ObjectStorageMissing, expand_url, is_url, read_object
from dotterel.inputs.readers import (
    JSONL_SUFFIXES,
    MAX_BYTES_PER_CHAR,
    STDIN,
    InputError,
    Refused,
    check_text,
    decode_utf8,
    looks_binary,
    parse_published,
    read_file,
    read_jsonl_lines,
    read_stream,
    read_text_bytes,
)
from dotterel.records import Article
from dotterel.settings import Settings

CSV_SUFFIXES = (".csv", ".tsv")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
SGML_SUFFIXES = (".sgm", ".sgml")
GZIP_SUFFIX = ".gz"
# Files a directory walk reads; others (images, archives, dot files) are passed over.
WALKED_SUFFIXES = (
    (".txt", ".text", ".md") + JSONL_SUFFIXES + CSV_SUFFIXES + HTML_SUFFIXES + SGML_SUFFIXES
)
_REUTERS = re.compile(rb"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(rb'NEWID="(\d+)"')
_TAG = {name: re.compile(rf"<{name}>(.*?)</{name}>", re.S)
        for name in ("DATE", "TITLE", "BODY", "TOPICS")}
_TOPIC = re.compile(r"<D>(.*?)</D>")
# Reuters bodies end with a control character (&#3;) and carry a few others.
_SGML_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read: the default date, CSV columns, and the checks to apply."""

    published: str | None = None
    text_column: str = "text"
    id_column: str | None = "id"
    date_column: str | None = "published"
    title_column: str | None = "title"
    url_column: str | None = "url"
    check_language: bool = True
    # Reuters-21578: keep only the stories that carry topics, all of them in this set.
    reuters_topics: frozenset[str] | None = None


def _suffixes(path: Path) -> tuple[str, str]:
    """The lower-cased last suffix and the one before a ``.gz``."""
    suffix = path.suffix.lower()
    inner = Path(path.stem).suffix.lower() if suffix == GZIP_SUFFIX else suffix
    return suffix, inner


def expand_paths(paths: Sequence[str]) -> Iterator[str]:
    """The inputs with directories walked recursively (sorted, so runs are repeatable), and
    object-storage URLs expanded (a glob or a prefix: its objects)."""
    for path in paths:
        if is_url(path):
            try:
                found = expand_url(path)
            except (ObjectStorageMissing, OSError):
                found = [path]  # reading it reports why
            for url in found:
                if _suffixes(Path(url))[1] in WALKED_SUFFIXES or url == path:
                    yield url
        elif path != STDIN and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    full = Path(root) / name
                    if name.startswith(".") or _suffixes(full)[1] not in WALKED_SUFFIXES:
                        continue
                    yield str(full)
        else:
            yield path


def read_sources(
    paths: Sequence[str], options: ReadOptions | None = None, settings: Settings | None = None
) -> Iterator[tuple[str, Article | InputError]]:
    """Every article in the inputs (files, directories, ``-``) with the input it came from."""
    options = options or ReadOptions()
    settings = settings or Settings()
    default = parse_published(options.published) if options.published else None
    options = ReadOptions(**{**options.__dict__, "published": default})
    for path in expand_paths(paths):
        for item in read_source(path, options, settings):
            yield path, item


def read_source(
    path: str, options: ReadOptions, settings: Settings
) -> Iterator[Article | InputError]:
    """The articles of one input file, chosen by its suffix (``.gz`` looks at the one before)."""
    if path == STDIN:
        import sys

        yield from read_stream(
            sys.stdin.buffer, options.published, settings, options.check_language
        )
        return
    p = Path(path)
    suffix, inner = _suffixes(p)
    local = not is_url(path)
    if (local and suffix != GZIP_SUFFIX
            and inner not in CSV_SUFFIXES + HTML_SUFFIXES + SGML_SUFFIXES):
        yield from read_file(path, options.published, settings, options.check_language)
        return
    try:
        data = _read_bytes(path, settings, gzipped=suffix == GZIP_SUFFIX)
    except Refused as exc:
        yield InputError(path, None, str(exc))
        return
    if not local and inner not in CSV_SUFFIXES + SGML_SUFFIXES and looks_binary(data[:8192]):
        yield InputError(path, None, "binary file (NUL or control bytes), not text")
        return
    stem = Path(p.stem).stem if suffix == GZIP_SUFFIX else p.stem
    if inner in CSV_SUFFIXES:
        yield from read_csv_bytes(
            data, path, stem, options, settings, delimiter="\t" if inner == ".tsv" else ","
        )
    elif inner in HTML_SUFFIXES:
        yield _catch(path, lambda: read_html_bytes(data, stem, options, settings))
    elif inner in SGML_SUFFIXES:
        yield from read_reuters_sgml(data, path, options, settings)
    elif inner in JSONL_SUFFIXES:
        lines = io.BytesIO(data)
        yield from read_jsonl_lines(
            lines, path, stem, options.published, settings, options.check_language
        )
    else:
        yield _catch(
            path,
            lambda: read_text_bytes(
                data, path, stem, options.published, settings, options.check_language
            ),
        )


def _catch(path: str, make: Any) -> Article | InputError:
    """The article ``make()`` builds, or the input error it was refused with."""
    try:
        article: Article = make()
        return article
    except Refused as exc:
        return InputError(path, None, str(exc))


def _read_bytes(name: str, settings: Settings, gzipped: bool) -> bytes:
    """A file's or object's bytes (decompressed for gzip), refusing missing, empty and
    oversized ones."""
    # A corpus file (CSV, SGML) holds many articles: allow 1,000 articles' worth per file.
    limit = settings.max_chars * MAX_BYTES_PER_CHAR * 1000
    path = Path(name)
    try:
        if is_url(name):
            data = read_object(name, limit)
            if gzipped:
                data = gzip.decompress(data)[: limit + 1]
        elif gzipped:
            with gzip.open(path, "rb") as fh:
                data = fh.read(limit + 1)
        else:
            data = path.read_bytes()
    except FileNotFoundError:
        raise Refused("no such file") from None
    except ObjectStorageMissing as exc:
        raise Refused(str(exc)) from None
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise Refused(f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    if len(data) > limit:
        raise Refused(f"file too big: over {limit:,} bytes")
    if not data.strip():
        raise Refused("empty file")
    return data


def read_csv_bytes(
    data: bytes,
    name: str,
    stem: str,
    options: ReadOptions,
    settings: Settings,
    delimiter: str = ",",
) -> Iterator[Article | InputError]:
    """One article per CSV row, its fields taken from the columns the options name."""
    try:
        text = decode_utf8(data)
    except Refused as exc:
        yield InputError(name, None, str(exc))
        return
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = reader.fieldnames or []
    if options.text_column not in header:
        found = ", ".join(header) or "none"
        yield InputError(
            name,
            1,
            f"no column {options.text_column!r} (columns: {found}); choose one with --text-column",
        )
        return
    for row in reader:
        line = reader.line_num
        try:
            yield _row_article(row, f"{stem}:{line}", options, settings)
        except Refused as exc:
            yield InputError(name, line, str(exc))


def _row_article(
    row: dict[str, Any], default_id: str, options: ReadOptions, settings: Settings
) -> Article:
    """One CSV row as an article, or refused."""

    def field(column: str | None) -> str | None:
        value = row.get(column) if column else None
        return value.strip() if isinstance(value, str) and value.strip() else None

    text = row.get(options.text_column) or ""
    check_text(text, settings, options.check_language)
    published = options.published
    raw_date = field(options.date_column)
    if raw_date:
        try:
            published = parse_published(raw_date)
        except ValueError as exc:
            raise Refused(f"column {options.date_column!r}: {exc}") from None
    return Article(
        text=text,
        id=field(options.id_column) or default_id,
        published=published,
        title=field(options.title_column),
        url=field(options.url_column),
    )


def read_html_bytes(data: bytes, stem: str, options: ReadOptions, settings: Settings) -> Article:
    """A web page's main text (trafilatura) and publication date (htmldate) as one article."""
    import trafilatura
    from htmldate import find_date

    page = data.decode("utf-8", "replace")
    text = trafilatura.extract(page, include_comments=False, include_tables=False)
    if not text:
        raise Refused("no main text found in the HTML page")
    check_text(text, settings, options.check_language)
    meta = trafilatura.extract_metadata(page)
    # htmldate looks at meta tags, JSON-LD and the URL; original_date prefers publication.
    found = find_date(page, original_date=True, extensive_search=False)
    published = parse_published(found) if found else options.published
    title = meta.title if meta is not None else None
    url = meta.url if meta is not None else None
    return Article(text=text, id=stem, published=published, title=title or None, url=url or None)


def _reuters_date(raw: str) -> str | None:
    """``26-FEB-1987 15:01:01.79`` as ``1987-02-26``, or None."""
    try:
        return datetime.strptime(raw.strip().split()[0], "%d-%b-%Y").date().isoformat()
    except (ValueError, IndexError):
        return None


def _sgml_text(raw: str) -> str:
    """Element text with SGML entities decoded and control characters removed."""
    return _SGML_CONTROL.sub("", html.unescape(raw)).strip()


def read_reuters_sgml(
    data: bytes, name: str, options: ReadOptions, settings: Settings
) -> Iterator[Article | InputError]:
    """Each ``<REUTERS>`` story with a body as one dated article (the file is latin-1)."""
    found = 0
    line = 1
    last = 0
    for match in _REUTERS.finditer(data):
        line += data.count(b"\n", last, match.start())
        last = match.start()
        found += 1
        newid = _NEWID.search(match.group(1))
        story = match.group(2).decode("latin-1")
        body = _TAG["BODY"].search(story)
        if body is None:
            continue  # Brief items carry a title only: nothing to code.
        if options.reuters_topics is not None and not _topics_within(story,
                                                                     options.reuters_topics):
            continue
        title = _TAG["TITLE"].search(story)
        date = _TAG["DATE"].search(story)
        text = _sgml_text(body.group(1))
        doc_id = f"reuters-{newid.group(1).decode()}" if newid else f"{Path(name).stem}:{line}"
        try:
            check_text(text, settings, options.check_language)
        except Refused as exc:
            yield InputError(name, line, str(exc))
            continue
        yield Article(
            text=text,
            id=doc_id,
            published=(_reuters_date(date.group(1)) if date else None) or options.published,
            title=_sgml_text(title.group(1)) if title else None,
            url=f"reuters21578:{doc_id}",
        )
    if not found:
        yield InputError(name, None, "no <REUTERS> stories found: not a Reuters-21578 SGML file")


def _topics_within(story: str, allowed: frozenset[str]) -> bool:
    """Whether a story carries topics and every one of them is allowed."""
    found = _TAG["TOPICS"].search(story)
    topics = set(_TOPIC.findall(found.group(1))) if found else set()
    return bool(topics) and topics <= allowed


def article_source(article: Article, origin: str, default: str | None = None) -> str:
    """Who published the article: the URL's host (or scheme for citations), else the input."""
    if default:
        return default
    url = article.url or ""
    if "://" in url:
        host = url.split("://", 1)[1].split("/", 1)[0].lower()
        return host.removeprefix("www.")
    if ":" in url:
        return url.split(":", 1)[0]
    return origin
