"""Anchoring a claim: every excerpt's quote to its exact span in its source.

The matcher (locate.py) answers with a result; this module decides what
the editor is told: the span is stored on the evidence, or a diagnostic
says what is wrong and how to fix it.
"""

from __future__ import annotations

from generator.anchor.gapparts import PartStatus, QuotePart, neighbour, part_problems
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
            not_found_message(result, evidence.source),
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


def not_found_message(result: NotFound, source_id: str) -> str:
    """The quote, or for a quote with gaps its first failing part, is not in the source."""
    problems = part_problems(result.parts, source_id) if len(result.parts) > 1 else []
    if not problems:
        return f"the quote is not in {source_id}"
    more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
    return f"{problems[0][1]}{more}; the quote's parts are split at `...`"


def not_found_hint(text: SourceText, result: NotFound, path: str, source_id: str) -> str:
    if len(result.parts) > 1:
        return _parts_hint(text, result.parts, path, source_id)
    near = result.nearest
    if near is None:
        return f"no similar passage in {source_id}; try `factsite quote {source_id} 'a few words'`"
    line, column = text.line_col(near.span.start)
    return (
        f"closest passage, line {line}, column {column} ({near.similarity:.0%} similar): "
        f"“{' '.join(near.text.split())}”\n"
        f"difference: {near.diff}\n"
        f"{FIX_ADVICE.format(path=path)}"
    )


# How the hints point to `factsite fix`, which writes only safe replacements.
FIX_ADVICE = "`factsite fix {path} --write` puts the source's text in place if only the spelling differs"


def _parts_hint(text: SourceText, parts: tuple[QuotePart, ...], path: str, source_id: str) -> str:
    """One line per failing part: what is wrong, the part, where it is or its closest passage."""
    lines = []
    for part, problem in part_problems(parts, source_id):
        lines.append(f"{problem}: “{_short(part.text)}” {_part_detail(text, part, parts)}")
        if part.near is not None:
            lines.append(f"    difference: {part.near.diff}")
    if all(p.accounted_for for p in parts):
        lines.append(FIX_ADVICE.format(path=path))
    else:
        lines.append("the parts must be in the source in the quote's order, within one paragraph")
    return "\n".join(lines)


def _part_detail(text: SourceText, part: QuotePart, parts: tuple[QuotePart, ...]) -> str:
    if part.span is None:
        return "has no similar passage"
    line, column = text.line_col(part.span.start)
    near = part.near
    if near is None:
        other = neighbour(parts, part)
        placed = parts[other - 1].span if other else None
        if placed is None:
            return f"is at line {line}, column {column}"
        other_line, other_column = text.line_col(placed.start)
        return f"is at line {line}, column {column}; part {other} at line {other_line}, column {other_column}"
    apart = " (in another paragraph)" if part.status is PartStatus.MISSING else ""
    return f"is closest to line {line}, column {column}{apart} ({near.similarity:.0%} similar): “{_short(near.text)}”"


def _short(quoted: str) -> str:
    """Quoted text on one line, cut to CONTEXT_CHARS * 2 characters."""
    one_line = " ".join(quoted.split())
    limit = 2 * CONTEXT_CHARS
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
