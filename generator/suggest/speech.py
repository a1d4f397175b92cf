"""Quoted and reported speech, and who a source says spoke it.

A quotation is text between “ ”, « » or straight double quotes; reported
speech is "X said (that) ..." without quotation marks. The speaker is
the name (capitalised words) or description ("the Chinese president")
joined to a speech verb in the same sentence, before or after the words;
"he"/"she" is the source's last named speaker. A description is resolved
with the source's own apposition ("Chinese President Xi Jinping" makes
"the Chinese president" Xi Jinping). Speakers compare by their name
words without titles: "President Xi" and "Xi Jinping" are one speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.suggest.sentences import Sentence
from generator.suggest.terms import is_name, key_terms

_VERBS = (
    r"said|says|say|stated|states|wrote|writes|told|tells|added|adds|declared|declares|noted|notes|"
    r"emphasi[sz]ed|stressed|insisted|argued|warned|announced|described|called|urged|pledged|promised|"
    r"explained|remarked|recalled|replied|asserted|claimed"
)
_NAME = r"(?:[A-Z][\w’'\-.]*(?:\s+(?:[A-Z][\w’'\-.]*|de|van|von|al|bin))*)"
_DESCRIPTION = (
    r"(?:the|a|its|his|her)\s+(?:[A-Z]\w+\s+)?(?:[a-z-]+\s+){0,2}?(?:president|leader|minister|spokes(?:wo)?man|"
    r"spokesperson|statement|declaration|newspaper|chancellor|premier|official|ministry)"
)


def _who_re(group: str) -> str:
    """A speaker's words as a named group: a name, a description or a pronoun."""
    return rf"(?P<{group}>{_NAME}|{_DESCRIPTION}|[Hh]e|[Ss]he|[Tt]hey)"


# After the quotation: ", Xi said." / "” he said" / ", said Vladimir Putin"
_AFTER_RE = re.compile(rf"[\s,]*(?:{_who_re('who')}\s+(?:also\s+)?(?:{_VERBS})\b|(?:{_VERBS})\s+{_who_re('who2')})")
# Before it, in the same sentence: "Putin said the talks were", "Xi said:", "told Putin, according to"
_BEFORE_RE = re.compile(
    rf"{_who_re('who')}(?:,[^,]{{1,60}},)?\s+(?:also\s+|has\s+|had\s+)?(?:{_VERBS})\b(?!.*\b(?:{_VERBS})\b)"
)
# "The health minister, Paolo Ricci, called …": a description, then the name set off by commas.
_APPOSITIVE_BEFORE_RE = re.compile(
    rf"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+[a-z][\w’'\- ]{{0,40}}?,\s+(?P<who>{_NAME}),"
    rf"\s+(?:also\s+)?(?:{_VERBS})\b(?!.*\b(?:{_VERBS})\b)"
)
_QUOTE_RE = re.compile(r"\u201c([^\u201c\u201d]{3,}?)\u201d|\u00ab([^\u00ab\u00bb]{3,}?)\u00bb|\"([^\"\n]{3,}?)\"")
# "’s foreign minister, Andrii Sybiha": the name after a possessive's description.
_APPOSED_RE = re.compile(rf"[\s\w-]{{0,40}}?,\s+({_NAME})")
# "Chinese President Xi Jinping": an adjective, a role, a name, for descriptions.
_APPOSITION_RE = re.compile(
    rf"\b([A-Z][a-z]+)\s+(?:[Vv]ice\s+)?(President|Prime Minister|Foreign Minister|leader|Premier|Chancellor)"
    rf"\s+({_NAME})"
)
_REPORTED_RE = re.compile(
    rf"{_who_re('who')}\s+(?:also\s+)?(?:said|says|stated|emphasi[sz]ed|stressed|insisted|argued|warned|noted)"
    r"\s+(?:once again\s+)?(?:that\s+)?"
)
# Words of a title or a description, no part of who spoke.
TITLE_WORDS = frozenset(
    "president vice prime minister foreign leader mr mrs ms dr the a its his her premier chancellor spokesman "
    "spokeswoman spokesperson official chinese russian american us u.s. french german british ukrainian".split()
)
# A quotation of fewer words is a phrase (“dear friend”, “hostile approaches”) rather than a remark.
MIN_UTTERANCE_WORDS = 4
# A quotation longer than this is cut here for comparison: a long remark is known by its start.
MAX_UTTERANCE_CHARS = 400


@dataclass(frozen=True, slots=True)
class Utterance:
    """Words a source gives to a speaker."""

    source: str
    start: int  # original offsets of the words (inside the quotation marks)
    end: int
    text: str
    speaker: str  # the speaker's name as the source writes it ("" when none is found)
    who: frozenset[str]  # the speaker's name words, lower case, without titles (empty: unknown)
    quoted: bool
    excerpt: tuple[int, int]  # original offsets of the sentence(s) holding the words and the speaker
    terms: frozenset[str]


