"""Like compared with like: facts of related sentences, remarks of related passages.

A fact of one source is compared with the facts of the same type in the
related sentences of each other source (pairing.py), about the same thing
(`about` words shared). Only its best match in that source counts: when a
source states the same value somewhere about the same thing, one other
figure in it is no disagreement ("72-hour" against "three-day" and
"30-day" ceasefires). A best match that cannot be true together with the
fact is a `Finding`. Remarks: the same words given to different speakers
are an attribution; near-identical, differently worded remarks of one
speaker are two renderings.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from generator.suggest.dating import WEEKDAYS
from generator.suggest.facts import Fact
from generator.suggest.pairing import term_overlap
from generator.suggest.speech import Utterance
from generator.suggest.terms import stem, tokens

# How much each kind of difference is worth checking, before the rest of the score.
KIND_WEIGHT = {
    "duration": 1.0, "count": 1.0, "date": 0.95, "weekday": 0.9, "number": 0.8, "attribution": 0.8, "rendering": 0.7,
}  # fmt: skip
# How exact the two values are: two exact figures that differ are a sharper lead than "nearly 4" against 3.5.
EXACTNESS = {"exact": 1.0, "approx": 0.8, "bound": 0.6}
# The score's floor and the share of the pair's "same thing" strength above it.
SCORE_FLOOR = 0.4
# Two durations whose ratio is larger than this are lengths of different things (hours vs years).
MAX_DURATION_RATIO = 8.0
# Compatible figures stated differently ("more than two dozen" against "more than 25") are worth a
# look, no more: their score is scaled by this.
COMPATIBLE_WEIGHT = 0.6
# Remarks: "closeness" is half rapidfuzz's token-set similarity, half the share of distinctive
# content words in common. The same words given to two speakers need at least this closeness and
# shared words; two renderings of one speaker's remark a little less (translations differ more).
ATTRIBUTION_MIN_CLOSENESS = 0.45
MIN_SHARED_ATTRIBUTION_TERMS = 3
RENDERING_MIN_CLOSENESS = 0.45
MIN_SHARED_RENDERING_TERMS = 2
# Above this similarity two renderings are the same words: no lead.
SAME_WORDS_SIMILARITY = 0.97
# A term in more than this share of all remarks ("China", "Russia" in a story about both) names no remark;
# only counted with at least MIN_REMARKS_FOR_COMMON remarks.
COMMON_REMARK_SHARE = 0.25
MIN_REMARKS_FOR_COMMON = 8
# A weekday's or date's subject is the words around it: at least this many must be shared.
MIN_SHARED_CONTEXT_TERMS = 2
# A fact pair must be at least this surely about the same thing (half sentence relatedness, half shared subject).
MIN_FACT_STRENGTH = 0.4
# Facts known by the words around them (dates, weekdays, figures without a counted noun): at least this
# share of the words right around the two facts must be in the other's sentence. Such facts are many in a
# story ("on Thursday" in every report), so the words naming their event must be close to them.
MIN_EVENT_SHARE = 0.15
# Words of a remark shown in a description.
DESCRIPTION_WORDS = 6


@dataclass(frozen=True, slots=True)
class FindingSide:
    """One source's side of a finding: where the fact or remark is, and how the source gives it."""

    source: str
    start: int
    end: int
    value: str
    excerpt: tuple[int, int]  # the stretch to quote (original offsets)
    norm: str = ""  # the value as compared ("2025-05-09", "3.5-3.5", a speaker's name words): merging.py


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    description: str
    score: float
    sides: tuple[FindingSide, ...]


