"""Tests for dotterel.cli: the ``code`` command's output shapes, messages and exit codes."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from helpers import REPO

from dotterel import Article, Coder, Event, __version__
from dotterel.cli import COMMANDS, main
from dotterel.cli.code import CodeSummary, write_results
from dotterel.inputs.readers import InputError

EXAMPLE = REPO / "examples" / "article.txt"
SCHEMA = REPO / "src" / "dotterel" / "schema" / "event.schema.json"
ENGLISH = EXAMPLE.read_text(encoding="utf-8")


@dataclass(frozen=True)
class SpyCoder:
    """Delegates to the real coder and records the ids of the articles it was given."""

    coder: Coder
    seen: list[str] = field(default_factory=list)

    @property
    def settings(self) -> Any:
        """The real coder's settings."""
        return self.coder.settings

    def code_articles(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Record each article on its way to the real coder."""

        def record() -> Iterator[Article]:
            for article in articles:
                self.seen.append(article.doc_id)
                yield article

        return self.coder.code_articles(record())


@pytest.fixture()
def spy(coder: Coder) -> SpyCoder:
    """A recording wrapper around the session's coder."""
    return SpyCoder(coder)


def invoke(spy: SpyCoder, args: list[str], stdin: str | bytes | None = None) -> Result:
    """Run the CLI in-process with the session's (spied) coder."""
    return CliRunner().invoke(main, args, input=stdin, obj={"coder": spy})


def validate(records: list[dict[str, Any]]) -> None:
    """Check each record against the published event schema when it exists."""
    if not SCHEMA.exists():
        return
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for record in records:
        jsonschema.validate(record, schema)


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_code_example_to_jsonl(spy: SpyCoder) -> None:
    result = invoke(spy, ["code", str(EXAMPLE), "--published", "2011-08-30", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    validate(records)
    assert all(r["doc_id"] == "article" for r in records)
    assert spy.seen == ["article"]


def test_code_example_to_json_array(spy: SpyCoder) -> None:
    result = invoke(spy, ["code", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert isinstance(records, list)
    validate(records)


def test_code_table(spy: SpyCoder) -> None:
    result = invoke(spy, ["code", str(EXAMPLE), "--published", "2011-08-30", "--format", "table"])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split()
    assert header == ["doc", "sent", "type", "mode", "actor", "recipient", "trigger", "date",
                      "modality", "conf"]  # fmt: skip


@pytest.mark.parametrize(
    ("stdin", "ids"),
    [
        (ENGLISH, ["stdin"]),
        (json.dumps({"id": "w1", "text": ENGLISH}) + "\n" + json.dumps({"text": ENGLISH}),
         ["w1", "stdin:2"]),
    ],
)  # fmt: skip
def test_code_stdin(spy: SpyCoder, stdin: str, ids: list[str]) -> None:
    result = invoke(spy, ["code", "-", "--format", "jsonl"], stdin=stdin)
    assert result.exit_code == 0, result.output
    assert spy.seen == ids
    validate([json.loads(line) for line in result.stdout.splitlines()])


def test_bad_and_good_inputs_exit_1_and_still_code(spy: SpyCoder, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Sanctions \xff imposed")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "j1", "text": ENGLISH}) + "\n{oops\n", encoding="utf-8")
    args = ["code", str(bad), str(EXAMPLE), str(batch), "--format", "jsonl"]
    result = invoke(spy, args)
    assert result.exit_code == 1
    assert spy.seen == ["article", "j1"]
    errors = result.stderr.splitlines()
    assert f"dotterel: {bad}: invalid UTF-8 at byte offset 10 (byte 0xff); convert" in errors[0]
    assert errors[1].startswith(f"dotterel: {batch}:2: malformed JSON")
    assert "1 articles" not in result.stderr and "2 inputs refused" in errors[-1]
    validate([json.loads(line) for line in result.stdout.splitlines()])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["code"], "Missing argument"),
        (["code", str(EXAMPLE), "--published", "30/08/2011"], "not an ISO date"),
        (["code", str(EXAMPLE), "--format", "xml"], "'xml' is not one of"),
        (["code", str(EXAMPLE), "--processes", "-1"], "--processes"),
        (["code", str(EXAMPLE), "--knowledge", "/no/such/dir"], "does not exist"),
        (["nope"], "No such command"),
    ],
)
def test_usage_errors_exit_2(spy: SpyCoder, args: list[str], message: str) -> None:
    result = invoke(spy, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert spy.seen == []


def test_unknown_model_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["code", str(EXAMPLE), "--model", "xx_no_such_model"])
    assert result.exit_code == 2
    assert "xx_no_such_model" in result.stderr and "not installed" in result.stderr


def test_output_file(spy: SpyCoder, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    result = invoke(spy, ["code", str(EXAMPLE), "--format", "jsonl", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    validate([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])


def test_write_results_reports_errors_and_progress() -> None:
    article = Article(text="x", id="a")
    results: list[tuple[Article, list[Event]] | InputError] = [
        (article, []),
        InputError("f.jsonl", 3, "malformed JSON"),
        (article, []),
        (article, []),
    ]
    errors: list[str] = []
    progress: list[tuple[int, int]] = []
    out = io.StringIO()
    summary = write_results(
        results, "jsonl", out, lambda e: errors.append(str(e)),
        lambda a, e: progress.append((a, e)), progress_every=2,
    )  # fmt: skip
    assert summary == CodeSummary(articles=3, events=0, failed=1)
    assert summary.exit_code == 1
    assert errors == ["f.jsonl:3: malformed JSON"]
    assert progress == [(2, 0)]
    assert out.getvalue() == ""


def test_every_command_module_is_registered() -> None:
    assert {c.name for c in COMMANDS} == set(main.commands)
    assert {"code", "ingest", "evaluate", "serve", "gate"} <= set(main.commands)


def test_every_command_is_documented_in_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert main.commands, "the group has no commands"
    for name, command in main.commands.items():
        assert f"dotterel {name}" in readme, f"`dotterel {name}` is not documented in README.md"
        for sub in getattr(command, "commands", {}):
            assert f"dotterel {name} {sub}" in readme, f"`dotterel {name} {sub}` is not in README"


def test_installed_script_runs() -> None:
    script = shutil.which("dotterel", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the dotterel script is not installed next to this Python")
    proc = subprocess.run(
        [script, "code", str(EXAMPLE), "--published", "2011-08-30", "--format", "jsonl"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    validate([json.loads(line) for line in proc.stdout.splitlines()])
