"""Tests for the knowledge base loader and the bundled data files."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SHARED_DATA
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from dotterel.knowledge.loader import (
    Entity,
    KnowledgeError,
    load_knowledge,
    normalize,
)
from dotterel.knowledge.petrarch import load_petrarch_actors
from dotterel.settings import Settings

PHOENIX = SHARED_DATA / "petrarch"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(Settings())


def test_bundled_sizes(kb) -> None:
    assert len(kb.countries) >= 197
    assert len({region for _, region in kb.regions}) >= 150
    assert {"PSE", "TWN", "XKX", "USA", "GBR"} <= set(kb.countries)
    assert len(kb.sectors) >= 150
    assert kb.max_name_words >= 5
    assert kb.max_sector_words >= 2
    assert kb.goldstein  # cameo.tsv is bundled alongside


@pytest.mark.parametrize(
    ("text", "name", "country", "sector", "kind"),
    [
        ("Moscow", "Moscow", "RUS", "GOV", "capital"),
        ("the Kremlin", "Kremlin", "RUS", "GOV", "metonym"),
        ("The  Pentagon", "Pentagon", "USA", "MIL", "metonym"),
        ("U.S.", "United States", "USA", None, "country"),
        ("US", "United States", "USA", None, "country"),
        ("America", "United States", "USA", None, "country"),
        ("UK", "United Kingdom", "GBR", None, "country"),
        ("Côte d’Ivoire", "Ivory Coast", "CIV", None, "country"),
        ("Syrian", "Syria", "SYR", None, "demonym"),
        ("Britons", "United Kingdom", "GBR", None, "demonym"),
        ("Kiev", "Kyiv", "UKR", "GOV", "capital"),
        ("UN Security Council", "UN Security Council", "UNO", "GOV", "org"),
        ("NATO", "NATO", "IGO", "MIL", "org"),
        ("Hezbollah", "Hezbollah", "LBN", "REB", "org"),
        ("ISIS", "Islamic State", "IMG", "REB", "org"),
        ("WHO", "World Health Organization", "UNO", "MED", "org"),
        ("Reuters", "Reuters", "GBR", "JRN", "media"),
        ("Xinhua", "Xinhua", "CHN", "JRN", "media"),
    ],
)
def test_lookup(kb, text: str, name: str, country: str, sector: str | None, kind: str) -> None:
    hits = kb.lookup(text)
    assert Entity(name, country, sector, kind) in [
        Entity(e.name, e.country, e.sector, e.kind) for e in hits
    ]


@pytest.mark.parametrize("text", ["us", "Us", "who", "is", "nothing like this"])
def test_short_acronyms_need_capitals(kb, text: str) -> None:
    assert kb.lookup(text) == ()


@pytest.mark.parametrize(
    ("on", "sector", "office"),
    [
        ("2011-08-30", "GOV", "president"),
        ("2011-08-30T12:00:00Z", "GOV", "president"),
        ("2020-01-01", "GOV", "prime minister"),
    ],
)
def test_office_holder_by_date(kb, on: str, sector: str, office: str) -> None:
    (medvedev,) = kb.lookup("Medvedev", on=on)
    assert (medvedev.country, medvedev.sector, medvedev.office) == ("RUS", sector, office)


def test_former_office_holder_becomes_elite(kb) -> None:
    (obama,) = kb.lookup("Obama", on="2020-06-01")
    assert (obama.country, obama.sector) == ("USA", "ELI")
    # Before any office: still an American, but no sector from an office not yet held.
    (young,) = kb.lookup("Obama", on="1990-01-01")
    assert (young.country, young.sector, young.office) == ("USA", None, None)
    assert len(kb.lookup("Obama")) == 1


@pytest.mark.parametrize(
    ("phrase", "sector"),
    [
        ("security force", "COP"),
        ("Security  Force", "COP"),
        ("police", "COP"),
        ("rebel", "REB"),
        ("prime minister", "GOV"),
        ("protester", "CVL"),
        ("refugee", "REF"),
        ("helicopter gunship", "MIL"),
        ("artillery", "MIL"),
        ("no such thing", None),
    ],
)
def test_sector_of(kb, phrase: str, sector: str | None) -> None:
    assert kb.sector_of(phrase) == sector


@pytest.mark.parametrize(
    ("cameo", "quad"),
    [("010", 1), ("057", 1), ("06", 2), ("0874", 2), ("090", 3), ("138", 3), ("14", 4), ("204", 4)],
)
def test_quad_class(kb, cameo: str, quad: int) -> None:
    assert kb.quad_class(cameo) == quad


def test_quad_class_rejects_non_cameo(kb) -> None:
    with pytest.raises(ValueError):
        kb.quad_class("21")


def test_country_name(kb) -> None:
    assert kb.country_name("DEU") == "Germany"
    assert kb.country_name("ZZZ") is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The  White\tHouse", "white house"),
        ("Côte d’Ivoire", "côte d'ivoire"),
        ("Theresa May", "theresa may"),
    ],
)
def test_normalize(text: str, key: str) -> None:
    assert normalize(text) == key


# ---------------------------------------------------------------- user files and validation

CAMEO = "code\tgoldstein\n090\t-2.0\n0874\t10.0\n"
TRIGGER = '- id: test.urge\n  lemma: Urge\n  type: REQUEST\n  cameo: "090"\n  recipient: [dobj]\n'


def _write(folder: Path, files: dict[str, str]) -> Settings:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return Settings(knowledge_dir=folder)


def test_knowledge_dir_adds_rows(tmp_path: Path) -> None:
    settings = _write(
        tmp_path,
        {
            "metonyms.tsv": "text\tcountry\tsector\nBlue Palace\tRUS\tMIL\n",
            "sectors.tsv": "term\tsector\npolice\tMIL\nwarlord\tUAF\n",
            "cameo.tsv": CAMEO,
            "triggers.yaml": TRIGGER,
            "offices.tsv": "Jane Roe\tRoe\tFRA\tGOV\tmayor\t2001-01-01\n",
        },
    )
    kb = load_knowledge(settings)
    assert kb.lookup("blue palace")[0].sector == "MIL"
    assert kb.sector_of("warlord") == "UAF"
    assert kb.sector_of("police") == "MIL"  # later rows win
    (trigger,) = [t for t in kb.triggers["urge"] if t.id == "test.urge"]
    assert (trigger.type, trigger.cameo, trigger.recipient, trigger.pos) == (
        "REQUEST",
        "090",
        ("dobj",),
        "VERB",
    )
    (roe,) = kb.lookup("Roe", on="2020-01-01")
    assert (roe.sector, roe.end) == ("GOV", None)


def test_extra_files_by_header_and_shape(tmp_path: Path) -> None:
    orgs = tmp_path / "mine.tsv"
    orgs.write_text("name\taliases\tcountry\tsector\tkind\nBlue Front\tBF\tMLI\tREB\torg\n")
    trig = tmp_path / "more.yml"
    trig.write_text(TRIGGER.replace("test.urge", "test.more"))
    dates = tmp_path / "d.yaml"
    dates.write_text("weekdays: [funday]\n")
    cameo = tmp_path / "cameo.tsv"
    cameo.write_text(CAMEO)
    kb = load_knowledge(Settings(extra_files=(cameo, orgs, trig, dates)))
    assert kb.lookup("Blue Front")[0].country == "MLI"
    assert any(t.id == "test.more" for t in kb.triggers["urge"])
    assert "funday" in kb.dates.weekdays


def test_date_words_of_the_wrong_shape_are_refused(tmp_path: Path) -> None:
    dates = tmp_path / "d.yaml"
    dates.write_text("relative_days: {yesterday: soon}\n")
    with pytest.raises(KnowledgeError, match="dates: a value has the wrong shape"):
        load_knowledge(Settings(extra_files=(dates,)))


BAD_CASES = [
    (
        "countries.tsv",
        "code\tname\taliases\tdemonyms\tcapital\tlat\tlon\nZZ\tNowhere\t\t\t\t\t\n",
        2,
        "country code",
    ),
    ("countries.tsv", "ZZZ\tNowhere\t\t\t\t95\t0\n", 1, "latitude"),
    ("metonyms.tsv", "text\tcountry\tsector\n# note\nBig House\tQQQ\tGOV\n", 3, "unknown country"),
    ("metonyms.tsv", "Big House\tRUS\tXYZ\n", 1, "unknown sector"),
    ("metonyms.tsv", "Big House\tRUS\n", 1, "expected 3"),
    ("organisations.tsv", "A\t\tRUS\tGOV\torg\textra\n", 1, "expected 5"),
    ("organisations.tsv", "A\t\tRUS\tGOV\tclub\n", 1, "bad kind"),
    ("sectors.tsv", "term\tsector\n\nwarlord\tWAR\n", 3, "unknown sector"),
    ("offices.tsv", "A\t\tRUS\tGOV\tboss\t2001-13-01\t\n", 1, "bad start date"),
    ("offices.tsv", "A\t\tRUS\tGOV\tboss\t2001-01-01\t2000-01-01\n", 1, "before start"),
    ("cameo.tsv", "code\tgoldstein\n090\tlots\n", 2, "Goldstein"),
    ("cameo.tsv", "9x\t1.0\n", 1, "CAMEO code"),
    ("regions.tsv", "name\taliases\tcountry\tlat\tlon\nUplands\t\tQQQ\t1\t2\n", 2,
     "unknown country"),
    ("regions.tsv", "Uplands\t\tIGO\t1\t2\n", 1, "a region lies in a country"),
    ("regions.tsv", "Uplands\t\tRUS\t1\t200\n", 1, "longitude"),
    ("regions.tsv", "\t\tRUS\t1\t2\n", 1, "empty region name"),
    (
        "triggers.yaml",
        TRIGGER + "- id: t2\n  lemma: x\n  type: GRUMBLE\n  cameo: '090'\n",
        8,
        "unknown PLOVER type",
    ),
    (
        "triggers.yaml",
        TRIGGER + '- id: t2\n  lemma: x\n  type: ACCUSE\n  cameo: "999"\n',
        9,
        "not in cameo.tsv",
    ),
    (
        "triggers.yaml",
        TRIGGER + "- id: t2\n  lemma: x\n  type: ACCUSE\n  cameo: 90\n",
        9,
        "must be a string",
    ),
    ("triggers.yaml", TRIGGER + TRIGGER, 6, "duplicate trigger id"),
    (
        "triggers.yaml",
        TRIGGER + "- id: t2\n  lemma: x\n  type: ACCUSE\n  cameo: '090'\n  actor_object: maybe\n",
        10,
        "true or false",
    ),
    (
        "triggers.yaml",
        TRIGGER + "- id: t2\n  lemma: x\n  type: ACCUSE\n  cameo: '090'\n  colour: red\n",
        10,
        "unknown trigger key",
    ),
    ("triggers.yaml", TRIGGER + "- id: t2\n  lemma: x\n  lemma: y\n", 8, "duplicate key"),
    ("triggers.yaml", TRIGGER + "- id: t2\n  lemma: [x\n", 8, "bad YAML"),
    ("triggers.yaml", TRIGGER + "- id: t2\n  type: ACCUSE\n  cameo: '090'\n", 6, "needs 'lemma'"),
    ("triggers.yaml", "id: t1\n", 1, "must be a list"),
    ("dates.yaml", "- monday\n", 1, "must be a mapping"),
]


@pytest.mark.parametrize(("name", "text", "line", "message"), BAD_CASES)
def test_validation_errors_name_file_and_line(
    tmp_path: Path, name: str, text: str, line: int, message: str
) -> None:
    files = {"cameo.tsv": CAMEO} if name != "cameo.tsv" else {}
    settings = _write(tmp_path, {**files, name: text})
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(settings)
    assert str(err.value).startswith(f"{tmp_path / name}:{line}: ")
    assert message in str(err.value)
    assert err.value.line == line


# ---------------------------------------------------------------- per-type trigger files

TYPED = '- id: t.plead\n  lemma: beseech\n  cameo: "090"\n'


def _folder(root: Path, files: dict[str, str]) -> Settings:
    (root / "triggers").mkdir()
    for name, text in files.items():
        (root / "triggers" / name).write_text(text, encoding="utf-8")
    (root / "cameo.tsv").write_text(CAMEO, encoding="utf-8")
    return Settings(knowledge_dir=root)


def test_bundled_triggers_are_split_by_type() -> None:
    from dotterel.knowledge.loader import bundled_data_dir
    from dotterel.records import PLOVER_TYPES

    folder = bundled_data_dir() / "triggers"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{t.lower()}.yaml" for t in PLOVER_TYPES)
    assert not (bundled_data_dir() / "triggers.yaml").exists()


def test_per_type_files_fill_type_and_defaults(tmp_path: Path) -> None:
    kb = load_knowledge(_folder(tmp_path, {"request.yaml": TYPED}))
    (entry,) = kb.triggers["beseech"]
    assert (entry.type, entry.pos, entry.mode, entry.particle, entry.objects,
            entry.recipient, entry.actor_object) == ("REQUEST", "VERB", None, None, (), (), False)


def test_ties_follow_priority_source_then_type_order(kb, tmp_path: Path) -> None:
    ids = [t.id for t in kb.triggers["begin"]]
    # "began a strike": both take "strike"; PROTEST comes before ASSAULT in TYPE_TIE_ORDER.
    assert ids.index("protest.begin_strike") < ids.index("assault.begin_attack")
    # "froze funds": COERCE would follow SANCTION, but freeze_assets carries priority 1.
    ids = [t.id for t in kb.triggers["freeze"]]
    assert ids.index("sanction.freeze_assets") < ids.index("sanction.freeze_aid")
    # A user's entry comes after the bundled ones of its lemma, unless it has a priority.
    kb2 = load_knowledge(_folder(tmp_path, {
        "agree.yaml": '- id: t.begin\n  lemma: begin\n  cameo: "090"\n  objects: [strike]\n'
                      '- id: t.begin2\n  lemma: begin\n  cameo: "090"\n  objects: [strike]\n'
                      '  priority: 1\n'}))
    ids = [t.id for t in kb2.triggers["begin"]]
    assert ids[0] == "t.begin2" and ids[-1] == "t.begin"


TYPED_BAD_CASES = [
    ({"request.yaml": TYPED + "- id: t2\n  lemma: x\n  cameo: '090'\n  colour: red\n"},
     "request.yaml", 7, "unknown trigger key 'colour'"),
    ({"request.yaml": TYPED + "- id: t2\n  lemma: x\n  type: ACCUSE\n  cameo: '090'\n"},
     "request.yaml", 6, "contradicts the file"),
    ({"accuse.yaml": "- id: t.x\n  lemma: x\n  cameo: '090'\n", "request.yaml": TYPED
      + "- id: t.x\n  lemma: y\n  cameo: '090'\n"},
     "request.yaml", 4, "duplicate trigger id 't.x' (first at "),
    ({"request.yaml": TYPED + "- id: t2\n  lemma: x\n  cameo: '090'\n  priority: high\n"},
     "request.yaml", 7, "whole number"),
    ({"requests.yaml": TYPED}, "requests.yaml", 0, "named after its PLOVER type"),
]


@pytest.mark.parametrize(("files", "name", "line", "message"), TYPED_BAD_CASES)
def test_per_type_file_errors_name_file_and_line(
    tmp_path: Path, files: dict[str, str], name: str, line: int, message: str
) -> None:
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(_folder(tmp_path, files))
    assert str(err.value).startswith(f"{tmp_path / 'triggers' / name}:{line}: ")
    assert message in str(err.value)


def test_duplicate_id_between_bundled_and_user_file(tmp_path: Path) -> None:
    text = '- id: agree.agree\n  lemma: agree\n  cameo: "090"\n'
    with pytest.raises(KnowledgeError, match=r"agree\.yaml:1: duplicate trigger id "
                                             r"'agree\.agree' \(first at .*agree\.yaml:"):
        load_knowledge(_folder(tmp_path, {"agree.yaml": text}))


def test_missing_extra_file(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="no such"):
        load_knowledge(Settings(extra_files=(tmp_path / "gone.tsv",)))


def test_unknown_tsv_header(tmp_path: Path) -> None:
    path = tmp_path / "odd.tsv"
    path.write_text("# hi\nfoo\tbar\n")
    with pytest.raises(KnowledgeError, match=r"odd\.tsv:2: unknown TSV"):
        load_knowledge(Settings(extra_files=(path,)))


# ---------------------------------------------------------------- PETRARCH dictionaries

PETRARCH = """\
# A made-up excerpt in the TABARI .actors layout.
FREEDONIA_  [FRD]
+FREEDONIAN_
+FREEDONIA_CITY_  # the capital
RUFUS_T._FIREFLY_  # a leader
+FIREFLY_
\t[FRDGOV 330101-331231]
\t[FRDELI]
BLUE_GUARD_  [FRDMILXYZ]
PEACE_OFFICE_ [IGOUNO >020304] [ELI]
NO_CODE_HERE_
WIDGETS_INC  [FRDBUS] # company
"""


def test_load_petrarch_excerpt(tmp_path: Path) -> None:
    path = tmp_path / "tiny.actors.txt"
    path.write_text(PETRARCH)
    entities = load_petrarch_actors(path)
    table = {(e.name, e.country, e.sector, e.kind, e.start, e.end) for e in entities}
    assert ("Freedonia", "FRD", None, "country", None, None) in table
    assert ("Rufus T. Firefly", "FRD", "GOV", "person", "1933-01-01", "1933-12-31") in table
    assert ("Rufus T. Firefly", "FRD", "ELI", "person", None, None) in table
    assert ("Blue Guard", "FRD", "MIL", "org", None, None) in table
    assert ("Peace Office", "UNO", None, "person", "2002-03-04", None) in table
    assert ("Peace Office", "UNO", "ELI", "person", None, None) in table
    assert ("Widgets Inc", "FRD", "BUS", "org", None, None) in table
    assert not any(e.name == "No Code Here" for e in entities)


def test_petrarch_as_extra_file(tmp_path: Path) -> None:
    path = tmp_path / "tiny.actors.txt"
    path.write_text(PETRARCH)
    kb = load_knowledge(Settings(extra_files=(path,)))
    assert kb.lookup("Freedonia City")[0].country == "FRD"
    (firefly,) = kb.lookup("Firefly", on="1933-06-01")
    assert firefly.sector == "GOV"
    (firefly,) = kb.lookup("Firefly", on="1950-06-01")
    assert firefly.sector == "ELI"


def test_real_phoenix_dictionary_loads() -> None:
    path = PHOENIX / "Phoenix.Countries.actors.txt"
    if not path.is_file():
        pytest.skip(f"PETRARCH dictionaries not found at {PHOENIX} (../shared is absent)")
    entities = load_petrarch_actors(path)
    assert len(entities) > 1000
    assert any(e.name == "Afghanistan" and e.country == "AFG" for e in entities)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["heavy ", "rain ", "fell"], False),
        (["the ", "Kremlin"], True),
        (["Hamas", "-", "led ", "militants"], True),
        (["U.S. ", "troops"], True),
        (["United ", "Nations ", "envoy"], True),
        (["under ", "pressure"], False),
        ([], False),
    ],
)
def test_may_name(kb, words: list[str], expected: bool) -> None:
    assert kb.may_name(words) is expected


_WORD = st.sampled_from(["the ", "The ", "US", "U.S. ", "Hamas", "-", "led ", "new ", "York ",
                         "under ", "Nations ", "United ", "EU ", "un", "Kremlin", "s ", "'s ",
                         "economic ", "al", "Qaeda ", "Secretary", "General "])


@given(st.lists(_WORD, max_size=6))
@hyp_settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_may_name_never_hides_a_name(kb, words: list[str]) -> None:
    """Where ``may_name`` says no, no beginning of the words is a known name."""
    if not kb.may_name(words):
        for j in range(1, len(words) + 1):
            assert not kb.lookup("".join(words[:j]).strip()), words[:j]