def compare_facts(facts: Sequence[Fact], related: dict[tuple[int, int], float], sentence_facts: dict[int, list[int]],
                  excerpt_of: dict[int, tuple[int, int]]) -> list[Finding]:  # fmt: skip
    """Findings among facts. `related` pairs passage ids; `sentence_facts` maps a passage id to its facts' indices;
    `excerpt_of` gives each fact's excerpt (original offsets)."""
    partners: dict[int, list[tuple[int, float]]] = {}
    for (i, j), rel in related.items():
        partners.setdefault(i, []).append((j, rel))
        partners.setdefault(j, []).append((i, rel))
    found: dict[tuple, Finding] = {}
    for i, others in sorted(partners.items()):
        for fi in sentence_facts.get(i, []):
            f = facts[fi]
            best: dict[str, tuple[float, bool, int]] = {}  # per other source: (strength, agrees, fact index)
            for j, rel in others:
                for gi in sentence_facts.get(j, []):
                    g = facts[gi]
                    judged = _judge(f, g)
                    if judged is None:
                        continue
                    kind, same_thing, agrees = judged
                    strength = 0.5 * rel + 0.5 * same_thing
                    if strength < MIN_FACT_STRENGTH and not (f.context or g.context):
                        continue
                    key = (strength, agrees, -gi)
                    if g.sentence.source not in best or key > best[g.sentence.source]:
                        best[g.sentence.source] = key
            for strength, agrees, neg in best.values():
                g = facts[-neg]
                soft = agrees and _differently_stated(f, g)
                if agrees and not soft:
                    continue
                finding = _fact_finding(
                    f, g, strength * (COMPATIBLE_WEIGHT if soft else 1.0), (excerpt_of[fi], excerpt_of[-neg])
                )
                key = (finding.kind, tuple(sorted((s.source, s.start, s.end) for s in finding.sides)))
                if key not in found or finding.score > found[key].score:
                    found[key] = finding
    return [found[k] for k in sorted(found)]


def compare_remarks(remarks: Sequence[Utterance], related: dict[tuple[int, int], float]) -> list[Finding]:
    """Attributions and renderings among related remarks of different sources."""
    common = _common_terms(remarks)
    found = []
    for i, j in sorted(related):
        a, b = remarks[i], remarks[j]
        if not a.who or not b.who:
            continue
        ta, tb = a.terms - common, b.terms - common
        shared = len(ta & tb)
        fuzzy = fuzz.token_set_ratio(a.text.lower(), b.text.lower()) / 100
        closeness = 0.5 * fuzzy + 0.5 * term_overlap(ta, tb)
        if a.who & b.who:
            if (
                shared < MIN_SHARED_RENDERING_TERMS
                or closeness < RENDERING_MIN_CLOSENESS
                or fuzzy >= SAME_WORDS_SIMILARITY
            ):
                continue
            kind, text = "rendering", f"{a.speaker}: {_gist(a.text)} vs {_gist(b.text)}"
        else:
            if shared < MIN_SHARED_ATTRIBUTION_TERMS or closeness < ATTRIBUTION_MIN_CLOSENESS:
                continue
            kind, text = "attribution", f"{a.speaker} vs {b.speaker}: {_gist(a.text)}"
        score = KIND_WEIGHT[kind] * (SCORE_FLOOR + (1 - SCORE_FLOOR) * min(closeness, 1.0))
        sides = tuple(sorted((_remark_side(a), _remark_side(b)), key=lambda s: (s.source, s.start)))
        found.append(Finding(kind, text, round(score, 4), sides))
    return found


def _common_terms(remarks: Sequence[Utterance]) -> frozenset[str]:
    """Terms in more than COMMON_REMARK_SHARE of the remarks (with enough remarks to tell): they name no remark."""
    if len(remarks) < MIN_REMARKS_FOR_COMMON:
        return frozenset()
    counts: dict[str, int] = {}
    for remark in remarks:
        for term in remark.terms:
            counts[term] = counts.get(term, 0) + 1
    return frozenset(t for t, n in counts.items() if n > COMMON_REMARK_SHARE * len(remarks))


