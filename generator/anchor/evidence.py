"""Anchoring a claim: every excerpt's quote to its exact span in its source.

The matcher (locate.py) answers with a result; this module decides what
the editor is told: the span is stored on the evidence, or a diagnostic
says what is wrong and how to fix it.
"""

from __future__ import annotations

from generator.anchor.locate import Ambiguous, ContextMismatch, Match, NotFound, locate
from generator.anchor.text import SourceText, Span
from generator.errors import Diagnostic
from generator.model import Claim, Evidence, Source

# How many occurrences an ambiguity hint lists before "and N more".
MAX_OCCURRENCES_SHOWN = 5
# Characters of context shown on each side of an occurrence.
CONTEXT_CHARS = 30


def anchor_claim(claim: Claim, sources: dict[str, Source] | None) -> list[Diagnostic]:
    """Locate every quote of `claim` in its prepared source; set `evidence.span`; return problems."""
    found = []
    for evidence in claim.evidence:
        source = (sources or {}).get(evidence.source)
        if source is not None and source.body is not None:
            found += _anchor(claim, evidence, source.body)
    return found


def _anchor(claim: Claim, evidence: Evidence, text: SourceText) -> list[Diagnostic]:
    result = locate(
        text, evidence.quote, prefix=evidence.prefix, suffix=evidence.suffix, occurrence=evidence.occurrence
    )
    if isinstance(result, Match):
        evidence.span = result.span
        return []
    at = (claim.path, evidence.quote_pos)
    if isinstance(result, Ambiguous):
        return [
            Diagnostic.at(
                *at,
                "quote-ambiguous",
                f"the quote occurs {len(result.spans)} times in {evidence.source}",
                _ambiguity_hint(text, result),
            )
        ]
    if isinstance(result, ContextMismatch):
        return [
            Diagnostic.at(
                *at, "quote-context", f"{result.reason} (in {evidence.source})", _occurrences(text, result.spans)
            )
        ]
    return [
        Diagnostic.at(
            *at,
            "quote-not-found",
            f"the quote is not in {evidence.source}",
            not_found_hint(text, result, claim.path, evidence.source),
        )
    ]


def _ambiguity_hint(text: SourceText, result: Ambiguous) -> str:
    prefix = result.prefix_hint(text, 0)
    pick = (
        f"add `prefix: {prefix!r}` to pick the first, or `occurrence: N`"
        if prefix
        else "add `occurrence: N` (counting from 1) to pick one"
    )
    return f"{pick}; the occurrences are:\n{_occurrences(text, result.spans)}"


def _occurrences(text: SourceText, spans: tuple[Span, ...]) -> str:
    lines = [_where(text, span, n) for n, span in enumerate(spans[:MAX_OCCURRENCES_SHOWN], 1)]
    if len(spans) > MAX_OCCURRENCES_SHOWN:
        lines.append(f"... and {len(spans) - MAX_OCCURRENCES_SHOWN} more")
    return "\n".join(lines)


def _where(text: SourceText, span: Span, number: int) -> str:
    line, column = text.line_col(span.start)
    before, after = text.context(span, CONTEXT_CHARS)
    shown = " ".join(f"{before}[{text.text[span.start : span.end]}]{after}".split())
    return f"{number}. line {line}, column {column}: …{shown}…"


def not_found_hint(text: SourceText, result: NotFound, path: str, source_id: str) -> str:
    near = result.nearest
    if near is None:
        return f"no similar passage in {source_id}; try `factsite quote {source_id} 'a few words'`"
    line, column = text.line_col(near.span.start)
    return (
        f"closest passage, line {line}, column {column} ({near.similarity:.0%} similar): "
        f"“{' '.join(near.text.split())}”\n"
        f"difference: {near.diff}\n"
        f"`factsite fix {path} --write` replaces the quote with the source's text"
    )
