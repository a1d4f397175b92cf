"""What the live preview shows in place of a claim it cannot build: the claim's problems.

Under `mkdocs serve` a claim file with errors is left out of the site, and
its address gets this page instead of a 404: the claim's diagnostics as
`factsite check` gives them (path:line:column, code, message, hint), all
text escaped. A published build never has such pages: it stops at the
first error (see plugin/plugin.py).
"""

from __future__ import annotations

from generator.errors import Diagnostic
from generator.render import mdpage
from generator.render.markup import element, text
from generator.render.paging import NOT_SEARCHED

# The words that say a page is not the claim but its problems (the title, and the first line).
PROBLEM_TITLE = "Claim with errors"
PROBLEM_LEAD = "This claim is left out of the preview until its file is fixed; "
CHECK_COMMAND = "factsite check"
PROBLEM_TAIL = " gives the same list."


def problem_page(rel: str, diagnostics: list[Diagnostic]) -> str:
    """The Markdown page shown at a broken claim's address: each of its diagnostics."""
    items = "".join(element("li", diagnostic_html(d)) for d in diagnostics)
    return mdpage.page(
        {mdpage.TITLE: mdpage.title(f"{PROBLEM_TITLE}: {rel}"), **NOT_SEARCHED},
        mdpage.raw(
            "fs-problems",
            element("h1", text(f"{PROBLEM_TITLE}: {rel}")),
            element("p", text(PROBLEM_LEAD) + element("code", CHECK_COMMAND) + text(PROBLEM_TAIL)),
            element("ul", items, class_="fs-problem-list"),
        ),
    )


def diagnostic_html(d: Diagnostic) -> str:
    """One diagnostic as HTML: place, severity and code, message, then the hint (all escaped)."""
    place = element("code", text(f"{d.path}:{d.line}:{d.column}"))
    head = f"{place} {element('strong', text(f'{d.severity}[{d.code}]'))}: {text(d.message)}"
    # One line of HTML (a raw block's rule): the hint's lines joined by <br>.
    lines = f"hint: {d.hint}".splitlines()
    hint = element("div", "<br>".join(text(line) for line in lines), class_="fs-problem-hint")
    hint = hint if d.hint else ""
    return head + hint


def diagnostic_data(d: Diagnostic) -> dict[str, object]:
    """One diagnostic as plain data (the preview banner's JSON)."""
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
        "hint": d.hint or "",
    }
