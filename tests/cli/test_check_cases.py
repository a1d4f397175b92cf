"""Golden cases for `factsite check`: each file in tests/cases/check/ is one case.

A case overlays `files` on the fixture project (tests/fixture: two real
seeds, two valid claims), runs `factsite check` with `args`, and expects
the exit status and the exact output. A file value of null deletes the
file; `!!binary` gives raw bytes; `symlinks` maps a path to a link target.
"""

from __future__ import annotations

import io
import os
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import yaml
from conftest import CASES, overlay

from generator.cli.main import main


def run_check(root: Path, args: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with redirect_stdout(out):
            status = main(["check", *args])
    finally:
        os.chdir(cwd)
    return status, out.getvalue()


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path, project: Path) -> None:
    case = yaml.safe_load(path.read_text("utf-8"))
    overlay(project, case)
    status, output = run_check(project, case.get("args", []))
    assert output == case["output"]
    assert status == case["exit"]


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 30
