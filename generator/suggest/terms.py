"""Words as the lead finder compares them: tokens with offsets, stop words, stems, key terms.

Two sentences "speak of the same thing" when they share key terms: names
(capitalised words) and content words, reduced to a crude stem so that
"talks"/"talk" and "leaders"/"leader" meet. A few groups of words that
news reports use for the same event ("talks", "meeting", "negotiations")
count as one term (`SYNONYMS`): general newsroom vocabulary, nothing
taken from any one project.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A token: a run of letters and digits, with inner apostrophes, periods or
# commas between digits ("1,000", "3.5", "Xi’s" is "Xi" + "’s").
TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?|[^\W\d_]+(?:[’'][^\W\d_]+)?")

# Words that say nothing about what a sentence is about: function words,
# speech verbs (every report has them) and a handful of newsroom fillers.
STOP_WORDS = frozenset(
    """
    a about above after again against ago all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most my
    myself no nor not now of off on once only or other our ours ourselves out over own same she should so
    some such than that the their theirs them themselves then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say saying told tell tells stated added wrote according also would may
    might must shall one two three four five six seven eight nine ten first last new year years day days
    week weeks month months time times mr mrs ms per cent percent since yet still even well many much
    around nearly almost least including however whether amid among within without via s t re ve ll d
    ahead behind across toward towards onto upon despite beyond alongside amongst whilst
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april june july august september october november december
    """.split()
)

# Words that reports use for one and the same thing: each maps to the
# group's first word. Kept small and general (events, documents, deaths).
SYNONYMS: dict[str, str] = {
    word: group[0]
    for group in (
        ("talk", "meeting", "discussion", "negotiation", "summit"),
        ("statement", "declaration", "communique"),
        ("death", "dead", "killed", "live", "died", "casualty", "casualtie", "victim"),
        ("leader", "head", "president"),
        ("document", "agreement", "deal", "accord"),
        ("parade", "celebration", "commemoration"),
        ("ceasefire", "truce", "cease"),
    )
    for word in group
}

# Capitalised words that are no names however they are written.
NOT_NAMES = frozenset(
    "The A An In On At As But And Or If It Its This That These Those He She They We I You Our Their His Her "
    "After Before During While When Where Why How What Which Who Also Yet Still Thus However Although Today "
    "Earlier Later Then There Here Such Many Some Most More Both Each Every No Not Unlike Perhaps Specifically "
    "Clearly Moreover Meanwhile Ahead Calling Together".split()
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem: lower case, possessive and plural endings off, then one synonym group.

    Good enough to make "talks" meet "talk" and "leaders" meet "leader";
    a real stemmer would be a dependency for little gain here.
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("es") and w[-3] in "sxz":
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss") and not w.endswith("us"):
        w = w[:-1]
    if w in SYNONYMS:
        return SYNONYMS[w]
    if len(w) > 5 and w.endswith(("ed", "ing")):  # "influenced", "influencing": "influenc"
        w = w[:-3] if w.endswith("ing") else w[:-2]
    elif len(w) > 5 and w.endswith("e"):  # "influence": "influenc"
        w = w[:-1]
    return SYNONYMS.get(w, w)


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
    """The tokens of text[start:end] with their offsets in `text`."""
    return [(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text, start, len(text) if end is None else end)]


def is_content(word: str) -> bool:
    """Whether a word can say what a sentence is about (no stop word, no number, no single letter)."""
    return len(word) > 1 and not word[0].isdigit() and word.lower().replace("’", "'").split("'")[0] not in STOP_WORDS


def key_terms(text: str, start: int = 0, end: int | None = None) -> frozenset[str]:
    """The stems of the content words of text[start:end]."""
    return frozenset(stem(w) for w, _, _ in tokens(text, start, end) if is_content(w))


def is_name(word: str) -> bool:
    """Whether a word reads as (part of) a name: capitalised and no function word."""
    return word[:1].isupper() and word not in NOT_NAMES and not word[0].isdigit()
