"""Shared test helpers: a fresh copy of the fixture project, the repo root."""

from __future__ import annotations

import io
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
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


def run_factsite(root: Path, *args: str) -> tuple[int, str, str]:
    """`factsite ARGS` run in `root`, in-process: (exit status, stdout, stderr)."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            status = main(list(args))
    finally:
        os.chdir(cwd)
    return status, out.getvalue(), err.getvalue()
