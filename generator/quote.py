"""`factsite quote SOURCE TEXT`: where TEXT occurs in a source, or the closest passage."""

from __future__ import annotations

from .anchor import Ambiguous, Match, NotFound, SourceText, resolve
from .resolve import CONTEXT_CHARS, not_found_hint


def explain(source_id: str, text: SourceText, quote: str) -> tuple[bool, str]:
    """(found, what to print) for `quote` looked up in `text`."""
    result = resolve(text, quote)
    if isinstance(result, Match):
        return True, f"found once in {source_id}:\n{_show(text, result.span)}"
    if isinstance(result, Ambiguous):
        spans = "\n".join(_show(text, span, n) for n, span in enumerate(result.spans, 1))
        prefix = result.prefix_hint(text, 0)
        advice = f"\nto pick the first, add `prefix: {prefix!r}`; or add `occurrence: N`" if prefix else ""
        return True, f"found {len(result.spans)} times in {source_id}:\n{spans}{advice}"
    assert isinstance(result, NotFound)
    return False, f"not found in {source_id}\n{not_found_hint(text, result, 'CLAIM.yml', source_id)}"


def _show(text: SourceText, span, number: int | None = None) -> str:
    line, column = text.line_col(span.start)
    before, after = text.context(span, CONTEXT_CHARS)
    shown = " ".join(f"{before}[{text.text[span.start:span.end]}]{after}".split())
    label = f"{number}. " if number else ""
    return (f"  {label}line {line}, column {column} (code points {span.start}–{span.end}):\n"
            f"    …{shown}…")
