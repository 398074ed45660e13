"""Reading knowledge files: lines, TSV rows and YAML nodes, with ``file:line`` errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

# Column names of each TSV kind, and how many leading columns a row must have
# (trailing empty cells are often stripped by editors, so they may be missing).
TSV_COLUMNS: Mapping[str, tuple[tuple[str, ...], int]] = MappingProxyType(
    {
        "countries": (("code", "name", "aliases", "demonyms", "capital", "lat", "lon"), 2),
        "metonyms": (("text", "country", "sector"), 3),
        "organisations": (("name", "aliases", "country", "sector", "kind"), 5),
        "sectors": (("term", "sector"), 2),
        "offices": (("name", "aliases", "country", "sector", "office", "start", "end"), 6),
        "cameo": (("code", "goldstein"), 2),
        "nonactors": (("term", "kind"), 2),
        "regions": (("name", "aliases", "country", "lat", "lon"), 3),
    }
)


# The first line of every file a knowledge pack holds (``knowledge/packs.py``): such a file
# only adds, so that a pack never overrides the bundled knowledge.
PACK_MARK = "# dotterel knowledge pack"


class KnowledgeError(ValueError):
    """A knowledge file is invalid; the message is ``path:line: what is wrong``."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = str(path)
        self.line = line



@dataclass(frozen=True)
class Row:
    path: Path
    line: int
    cells: tuple[str, ...]

    def fail(self, message: str) -> KnowledgeError:
        return KnowledgeError(self.path, self.line, message)


def read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError(path, 0, f"cannot read: {exc}") from exc


def is_pack_file(path: Path) -> bool:
    """Whether a knowledge file was written as part of a knowledge pack (``PACK_MARK``)."""
    lines = read_lines(path)
    return bool(lines) and lines[0].startswith(PACK_MARK)


def tsv_kind_of_header(path: Path) -> str:
    """Which TSV kind a user file is, by its header row."""
    for number, line in enumerate(read_lines(path), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        header = tuple(c.strip().lower() for c in line.split("\t"))
        for kind, (columns, _) in TSV_COLUMNS.items():
            if header == columns:
                return kind
        raise KnowledgeError(
            path,
            number,
            "unknown TSV file: header must be one of "
            + "; ".join(" ".join(cols) for cols, _ in TSV_COLUMNS.values()),
        )
    raise KnowledgeError(path, 0, "empty TSV file")


def tsv_rows(path: Path, kind: str) -> Iterator[Row]:
    columns, required = TSV_COLUMNS[kind]
    seen_data = False
    for number, line in enumerate(read_lines(path), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = tuple(c.strip() for c in line.split("\t"))
        if not seen_data and tuple(c.lower() for c in cells) == columns:
            seen_data = True
            continue
        seen_data = True
        row = Row(path, number, cells)
        if not required <= len(cells) <= len(columns):
            raise row.fail(
                f"expected {len(columns)} tab-separated columns ({' '.join(columns)}), "
                f"got {len(cells)}"
            )
        yield Row(path, number, cells + ("",) * (len(columns) - len(cells)))


def split_cell(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def iso_date(row: Row, text: str, what: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise row.fail(f"bad {what} date {text!r}: expected YYYY-MM-DD") from None


def coordinate(row: Row, text: str, limit: float, what: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise row.fail(f"bad {what} {text!r}: not a number") from None
    if not -limit <= value <= limit:
        raise row.fail(f"bad {what} {text!r}: out of range")
    return value



def yaml_tree(path: Path) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree of a YAML file (the nodes let errors name lines)."""
    text = "\n".join(read_lines(path))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
        return (plain(root) if root is not None else None), root
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeError(path, line, f"bad YAML: {problem}") from None


def plain(node: yaml.Node) -> Any:
    """Python data of a composed node; PyYAML's own constructors are several times slower."""
    if isinstance(node, yaml.SequenceNode):
        return [plain(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {plain(k): plain(v) for k, v in node.value}
    tag = node.tag.rsplit(":", 1)[-1]
    value = node.value
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() in ("true", "yes", "on", "y")
    if tag in ("int", "float"):
        try:
            return int(value.replace("_", "")) if tag == "int" else float(value)
        except ValueError:  # octal, sexagesimal, .inf: let PyYAML construct them exactly
            return yaml.load(yaml.serialize(node), Loader=yaml.SafeLoader)
    return value


def node_line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def check_keys(path: Path, node: yaml.MappingNode) -> dict[str, yaml.Node]:
    """Map each key of a mapping node to its value node, refusing duplicate keys."""
    out: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in out:
            raise KnowledgeError(path, node_line(key_node), f"duplicate key {key!r}")
        out[key] = value_node
    return out