def _judge(f: Fact, g: Fact) -> tuple[str, float, bool] | None:
    """(kind, how surely the same thing, whether the two agree), or None when they are not comparable."""
    if f.sentence.source == g.sentence.source:
        return None
    if f.context or g.context:
        same = _same_event(f, g)
        if same is None:
            return None
    else:
        same = term_overlap(f.about, g.about)
        if same == 0:
            return None
    if f.kind == g.kind and f.kind in ("count", "number", "duration"):
        if f.kind == "number" and f.unit != g.unit:
            return None
        if f.kind == "duration" and _ratio(f, g) > MAX_DURATION_RATIO:
            return None
        return f.kind, same, _meet(f, g)
    kinds = {f.kind, g.kind}
    if kinds <= {"date", "weekday"} and (f.qualifier == "until") != (g.qualifier == "until"):
        return _span_end(f, g, same)
    if kinds == {"weekday"}:
        if f.unit and g.unit:
            return "weekday", same, f.unit == g.unit
        return "weekday", same, f.low == g.low
    if kinds == {"date"}:
        if f.unit and g.unit and f.unit != g.unit:
            return "date", same, False
        return "date", same, f.low <= g.high and g.low <= f.high
    if kinds == {"date", "weekday"}:
        day, date = (f, g) if f.kind == "weekday" else (g, f)
        if day.unit and (not date.unit or date.unit == day.unit[:4]):
            md = int(day.unit[5:7]) * 100 + int(day.unit[8:10])
            return "date", same, date.low <= md <= date.high
        if date.unit and date.low == date.high:
            weekday = dt.date(int(date.unit), int(date.low) // 100, int(date.low) % 100).weekday()
            return "weekday", same, weekday == day.low
    return None


def _same_event(f: Fact, g: Fact) -> float | None:
    """How surely two facts known by the words around them (dates, weekdays, figures without a counted
    noun) are about one event, or None when they are not: their sentences must share at least
    MIN_SHARED_CONTEXT_TERMS terms, one of them a word in lower case (names alone, "Xi" and "Russia",
    are in every sentence of a story and name no event), and one date's event word (facts.py `head`)
    must be in the other's sentence (unless one ends a span the other gives: its verb, "continue",
    "run", is no event word); the words right around each fact that the other sentence has
    weigh how sure."""
    shared = f.about & g.about
    if len(shared) < MIN_SHARED_CONTEXT_TERMS or not shared & f.plain & g.plain:
        return None
    span_end = (f.qualifier == "until") != (g.qualifier == "until")  # "continue through Sunday" vs "runs June 12–14"
    if not span_end and (f.head or g.head) and f.head not in g.about and g.head not in f.about:
        return None  # "resume on Friday" and "began on Tuesday": two events of one story
    near = len(f.near & g.about) + len(g.near & f.about)
    share = near / ((len(f.near) + len(g.near)) or 1)
    return share if share >= MIN_EVENT_SHARE else None


def _span_end(f: Fact, g: Fact, same: float) -> tuple[str, float, bool] | None:
    """ "through Friday" (the end of a span) against "May 7–10": the span's last day against that day.
    Against a single day or weekday ("on Thursday", a day within the span) there is nothing to compare."""
    end, span = (f, g) if f.qualifier == "until" else (g, f)
    if span.kind != "date" or span.low == span.high:
        return None
    if end.kind == "date" and (not end.unit or not span.unit or end.unit == span.unit):
        return "date", same, end.high == span.high
    if end.kind == "weekday" and end.unit and (not span.unit or span.unit == end.unit[:4]):
        return "date", same, int(end.unit[5:7]) * 100 + int(end.unit[8:10]) == span.high
    return None


def _meet(f: Fact, g: Fact) -> bool:
    """Whether both values can be true: their intervals share more than an end point a bound leaves out."""
    if f.low == f.high and g.low == g.high:
        return math.isclose(f.low, g.low, rel_tol=1e-9)
    if f.low == f.high:
        return g.low <= f.low <= g.high and not (f.low == g.low and g.qualifier == "above")
    if g.low == g.high:
        return _meet(g, f)
    return f.low < g.high and g.low < f.high


def _differently_stated(f: Fact, g: Fact) -> bool:
    """Compatible amounts that are still given as different figures ("more than two dozen", "more than 25")."""
    if f.kind not in ("count", "number", "duration") or not (f.qualifier or g.qualifier):
        return False
    return not math.isclose(_stated(f), _stated(g), rel_tol=0.01)


def _stated(f: Fact) -> float:
    if f.qualifier in ("above", "atleast"):
        return f.low
    return f.high if f.qualifier in ("below", "atmost") else (f.low + f.high) / 2


def _ratio(f: Fact, g: Fact) -> float:
    a, b = max(f.low, 1e-9), max(g.low, 1e-9)
    return max(a, b) / min(a, b)


def _exactness(f: Fact, g: Fact) -> float:
    kinds = {f.qualifier, g.qualifier}
    if kinds & {"above", "atleast", "atmost"}:
        return EXACTNESS["bound"]
    return EXACTNESS["approx"] if kinds & {"approx", "below"} else EXACTNESS["exact"]


def _fact_finding(f: Fact, g: Fact, strength: float, excerpts: tuple[tuple[int, int], tuple[int, int]]) -> Finding:
    kind = f.kind if f.kind == g.kind else ("date" if "date" in (f.kind, g.kind) else f.kind)
    score = KIND_WEIGHT[kind] * _exactness(f, g) * (SCORE_FLOOR + (1 - SCORE_FLOOR) * min(strength, 1.0))
    (first, ex1), (second, ex2) = sorted(
        ((f, excerpts[0]), (g, excerpts[1])), key=lambda x: (x[0].sentence.source, x[0].start)
    )
    shared = first.about & second.about
    if first.context or second.context:  # the event's words: those near either fact, in lower case first
        near = shared & (first.near | second.near | {first.head, second.head})
        shared = (near & (first.plain | second.plain)) or near or shared
    thing = _naming(first, shared) or _naming(second, shared)
    labels = [_label(x, kind) for x in (first, second)]
    description = f"{labels[0]} vs {labels[1]}" + (f": {thing}" if thing else "")
    sides = tuple(FindingSide(x.sentence.source, x.start, x.end, _words(x), ex,
                              _norm(x)) for x, ex in ((first, ex1), (second, ex2)))  # fmt: skip
    return Finding(kind, description, round(score, 4), sides)


def _words(fact: Fact) -> str:
    """The fact's words as the source gives them."""
    return fact.sentence.text[fact.start - fact.sentence.start : fact.end - fact.sentence.start]


def _label(fact: Fact, kind: str) -> str:
    if fact.kind == "weekday" and fact.unit and (kind == "date" or fact.assumed):
        return f"{fact.label} ({'≈' if fact.assumed else ''}{fact.unit})"
    return fact.label


def _naming(fact: Fact, shared: frozenset[str]) -> str:
    """The sentence's own words for the shared subject, in order, at most three."""
    words: list[str] = []
    for word, _, _ in tokens(fact.sentence.text):
        if stem(word) in shared and word.lower() not in words:
            words.append(word if word[:1].isupper() and word.lower() not in WEEKDAYS else word.lower())
    return " ".join(words[:3])


def _gist(text: str) -> str:
    words = text.split()
    return (
        "“"
        + " ".join(words[:DESCRIPTION_WORDS]).strip(' ,.;:“”"«»')
        + ("…”" if len(words) > DESCRIPTION_WORDS else "”")
    )


def _remark_side(u: Utterance) -> FindingSide:
    return FindingSide(u.source, u.start, u.end, u.text, u.excerpt, " ".join(sorted(u.who)))


def _norm(fact: Fact) -> str:
    """The fact's value as compared: a weekday's date when known, else the interval."""
    if fact.kind == "weekday" and fact.unit:
        return fact.unit
    return f"{fact.kind}:{fact.low:g}-{fact.high:g}:{fact.unit}:{fact.qualifier}"
