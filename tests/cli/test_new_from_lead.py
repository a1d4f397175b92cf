"""`factsite new SLUG --from-lead N|ID`: a lead of `factsite suggest` becomes a claim file in one step.

The engine is replaced by a stand-in giving two leads on the fixture's
real articles (real quotes and offsets); the last test takes every lead
the real engine finds on the repository's seeds and checks that each file
written from one, once its blanks are filled, passes `factsite check`.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, run_factsite

from generator.anchor.locate import Match, locate
from generator.anchor.project import load_project
from generator.cli.new import template_text
from generator.load.yamlsafe import load_bytes
from generator.suggest import find
from generator.suggest.lead import Excerpt, Lead

FRIENDS, TIMES = "friends-of-steel", "moscow-times-2025-05-08"
TODAY = dt.date(2026, 11, 22)


def excerpt(root: Path, source: str, quote: str, occurrence: int | None = None, value: str = "") -> Excerpt:
    text = (root / "seeds" / f"{source}.txt").read_text("utf-8")
    found = locate(text, quote, occurrence=occurrence)
    assert isinstance(found, Match), (quote, found)
    return Excerpt(source, quote, found.start, found.end, occurrence, value)


@pytest.fixture
def leads(project: Path, monkeypatch: pytest.MonkeyPatch) -> list[Lead]:
    """Two leads on the fixture's articles, in place of the engine's."""
    found = [
        Lead(
            "weekday",
            "Wednesday vs Thursday: the day of the talks",
            0.8,
            (
                excerpt(project, FRIENDS, "Wednesday", occurrence=1, value="Wednesday"),
                excerpt(project, TIMES, "a visit to the Kremlin on Thursday", value="Thursday"),
            ),
        ),
        Lead(
            "weekday",
            "Thursday vs Friday: the Victory Day celebrations",
            0.6,
            (
                excerpt(project, FRIENDS, "Victory Day celebrations on Thursday", value="Thursday"),
                excerpt(project, TIMES, "annual military parade on Friday", value="Friday"),
            ),
        ),
    ]
    monkeypatch.setattr(find, "find_leads", lambda project, **_: list(found))
    return found


def fill(path: Path, claim: str = "Xi and Putin held their talks on Wednesday.", author: str = "jane-roe") -> None:
    """What the editor writes in a file started from a lead: the claim, the record, each stance."""
    text = path.read_text("utf-8")
    for old, new in [
        ('claim: ""', f"claim: '{claim}'"),
        ('name: ""', "name: Capital News"),
        ('verdict: ""', "verdict: unverified"),
        ('bottom_line: ""', "bottom_line: The articles give two days."),
        ('summary: ""', "summary: The articles give two days."),
        ('author: ""', f"author: {author}"),
    ]:
        text = text.replace(old, new, 1)
    path.write_text(text.replace('stance: ""', "stance: context"), "utf-8")


def test_the_file_holds_each_excerpt_as_evidence(project: Path, leads: list[Lead]) -> None:
    status, out, err = run_factsite(project, "new", "talks-day", "--from-lead", "1")
    assert (status, err) == (0, "")
    assert out.splitlines()[:3] == [
        f"created claims/talks-day.yml from lead 1 ({leads[0].id}): 2 excerpts as evidence",
        "next:",
        '  1. write the claim, set each excerpt\'s stance and fill in every other "" in claims/talks-day.yml',
    ]
    text = (project / "claims" / "talks-day.yml").read_text("utf-8")
    assert (
        f"# Started from lead {leads[0].id} of `factsite suggest` (weekday): "
        "'Wednesday vs Thursday: the day of the talks'\n"
        "# Write the claim this disagreement bears on, then set each excerpt's stance below.\n"
        'claim: ""  # the statement checked, in one plain sentence\n'
    ) in text
    assert text.endswith(
        "evidence:\n"
        "  - source: friends-of-steel  # the lead compares 'Wednesday'\n"
        '    stance: ""  # you decide: supports, contradicts or context (of the claim above)\n'
        "    quote: 'Wednesday'  # the source's exact words, as the lead found them\n"
        "    occurrence: 1  # the words occur more than once in the source: this is the one\n"
        "  - source: moscow-times-2025-05-08  # the lead compares 'Thursday'\n"
        '    stance: ""  # you decide: supports, contradicts or context (of the claim above)\n'
        "    quote: 'a visit to the Kremlin on Thursday'  # the source's exact words, as the lead found them\n"
    )
    assert "status: draft" in text


def test_once_filled_in_it_passes_the_check(project: Path, leads: list[Lead]) -> None:
    run_factsite(project, "new", "talks-day", "--from-lead", "1")
    status, out, _ = run_factsite(project, "check", "claims/talks-day.yml")
    assert status == 1 and "error[bad-value]" in out  # the blanks are errors until filled in
    assert "quote-not-found" not in out and "ambiguous" not in out  # but every quote resolves as written
    fill(project / "claims" / "talks-day.yml")
    assert run_factsite(project, "check", "claims/talks-day.yml")[:2] == (0, "checked 1 claim: 0 errors, 0 warnings\n")


def test_a_lead_by_id_is_the_lead_of_that_rank(project: Path, leads: list[Lead]) -> None:
    assert run_factsite(project, "new", "by-rank", "--from-lead", "2")[0] == 0
    assert run_factsite(project, "new", "by-id", "--from-lead", leads[1].id, "--claim", "The parade is Friday.")[0] == 0
    by_rank = (project / "claims" / "by-rank.yml").read_text("utf-8")
    by_id = (project / "claims" / "by-id.yml").read_text("utf-8")
    assert by_id == by_rank.replace('claim: ""', "claim: 'The parade is Friday.'")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from-lead", "3"],
            "there is no lead 3: the sources give 2 leads (ranks from 1 to 2; see factsite suggest)",
        ),
        (["--from-lead", "Lzzzzzzz"], "no lead has the id 'Lzzzzzzz' (the sources give 2 leads: see factsite suggest)"),
        (["--from-lead", "1", "--source", FRIENDS], "give --source or --from-lead, not both"),
        (["--from-lead", "1", "--root", "seeds"], "seeds is not a factsite project"),
    ],
)
def test_a_wrong_lead_is_a_usage_error(project: Path, leads: list[Lead], args: list[str], message: str) -> None:
    status, out, err = run_factsite(project, "new", "talks-day", *args)
    assert (status, out) == (2, "") and err.startswith(f"factsite new: error: {message}")
    assert not (project / "claims" / "talks-day.yml").exists()


def test_a_near_id_is_named(project: Path, leads: list[Lead]) -> None:
    near = leads[1].id[:-1] + ("0" if leads[1].id[-1] != "0" else "1")
    _, _, err = run_factsite(project, "new", "talks-day", "--from-lead", near)
    assert err == f"factsite new: error: no lead has the id '{near}' (did you mean '{leads[1].id}'?)\n"


def test_never_overwrites(project: Path, leads: list[Lead]) -> None:
    before = (project / "claims" / "death-toll.yml").read_bytes()
    status, _, err = run_factsite(project, "new", "death-toll", "--from-lead", "1")
    assert (status, err) == (
        2,
        "factsite new: error: claims/death-toll.yml already exists: edit it, or choose another slug\n",
    )
    assert (project / "claims" / "death-toll.yml").read_bytes() == before


def test_untrusted_text_stays_in_its_comment_and_value() -> None:
    hostile = 'x\'\ny: 1 # \u2028z: 2\x85 "q" {a}'
    lead = Lead("number", hostile, 0.5, (Excerpt("a", hostile, 0, 9, 2, hostile), Excerpt("b", "plain", 0, 5)))
    text = template_text(None, None, TODAY, lead)
    doc = load_bytes("claims/x.yml", text.encode("utf-8"))
    assert doc.diagnostics == [] and doc.root is not None
    items = doc.root.items["evidence"].items
    assert [item.items["quote"].value for item in items] == [" ".join(hostile.replace("\x85", " ").split()), "plain"]
    assert items[0].items["occurrence"].value == "2"
    assert sorted(doc.root.items) == sorted(load_bytes("y", template_text(None, "a", TODAY).encode()).root.items)


# --- the real engine, on the repository's seeds ------------------------------------------------


def test_every_lead_on_the_seeds_makes_a_claim_that_passes(tmp_path: Path) -> None:

    root = tmp_path / "project"
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "claims", root / "claims")
    found = find.find_leads(load_project(root)[0])
    assert found, "the seeds give no lead"
    status, out, err = run_factsite(root, "new", "from-lead-one", "--from-lead", "1")
    assert (status, err) == (0, "") and out.startswith(f"created claims/from-lead-one.yml from lead 1 ({found[0].id})")
    paths = ["claims/from-lead-one.yml"]
    for rank, lead in enumerate(found[1:], 2):
        paths.append(f"claims/from-lead-{rank}.yml")
        (root / paths[-1]).write_text(template_text(None, None, TODAY, lead), "utf-8")
    author = re.search(r"^  ([a-z0-9-]+):", (root / "claims" / "people.yml").read_text("utf-8"), re.MULTILINE)
    assert author is not None
    for rel in paths:
        fill(root / rel, author=author[1])
    status, out, _ = run_factsite(root, "check", *paths)
    assert (status, out.splitlines()[-1]) == (0, f"checked {len(paths)} claims: 0 errors, 0 warnings"), out
