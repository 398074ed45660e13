"""Tests for knowledge packs: Phoenix dictionaries converted, filtered, written and loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from dotterel.knowledge import packs
from dotterel.knowledge.files import KnowledgeError
from dotterel.knowledge.loader import load_knowledge
from dotterel.knowledge.packs import Pack, check_folder, import_phoenix, write_pack
from dotterel.knowledge.petrarch import read_actors, read_agents
from dotterel.settings import Settings

# Made-up records in the Phoenix layouts, on real country codes (the pack checks them).
COUNTRIES = """\
# The MIT License (MIT)
# Copyright (c) 2014 Test Alliance
AFGHANISTAN_  [AFG]
+KANDAHAR_
RUFUS_T._FIREFLY_  # dated terms, a default code, synonyms
+FIREFLY_
+PRESIDENT_FIREFLY_
+THE_PRESIDENT_
\t[FRAELI 19200101-330101]
\t[FRAGOV 330101-331231]
\t[FRAELI]
GROUCHO_ZEPPO_
\t[FRAGOV <321231]
\t[FRAGOV >450101]
OLD_COMRADE_  [USRGOV 500101-600101]
BLUE_GUARD_  [FRAMIL]
+BLUE_GUARDS_(BG)_
+GOVERNMENT_
+YOUTH_
+SECURITY_FORCES_
NORTH_FREEDONIA_  [FRA]
+NORTH_FREEDONIAN_
LOST_TOWN_
\t[DEU <901003]
\t[FRA >901003]
BROKEN_RECORD_  [FRAGOV 2004017-20061201]
"""
INTERNATIONAL = """\
FREEDONIA_HEALTH_FUND_  [IGOUNOHLH]
FREEDONIA_WIRE_  [FRAMED]
INTERNATIONAL_RESCUE_COMMITTEE_FOR_FREEDONIA_  [NGO]
UNITED_NATIONS_  [IGOUNO]
"""
MILNONSTATE = """\
RED_HAND_OF_FREEDONIA_ [FRAINS]
+RHF
+RED_HAND_+_RED_HANDERS_
"""
AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
FERRY!PERSON! [~AGR]
NEWS_EDITOR [~MED]
FIELD_MEDIC {} [~HLH]
CHOIR_CLERIC [~CHR]
PEACE_BODY [NGO~]
HILL_FIGHTER [~INS]
POLICE {} [~MIL]
YOUTH_PROTESTER [~OPPEDU]
NEWS_EDITOR [~GOV]
"""


@pytest.fixture(scope="module")
def bundled():
    return load_knowledge(Settings())


def _folder(root: Path, **files: str) -> Path:
    names = {"countries": "Phoenix.Countries.actors.txt",
             "international": "Phoenix.International.actors.txt",
             "milnonstate": "Phoenix.MilNonState.actors.txt", "agents": "Phoenix.agents.txt",
             "licence": "LICENSE"}
    root.mkdir(parents=True, exist_ok=True)
    for key, text in files.items():
        (root / names[key]).write_text(text, encoding="utf-8")
    return root


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    return _folder(tmp_path / "phoenix", countries=COUNTRIES, international=INTERNATIONAL,
                   milnonstate=MILNONSTATE, agents=AGENTS,
                   licence="The MIT License (MIT)\n\nCopyright (c) 2014 Test Alliance\n")


@pytest.fixture()
def pack(source: Path, bundled) -> Pack:
    return import_phoenix(source, bundled)


def _dropped(pack: Pack, reason: str) -> set[str]:
    return {d.text for d in pack.dropped if d.reason == reason}


# ---------------------------------------------------------------- reading the dictionaries

def test_read_actors_keeps_synonyms_dates_and_skips_with_lines(tmp_path: Path) -> None:
    path = _folder(tmp_path, countries=COUNTRIES) / "Phoenix.Countries.actors.txt"
    records, skipped = read_actors(path)
    firefly = next(r for r in records if r.phrases[0] == "RUFUS T. FIREFLY")
    assert firefly.line == 5
    assert firefly.phrases == ("RUFUS T. FIREFLY", "FIREFLY", "PRESIDENT FIREFLY",
                               "THE PRESIDENT")
    assert [(c.country, c.sector, c.start, c.end) for c in firefly.codes] == [
        ("FRA", "ELI", "1920-01-01", "1933-01-01"),
        ("FRA", "GOV", "1933-01-01", "1933-12-31"),
        ("FRA", "ELI", None, None),
    ]
    groucho = next(r for r in records if r.phrases[0] == "GROUCHO ZEPPO")
    assert [(c.start, c.end) for c in groucho.codes] == [(None, "1932-12-31"),
                                                          ("1945-01-01", None)]
    assert (26, "BROKEN RECORD [FRAGOV 2004017-20061201]", "unreadable date") in {
        (s.line, s.text, s.reason) for s in skipped}


