"""`find_leads`: every lead among a project's sources, ranked.

The steps: cut each source into sentences (sentences.py); read their
facts (facts.py) and remarks (speech.py); pair passages of different
sources that speak of the same thing (pairing.py); compare like with like
(compare.py); turn each finding into a `Lead` whose excerpts `factsite
check` resolves (excerpts.py), mark the claims covering it, and rank.
Pure and deterministic: the same project gives the same leads in the
same order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.model import Project
from generator.suggest.compare import Finding, compare_facts, compare_remarks
from generator.suggest.dating import dateline, reference_dates
from generator.suggest.excerpts import Coverage, make_excerpt, rank_leads
from generator.suggest.facts import Fact, extract_facts
from generator.suggest.lead import Lead
from generator.suggest.merging import merge_findings
from generator.suggest.pairing import Passage, related_pairs
from generator.suggest.sentences import clause_bounds, split_paragraphs, split_sentences
from generator.suggest.speech import Utterance, find_utterances
from generator.suggest.terms import key_terms

# Sentences whose facts are compared: every blocked pair (pairing.py); compare.py weighs relatedness
# with the facts' shared subject (MIN_FACT_STRENGTH).
MIN_FACT_RELATEDNESS = 0.0
# Remarks compared for attribution or rendering must be at least this related.
MIN_REMARK_RELATEDNESS = 0.25
# What joins two amounts of one clause ("27 million Soviet and 37 million"): the excerpt skips it.
_CONNECTIVE_RE = re.compile(r",\s*|\s+(?:and|or|but|while|against|versus|vs\.?)\s+")
# An excerpt longer than this is cut to the fact's clause or the remark's own words.
MAX_EXCERPT_CHARS = 320


def find_leads(
    project: Project, *, sources: Sequence[str] | None = None, kinds: Sequence[str] | None = None
) -> list[Lead]:
    """Every lead among the project's sources (all of them, or those ids), ranked: uncovered first by score
    descending, then covered ones; ties broken deterministically (kind, then excerpts). Pure and deterministic."""
    wanted = None if sources is None else set(sources)
    bodies = {
        sid: source.body
        for sid, source in sorted(project.sources.items())
        if source.body is not None and (wanted is None or sid in wanted)
    }
    refs = reference_dates(
        {sid: project.sources[sid].published or "" for sid in bodies},
        {sid: dateline(body.text, split_paragraphs(body.text)) for sid, body in bodies.items()},
    )
    facts: list[Fact] = []
    fact_passages: list[Passage] = []
    sentence_facts: dict[int, list[int]] = {}
    excerpt_of: dict[int, tuple[int, int]] = {}
    remarks: list[Utterance] = []
    for sid, body in bodies.items():
        ref = refs[sid]
        sentences = split_sentences(sid, body.text)
        for sentence in sentences:
            found = [f for f in extract_facts(sentence, ref.date, ref.assumed) if not _in(f, ref.dateline)]
            if not found:
                continue
            sentence_facts[len(fact_passages)] = list(range(len(facts), len(facts) + len(found)))
            for fact in found:
                excerpt_of[len(facts)] = _own_stretch(fact, found, clause_bounds(sentence, fact.start, fact.end))
                facts.append(fact)
            fact_passages.append(Passage(sid, key_terms(sentence.text), sentence.text))
        remarks += [u for u in find_utterances(sid, body.text, sentences) if u.who]
    findings = compare_facts(facts, related_pairs(fact_passages, MIN_FACT_RELATEDNESS), sentence_facts, excerpt_of)
    remark_passages = [Passage(u.source, u.terms, u.text) for u in remarks]
    findings += compare_remarks(remarks, related_pairs(remark_passages, MIN_REMARK_RELATEDNESS))
    leads: dict[str, Lead] = {}
    coverage = Coverage(project.claims)
    for finding in merge_findings(findings):
        if kinds is not None and finding.kind not in kinds:
            continue
        lead = _lead(finding, bodies, coverage)
        if lead is not None and (lead.id not in leads or lead.score > leads[lead.id].score):
            leads[lead.id] = lead
    return rank_leads(list(leads.values()))


def _in(fact: Fact, span: tuple[int, int] | None) -> bool:
    """Whether the fact is the source's dateline (the article's date, no fact of the story)."""
    return span is not None and span[0] <= fact.start and fact.end <= span[1]


def _own_stretch(fact: Fact, others: list[Fact], bounds: tuple[int, int]) -> tuple[int, int]:
    """The clause narrowed so that it carries no other amount of the sentence
    ("37 million Chinese deaths", not "the 27 million Soviet and 37 million Chinese deaths"):
    cut at the last connective ("and", a comma) between the two amounts."""
    a, z = bounds
    text = fact.sentence.text
    base = fact.sentence.start
    for other in others:
        if other is fact or other.kind not in ("count", "number", "duration") or not a <= other.start < z:
            continue
        if other.end <= fact.start:
            cuts = list(_CONNECTIVE_RE.finditer(text, other.end - base, fact.start - base))
            a = max(a, base + cuts[0].end()) if cuts else a
        elif other.start >= fact.end:
            cuts = list(_CONNECTIVE_RE.finditer(text, fact.end - base, other.start - base))
            z = min(z, base + cuts[-1].start()) if cuts else z
    return (a, z) if z > a else bounds


def _lead(finding: Finding, bodies: dict, coverage: Coverage) -> Lead | None:
    excerpts = []
    for side in finding.sides:
        start, end = side.excerpt
        if end - start > MAX_EXCERPT_CHARS:
            start, end = side.start, side.end
        excerpt = make_excerpt(side.source, bodies[side.source], start, end, side.value)
        if excerpt is None:
            excerpt = make_excerpt(side.source, bodies[side.source], side.start, side.end, side.value)
        if excerpt is None:
            return None
        excerpts.append(excerpt)
    excerpts.sort(key=lambda e: (e.source, e.start, e.end))
    lead = Lead(finding.kind, finding.description, finding.score, tuple(excerpts))
    return Lead(lead.kind, lead.description, lead.score, lead.excerpts, coverage.covered_by(lead.excerpts))
