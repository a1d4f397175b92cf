"""Diagnostics and the one error type of factsite.

A Diagnostic is a problem in the user's content with its place
(path:line:column, 1-based, path relative to the project root) and a
stable code. The core collects them; FactsiteError carries them out of
the core; only the CLI and the MkDocs plugin turn them into output.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Pos:
    """A place in a text file: 1-based line and column (in code points)."""

    line: int
    column: int


START = Pos(1, 1)

# Every diagnostic code, stable across releases (never reused for another
# problem), and the editor guide documents each one.
CODES = frozenset(
    {
        "yaml-syntax",
        "encoding",
        "too-large",
        "too-deep",
        "empty-file",
        "duplicate-key",
        "yaml-feature",
        "unknown-field",
        "missing-field",
        "bad-value",
        "bad-filename",
        "unknown-source",
        "quote-not-found",
        "quote-ambiguous",
        "quote-context",
        "verdict-mismatch",
        "unsafe-markdown",
        "registry",
        "unsafe-path",
        "source-missing",
        "duplicate-id",
        "checksum-mismatch",
        "unregistered-seed",
        "reserved-slug",
        "not-a-file",
        "unreadable",
        "control-character",
        "source-changed",
        "unknown-tag",
        "tag-vocabulary",
        "future-date",
        "format-mismatch",
        "unsupported-format",
        "no-text",
        "encrypted",
        "corrupt-file",
        "too-little-text",
        "missing-label",
        "unknown-person",
        "incomplete-record",
        "old-and-new-field",
        "date-order",
        "draft-linked",
        "verdict-changed",
        "shallow-history",
        "transparency-page",
        "no-site-url",
        "claimant-id",
        # `factsite verify`: a built site's problems (the path is relative to the site folder).
        "site-missing",
        "dead-link",
    }
)

# Codes that report a consequence of another problem in the same file (a
# verdict that lacks the excerpt an invalid evidence item would have given):
# they sort after the file's other diagnostics, so that the cause is read first.
FOLLOW_ON_CODES = frozenset({"verdict-mismatch"})


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in one file.

    Sorts by path, then line, then column, except that follow-on problems
    (FOLLOW_ON_CODES) come after the rest of their file's.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str | None = None
    severity: Severity = "error"

    @classmethod
    def at(
        cls, path: str, pos: Pos, code: str, message: str, hint: str | None = None, severity: Severity = "error"
    ) -> Diagnostic:
        return cls(path, pos.line, pos.column, code, message, hint, severity)

    def sort_key(self) -> tuple[str, bool, int, int, str, str]:
        return (self.path, self.code in FOLLOW_ON_CODES, self.line, self.column, self.code, self.message)

    def __lt__(self, other: Diagnostic) -> bool:
        return self.sort_key() < other.sort_key()

    def as_data(self) -> dict[str, object]:
        """The diagnostic as plain data: `factsite check --format json` and the preview's banner."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        """`path:line:col: severity[code]: message`, then the hint indented: what
        `factsite check` prints, and the MkDocs plugin logs."""
        head = f"{self.path}:{self.line}:{self.column}: {self.severity}[{self.code}]: {self.message}"
        if not self.hint:
            return head
        first, *rest = self.hint.splitlines()
        return "\n".join([head, f"    hint: {first}", *(f"          {line}" for line in rest)])


class FactsiteError(Exception):
    """Raised by the core when the content has errors; carries every diagnostic.

    Raised by `project.build_project` (hence by the MkDocs plugin and
    `factsite generate`); the CLI and the plugin print its diagnostics.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        errors = sum(d.is_error for d in self.diagnostics)
        super().__init__(f"{errors} error(s) in the claims or sources")
