"""Tests for dotterel.inputs.sources: each corpus reader, gzip, directory walks and bad files."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from dotterel import Article
from dotterel.inputs.readers import InputError
from dotterel.inputs.sources import ReadOptions, article_source, expand_paths, read_sources

STORY = (
    "Russia urged Syria on Friday to stop the attacks on protesters and to open talks "
    "with the opposition, the foreign ministry in Moscow said."
)
PAGE = f"""<html><head><title>Talks stall</title>
<meta property="article:published_time" content="2011-09-02T08:00:00Z">
<link rel="canonical" href="https://news.example.org/2011/09/02/talks"></head>
<body><nav>Home | World | Sport</nav><article><h1>Talks stall</h1>
<p>{STORY}</p>
<p>The United States accused the Syrian government of killing hundreds of civilians during
the past month and called for new sanctions against the leadership in Damascus.</p>
<p>Diplomats said the negotiations would continue next week, although few of them expected
any agreement before the end of the month.</p></article><footer>Copyright</footer></body></html>
"""
SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="NO" NEWID="7">
<DATE> 3-MAR-1987 09:15:00.00</DATE>
<TEXT>&#2;
<TITLE>FRANCE, GERMANY SIGN PACT</TITLE>
<BODY>France and Germany signed a trade agreement in Paris on Tuesday, officials said &lt;AFP&gt;.
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="8">
<DATE> 4-MAR-1987 10:00:00.00</DATE>
<TEXT TYPE="BRIEF"><TITLE>SHORT ITEM WITH NO BODY</TITLE></TEXT>
</REUTERS>
"""


def read(tmp_path: Path, name: str, data: bytes | str, **options: object) -> list:
    """Write one input file and read it back."""
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return [item for _, item in read_sources([str(path)], ReadOptions(**options))]  # type: ignore[arg-type]


def test_plain_text_is_one_article(tmp_path: Path) -> None:
    [article] = read(tmp_path, "story.txt", STORY, published="2011-09-02")
    assert article == Article(STORY, "story", "2011-09-02")


def test_jsonl_lines_are_articles(tmp_path: Path) -> None:
    items = read(tmp_path, "feed.jsonl", f'{{"id": "a", "text": "{STORY}"}}\n{{"text": 3}}\n')
    assert isinstance(items[0], Article) and items[0].id == "a"
    assert isinstance(items[1], InputError) and items[1].line == 2


@pytest.mark.parametrize(
    ("header", "options", "expect_id", "expect_date"),
    [
        ("id,text,published", {}, "x1", "2011-09-02"),
        (
            "key,body,day",
            {"text_column": "body", "id_column": "key", "date_column": "day"},
            "x1",
            "2011-09-02",
        ),
        (
            "key,body,day",
            {"text_column": "body", "id_column": None, "date_column": None},
            "feed:2",
            None,
        ),
    ],
)
def test_csv_columns_are_chosen_by_options(
    tmp_path: Path, header: str, options: dict, expect_id: str, expect_date: str | None
) -> None:
    [article] = read(tmp_path, "feed.csv", f'{header}\nx1,"{STORY}",2011-09-02\n', **options)
    assert (article.text, article.id, article.published) == (STORY, expect_id, expect_date)


def test_csv_without_the_text_column_names_it(tmp_path: Path) -> None:
    [error] = read(tmp_path, "feed.csv", "a,b\n1,2\n")
    assert isinstance(error, InputError) and "'text'" in error.message and error.line == 1


def test_html_main_text_and_date(tmp_path: Path) -> None:
    [article] = read(tmp_path, "page.html", PAGE)
    assert STORY in article.text and "Home | World" not in article.text
    assert article.published == "2011-09-02"
    assert article.url == "https://news.example.org/2011/09/02/talks"


