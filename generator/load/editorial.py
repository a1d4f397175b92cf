"""Checks across claims and time: drafts linked from published claims, verdicts changed without a correction.

These need every claim (a link's target may be a draft) or the history
(a verdict's earlier values), so they run once the claims are loaded.
"""

from __future__ import annotations

from generator.errors import START, Diagnostic
from generator.load.dates import today
from generator.load.history import History
from generator.model import Claim, Revision

# The corrections-log entries that answer a changed verdict: a clarification
# says the same thing more clearly, so it cannot.
ANSWERS_A_CHANGE = ("correction", "update")


def attach_history(claims: list[Claim], history: History | None) -> None:
    """Each claim's revisions (newest first), when git has them."""
    for claim in claims:
        claim.history = list(history.revisions.get(claim.path, ())) if history else []


def draft_links(claims: list[Claim]) -> list[Diagnostic]:
    """An error for each link from a published claim to a draft: a published page never links to a draft."""
    drafts = {c.slug for c in claims if c.is_draft}
    if not drafts:
        return []
    return [
        Diagnostic.at(
            claim.path,
            pos,
            "draft-linked",
            f"this published claim links to claims/{slug}.md, which is a draft",
            "a draft is not on the published site: publish it first (status: published), or remove the link",
        )
        for claim in claims
        if not claim.is_draft
        for slug, pos in claim.links
        if slug in drafts
    ]


def verdict_changes(claims: list[Claim], history: History | None) -> list[Diagnostic]:
    """A warning for each published claim whose verdict changed after publication more often than
    its corrections log has entries (corrections or updates) saying so."""
    if history is None:
        return []
    found = [d for claim in claims if not claim.is_draft and (d := _unanswered(claim, history))]
    if history.shallow and any(history.revisions.get(c.path) for c in claims):
        found.append(
            Diagnostic.at(
                "claims",
                START,
                "shallow-history",
                "the git history is shallow: revision lists and the check of verdict changes "
                "see only the commits fetched",
                "fetch the whole history (`git fetch --unshallow`; "
                "in GitHub Actions, actions/checkout with fetch-depth: 0)",
                severity="warning",
            )
        )
    return found


def _unanswered(claim: Claim, history: History) -> Diagnostic | None:
    """The warning for a claim with a verdict change after publication that no entry answers.

    An entry answers a change when it is dated on or after the last commit of the file before
    the change (the entry is written with the change, and may be dated a day or two before it
    is committed); each entry answers one change.
    """
    revisions = history.revisions.get(claim.path, [])
    changes = [(c.date, c.old, c.new, _before(revisions, c.commit)) for c in history.verdicts.get(claim.path, ())]
    committed = history.last_verdict.get(claim.path)
    if committed and committed != claim.verdict:  # changed, not yet committed
        changes.append((today().isoformat(), committed, claim.verdict, revisions[0].date if revisions else ""))
    # Published when first committed as published: moving `published` (or v1's `reviewed`) later in
    # the commit that changes the verdict does not make the change come before publication.
    published = (
        min(d for d in (claim.published, history.first_published.get(claim.path, "")) if d) if claim.published else ""
    )
    after = [c for c in changes if published and c[0] > published]
    answers = sorted(c.date for c in claim.corrections if c.kind in ANSWERS_A_CHANGE and c.date > published)
    unanswered = []
    for change in after:
        found = next((a for a in answers if a >= change[3]), None)
        if found is None:
            unanswered.append(change)
        else:
            answers.remove(found)
    if not unanswered:
        return None
    said = "; ".join(f"{old} \u2192 {new} ({date})" for date, old, new, _ in unanswered)
    return Diagnostic.at(
        claim.path,
        claim.verdict_pos,
        "verdict-changed",
        f"the verdict changed after publication ({published}) and the corrections log does not say so: {said}",
        "readers must be told: add an entry at the top of `corrections:` "
        "(date, kind: correction or update, text saying what changed and why)",
        severity="warning",
    )


def _before(revisions: list[Revision], commit: str) -> str:
    """The date of the file's last commit before `commit` ("" when it is the first)."""
    for index, revision in enumerate(revisions):
        if revision.commit == commit:
            return revisions[index + 1].date if index + 1 < len(revisions) else ""
    return ""
