"""`factsite quote SOURCE TEXT`: where TEXT occurs in a source, or the closest passage."""

from __future__ import annotations

import argparse

from generator.anchor.evidence import CONTEXT_CHARS, not_found_hint
from generator.anchor.locate import Ambiguous, Match, NotFound, locate
from generator.anchor.project import load_sources
from generator.anchor.text import SourceText, Span
from generator.cli.usage import UsageError, project_folder
from generator.load.schema import did_you_mean


def run(args: argparse.Namespace) -> int:
    sources = load_sources(project_folder(args.root))[0] or {}
    source = sources.get(args.source)
    if source is None or source.body is None:
        hint = did_you_mean(args.source, sorted(sources)) or "the ids are in seeds/sources.yml"
        raise UsageError(f"unknown or unreadable source '{args.source}' ({hint})")
    found, message = explain(source.id, source.body, args.text)
    print(message)
    return 0 if found else 1


def explain(source_id: str, text: SourceText, quote: str) -> tuple[bool, str]:
    """(found, what to print) for `quote` looked up in `text`."""
    result = locate(text, quote)
    if isinstance(result, Match):
        return True, f"found once in {source_id}:\n{_show(text, result.span)}"
    if isinstance(result, Ambiguous):
        spans = "\n".join(_show(text, span, n) for n, span in enumerate(result.spans, 1))
        prefix = result.prefix_hint(text, 0)
        advice = f"\nto pick the first, add `prefix: {prefix!r}`; or add `occurrence: N`" if prefix else ""
        return True, f"found {len(result.spans)} times in {source_id}:\n{spans}{advice}"
    assert isinstance(result, NotFound)
    return False, f"not found in {source_id}\n{not_found_hint(text, result, 'CLAIM.yml', source_id)}"


def _show(text: SourceText, span: Span, number: int | None = None) -> str:
    line, column = text.line_col(span.start)
    before, after = text.context(span, CONTEXT_CHARS)
    shown = " ".join(f"{before}[{text.text[span.start : span.end]}]{after}".split())
    label = f"{number}. " if number else ""
    return f"  {label}line {line}, column {column} (code points {span.start}–{span.end}):\n    …{shown}…"
