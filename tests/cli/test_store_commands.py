"""Tests for dotterel.cli: the store commands end to end, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dotterel import Coder
from dotterel.cli import main

STORIES = [
    {
        "id": "a",
        "published": "2011-08-29",
        "url": "https://one.example/a",
        "text": "Russia threatened Syria with sanctions on Monday.",
    },
    {
        "id": "b",
        "published": "2011-08-30",
        "url": "https://two.example/b",
        "text": "Russia threatened Syria with new sanctions on Tuesday.",
    },
    {
        "id": "c",
        "published": "2011-09-20",
        "url": "https://two.example/c",
        "text": "France praised Germany for its help with the refugees.",
    },
]


@pytest.fixture()
def store_path(tmp_path: Path, coder: Coder) -> Path:
    """A store with the stories ingested through the CLI."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(s) + "\n" for s in STORIES))
    db = tmp_path / "events.duckdb"
    result = run(coder, "ingest", str(feed), "--store", str(db))
    assert result.exit_code == 0, result.output
    assert "stored 3 articles" in result.stderr
    return db


def run(coder: Coder, *args: str) -> object:
    """Invoke the CLI with the session's coder."""
    return CliRunner().invoke(main, list(args), obj={"coder": coder}, catch_exceptions=False)


def test_reingest_adds_nothing(store_path: Path, coder: Coder, tmp_path: Path) -> None:
    result = run(coder, "ingest", str(tmp_path / "feed.jsonl"), "--store", str(store_path))
    assert "stored 0 articles" in result.stderr and "3 already stored" in result.stderr


def test_events_table_and_jsonl(store_path: Path, coder: Coder) -> None:
    result = run(
        coder,
        "events",
        "--store",
        str(store_path),
        "--actor",
        "RUS",
        "--recipient",
        "SYR",
        "--type",
        "THREATEN",
        "--since",
        "2011-01-01",
    )
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["day", "event_type", "actor_code", "recipient_code"]
    assert len(lines) == 3 and all(" 2 " in line for line in lines[1:])  # two mentions
    result = run(coder, "events", "--store", str(store_path), "--format", "jsonl")
    assert {json.loads(line)["doc_id"] for line in result.output.splitlines()} >= {"a", "b"}
    grouped = run(coder, "events", "--store", str(store_path), "--grouped", "--format", "csv")
    assert grouped.output.splitlines()[0].startswith("group_id,")


def test_stats(store_path: Path, coder: Coder) -> None:
    result = run(
        coder, "stats", "timeline", "--by", "week", "--actor", "RUS", "--store", str(store_path)
    )
    assert result.output.splitlines()[0].split() == [
        "period",
        "quad_class",
        "events",
        "mentions",
        "goldstein",
    ]
    result = run(coder, "stats", "dyads", "--top", "20", "--store", str(store_path))
    assert result.output.splitlines()[1].split()[:4] == ["RUS", "SYR", "1", "2"]


def test_env_var_names_the_store(
    store_path: Path, coder: Coder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOTTEREL_STORE", str(store_path))
    assert "RUS" in run(coder, "stats", "dyads").output


def test_missing_store_is_a_usage_error(tmp_path: Path, coder: Coder) -> None:
    result = CliRunner().invoke(main, ["events", "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "no store" in result.output


@pytest.mark.parametrize("fmt", ["gdelt", "icews", "polecat", "plover", "csv"])
def test_export_formats(store_path: Path, coder: Coder, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    result = run(coder, "export", "--format", fmt, "--store", str(store_path), "-o", str(out))
    assert result.exit_code == 0 and out.read_text().strip()


def test_export_parquet_needs_a_directory(store_path: Path, coder: Coder, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--format", "parquet", "--store", str(store_path)])
    assert result.exit_code == 2
    run(
        coder,
        "export",
        "--format",
        "parquet",
        "--store",
        str(store_path),
        "-o",
        str(tmp_path / "pq"),
    )
    assert list((tmp_path / "pq").rglob("*.parquet"))


@pytest.mark.parametrize(
    ("chart", "suffix", "magic"),
    [
        ("timeline", ".png", b"\x89PNG"),
        ("network", ".svg", b"<?xml"),
        ("timeline", ".svg", b"<?xml"),
        ("network", ".png", b"\x89PNG"),
    ],
)
def test_plots(
    store_path: Path, coder: Coder, tmp_path: Path, chart: str, suffix: str, magic: bytes
) -> None:
    out = tmp_path / f"chart{suffix}"
    result = run(coder, "plot", chart, "--store", str(store_path), "-o", str(out))
    assert result.exit_code == 0 and out.read_bytes().startswith(magic)


def test_plot_refuses_other_suffixes(store_path: Path, coder: Coder, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["plot", "timeline", "--store", str(store_path), "-o", str(tmp_path / "x.jpg")]
    )
    assert result.exit_code == 2 and ".png or .svg" in result.output


def test_recode_command(store_path: Path, coder: Coder) -> None:
    result = run(coder, "recode", "--all", "--store", str(store_path))
    assert "recoded 3 articles" in result.stderr
