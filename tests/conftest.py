"""Shared test fixtures: the repository's paths and one loaded Coder per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO

from dotterel import Coder, Settings

SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the repository, or skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"reference data not found at {SHARED_DATA} (../shared is not beside the repo)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def coder() -> Coder:
    """The spaCy coder with the default settings, loaded once for the whole session."""
    return Coder.load(Settings())
