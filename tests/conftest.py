"""Shared test helpers: a fresh copy of the fixture project, the repo root."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixture"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of tests/fixture (two real seeds, two valid claims) to change freely."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root
