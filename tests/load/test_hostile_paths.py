"""What the load stage does with paths that are not what they claim to be, and with outsized values.

Each reproduces a finding of the second hardening round: tracebacks, hangs,
files read whole before their size was checked, links followed out of the
project. The golden cases in tests/cases/check/ show the messages.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_factsite

from generator.load.registry import MAX_SOURCE_BYTES, load_registry


def test_claims_that_is_a_file_is_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "claims").write_text("not a folder")
    status, out, err = run_factsite(tmp_path, "check")
    assert status == 1 and err == ""
    assert "claims:1:1: error[not-a-file]: claims is not a folder (a file or a link)" in out


def test_a_symlinked_registry_is_refused_and_not_read(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yml"
    outside.write_text("secret: do not echo me\n")
    registry = project / "seeds" / "sources.yml"
    registry.unlink()
    registry.symlink_to(outside)
    status, out, _ = run_factsite(project, "check")
    assert status == 1
    assert "seeds/sources.yml:1:1: error[unsafe-path]: the source registry is a symbolic link" in out
    assert "secret" not in out and "do not echo me" not in out


def test_a_huge_sparse_seed_is_refused_by_its_size_before_it_is_read(project: Path) -> None:
    seed = project / "seeds" / "friends-of-steel.txt"
    with seed.open("r+b") as file:
        file.truncate(8 * 1024**3)  # 8 GiB, sparse: reading it whole would exhaust memory
    sources, diagnostics = load_registry(project)
    assert sources is not None and sources["friends-of-steel"].text is None
    assert [d.code for d in diagnostics if d.code == "too-large"] == ["too-large"]
    assert f"larger than {MAX_SOURCE_BYTES:,} bytes" in next(d.message for d in diagnostics if d.code == "too-large")


def test_a_fifo_registered_as_a_seed_does_not_hang(project: Path) -> None:
    seed = project / "seeds" / "friends-of-steel.txt"
    seed.unlink()
    os.mkfifo(seed)
    sources, diagnostics = load_registry(project)
    assert [d.code for d in diagnostics if d.path == "seeds/sources.yml"] == ["not-a-file"]


@pytest.mark.parametrize("digits", [20, 5_000])
def test_an_occurrence_of_many_digits_is_out_of_range(project: Path, digits: int) -> None:
    claim = project / "claims" / "death-toll.yml"
    text = claim.read_text()
    claim.write_text(text.replace("    quote:", f"    occurrence: {'9' * digits}\n    quote:", 1))
    status, out, err = run_factsite(project, "check")
    assert status == 1 and err == "" and "Traceback" not in out
    assert "error[bad-value]: 'occurrence' must be at most 100,000" in out