def test_cameo_codes_become_plover_sectors(tmp_path: Path) -> None:
    records, _ = read_actors(_folder(tmp_path, international=INTERNATIONAL, milnonstate=MILNONSTATE)
                             / "Phoenix.International.actors.txt")
    codes = {r.phrases[0]: (r.codes[0].country, r.codes[0].sector) for r in records}
    assert codes["FREEDONIA HEALTH FUND"] == ("UNO", "MED")  # CAMEO HLH is health: PLOVER MED
    assert codes["FREEDONIA WIRE"] == ("FRA", "JRN")  # CAMEO MED is the media: PLOVER JRN
    assert codes["UNITED NATIONS"] == ("UNO", None)
    records, _ = read_actors(tmp_path / "Phoenix.MilNonState.actors.txt")
    assert (records[0].codes[0].sector, records[0].phrases) == (
        "REB", ("RED HAND OF FREEDONIA", "RHF", "RED HAND", "RED HANDERS"))  # INS: REB


def test_read_agents_expands_substitutions_and_maps_codes(tmp_path: Path) -> None:
    records, skipped = read_agents(_folder(tmp_path, agents=AGENTS) / "Phoenix.agents.txt")
    table = {(r.term, r.sector) for r in records}
    assert {("ferryman", "AGR"), ("ferrymen", "AGR"), ("ferrywoman", "AGR"),
            ("news editor", "JRN"), ("field medic", "MED"), ("hill fighter", "REB"),
            ("choir cleric", None), ("peace body", None)} <= table
    assert skipped == []


# ---------------------------------------------------------------- conversion and filtering

def test_dated_office_holders_become_office_rows(pack: Pack) -> None:
    rows = [r for r in pack.rows["offices"] if r[0] == "Rufus T. Firefly"]
    assert rows == [
        ("Rufus T. Firefly", "Firefly|President Firefly", "FRA", "ELI", "", "1920-01-01",
         "1933-01-01"),
        ("Rufus T. Firefly", "Firefly|President Firefly", "FRA", "GOV", "", "1933-01-01",
         "1933-12-31"),
        ("Rufus T. Firefly", "Firefly|President Firefly", "FRA", "ELI", "", "", ""),
    ]
    assert ("Groucho Zeppo", "", "FRA", "GOV", "", "", "1932-12-31") in pack.rows["offices"]


def test_organisations_metonyms_and_sectors(pack: Pack) -> None:
    orgs = {r[0]: r for r in pack.rows["organisations"]}
    assert orgs["Blue Guard"] == ("Blue Guard", "Blue Guards|BG", "FRA", "MIL", "org")
    assert orgs["Freedonia Health Fund"][2:4] == ("UNO", "MED")
    assert orgs["Red Hand Of Freedonia"][1:4] == ("RHF|Red Hand|Red Handers", "FRA", "REB")
    # A longer proper name made of common words stays.
    assert "International Rescue Committee For Freedonia" in orgs
    assert ("North Freedonia", "FRA", "") in pack.rows["metonyms"]
    assert ("North Freedonian", "FRA", "") in pack.rows["metonyms"]
    sectors = dict(pack.rows["sectors"])
    assert sectors["ferryman"] == "AGR" and sectors["youth protester"] == "OPP"
    assert sectors["news editor"] == "JRN"  # the first line's sector, not the later GOV


def test_filtering_rule(pack: Pack) -> None:
    # Common words only: one word, or a phrase the lexicon reads as a sector term.
    assert _dropped(pack, packs.COMMON) == {"THE PRESIDENT", "GOVERNMENT", "YOUTH",
                                            "SECURITY FORCES"}
    every_name = {n for r in pack.rows["organisations"] + pack.rows["offices"]
                  for n in (r[0], *r[1].split("|"))}
    assert not {"The President", "Government", "Youth", "Security Forces"} & every_name
    # Records the bundled knowledge has are left to it, with all their names.
    assert {"AFGHANISTAN", "UNITED NATIONS"} <= _dropped(pack, packs.KNOWN)
    assert not any(r[0] == "Kandahar" for r in pack.rows["metonyms"])
    assert _dropped(pack, packs.UNKNOWN_COUNTRY) == {"OLD COMRADE [USR]"}
    assert _dropped(pack, packs.DATED_PLACE) == {"LOST TOWN"}
    assert _dropped(pack, packs.KNOWN_TERM) == {"police"}
    assert _dropped(pack, packs.PLURAL) == {"ferrymen", "ferrywomen"}
    assert {"choir cleric [~CHR]", "peace body [NGO~]"} == _dropped(pack, packs.NO_SECTOR)
    assert _dropped(pack, packs.OTHER_SECTOR) == {"news editor [~GOV]"}
    where = {(Path(d.path).name, d.line) for d in pack.dropped if d.text == "OLD COMRADE [USR]"}
    assert where == {("Phoenix.Countries.actors.txt", 15)}


