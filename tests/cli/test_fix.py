"""`factsite fix`: near-miss quotes replaced by the source's text, nothing else touched."""

from __future__ import annotations

import io
import os
from contextlib import redirect_stdout
from pathlib import Path

from generator.cli.main import main

CLAIM = """\
# yaml-language-server: $schema=../generator/schemas/claim.schema.json
# An editor's comment that must survive.
claim: Xi and Putin met for three and a half hours.
verdict: unverified   # trailing comment
summary: |
  Only one article gives the length.
reviewed: '2026-11-22'
evidence:
  - source: friends-of-steel
    stance: supports
    quote: "During a three-and-a-half hours meeting, Putin expressed his wilingness"
  - source: friends-of-steel
    stance: context
    quote: 'NATO has labelled China a ''decisive enabler'' of Russia’s agression.'
    note: Kept as it is.
  - source: friends-of-steel
    stance: context
    quote: Kremlin spokesman Dmitry Peskov
"""


def run(root: Path, *args: str) -> tuple[int, str]:
    out, cwd = io.StringIO(), os.getcwd()
    os.chdir(root)
    try:
        with redirect_stdout(out):
            return main(["fix", *args]), out.getvalue()
    finally:
        os.chdir(cwd)


def test_fix_shows_then_writes_only_the_quotes(project: Path) -> None:
    path = project / "claims" / "typos.yml"
    path.write_text(CLAIM, "utf-8")
    status, shown = run(project)
    assert status == 1 and path.read_text("utf-8") == CLAIM  # nothing written without --write
    assert "claims/typos.yml:11:12: quote not in friends-of-steel" in shown
    assert "+ During a three-and-a-half hour meeting, Putin expressed his willingness" in shown
    assert "2 quotes to fix: run with --write" in shown

    status, written = run(project, "claims/typos.yml", "--write")
    assert (status, written.splitlines()[-1]) == (0, "fixed 2 quotes in 1 file")
    expected = CLAIM.replace(
        '"During a three-and-a-half hours meeting, Putin expressed his wilingness"',
        '"During a three-and-a-half hour meeting, Putin expressed his willingness"',
    ).replace(
        "'NATO has labelled China a ''decisive enabler'' of Russia’s agression.'",
        "'NATO has labeled China a “decisive enabler” of Russia’s aggression.'",
    )
    assert path.read_text("utf-8") == expected

    assert run(project) == (0, "no near-miss quotes to fix\n")  # a second run changes nothing
    assert main(["check", "--root", str(project)]) == 0


def test_fix_keeps_bom_and_crlf(project: Path) -> None:
    path = project / "claims" / "windows.yml"
    original = "\ufeff" + CLAIM.replace("\n", "\r\n")
    path.write_bytes(original.encode("utf-8"))
    assert run(project, "--write")[0] == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == CLAIM.count("\n")
    assert b"hour meeting, Putin expressed his willingness" in data


def test_unfixable_quotes_are_left_to_check(project: Path) -> None:
    path = project / "claims" / "far.yml"
    text = CLAIM.replace("Kremlin spokesman Dmitry Peskov", "Nothing like this is in the article at all")
    path.write_text(text, "utf-8")
    status, _ = run(project, "claims/far.yml", "--write")
    assert status == 0 and "Nothing like this is in the article at all" in path.read_text("utf-8")
