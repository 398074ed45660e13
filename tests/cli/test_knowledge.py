"""Tests for ``dotterel knowledge import-phoenix`` and ``dotterel knowledge check``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import SHARED_DATA

from dotterel.cli import main
from dotterel.knowledge.loader import load_knowledge
from dotterel.settings import Settings

PHOENIX = SHARED_DATA / "petrarch"
ACTORS = """\
RUFUS_T._FIREFLY_
+FIREFLY_
+THE_PRESIDENT_
\t[FRAGOV 330101-331231]
\t[FRAELI]
BLUE_GUARD_  [FRAMIL]
OLD_COMRADE_  [USRGOV 500101-600101]
"""
AGENTS = "FISHER!PERSON! [~AGR]\n!PERSON! = MAN\nLUMBERJACK [~AGR]\nCHOIR_CLERIC [~CHR]\n"


def invoke(args: list[str]) -> Result:
    return CliRunner().invoke(main, args)


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "phoenix"
    folder.mkdir()
    (folder / "Phoenix.Countries.actors.txt").write_text(ACTORS, encoding="utf-8")
    (folder / "Phoenix.agents.txt").write_text(AGENTS, encoding="utf-8")
    (folder / "LICENSE").write_text("The MIT License (MIT)\n\nCopyright (c) 2014 Someone\n")
    return folder


def test_import_phoenix_writes_a_pack_and_summarises(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "packs" / "phoenix"
    dropped = tmp_path / "dropped.txt"
    result = invoke(["knowledge", "import-phoenix", str(source), "-o", str(out),
                     "--dropped", str(dropped)])
    assert result.exit_code == 0, result.output
    assert "read Phoenix.Countries.actors.txt, Phoenix.agents.txt" in result.output
    assert (f"wrote {out}: metonyms.tsv 0, organisations.tsv 1, sectors.tsv 1, "
            "offices.tsv 2 rows, and LICENSE") in result.output
    assert "common words only" in result.output and "unknown country code" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "LICENSE", "metonyms.tsv", "offices.tsv", "organisations.tsv", "sectors.tsv"]
    lines = dropped.read_text(encoding="utf-8").splitlines()
    assert f"{source / 'Phoenix.Countries.actors.txt'}:1: THE PRESIDENT: common words only" in lines
    assert any(":7: OLD COMRADE [USR]: unknown country code" in line for line in lines)
    kb = load_knowledge(Settings(knowledge_dir=out))
    assert kb.lookup("Firefly", on="1933-05-01")[0].sector == "GOV"
    assert kb.sector_of("lumberjack") == "AGR"


def test_import_phoenix_errors_name_the_input(tmp_path: Path, source: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke(["knowledge", "import-phoenix", str(empty), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert f"{empty}:0: no Phoenix dictionaries here" in result.output
    (source / "Phoenix.agents.txt").write_bytes(b"\xff\xfeFISHER [~AGR]\n")
    result = invoke(["knowledge", "import-phoenix", str(source), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "Phoenix.agents.txt:0: cannot read" in result.output
    result = invoke(["knowledge", "import-phoenix", str(tmp_path / "nowhere"), "-o", "x"])
    assert result.exit_code == 2  # click: SOURCE does not exist


def test_check_counts_per_kind_or_fails_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "organisations.tsv").write_text(
        "name\taliases\tcountry\tsector\tkind\nBlue Guard\tBG\tFRA\tMIL\torg\n"
        "NATO\t\tIGO\tMIL\torg\n", encoding="utf-8")
    (folder / "sectors.tsv").write_text("term\tsector\nlumberjack\tAGR\n", encoding="utf-8")
    result = invoke(["knowledge", "check", str(folder)])
    assert result.exit_code == 0, result.output
    assert f"{folder}: loads with the bundled knowledge" in result.output
    assert "organisations        2  (1 also in the bundled knowledge)" in result.output
    assert "sectors              1" in result.output
    (folder / "sectors.tsv").write_text("term\tsector\n\nlumberjack\tLJK\n", encoding="utf-8")
    result = invoke(["knowledge", "check", str(folder)])
    assert result.exit_code == 1
    assert f"{folder / 'sectors.tsv'}:3: unknown sector code 'LJK'" in result.output


def test_code_reads_the_pack_after_the_bundled_files(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    assert invoke(["knowledge", "import-phoenix", str(source), "-o", str(out)]).exit_code == 0
    text = "Rufus T. Firefly accused Germany of lying."
    result = CliRunner().invoke(main, ["code", "-", "--knowledge", str(out), "--format",
                                       "jsonl", "--published", "1933-06-01", "-q"], input=text)
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.output.splitlines()]
    assert [(e["actor"]["code"], e["recipient"]["code"]) for e in events] == [("FRAGOV", "DEU")]


def test_real_phoenix_import(tmp_path: Path) -> None:
    if not (PHOENIX / "Phoenix.Countries.actors.txt").is_file():
        pytest.skip(f"PETRARCH dictionaries not found at {PHOENIX} (../shared is absent)")
    out = tmp_path / "phoenix"
    result = invoke(["knowledge", "import-phoenix", str(PHOENIX), "-o", str(out)])
    assert result.exit_code == 0, result.output
    result = invoke(["knowledge", "check", str(out)])
    assert result.exit_code == 0, result.output
    kb = load_knowledge(Settings(knowledge_dir=out))
    counts = {kind: len((out / f"{kind}.tsv").read_text().splitlines())
              for kind in ("organisations", "offices", "sectors", "metonyms")}
    assert counts["offices"] > 20_000 and counts["organisations"] > 5_000
    assert counts["sectors"] > 1_000
    (huitfeldt,) = kb.lookup("Anniken Huitfeldt", on="2009-01-01")
    assert (huitfeldt.country, huitfeldt.sector) == ("NOR", "GOV")
    assert kb.lookup("FARC")[0].country == "COL"
    assert kb.lookup("the president") == kb.lookup("government") == ()
    assert kb.sector_of("police") == "COP"  # the bundled term
