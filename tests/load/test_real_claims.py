"""The site's own claims carry the whole editorial record: a reader of any claim page sees who
made the claim, where, the bottom line, who checked it and when it was published."""

from __future__ import annotations

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
