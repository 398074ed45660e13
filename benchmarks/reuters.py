"""A small reader for Reuters-21578 SGML (read as latin-1; not valid XML) into articles."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from dotterel import Article

_BLOCK = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _field(block: str, tag: str) -> str | None:
    """The unescaped text of the first ``<tag>`` in a block, or None."""
    m = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
    if m is None:
        return None
    return _CONTROL.sub("", html.unescape(m.group(1))).strip()


def _paragraphs(body: str) -> str:
    """Join wrapped lines; an indented line starts a new paragraph."""
    paras = re.split(r"\n[ \t]+", body)
    return "\n".join(re.sub(r"\s*\n\s*", " ", p).strip() for p in paras if p.strip())


def _iso_date(raw: str | None) -> str | None:
    """``26-FEB-1987 15:01:01.79`` as ``1987-02-26``."""
    if not raw:
        return None
    try:
        return datetime.strptime(raw.split()[0], "%d-%b-%Y").date().isoformat()
    except ValueError:
        return None


def read_reuters(folder: Path, limit: int | None = None) -> Iterator[Article]:
    """Articles with a body from ``reut2-*.sgm`` files, in file order, at most ``limit``."""
    count = 0
    for path in sorted(folder.glob("reut2-*.sgm")):
        text = path.read_text(encoding="latin-1")
        for m in _BLOCK.finditer(text):
            body = _field(m.group(2), "BODY")
            if not body:
                continue
            newid = _NEWID.search(m.group(1))
            yield Article(
                text=_paragraphs(body.removesuffix("Reuter").strip()),
                id=f"reuters-{newid.group(1) if newid else count}",
                published=_iso_date(_field(m.group(2), "DATE")),
                title=_field(m.group(2), "TITLE"),
            )
            count += 1
            if limit is not None and count >= limit:
                return
