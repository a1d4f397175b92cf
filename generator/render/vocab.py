"""The words and signs readers see for verdicts and stances.

One place for the verdict scale: its order, its human labels, its
ClaimReview rating (documented on docs/methodology.md) and the sign that
goes with each label so that no badge relies on colour alone.
"""

from __future__ import annotations

from typing import NamedTuple


class Verdict(NamedTuple):
    rating: int | None  # ClaimReview ratingValue, worst 1 .. best 5; None: no number (see UNVERIFIED_RATING)
    label: str  # ClaimReview alternateName and the badge text
    sign: str  # shown before the label; decorative (aria-hidden)
    meaning: str = ""  # one line under the badge: the methodology's definition (docs/methodology.md)


# The verdict scale, best first. bestRating 5, worstRating 1. "Unverified" has no number: it says
# the articles cannot rate the claim, and ClaimReview requires only the words (alternateName). Each meaning is the
# methodology page's definition in one line (tests/render check they agree).
VERDICT_SCALE: dict[str, Verdict] = {
    "supported": Verdict(
        5, "Supported", "✔", "At least two articles state the claim as worded, and none contradicts it."
    ),
    "mostly-supported": Verdict(
        4,
        "Mostly supported",
        "◕",
        "At least two articles state the substance of the claim and none contradicts it, "
        "but a detail rests on one article only.",
    ),
    "disputed": Verdict(
        3,
        "Disputed",
        "⇄",
        "At least one article states the claim and at least one contradicts it, "
        "and the five articles do not settle which is right.",
    ),
    "unverified": Verdict(
        None,  # not a point on the true-false scale: 2 of 5 is commonly read as "mostly false"
        "Unverified",
        "?",
        "Only one article states it; no other confirms or refutes it. This is not a finding that the claim is false.",
    ),
    "contradicted": Verdict(
        1, "Contradicted", "✘", "At least one article contradicts the claim, and none supports it on that point."
    ),
}
BEST_RATING = 5
WORST_RATING = 1


class Stance(NamedTuple):
    label: str  # "Supports"
    heading: str  # the group heading on a claim page
    sign: str  # the mark on highlights and in the matrix
    empty: str  # said when a claim has no excerpt of this stance


# Stances in the order the claim page shows them.
STANCES: dict[str, Stance] = {
    "supports": Stance("Supports", "Supporting excerpts", "✔", "No excerpt supports this claim."),
    "contradicts": Stance("Contradicts", "Contradicting excerpts", "✘", "No excerpt contradicts this claim."),
    "context": Stance("Context", "Context", "○", ""),
}

# The groups a claim page always shows, even when empty; context only when present.
ALWAYS_SHOWN = ("supports", "contradicts")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def verdict(name: str) -> Verdict:
    """The verdict's entry; an unknown name (never after `check`) reads as itself."""
    return VERDICT_SCALE.get(name, Verdict(WORST_RATING, name, "?"))


def human_date(iso: str, short: bool = False) -> str:
    """'2026-11-22' -> '22 November 2026' ('22 Nov 2026' when short); anything else unchanged."""
    parts = iso.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
        return iso
    month = MONTHS[int(parts[1]) - 1]
    return f"{int(parts[2])} {month[:3] if short else month} {parts[0]}"
