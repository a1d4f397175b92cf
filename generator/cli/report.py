"""Diagnostics as output: text for people, GitHub annotations, JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Callable

from generator.errors import Diagnostic

FORMATS = ("text", "github", "json")


def counts(diagnostics: list[Diagnostic]) -> tuple[int, int]:
    errors = sum(d.is_error for d in diagnostics)
    return errors, len(diagnostics) - errors


def as_text(diagnostics: list[Diagnostic], claims: int, summary: str | None = None) -> str:
    """One diagnostic after another, then `summary` (default: what `check` checked and found)."""
    errors, warnings = counts(diagnostics)
    lines = [str(d) for d in diagnostics]
    lines.append(
        summary
        or f"checked {claims} claim{'s' if claims != 1 else ''}: "
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(diagnostics: list[Diagnostic], claims: int, summary: str | None = None) -> str:
    """GitHub Actions workflow commands: one annotation per diagnostic, then `summary` (as as_text's)."""
    lines = []
    for d in diagnostics:
        body = d.message + (f"\n{d.hint}" if d.hint else "")
        props = f"file={_escape_property(d.path)},line={d.line},col={d.column},title={_escape_property(d.code)}"
        lines.append(f"::{d.severity} {props}::{_escape_data(body)}")
    errors, warnings = counts(diagnostics)
    lines.append(summary or f"checked {claims} claims: {errors} errors, {warnings} warnings")
    return "\n".join(lines) + "\n"


def as_json(diagnostics: list[Diagnostic], claims: int, summary: str | None = None) -> str:
    """The diagnostics and their counts as JSON (a summary line is for people: not here)."""
    errors, warnings = counts(diagnostics)
    payload = {
        "diagnostics": [d.as_data() for d in diagnostics],
        "claims": claims,
        "errors": errors,
        "warnings": warnings,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[list[Diagnostic], int, str | None], str]] = {
    "text": as_text,
    "github": as_github,
    "json": as_json,
}
