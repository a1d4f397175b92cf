"""No page grows with its seed: an excerpt shows its sentence, cut to MAX_CONTEXT_CHARS either side.

Reproduces a finding of the second hardening round: every excerpt repeated
its whole enclosing sentence, so a small claim on a seed of megabytes with
no full stop made a page of hundreds of megabytes (a fork's pull request
changing only claims/ and seeds/ gets a preview without review).
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from generator.anchor.project import build_project
from generator.render.claimpage import MAX_CONTEXT_CHARS, claim_page
from generator.render.options import SiteOptions

# A claim page's bound whatever its seed, with the fixture's claims and 20 excerpts.
MAX_CLAIM_PAGE_BYTES = 1_000_000
EXCERPTS = 20


def _huge_unpunctuated_seed(project: Path, size: int = 3_400_000) -> list[str]:
    """A seed of `size` characters of words without a sentence end, registered; `EXCERPTS` unique quotes in it."""
    rng = random.Random(7)
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
    text = " ".join(rng.choice(words) for _ in range(size // 6))
    quotes = []
    for n in range(EXCERPTS):
        marker = f"unique{n}marker"
        at = text.find(" ", (n + 1) * len(text) // (EXCERPTS + 1))
        text = text[:at] + f" {marker} words here" + text[at:]
        quotes.append(f"{marker} words here")
    data = text.encode()
    (project / "seeds" / "flat.txt").write_bytes(data)
    with (project / "seeds" / "sources.yml").open("a") as registry:
        registry.write(
            f'  - id: flat\n    file: flat.txt\n    title: "Flat"\n    outlet: ""\n    url: ""\n'
            f'    published: ""\n    sha256: {hashlib.sha256(data).hexdigest()}\n    notes: ""\n'
        )
    return quotes


def test_a_claim_page_on_a_huge_seed_without_sentence_ends_stays_small(project: Path) -> None:
    quotes = _huge_unpunctuated_seed(project)
    evidence = "".join(f"  - source: flat\n    stance: context\n    quote: {q}\n" for q in quotes)
    (project / "claims" / "flat-claim.yml").write_text(
        "claim: A claim on a flat seed.\nverdict: unverified\nsummary: x\nreviewed: '2026-11-22'\n"
        f"evidence:\n{evidence}"
    )
    built = build_project(project)
    claim = next(c for c in built.claims if c.slug == "flat-claim")
    page = claim_page(claim, built, SiteOptions())
    assert len(page.encode()) < MAX_CLAIM_PAGE_BYTES, len(page.encode())
    for quote in quotes:  # each quote is shown, with a cut context marked by an ellipsis on both sides
        assert quote in page
    assert page.count("\u2026") >= 2 * EXCERPTS
    # the context around each quote is at most MAX_CONTEXT_CHARS either side (plus the markup)
    assert len(page.encode()) < EXCERPTS * (2 * MAX_CONTEXT_CHARS + 2_000) + 20_000


def test_a_normal_sentence_is_shown_whole(project: Path) -> None:
    built = build_project(project)
    claim = next(c for c in built.claims if c.slug == "death-toll")
    page = claim_page(claim, built, SiteOptions())
    assert "\u2026" not in page.split("fs-context", 1)[1].split("</blockquote>", 1)[0]


def test_bidirectional_controls_are_neutralised_in_attributes_and_titles() -> None:
    from generator.render import markup, mdpage

    hostile = "evil\u202egpj.exe"
    assert "\u202e" not in markup.element("a", "x", title=hostile)
    assert "\ufffd" in markup.attr(hostile)
    assert "\u202e" not in mdpage.title(hostile)
