"""The site's own claims carry the whole editorial record: a reader of any claim page sees who
made the claim, where, the bottom line, who checked it and when it was published."""

from __future__ import annotations

import re

from conftest import REPO

from generator.anchor.project import build_project
from generator.model import SLUG


def test_every_real_claim_has_its_record_and_names_its_claimant() -> None:
    project = build_project(REPO)
    assert len(project.claims) >= 35
    for claim in project.claims:
        assert claim.claimant is not None, claim.slug
        name = claim.claimant.name
        # Never a slug or an id: a name readers read.
        assert not SLUG.match(name) and name not in project.sources and name not in project.people, claim.slug
        assert claim.said.source in project.sources or claim.said.where, claim.slug
        assert claim.bottom_line and claim.bottom_line.count(". ") == 0, claim.slug  # one sentence
        assert claim.author in project.people and claim.published and claim.status == "published", claim.slug


def test_every_real_verdict_follows_the_written_rules() -> None:
    """The mechanical part of the methodology's verdict rules (docs/methodology.md): which
    excerpts each verdict needs from how many different sources."""
    for claim in build_project(REPO).claims:
        supporting = {e.source for e in claim.excerpts("supports")}
        contradicting = {e.source for e in claim.excerpts("contradicts")}
        follows = {
            "supported": len(supporting) >= 2 and not contradicting,  # one source alone is never supported
            "mostly-supported": len(supporting) >= 2 and not contradicting,
            "disputed": bool(supporting) and bool(contradicting),
            # some part of the substance is stated by one article only (rule 3): one source, or each part its own
            "unverified": bool(supporting) and not contradicting,
            "contradicted": bool(contradicting) and not supporting,
        }[claim.verdict]
        assert follows, (claim.slug, claim.verdict, sorted(supporting), sorted(contradicting))


def test_the_same_excerpt_has_the_same_stance_in_every_claim_that_cites_it() -> None:
    """Stances applied evenly: one passage cited by two claims about the same point is not `supports`
    in one and `context` in the other unless the claims differ (then the summaries say why)."""
    seen: dict[tuple[str, str], set[str]] = {}
    for claim in build_project(REPO).claims:
        for e in claim.evidence:
            seen.setdefault((e.source, " ".join(e.quote.split())), set()).add(e.stance)
    mixed = {key: stances for key, stances in seen.items() if {"supports", "contradicts"} <= stances}
    assert mixed == {}


def test_the_coverage_table_points_every_row_at_a_claim_or_a_reason() -> None:
    """docs/about-sources.md's coverage table: each point where the articles differ has a claim
    that exists, or says why there is none; and every claim is in it."""
    text = (REPO / "docs" / "about-sources.md").read_text("utf-8")
    section = text.split("## Where the articles differ: coverage", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| Point")]
    rows = [row for row in rows if not set(row) <= set("|- ")]
    assert len(rows) >= 45
    slugs = {path.stem for path in (REPO / "claims").glob("*.yml")} - {"tags", "people"}
    linked: set[str] = set()
    for row in rows:
        last = row.rstrip(" |").rsplit(" | ", 1)[-1]
        found = re.findall(r"\]\(claims/([a-z0-9-]+)\.md\)", last)
        assert found or len(last.strip()) > 10, row  # a claim, or a reason in words
        assert set(found) <= slugs, row
        linked |= set(found)
    assert linked == slugs, sorted(slugs - linked)