def find_utterances(source: str, text: str, sentences: list[Sentence]) -> list[Utterance]:
    """Every quotation and reported remark of a source, in order.

    Quotations are looked for in each paragraph (a quotation may run over
    several sentences); the speaker in the sentence where it starts or ends.
    """
    aliases = _aliases(sentences)
    found: list[Utterance] = []
    last: tuple[str, frozenset[str]] = ("", frozenset())
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    for group in by_paragraph.values():
        p_start, p_end = group[0].start, group[-1].end
        quoted: list[tuple[int, int]] = []
        for m in _QUOTE_RE.finditer(text, p_start, p_end):
            g = next(k for k in range(1, 4) if m.group(k) is not None)
            first = next(s for s in group if s.end > m.start())
            final = next((s for s in group if s.end >= m.end()), group[-1])
            name = _speaker(text, m.start(), m.end(), first, final)
            speaker, who = _resolve(name, aliases, last)
            if not who and not text[first.start : m.start()].strip() and quoted and last[1]:
                speaker, who = last  # a quotation going on from the last one ("«...», Xi wrote. «...»")
            a, z = m.start(g), m.end(g)
            if len(text[a:z].split()) < MIN_UTTERANCE_WORDS:
                reported = _reported_start(text, first.start, m.start())
                if reported is None or any(x >= first.start for x, _ in quoted):
                    continue
                a = reported
            found.append(_utterance(source, text, a, z, speaker, who, True, (min(first.start, a), max(final.end, z))))
            quoted.append((m.start(), m.end()))
            last = (speaker, who) if who else last
        for sentence in group:
            if any(sentence.start <= x < sentence.end for x, _ in quoted):
                continue
            m = _REPORTED_RE.search(sentence.text)
            if m is not None:
                speaker, who = _resolve(m.group("who"), aliases, last)
                if who:
                    a = sentence.start + m.end()
                    found.append(
                        _utterance(source, text, a, sentence.end, speaker, who, False, (sentence.start, sentence.end))
                    )
                    last = (speaker, who)
    return sorted(found, key=lambda u: (u.start, u.end))


def same_speaker(a: Utterance, b: Utterance) -> bool:
    return bool(a.who & b.who)


def _utterance(
    source: str, text: str, a: int, z: int, speaker: str, who: frozenset[str], quoted: bool, excerpt: tuple[int, int]
) -> Utterance:
    z = min(z, a + MAX_UTTERANCE_CHARS)
    words = text[a:z]
    return Utterance(source, a, z, words, speaker.rstrip("."), who, quoted, excerpt, key_terms(words))


def _speaker(text: str, q_start: int, q_end: int, first: Sentence, final: Sentence) -> str:
    """Who the source says spoke the quotation text[q_start:q_end]: the name's words as written, or ""."""
    after = _AFTER_RE.match(text, q_end, max(final.end, q_end))
    if after is not None:
        name = after.group("who") or after.group("who2") or ""
        if name.endswith(("’s", "'s")):  # "Ukraine’s foreign minister, Andrii Sybiha"
            apposed = _APPOSED_RE.match(text, after.end(), final.end)
            name = apposed.group(1) if apposed else name
        return name
    lead_in = text[first.start : q_start]
    before = _APPOSITIVE_BEFORE_RE.search(lead_in) or _BEFORE_RE.search(lead_in)
    return before.group("who") if before is not None else ""


def _reported_start(text: str, start: int, q_start: int) -> int | None:
    """Where the reported words start, when a short quotation ends a "X said (that) ..." clause."""
    ends = [m.end() for m in _REPORTED_RE.finditer(text, start, q_start)]
    return ends[-1] if ends else None


def _aliases(sentences: list[Sentence]) -> dict[str, str]:
    """'chinese president' → 'Xi Jinping', from the source's own "Chinese President Xi Jinping"."""
    aliases: dict[str, str] = {}
    for sentence in sentences:
        for m in _APPOSITION_RE.finditer(sentence.text):
            aliases.setdefault(f"{m.group(1).lower()} {m.group(2).lower()}", m.group(3))
            aliases.setdefault(f"{m.group(1).lower()} leader", m.group(3))
    return aliases


def _resolve(name: str, aliases: dict[str, str], last: tuple[str, frozenset[str]]) -> tuple[str, frozenset[str]]:
    if not name:
        return "", frozenset()
    if name.lower() in ("he", "she"):
        return last
    if name.lower() == "they":
        return "", frozenset()
    words = name.split()
    if words[0].lower() in ("the", "a", "its", "his", "her"):
        key = " ".join(w.lower() for w in words[1:])
        for alias, real in aliases.items():
            if key.endswith(alias) or key == alias:
                return real, _who(real)
        return name, frozenset(w.lower() for w in words[1:] if w.lower() not in TITLE_WORDS) and frozenset({key})
    return name, _who(name)


def _who(name: str) -> frozenset[str]:
    return frozenset(
        w.lower().rstrip(".").replace("’s", "")
        for w in re.split(r"\s+|-", name)
        if is_name(w) and w.lower() not in TITLE_WORDS
    )
