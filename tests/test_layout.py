"""The house rules the import-linter contracts cannot see: private names stay private,
modules stay small, the top level stays a handful of modules, every package says what it owns.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import REPO

PACKAGE = REPO / "src" / "dotterel"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 600
TOP_LEVEL = {"__init__.py", "__main__.py", "records.py", "settings.py", "version.py"}


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_module_imports_another_modules_private_names(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dotterel"):
            private = [a.name for a in node.names if a.name.startswith("_")
                       and not a.name.startswith("__")]
            assert not private, f"{_name(path)} imports {private} from {node.module}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_modules_stay_under_the_size_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{_name(path)} has {lines} lines (limit {MAX_LINES})"


def test_the_top_level_holds_a_handful_of_modules() -> None:
    assert {p.name for p in PACKAGE.glob("*.py")} <= TOP_LEVEL


@pytest.mark.parametrize("package", sorted(p.parent for p in PACKAGE.rglob("__init__.py")),
                         ids=lambda p: p.name)
def test_every_package_says_what_it_owns(package: Path) -> None:
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and len(doc) > 40, f"{package.name}/__init__.py needs a docstring"
