"""Which passages of different sources speak of the same thing: blocking, then a relatedness score.

Each passage (a sentence with facts, or a remark) has key terms
(terms.py). An inverted index maps each term to the passages that have
it; only passages sharing a term are ever compared, and a term in more
than MAX_POSTINGS passages is skipped as too common to say what a passage
is about (it would make the candidate pairs grow with the square of the
passages). Each passage keeps at most MAX_PARTNERS candidates, the most
related. Relatedness is the shared terms' weight (rarer terms weigh more)
over the smaller passage's weight, mixed with rapidfuzz's token-set
similarity of the two texts.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

# A term in more passages than this says nothing about what a passage is
# about ("said", "government" in a thousand reports); skipping it bounds
# the pairs one term can make to MAX_POSTINGS² / 2.
MAX_POSTINGS = 120
# Each passage is compared with at most this many passages of other sources:
# its closest, by shared term weight.
MAX_PARTNERS = 12
# Two passages sharing fewer terms than this are about different things.
MIN_SHARED_TERMS = 2
# How much the word overlap counts against the fuzzy similarity of the texts.
OVERLAP_SHARE = 0.7


@dataclass(frozen=True, slots=True)
class Passage:
    """What pairing needs of a sentence or remark: its source, its key terms and its text."""

    source: str
    terms: frozenset[str]
    text: str


def related_pairs(passages: Sequence[Passage], min_relatedness: float) -> dict[tuple[int, int], float]:
    """(i, j) with i < j, passages of different sources, and their relatedness (≥ min_relatedness)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for k, passage in enumerate(passages):
        for term in sorted(passage.terms):
            postings[term].append(k)
    sources_of: dict[str, set[str]] = defaultdict(set)
    for term, ids in postings.items():
        if len(ids) <= MAX_POSTINGS:
            sources_of[term].update(passages[k].source for k in ids)
    sources = len({p.source for p in passages}) or 1
    weight = {t: math.log(1 + sources / len(s)) for t, s in sources_of.items()}
    shared: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0.0, 0])  # type: ignore[arg-type, return-value]
    for term, ids in postings.items():
        if len(ids) > MAX_POSTINGS:
            continue
        w = weight[term]
        for x, i in enumerate(ids):
            source = passages[i].source
            for j in ids[x + 1 :]:
                if passages[j].source != source:
                    entry = shared[(i, j)]
                    entry[0] += w
                    entry[1] += 1
    # Summed in a fixed order: float addition is not associative, and a set's order changes per process.
    totals = [sum(weight.get(t, 0.0) for t in sorted(p.terms)) for p in passages]
    best: dict[int, list[tuple[float, tuple[int, int]]]] = defaultdict(list)
    for pair, (w, count) in shared.items():
        if count < MIN_SHARED_TERMS:
            continue
        i, j = pair
        overlap = w / (min(totals[i], totals[j]) or 1.0)
        best[i].append((overlap, pair))
        best[j].append((overlap, pair))
    chosen: set[tuple[int, int]] = set()
    for k in sorted(best):
        chosen.update(pair for _, pair in sorted(best[k], key=lambda e: (-e[0], e[1]))[:MAX_PARTNERS])
    result: dict[tuple[int, int], float] = {}
    for pair in sorted(chosen):
        i, j = pair
        overlap = min(shared[pair][0] / (min(totals[i], totals[j]) or 1.0), 1.0)
        fuzzy = fuzz.token_set_ratio(passages[i].text, passages[j].text) / 100
        score = OVERLAP_SHARE * overlap + (1 - OVERLAP_SHARE) * fuzzy
        if score >= min_relatedness:
            result[pair] = score
    return result


def term_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared terms over the smaller set's size (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
