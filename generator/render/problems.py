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
# A claim whose own file is fine, left out because its quotes cannot be placed (a source has errors).
SOURCE_PROBLEM_TITLE = "Claim left out for its sources"
SOURCE_PROBLEM_LEAD = (
    "This claim's file has no error, but the sources have the errors below, so its quotes cannot be "
    "placed: it is left out of the preview until they are fixed; "
)
CHECK_COMMAND = "factsite check"
PROBLEM_TAIL = " gives the same list."


def problem_page(rel: str, diagnostics: list[Diagnostic], for_sources: bool = False) -> str:
    """The Markdown page shown at a broken claim's address: each of its diagnostics; or, when the
    claim is left out for errors in the sources (`for_sources`), those errors."""
    items = "".join(element("li", diagnostic_html(d)) for d in diagnostics)
    title, lead = (SOURCE_PROBLEM_TITLE, SOURCE_PROBLEM_LEAD) if for_sources else (PROBLEM_TITLE, PROBLEM_LEAD)
    return mdpage.page(
        {mdpage.TITLE: mdpage.title(f"{title}: {rel}"), **NOT_SEARCHED},
        mdpage.raw(
            "fs-problems",
            element("h1", text(f"{title}: {rel}")),
            element("p", text(lead) + element("code", CHECK_COMMAND) + text(PROBLEM_TAIL)),
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
