"""`factsite fix`: misspelt quotes replaced by the source's text, nothing else touched,
and never a replacement that changes what a quote says (issue 15)."""

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
    assert "    difference: …hree-and-a-half hour[-s-] meeting, Putin expressed his wi{+l+}lingness" in shown
    assert shown.splitlines()[-1] == "2 quotes to fix: run with --write to apply them; skipped 0"

    status, written = run(project, "claims/typos.yml", "--write")
    assert (status, written.splitlines()[-1]) == (0, "fixed 2 quotes in 1 file; skipped 0")
    expected = CLAIM.replace(
        '"During a three-and-a-half hours meeting, Putin expressed his wilingness"',
        '"During a three-and-a-half hour meeting, Putin expressed his willingness"',
    ).replace(
        "'NATO has labelled China a ''decisive enabler'' of Russia’s agression.'",
        "'NATO has labeled China a “decisive enabler” of Russia’s aggression.'",
    )
    assert path.read_text("utf-8") == expected

    assert run(project) == (0, "every quote is found: nothing to fix\n")  # a second run changes nothing
    assert main(["check", "--root", str(project)]) == 0


def test_fix_keeps_bom_and_crlf(project: Path) -> None:
    path = project / "claims" / "windows.yml"
    original = "\ufeff" + CLAIM.replace("\n", "\r\n")
    path.write_bytes(original.encode("utf-8"))
    assert run(project, "--write")[0] == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == CLAIM.count("\n")
    assert b"hour meeting, Putin expressed his willingness" in data


def test_unfixable_quotes_are_skipped_and_the_exit_status_says_so(project: Path) -> None:
    path = project / "claims" / "far.yml"
    text = CLAIM.replace("Kremlin spokesman Dmitry Peskov", "Nothing like this is in the article at all")
    path.write_text(text, "utf-8")
    status, shown = run(project, "claims/far.yml", "--write")
    assert "Nothing like this is in the article at all" in path.read_text("utf-8")
    assert "claims/far.yml:18:12: skipped: no similar passage in the source (friends-of-steel)" in shown
    assert (status, shown.splitlines()[-2:]) == (
        1,
        ["fixed 2 quotes in 1 file; skipped 1 (1 no similar passage)", "1 error remains: `factsite check` lists them"],
    )


# The failures filed in issue 15, on the fixture's seeds. Before: the first
# quote became "…would work to “contribute to the establishment of peace in"
# (part 2 dropped, a quotation mark left open), the third "…continue
# through" (the editor's "Friday" dropped), the fourth "…that Putin may"
# and the fifth had an unmatched “.
MEANING = """\
claim: Xi and Putin pledged closer ties.
verdict: unverified
summary: x
reviewed: '2026-11-22'
evidence:
  - source: friends-of-steel
    stance: supports
    quote: Putin and Xi also said they would work to contribute ... the root causes of the conflict
  - source: friends-of-steel
    stance: context
    quote: Washington would be prepared to walk away ... if Russia does not show signs
  - source: friends-of-steel
    stance: context
    quote: Kremlin spokesman Dmitry Peskov said Xi's visit, which is expected to continue Friday
  - source: friends-of-steel
    stance: context
    quote: the lack of progress, telling reporter last month that Putin said
  - source: friends-of-steel
    stance: context
    quote: Putin and Xi also said they would work to contribute to the establishment of peace in Ukraine
"""


def test_fix_never_changes_what_a_quote_says(project: Path) -> None:
    path = project / "claims" / "meaning.yml"
    path.write_text(MEANING, "utf-8")
    status, shown = run(project, "--write")
    assert path.read_text("utf-8") == MEANING.replace(
        "to walk away ... if Russia", "to “walk away” ... if Russia"
    ).replace("peace in Ukraine\n", "peace in Ukraine,”\n").replace(
        "work to contribute to the", "work to “contribute to the"
    )
    assert status == 1  # quote errors remain
    lines = shown.splitlines()
    assert (
        "claims/meaning.yml:8:12: skipped: it would leave a quotation mark unmatched (friends-of-steel, 97% similar)"
        in lines
    )
    assert "claims/meaning.yml:14:12: skipped: it adds 'through' (friends-of-steel, 91% similar)" in lines
    assert (
        "    + Kremlin spokesman Dmitry Peskov said Xi’s visit, which is expected to continue through Friday" in lines
    )
    assert "claims/meaning.yml:17:12: skipped: it changes 'said' to 'may' (friends-of-steel, 94% similar)" in lines
    assert "    difference: …ss, telling reporter{+s+} last month that Putin [-said-]{+may+}" in lines
    assert lines[-1] == "3 errors remain: `factsite check` lists them"  # the skipped quotes: fix --write exits 1
    assert lines[-2] == (
        "fixed 2 quotes in 1 file; skipped 3 (2 words would change, 1 a quotation mark left unmatched)"
    )


def test_gapped_quote_parts_out_of_place_are_skipped(project: Path) -> None:
    path = project / "claims" / "parts.yml"
    text = CLAIM.replace(
        "Kremlin spokesman Dmitry Peskov", "Putin used the Kremlin meeting with Xi ... we firmly stand"
    )
    path.write_text(text.replace("friends-of-steel", "moscow-times-2025-05-08"), "utf-8")
    status, shown = run(project, "claims/parts.yml")
    assert status == 1
    assert (
        "claims/parts.yml:18:12: skipped: parts 1 and 2 are in different paragraphs (moscow-times-2025-05-08); "
        "`factsite check` shows where"
    ) in shown.splitlines()


def test_fix_write_fails_while_any_error_remains_even_one_fix_cannot_touch(project: Path) -> None:
    """Found in review: a file with a YAML error was skipped silently and `fix --write` exited 0."""
    (project / "claims" / "broken.yml").write_text("claim: [unclosed\n", "utf-8")
    status, shown = run(project, "--write")
    assert status == 1
    assert shown.splitlines()[-2:] == [
        "every quote is found: nothing to fix",
        "1 error remains: `factsite check` lists them",
    ]
