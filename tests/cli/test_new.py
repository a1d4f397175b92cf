"""`factsite new`: a template that fails the check until filled in, never overwriting."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import run_factsite

from generator.anchor.project import load_project
from generator.cli.new import template_text
from generator.load.yamlsafe import load_bytes

TODAY = dt.date(2026, 11, 22)


run = run_factsite


def test_template_text() -> None:
    text = template_text("The talks lasted four hours.", "friends-of-steel", TODAY)
    assert text.splitlines()[0].startswith("# A new claim.")  # no schema line: .vscode/settings.json gives it
    assert "claim: 'The talks lasted four hours.'  # the statement checked" in text
    assert "  - source: friends-of-steel  # a source id from seeds/sources.yml" in text
    assert "status: draft  # to publish: `status: published` and the day it is published below" in text
    assert "# published: '2026-11-22'  # the day it is first published" in text


def test_creates_the_file_and_prints_next_steps(project: Path) -> None:
    status, out, err = run(
        project, "new", "talks-four-hours", "--claim", "The talks lasted four hours.", "--source", "friends-of-steel"
    )
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "created claims/talks-four-hours.yml",
        "next:",
        '  1. fill in every "" in claims/talks-four-hours.yml (the comments say what goes where)',
        "  2. find the source's exact words: factsite quote friends-of-steel 'a few words'",
        "  3. check it: factsite check claims/talks-four-hours.yml   (it lists every value still to fill in)",
        "  4. see its page: make serve, then open http://127.0.0.1:8000/claims/talks-four-hours/",
        "  5. commit it on a branch and open a pull request: a preview link and a summary",
        "     of your changes are posted on it for the reviewers",
    ]
    text = (project / "claims" / "talks-four-hours.yml").read_text("utf-8")
    assert text.startswith("# A new claim. Fill in every")


def test_the_unfilled_template_fails_the_check_on_each_empty_value(project: Path) -> None:
    run(project, "new", "talks-four-hours", "--source", "friends-of-steel")
    _, diagnostics = load_project(project, ["claims/talks-four-hours.yml"])
    found = [(d.line, d.code) for d in diagnostics if d.is_error]
    assert found == [
        (4, "bad-value"),  # claim
        (6, "bad-value"),  # claimant's name
        (14, "bad-value"),  # verdict
        (15, "bad-value"),  # bottom_line
        (16, "bad-value"),  # summary
        (18, "bad-value"),  # author
        (24, "bad-value"),  # stance
        (25, "bad-value"),  # quote
        (25, "quote-not-found"),
    ]
    status, out, _ = run(project, "check", "claims/talks-four-hours.yml")
    assert status == 1 and out.endswith("checked 1 claim: 9 errors, 0 warnings\n")


def test_the_filled_in_template_passes(project: Path) -> None:
    run(
        project,
        "new",
        "talks-four-hours",
        "--claim",
        "Xi and Putin met for three and a half hours.",
        "--source",
        "friends-of-steel",
    )
    path = project / "claims" / "talks-four-hours.yml"
    text = path.read_text("utf-8")
    for old, new in [
        ('name: ""', "name: Capital News"),
        ('bottom_line: ""', "bottom_line: One article says so."),
        ('author: ""', "author: jane-roe"),
        ('verdict: ""', "verdict: supported"),
        ('summary: ""', "summary: One article says so."),
        ('stance: ""', "stance: supports"),
        ('quote: ""', "quote: During a three-and-a-half hour meeting"),
    ]:
        text = text.replace(old, new, 1)
    path.write_text(text, "utf-8")
    assert run(project, "check", "claims/talks-four-hours.yml")[:2] == (0, "checked 1 claim: 0 errors, 0 warnings\n")


@pytest.mark.parametrize("claim", ['It\'s "quoted": yes # no comment', "  spaced \n out\x07 ", "@x <b>y</b> [z](q)"])
def test_any_claim_text_is_valid_yaml(claim: str) -> None:
    doc = load_bytes("claims/x.yml", template_text(claim, None, TODAY).encode("utf-8"))
    assert doc.diagnostics == []
    assert doc.root is not None and doc.root.items["claim"].value == " ".join(claim.replace("\x07", "").split())


def test_never_overwrites(project: Path) -> None:
    before = (project / "claims" / "death-toll.yml").read_bytes()
    assert run(project, "new", "death-toll") == (
        2,
        "",
        "factsite new: error: claims/death-toll.yml already exists: edit it, or choose another slug\n",
    )
    assert (project / "claims" / "death-toll.yml").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["Talks_Four"],
            "'Talks_Four' is not a valid slug: lowercase letters, digits and hyphens, "
            "at most 100 characters (for instance 'talks-four')",
        ),
        (
            ["../escape"],
            "'../escape' is not a valid slug: lowercase letters, digits and hyphens, "
            "at most 100 characters (for instance 'escape')",
        ),
        (["x", "--source", "friends"], "unknown source 'friends' (did you mean 'friends-of-steel'?)"),
    ],
)
def test_usage_errors(project: Path, args: list[str], message: str) -> None:
    assert run(project, "new", *args) == (2, "", f"factsite new: error: {message}\n")
    names = sorted(p.name for p in (project / "claims").iterdir())
    assert names == ["death-toll.yml", "people.yml", "tags.yml", "talks-duration.yml"]
