"""Tests for dotterel.inputs.readers: text, JSONL and stdin inputs, and every kind of bad input."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from dotterel import Article, Settings
from dotterel.inputs.readers import (
    InputError,
    language_problem,
    looks_binary,
    parse_published,
    read_inputs,
)

ENGLISH = (
    "The foreign minister said on Tuesday that the government would not accept the proposal, "
    "which was put forward by the opposition last week. Officials in the capital told reporters "
    "that talks with the rebels had stalled because neither side was willing to give ground on "
    "the question of elections. Police were deployed across the city after thousands of people "
    "marched to the parliament building to demand the release of detained activists."
)

# Written for these tests: one news paragraph in each language, to calibrate the English check.
FOREIGN = {
    "fr": "Le ministre des affaires étrangères a déclaré mardi que le gouvernement n'accepterait "
    "pas la proposition présentée par l'opposition la semaine dernière. Des responsables dans la "
    "capitale ont indiqué aux journalistes que les pourparlers avec les rebelles étaient au point "
    "mort, car aucune des deux parties ne voulait céder sur la question des élections.",
    "de": "Der Außenminister sagte am Dienstag, die Regierung werde den Vorschlag nicht annehmen, "
    "den die Opposition in der vergangenen Woche vorgelegt hatte. Beamte in der Hauptstadt "
    "erklärten Journalisten, die Gespräche mit den Rebellen seien ins Stocken geraten, weil keine "
    "Seite bei der Frage der Wahlen nachgeben wolle.",
    "es": "El ministro de asuntos exteriores dijo el martes que el gobierno no aceptaría la "
    "propuesta presentada por la oposición la semana pasada. Funcionarios en la capital dijeron a "
    "los periodistas que las conversaciones con los rebeldes se habían estancado porque ninguna "
    "de las partes estaba dispuesta a ceder en la cuestión de las elecciones.",
    "it": "Il ministro degli esteri ha dichiarato martedì che il governo non accetterà la proposta "
    "presentata dall'opposizione la settimana scorsa. Alcuni funzionari nella capitale hanno "
    "detto ai giornalisti che i colloqui con i ribelli si sono arenati perché nessuna delle due "
    "parti era disposta a cedere sulla questione delle elezioni.",
    "pt": "O ministro dos negócios estrangeiros disse na terça-feira que o governo não aceitaria a "
    "proposta apresentada pela oposição na semana passada. Funcionários na capital disseram aos "
    "jornalistas que as conversações com os rebeldes estavam paradas porque nenhuma das partes "
    "estava disposta a ceder na questão das eleições.",
    "nl": "De minister van buitenlandse zaken zei dinsdag dat de regering het voorstel dat de "
    "oppositie vorige week had ingediend niet zou aanvaarden. Ambtenaren in de hoofdstad "
    "vertelden journalisten dat de gesprekken met de rebellen waren vastgelopen omdat geen van "
    "beide partijen bereid was toe te geven op de kwestie van de verkiezingen.",
    "id": "Menteri luar negeri mengatakan pada hari Selasa bahwa pemerintah tidak akan menerima "
    "usulan yang diajukan oleh pihak oposisi pekan lalu. Para pejabat di ibu kota mengatakan "
    "kepada wartawan bahwa pembicaraan dengan pemberontak terhenti karena tidak ada pihak yang "
    "bersedia mengalah dalam masalah pemilihan umum.",
    "tr": "Dışişleri bakanı salı günü yaptığı açıklamada hükümetin muhalefetin geçen hafta "
    "sunduğu teklifi kabul etmeyeceğini söyledi. Başkentteki yetkililer gazetecilere "
    "isyancılarla yapılan görüşmelerin iki tarafın da seçimler konusunda geri adım atmaya "
    "yanaşmaması nedeniyle tıkandığını söyledi. Binlerce kişinin tutuklu aktivistlerin serbest "
    "bırakılmasını talep etmek için meclis binasına yürümesinin ardından polis şehrin her yerine "
    "konuşlandırıldı.",
    "sw": "Waziri wa mambo ya nje alisema Jumanne kwamba serikali haitakubali pendekezo "
    "lililowasilishwa na upinzani wiki iliyopita. Maafisa katika mji mkuu waliwaambia waandishi "
    "wa habari kwamba mazungumzo na waasi yamekwama kwa sababu hakuna upande uliokuwa tayari "
    "kulegeza msimamo kuhusu suala la uchaguzi.",
    "ru": "Министр иностранных дел заявил во вторник, что правительство не примет предложение, "
    "выдвинутое оппозицией на прошлой неделе.",
    "zh": "外交部长星期二表示，政府不会接受反对派上周提出的建议。与叛乱分子的谈判陷入僵局。",
}

ENGLISH_OK = {
    "news": ENGLISH,
    "terse": "Oil prices rose sharply Monday. Brent crude futures gained 3 percent to 84 dollars "
    "a barrel, traders said. OPEC output cuts, strong Chinese demand, falling US inventories and "
    "a weaker dollar supported prices. Analysts expect further gains. Shares of major producers "
    "including Exxon, Chevron, BP and Shell climbed. Markets in Tokyo, Hong Kong, London and "
    "Frankfurt closed higher. Gold fell slightly. Copper steady.",
    "figures": "Qtr net profit 41.2 mln dlrs vs 37.9 mln\n Shr 88 cts vs 81 cts\n Revs 1.42 "
    "billion vs 1.31 billion\n Nine mths shr 2.41 dlrs vs 2.20\n Net 118.5 mln vs 107.3 mln\n "
    "Revs 4.05 billion vs 3.77 billion\n Avg shrs 47.1 mln vs 46.8 mln\n Div 22 cts vs 20 cts",
    "short headline": "Putin, Erdogan meet in Sochi; Idlib ceasefire talks end without deal",
    "short sentence": "Rebels shelled Rastan overnight, killing four civilians.",
    "short foreign names": "Gespräche in Genf: Lavrov, Kerry, de Mistura, Zarif, Cavusoglu.",
}


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    """Write a file for a test and return its path as a string."""
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def one(paths: list[str], **kwargs: object) -> Article | InputError:
    """The single item read from the inputs."""
    items = list(read_inputs(paths, **kwargs))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def test_text_file_is_one_article(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", ENGLISH)
    article = one([path], published="2011-08-30")
    assert article == Article(text=ENGLISH, id="story", published="2011-08-30")


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    article = one([write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + ENGLISH.encode())])
    assert isinstance(article, Article) and article.text == ENGLISH


@pytest.mark.parametrize(
    ("name", "data", "settings", "message"),
    [
        ("empty.txt", b"", Settings(), "empty file"),
        ("blank.txt", b"  \n\t\n", Settings(), "empty file"),
        ("empty.jsonl", b"", Settings(), "empty file"),
        ("blank.jsonl", b"\n\n", Settings(), "empty file: no JSONL records"),
        ("nul.txt", b"PK\x03\x04\x00\x00" + b"x" * 100, Settings(), "binary file"),
        ("control.bin", bytes(range(1, 9)) * 100, Settings(), "binary file"),
        ("nul.jsonl", b'{"text": "a"}\n\x00\x00\x00', Settings(), "binary file"),
        ("latin1.txt", "Café au lait".encode("latin-1"), Settings(), "byte offset 3"),
        ("bad.txt", b"Hello world \xff more", Settings(), "invalid UTF-8 at byte offset 12"),
        ("long.txt", ENGLISH[:150], Settings(max_chars=100), "text too long"),
        ("big.txt", ENGLISH, Settings(max_chars=100), "file too large: 4"),
        ("french.txt", FOREIGN["fr"], Settings(), "not English"),
        ("russian.txt", FOREIGN["ru"], Settings(), "Latin script"),
    ],
)
def test_bad_file_gives_input_error(
    tmp_path: Path, name: str, data: bytes | str, settings: Settings, message: str
) -> None:
    path = write(tmp_path, name, data)
    error = one([path], settings=settings)
    assert isinstance(error, InputError)
    assert error.path == path and error.line is None
    assert message in error.message
    assert str(error) == f"{path}: {error.message}"


@pytest.mark.parametrize(("name", "message"), [("missing.txt", "no such file"), ("", "directory")])
def test_missing_file_and_directory(tmp_path: Path, name: str, message: str) -> None:
    error = one([str(tmp_path / name) if name else str(tmp_path)])
    assert isinstance(error, InputError) and message in error.message


def test_huge_file_is_refused_by_size_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.write(ENGLISH.encode() * 50)
        fh.truncate(50 * 1024 * 1024)  # sparse: instant to create
    start = time.perf_counter()
    error = one([str(path)])
    assert time.perf_counter() - start < 0.5
    assert isinstance(error, InputError)
    assert error.path == str(path) and "file too large" in error.message
    assert "52,428,800 bytes" in error.message


def test_one_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.txt", b"\x00\x01")
    good = write(tmp_path, "good.txt", ENGLISH)
    items = list(read_inputs([bad, good]))
    assert [type(i) for i in items] == [InputError, Article]
    assert isinstance(items[1], Article) and items[1].id == "good"


def test_jsonl_lines_each_give_an_article_or_an_error(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "text": ENGLISH, "published": "2020-01-02", "title": "T"}),
        '{"id": "a2", "text": ',
        json.dumps({"id": "a3"}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": ENGLISH}),
        json.dumps({"id": "a7", "text": ENGLISH, "published": "yesterday"}),
        json.dumps({"id": "a8", "text": FOREIGN["de"]}),
        json.dumps(
            {
                "id": 9,
                "text": ENGLISH,
                "dateCreated": "2017-07-18T10:00:00Z",
                "sourceURL": "https://example.org/9",
            }
        ),
        json.dumps({"id": "a10", "text": 5}),
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    items = list(read_inputs([path], published="2011-08-30"))
    got = [
        (i.id, i.published) if isinstance(i, Article) else (i.line, i.message.split(":")[0])
        for i in items
    ]
    assert got == [
        ("a1", "2020-01-02"),
        (2, "malformed JSON"),
        (3, 'record has no "text"'),
        (5, "expected a JSON object, got list"),
        ("batch:6", "2011-08-30"),
        (7, '"published"'),
        (8, "not English"),
        ("9", "2017-07-18"),
        (10, '"text" must be a string, got int'),
    ]
    first, ninth = items[0], items[7]
    assert isinstance(first, Article) and first.title == "T"
    assert isinstance(ninth, Article) and ninth.url == "https://example.org/9"
    assert str(items[1]).startswith(f"{path}:2: malformed JSON")


def test_jsonl_invalid_utf8_names_line_and_offset(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": ENGLISH}).encode()
    path = write(tmp_path, "mixed.jsonl", good + b'\n{"text": "caf\xe9"}\n' + good + b"\n")
    items = list(read_inputs([path]))
    assert [type(i) for i in items] == [Article, InputError, Article]
    assert str(items[1]) == f"{path}:2: " + items[1].message  # type: ignore[union-attr]
    assert "invalid UTF-8 at byte offset 13" in items[1].message  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ENGLISH.encode(), [("stdin", None)]),
        (b"\n" + json.dumps({"text": ENGLISH}).encode() + b"\n{bad\n", [("stdin:2", None), 3]),
        (b"", ["empty input"]),
        (b"\xff\xfe\x00h\x00i", ["binary"]),
    ],
)
def test_stdin_text_or_jsonl(data: bytes, expected: list[object]) -> None:
    items = list(read_inputs(["-"], stdin=io.BytesIO(data)))
    got: list[object] = []
    for item, want in zip(items, expected, strict=True):
        if isinstance(item, Article):
            got.append((item.id, item.published))
        elif isinstance(want, int):
            got.append(item.line)
        else:
            assert item.path == "<stdin>"
            got.append(next(w for w in [want] if isinstance(w, str) and w in item.message))
    assert got == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2011-08-30", "2011-08-30"),
        (" 2011-08-30 ", "2011-08-30"),
        ("2011-08-30T10:00:00", "2011-08-30"),
        ("2011-08-30T10:00:00Z", "2011-08-30"),
        ("2011-08-30T10:00:00+02:00", "2011-08-30"),
        ("30/08/2011", None),
        ("2011-13-01", None),
        ("August 30", None),
    ],
)
def test_parse_published(value: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(ValueError, match="not an ISO date"):
            parse_published(value)
    else:
        assert parse_published(value) == expected


def test_invalid_default_published_raises_before_reading() -> None:
    with pytest.raises(ValueError, match="not an ISO date"):
        list(read_inputs(["does-not-matter.txt"], published="30.08.2011"))


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_foreign_languages_are_refused(lang: str) -> None:
    problem = language_problem(FOREIGN[lang])
    assert problem is not None and problem.startswith("not English")


@pytest.mark.parametrize("name", sorted(ENGLISH_OK))
def test_english_and_short_texts_are_accepted(name: str) -> None:
    assert language_problem(ENGLISH_OK[name]) is None


@pytest.mark.parametrize(
    ("head", "binary"),
    [(b"", False), (b"plain text\n\ttabs\r\n", False), (b"a\x00b", True), (b"\x1b" * 10, True)],
)
def test_looks_binary(head: bytes, binary: bool) -> None:
    assert looks_binary(head) is binary


def test_check_language_can_be_turned_off(tmp_path: Path) -> None:
    path = write(tmp_path, "fr.txt", FOREIGN["fr"])
    assert isinstance(one([path], check_language=False), Article)


def test_reads_the_shared_wikinews_corpus(shared_data: Path) -> None:
    path = shared_data / "corpora" / "wikinews" / "gum_wikinews_news.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    items = list(read_inputs([str(path)]))
    errors = [str(i) for i in items if isinstance(i, InputError)]
    assert errors == []
    assert all(isinstance(i, Article) and i.published and i.url for i in items)
    assert len(items) >= 20