# ---------------------------------------------------------------- writing and loading

def test_round_trip_through_the_loader(pack: Pack, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    written = write_pack(pack, out)
    assert sorted(p.name for p in written) == ["LICENSE", "metonyms.tsv", "offices.tsv",
                                               "organisations.tsv", "sectors.tsv"]
    for path in written[:-1]:
        head = path.read_text(encoding="utf-8").splitlines()[:4]
        assert head[0].startswith("# dotterel knowledge pack: ")
        assert "Phoenix.Countries.actors.txt (sha256 " in head[2]
        assert "The MIT License (MIT) Copyright (c) 2014 Test Alliance" in head[3]
    kb = load_knowledge(Settings(knowledge_dir=out))
    (firefly,) = kb.lookup("President Firefly", on="1933-06-01")
    assert (firefly.name, firefly.country, firefly.sector, firefly.kind) == (
        "Rufus T. Firefly", "FRA", "GOV", "person")
    (firefly,) = kb.lookup("Firefly", on="1950-06-01")
    assert firefly.sector == "ELI"  # the undated default row, outside every term
    (groucho,) = kb.lookup("Groucho Zeppo", on="1920-01-01")
    assert groucho.sector == "GOV"  # no start: in office since before the records
    assert kb.lookup("BG")[0].sector == "MIL" and kb.lookup("bg") == ()
    assert kb.lookup("Freedonia Wire")[0].sector == "JRN"
    assert kb.lookup("North Freedonia")[0].kind == "metonym"
    assert kb.lookup("the president") == kb.lookup("youth") == ()
    assert (kb.sector_of("ferryman"), kb.sector_of("police")) == ("AGR", "COP")


def test_a_pack_adds_sector_terms_but_never_replaces_bundled_ones(tmp_path: Path,
                                                                   bundled) -> None:
    stale = Pack({"sectors": (("police", "MIL"), ("lumberjack", "AGR"))}, (), ())
    write_pack(stale, tmp_path)
    kb = load_knowledge(Settings(knowledge_dir=tmp_path))
    assert (kb.sector_of("police"), kb.sector_of("lumberjack")) == ("COP", "AGR")
    # The same row in a user's own sectors.tsv (no pack header) does replace it.
    (tmp_path / "sectors.tsv").write_text("term\tsector\npolice\tMIL\n", encoding="utf-8")
    assert load_knowledge(Settings(knowledge_dir=tmp_path)).sector_of("police") == "MIL"
    report = check_folder(tmp_path)
    assert report.counts["sectors"] == 1 and report.shadowed["sectors"] == 1


def test_check_folder_counts_and_fails_with_file_and_line(pack: Pack, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    write_pack(pack, out)
    report = check_folder(out)
    assert dict(report.counts) == pack.counts()
    (out / "organisations.tsv").write_text(
        "name\taliases\tcountry\tsector\tkind\nBlue Guard\t\tQQQ\tMIL\torg\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"organisations\.tsv:2: unknown country code"):
        check_folder(out)


# ---------------------------------------------------------------- bad input

def test_a_folder_without_dictionaries_is_refused(tmp_path: Path, bundled) -> None:
    with pytest.raises(KnowledgeError, match=r"no Phoenix dictionaries here"):
        import_phoenix(tmp_path, bundled)


def test_bad_files_are_named(tmp_path: Path, bundled) -> None:
    folder = _folder(tmp_path, agents=AGENTS)
    (folder / "Phoenix.Countries.actors.txt").write_bytes(b"FREEDONIA_ [FRA]\n\xff\xfe\n")
    with pytest.raises(KnowledgeError, match=r"Phoenix\.Countries\.actors\.txt:0: cannot read"):
        import_phoenix(folder, bundled)
    (folder / "Phoenix.Countries.actors.txt").write_text("# nothing but comments\n")
    with pytest.raises(KnowledgeError, match=r"Countries\.actors\.txt:0: no actor records"):
        import_phoenix(folder, bundled)
    (folder / "Phoenix.Countries.actors.txt").write_text("\t[FRAGOV]\nFREEDONIA_ [FRA]\n")
    with pytest.raises(KnowledgeError, match=r"Countries\.actors\.txt:1: code \[FRAGOV\] before"):
        import_phoenix(folder, bundled)


def test_without_a_licence_file_the_dictionary_header_is_cited(tmp_path: Path,
                                                               bundled) -> None:
    pack = import_phoenix(_folder(tmp_path, countries=COUNTRIES), bundled)
    assert pack.licence == ("The MIT License (MIT)", "Copyright (c) 2014 Test Alliance")
    assert pack.licence_file is None
    assert "LICENSE" not in {p.name for p in write_pack(pack, tmp_path / "out")}
