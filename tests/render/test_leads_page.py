"""editors/leads.md: the leads for the editors, in previews only, every source text escaped.

The leads are given to the page (or the engine replaced by a stand-in):
which leads the engine finds is its own tests' business; here, where the
page is, what it links to and how it shows untrusted text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import REPO, files_under

from generator.anchor.locate import Match, locate
from generator.anchor.project import load_project
from generator.cli.main import main
from generator.render import urls
from generator.render.leads import cited_spans, excerpt_link, leads_page
from generator.render.options import SiteOptions
from generator.render.plan import plan_site
from generator.suggest import find
from generator.suggest.lead import Excerpt, Lead

FRIENDS, TIMES = "friends-of-steel", "moscow-times-2025-05-08"
HOSTILE = '<script>alert(1)</script> **bold** [x](javascript:alert(1)) {: .big } | a | `c` &amp; "q"'


def excerpt(root: Path, source: str, quote: str, value: str = "") -> Excerpt:
    text = (root / "seeds" / f"{source}.txt").read_text("utf-8")
    found = locate(text, quote)
    assert isinstance(found, Match), quote
    return Excerpt(source, quote, found.start, found.end, None, value)


def some_leads(root: Path) -> list[Lead]:
    """An open lead (neither passage cited by a claim), then one the fixture's talks-duration covers."""
    return [
        Lead(
            "weekday",
            "Thursday vs Friday: the day of the celebrations",
            0.9,
            (
                excerpt(root, FRIENDS, "Victory Day celebrations on Thursday", "Thursday"),
                excerpt(root, TIMES, "annual military parade on Friday", "Friday"),
            ),
        ),
        Lead(
            "duration",
            "3.5 h vs none: the talks",
            0.4,
            (
                excerpt(root, FRIENDS, "three-and-a-half hour meeting", "three-and-a-half hour"),
                excerpt(root, TIMES, "Putin used the Kremlin meeting"),
            ),
            covered_by=("talks-duration",),
        ),
    ]


def stand_in(monkeypatch: pytest.MonkeyPatch, leads: list[Lead]) -> None:
    """The engine's find_leads replaced by one giving `leads`."""
    monkeypatch.setattr(find, "find_leads", lambda project, **_: list(leads))


def test_the_page_is_in_a_preview_and_never_in_the_published_site(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stand_in(monkeypatch, some_leads(project))
    loaded, _ = load_project(project)
    preview = plan_site(loaded, SiteOptions(drafts=True))
    assert urls.LEADS == "editors/leads.md" and urls.LEADS in preview.files
    assert urls.LEADS not in plan_site(loaded, SiteOptions(drafts=False)).files
    page = preview.files[urls.LEADS]()
    assert page.startswith('---\ndescription: "Places where the sources seem to disagree')
    assert "search:\n  exclude: true\n" in page and 'title: "Leads: where the sources disagree"\n' in page


def test_open_leads_then_covered_ones_each_excerpt_linked_to_its_place(project: Path) -> None:
    loaded, _ = load_project(project)
    page = leads_page(loaded, SiteOptions(), some_leads(project))
    open_part, covered_part = page.split("## Covered by a claim")
    assert "## Open leads" in open_part and "Thursday vs Friday" in open_part and "3.5 h vs none" in covered_part
    first = some_leads(project)[0]
    assert f'<li value="1" id="lead-{first.id}" class="fs-lead">' in open_part
    # An uncited passage: the source page, with the words to scroll to (the href as a browser reads it).
    assert (
        '<a href="../../sources/friends-of-steel/#:~:text=Victory%20Day%20celebrations%20on%20Thursday">'
        "“Friends of Steel”: Xi and Putin Pledge Closer Ties Ahead of Victory Day</a>: "
        "“Victory Day celebrations on Thursday” "
        '<span class="fs-lead-value">(Thursday)</span>' in html.unescape(open_part)
    )
    # A passage a claim cites: the pin of that excerpt on the source page, and the words.
    link = 'href="../../sources/friends-of-steel/#talks-duration-1:~:text=three%2Dand%2Da%2Dhalf%20hour%20meeting"'
    assert link in html.unescape(covered_part)
    assert 'Covered by: <a href="../../claims/talks-duration/">Xi and Putin met for three and a half hours.</a>' in (
        covered_part
    )
    assert "Start a claim from it: <code>factsite new SLUG --from-lead 2</code>" in covered_part


def test_the_link_names_an_anchor_the_source_page_has(project: Path) -> None:
    """The pin a cited excerpt links to is an id on the source page as rendered."""
    loaded, _ = load_project(project)
    preview = plan_site(loaded, SiteOptions(drafts=True))
    source_page = preview.files[urls.source_path(FRIENDS)]()
    cited = some_leads(project)[1].excerpts[0]
    href = excerpt_link(cited, cited_spans(loaded.claims), SiteOptions(), urls.LEADS)
    pin = href.split("#", 1)[1].split(":~:", 1)[0]
    assert pin and f'id="{pin}"' in source_page


def test_every_source_text_is_escaped(project: Path) -> None:
    loaded, _ = load_project(project)
    hostile = Lead(
        "number",
        HOSTILE,
        0.5,
        (Excerpt(FRIENDS, HOSTILE, 0, 10, None, HOSTILE), Excerpt(TIMES, "line one\nline two", 0, 17)),
    )
    page = leads_page(loaded, SiteOptions(), [hostile])
    assert "<script>" not in page and "**" not in page and "](" not in page and "{:" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#42;&#42;bold&#42;&#42; &#91;x&#93;" in page
    assert "| a |" not in page and "&#124; a &#124;" in page
    # Every line of the body is front matter, our own Markdown, or a raw HTML block's line.
    body = page.split("\n---\n", 1)[1]
    assert all(re.match(r"^(|## [A-Z][a-z ]+|<.*)$", line) for line in body.splitlines())
    assert "line one line two" in page  # a quote's line break is a space: the block stays one line


def test_a_preview_build_writes_the_page(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stand_in(monkeypatch, some_leads(project))
    monkeypatch.setenv("FACTSITE_DRAFTS", "1")
    assert main(["generate", "--root", str(project), "--out", str(tmp_path / "preview")]) == 0
    assert "Thursday vs Friday" in files_under(tmp_path / "preview")[urls.LEADS].decode()
    monkeypatch.delenv("FACTSITE_DRAFTS")
    assert main(["generate", "--root", str(project), "--out", str(tmp_path / "published")]) == 0
    assert urls.LEADS not in files_under(tmp_path / "published")


def test_a_claim_edit_does_not_run_the_finder_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `mkdocs serve` the page is made again after each edit; the leads come from the sources."""
    from dataclasses import replace

    from generator.anchor.project import build_project
    from generator.render import leads
    from generator.render.options import SiteOptions

    project = build_project(REPO)
    first = leads.leads_page(project, SiteOptions(drafts=True))
    calls: list[int] = []
    monkeypatch.setattr(leads.find, "find_leads", lambda p: calls.append(1) or [])
    edited = replace(project, claims=project.claims[1:])  # a claim gone: the same sources
    again = leads.leads_page(edited, SiteOptions(drafts=True))
    assert calls == [] and again != "" and first != ""
    leads.leads_page(replace(project, sources=dict(project.sources)), SiteOptions(drafts=True))
    assert calls == [], "the same Source objects"
    other = {k: replace(v) for k, v in project.sources.items()}
    leads.leads_page(replace(project, sources=other), SiteOptions(drafts=True))
    assert calls == [1], "a source changed: the finder runs"
