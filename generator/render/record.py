"""The editorial record on a claim page: who said it and when, the bottom line, the byline,
the scope of the rating, the corrections box and the revision history.

Everything here is made from the claim file (untrusted: through markup)
and from git (commit messages, untrusted too). Our own words are fixed.
"""

from __future__ import annotations

from generator.model import Claim, Person, Project
from generator.render import markup, urls
from generator.render.markup import element, text
from generator.render.options import SiteOptions
from generator.render.vocab import verdict
from generator.render.widgets import UNSEARCHED

# The words a correction's kind is shown with (model.CORRECTION_KINDS).
KIND_LABELS = {"correction": "Correction", "update": "Update", "clarification": "Clarification"}
# Said on a draft's page in a preview: a draft is never on the published site.
DRAFT_BANNER = "Draft: this fact-check is not published. It appears only in previews, and may still change."
_SEP = element("span", " · ", class_="fs-sep", aria_hidden="true")


def draft_banner(claim: Claim) -> str:
    if not claim.is_draft:
        return ""
    return element("p", element("strong", "Draft") + text(DRAFT_BANNER[len("Draft") :]), class_="fs-draft", role="note")


def claimant_line(claim: Claim, project: Project, options: SiteOptions, src: str) -> str:
    """ "Claimed by NAME, ROLE, in APPEARANCE, on DATE" (each part when known); "" when none is."""
    parts = []
    source = project.sources.get(claim.said.source) if claim.said.source else None
    where = _appearance(claim, project, options, src)
    if claim.claimant and source is not None and claim.claimant.name in (source.label, source.outlet):
        parts.append("Claimed by " + where)  # the article itself: named once, as a link
        where = ""
    elif claim.claimant:
        who = element("span", text(claim.claimant.name), class_="fs-claimant")
        parts.append("Claimed by " + who + (text(", " + claim.claimant.role) if claim.claimant.role else ""))
    parts += [("in " if parts else "In ") + where] if where else []
    if claim.said.date:
        parts.append(("on " if parts else "On ") + markup.date(claim.said.date))
    return element("p", ", ".join(parts), class_="fs-said") if parts else ""


def _appearance(claim: Claim, project: Project, options: SiteOptions, src: str) -> str:
    source = project.sources.get(claim.said.source) if claim.said.source else None
    if source is not None:
        link = element("a", text(source.label), href=options.link(src, urls.source_path(source.id)))
        return link + (text(f" ({source.outlet})") if source.outlet and source.outlet != source.label else "")
    url = claim.said.url
    words = text(claim.said.where) if claim.said.where else ""
    if urls.is_web_url(url):
        return element("a", words or text(url), href=url, class_="fs-external", rel=urls.EXTERNAL_REL)
    return words


def bottom_line(claim: Claim) -> str:
    """The verdict's meaning, then the bottom line: what the badge says, in words."""
    meaning = verdict(claim.verdict).meaning
    lines = [element("p", text(meaning), class_="fs-verdict-meaning", **UNSEARCHED)] if meaning else []
    if claim.bottom_line:
        label = element("span", "Bottom line: ", class_="fs-key", **UNSEARCHED)
        lines.append(element("p", label + text(claim.bottom_line), class_="fs-bottom-line"))
    return "".join(lines)


def byline(claim: Claim, project: Project) -> str:
    """ "Published D · Updated D · Checked by A · Reviewed by B and C" (each part when known)."""
    parts = [f"Published {markup.date(claim.published)}"] if claim.published else []
    updated = claim.last_updated
    parts += [f"Updated {markup.date(updated)}"] if updated and updated != claim.published else []
    author = project.people.get(claim.author)
    parts += ["Checked by " + _person(author)] if author else []
    reviewers = [_person(p) for r in claim.reviewers if (p := project.people.get(r))]
    parts += ["Reviewed by " + _and(reviewers)] if reviewers else []
    return element("p", _SEP.join(parts), class_="fs-byline", **UNSEARCHED) if parts else ""


def _person(person: Person) -> str:
    name = text(person.name)
    if urls.is_web_url(person.url):
        name = element("a", name, href=person.url.strip(), rel="author noopener noreferrer")
    return name + (element("span", text(f" ({person.role})"), class_="fs-role") if person.role else "")


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def scope_line(claim: Claim, project: Project, options: SiteOptions, src: str) -> str:
    """What the rating rests on: the sources the site holds, and how many of them this claim cites."""
    held = len(project.sources)
    cited = len({e.source for e in claim.evidence})
    sources = element(
        "a", f"the {held} source{'s' * (held != 1)} this site holds", href=options.link(src, urls.SOURCES_INDEX)
    )
    words = (
        f"This rating rests only on {sources}; {cited} of them speak{'s' * (cited == 1)} to this claim. "
        "It says what they report, not what else may be true."
    )
    supporting = sorted({e.source for e in claim.evidence if e.stance == "supports"})
    if len(supporting) == 1 and supporting[0] in project.sources:  # a single-source fact, said as such
        only = project.sources[supporting[0]]
        words += " " + element("strong", "Single source:") + " " + text(f"only “{only.label}” states it.")
    return element("p", words, class_="fs-scope", **UNSEARCHED)


def corrections_box(claim: Claim, link: markup.LinkTarget | None) -> str:
    """The corrections log, newest first, as an aside; "" when there are none."""
    if not claim.corrections:
        return ""
    items = "".join(
        "<li>"
        + element("span", text(KIND_LABELS.get(c.kind, c.kind)), class_=f"fs-kind fs-{c.kind}")
        + " "
        + markup.date(c.date)
        + " "  # the search index drops the tags: keep the date and the text apart
        + markup.markdown(c.text, link)
        + " </li>"
        for c in claim.corrections
    )
    return '<aside class="fs-corrections" aria-labelledby="corrections">' + f"<ol>{items}</ol></aside>"


def revision_list(claim: Claim) -> str:
    """The claim file's commits, newest first (from git): date and message; "" without history."""
    if not claim.history:
        return ""
    items = "".join(
        "<li>" + markup.date(r.date) + " " + element("span", text(r.subject), class_="fs-subject") + "</li>"
        for r in claim.history
    )
    return markup.opening("ol", class_="fs-revisions", **UNSEARCHED) + items + "</ol>"