@pytest.mark.parametrize("name", ["story.txt.gz", "feed.jsonl.gz", "page.html.gz"])
def test_gzip_is_read_by_the_inner_suffix(tmp_path: Path, name: str) -> None:
    inner = {
        "story.txt.gz": STORY,
        "feed.jsonl.gz": f'{{"text": "{STORY}"}}\n',
        "page.html.gz": PAGE,
    }[name]
    [article] = read(tmp_path, name, gzip.compress(inner.encode()))
    assert STORY in article.text


def test_corrupt_gzip_is_an_error(tmp_path: Path) -> None:
    [error] = read(tmp_path, "story.txt.gz", b"not gzip at all")
    assert isinstance(error, InputError) and "story.txt.gz" in error.path


def test_reuters_sgml_stories_are_dated_articles(tmp_path: Path) -> None:
    items = read(tmp_path, "reut2-x.sgm", SGML.encode("latin-1"))
    [article] = items  # the brief item without a body is passed over
    assert article.id == "reuters-7" and article.published == "1987-03-03"
    assert article.text.endswith("officials said <AFP>.")
    assert article.title == "FRANCE, GERMANY SIGN PACT"


TOPICAL = """<REUTERS TOPICS="YES" NEWID="1">
<DATE> 3-MAR-1987 09:15:00.00</DATE><TOPICS><D>earn</D></TOPICS>
<TEXT><BODY>Acme Corp said first-quarter net profit rose 12 pct.</BODY></TEXT></REUTERS>
<REUTERS TOPICS="YES" NEWID="2">
<DATE> 3-MAR-1987 09:16:00.00</DATE><TOPICS><D>acq</D><D>trade</D></TOPICS>
<TEXT><BODY>Officials said the trade dispute delayed the takeover.</BODY></TEXT></REUTERS>
<REUTERS TOPICS="NO" NEWID="3">
<DATE> 3-MAR-1987 09:17:00.00</DATE><TOPICS></TOPICS>
<TEXT><BODY>A story that carries no topics at all.</BODY></TEXT></REUTERS>
"""


def test_reuters_stories_can_be_kept_by_their_topics(tmp_path: Path) -> None:
    everything = read(tmp_path, "t.sgm", TOPICAL, check_language=False)
    assert [a.id for a in everything] == ["reuters-1", "reuters-2", "reuters-3"]
    economic = read(tmp_path, "t.sgm", TOPICAL, check_language=False,
                    reuters_topics=frozenset({"earn", "acq"}))
    # Only stories whose every topic is allowed; none without topics.
    assert [a.id for a in economic] == ["reuters-1"]


def test_sgml_without_stories_is_an_error(tmp_path: Path) -> None:
    [error] = read(tmp_path, "x.sgm", "<html>nothing</html>")
    assert isinstance(error, InputError) and "REUTERS" in error.message


def test_directories_are_walked_recursively(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "one.txt").write_text(STORY)
    (tmp_path / "a" / "two.txt").write_text(STORY + " Again.")
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "a" / ".hidden.txt").write_text(STORY)
    found = [Path(p).name for p in expand_paths([str(tmp_path / "a")])]
    assert found == ["two.txt", "one.txt"] or sorted(found) == ["one.txt", "two.txt"]
    assert len(list(read_sources([str(tmp_path / "a")]))) == 2


@pytest.mark.parametrize(
    ("url", "origin", "default", "expected"),
    [
        ("https://www.example.org/x", "f.jsonl", None, "example.org"),
        ("reuters21578:reuters-7", "r.sgm", None, "reuters21578"),
        (None, "dir/f.txt", None, "dir/f.txt"),
        ("https://example.org/x", "f", "AFP", "AFP"),
    ],
)
def test_article_source(url: str | None, origin: str, default: str | None, expected: str) -> None:
    assert article_source(Article(STORY, url=url), origin, default) == expected


def test_real_reuters_file(shared_data: Path) -> None:
    path = shared_data / "corpora" / "reuters21578" / "reut2-000.sgm"
    items = [item for _, item in read_sources([str(path)])]
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) > 800
    assert all(a.published and a.published.startswith("1987-") for a in articles)
    assert articles[0].id == "reuters-1" and "cocoa" in articles[0].text
