"""`factsite new SLUG`: start a claim file from a template.

The template's required values are left empty (""), each with a comment
saying what goes there. An empty value is an error for `factsite check`,
so a claim that is not filled in cannot be published by accident: the
check lists exactly the lines still to write. The file is never
overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import unicodedata
from pathlib import Path

from generator.anchor.project import load_project
from generator.cli.suggest import Ranked, all_leads, find_lead
from generator.cli.usage import UsageError, project_folder
from generator.load.claims import MAX_SLUG_LENGTH, SLUG, slugify
from generator.load.registry import load_registry
from generator.load.schema import did_you_mean
from generator.suggest.lead import Excerpt, Lead

TEMPLATE = """\
# A new claim. Fill in every "" below: until then `factsite check` reports
# each empty value, so an unfinished claim cannot be published by accident.
# It starts as a draft: previews show it, the published site does not.
{lead}claim: {claim}  # the statement checked, in one plain sentence
claimant:
  name: ""  # who made the claim, as readers should see the name (a person, an outlet...)
  # role: ''  # their role when they said it (optional)
  # kind: organization  # for an outlet, a government or another body (default: person)
# said:  # where and when the claim was made (each line optional)
#   date: 'YYYY-MM-DD'
#   source: a-source-id  # when it appears in one of seeds/sources.yml
#   where: ''  # else where it appeared, in words
#   url: ''  # and its address
verdict: ""  # supported, mostly-supported, disputed, contradicted or unverified
bottom_line: ""  # one sentence under the verdict: what a reader should take away
summary: ""  # your reasoning, in Markdown; for several lines write `summary: |` and indent them below
status: draft  # to publish: `status: published` and the day it is published below
author: ""  # your id in claims/people.yml
# reviewers: [an-id]  # who reviewed it (ids in claims/people.yml)
# published: '{today}'  # the day it is first published
# tags: [a-tag, another]  # optional
evidence:
{evidence}"""
# The first excerpt of a claim started from nothing: the editor finds the words.
EXCERPT = """\
  - source: {source}  # a source id from seeds/sources.yml
    stance: ""  # supports, contradicts or context
    quote: ""  # the source's exact words: find them with `factsite quote SOURCE 'a few words'`
"""
# A claim started from a lead (`--from-lead`): what the lead is, above `claim:`.
LEAD_NOTE = """\
# Started from lead {id} of `factsite suggest` ({kind}): {description}
# Write the claim this disagreement bears on, then set each excerpt's stance below.
"""
# One excerpt of the lead: the source's exact words, found; the editor says what they do for the claim.
LEAD_EXCERPT = """\
  - source: {source}  # {value}
    stance: ""  # you decide: supports, contradicts or context (of the claim above)
    quote: {quote}  # the source's exact words, as the lead found them
"""
# When the lead's words occur more than once in the source: which time it is.
LEAD_OCCURRENCE = "    occurrence: {occurrence}  # the words occur more than once in the source: this is the one\n"


class NewError(Exception):
    """A bad slug, an existing file: a usage error."""


def yaml_text(value: str | None) -> str:
    """`value` as a one-line single-quoted YAML scalar ('' when there is none)."""
    if value is None:
        return '""'
    shown = "".join(ch for ch in value if unicodedata.category(ch) != "Cc" or ch in "\t\n")
    return "'" + " ".join(shown.split()).replace("'", "''") + "'"


def check_slug(slug: str) -> None:
    if not SLUG.match(slug) or len(slug) > MAX_SLUG_LENGTH:
        raise NewError(
            f"'{slug}' is not a valid slug: lowercase letters, digits and hyphens, "
            f"at most {MAX_SLUG_LENGTH} characters (for instance '{slugify(slug)}')"
        )


def template_text(claim: str | None, source: str | None, today: dt.date, lead: Lead | None = None) -> str:
    """The text of a new claim file: from nothing (its first excerpt left to fill in), or from `lead`
    (its excerpts as the evidence, their stances left to the editor)."""
    if lead is None:
        shown_source = source if source is not None and SLUG.match(source) else yaml_text(source)
        evidence, note = EXCERPT.format(source=shown_source), ""
    else:
        evidence = "".join(_lead_excerpt(e) for e in lead.excerpts)
        note = LEAD_NOTE.format(id=lead.id, kind=lead.kind, description=yaml_text(lead.description))
    return TEMPLATE.format(lead=note, claim=yaml_text(claim), today=today.isoformat(), evidence=evidence)


def _lead_excerpt(excerpt: Excerpt) -> str:
    """One evidence item of a lead's excerpt; untrusted text (the value compared too, in a comment)
    goes through yaml_text: one line, no control characters, quoted."""
    source = excerpt.source if SLUG.match(excerpt.source) else yaml_text(excerpt.source)
    value = f"the lead compares {yaml_text(excerpt.value)}" if excerpt.value else "a source id from seeds/sources.yml"
    text = LEAD_EXCERPT.format(source=source, value=value, quote=yaml_text(excerpt.quote))
    occurrence = LEAD_OCCURRENCE.format(occurrence=excerpt.occurrence) if excerpt.occurrence is not None else ""
    return text + occurrence


def create(
    root: Path,
    slug: str,
    claim: str | None = None,
    source: str | None = None,
    today: dt.date | None = None,
    lead: Lead | None = None,
) -> str:
    """Write claims/<slug>.yml under `root` and return its relative path; never overwrite."""
    check_slug(slug)
    rel = f"claims/{slug}.yml"
    (root / "claims").mkdir(exist_ok=True)
    try:
        with (root / rel).open("x", encoding="utf-8", newline="\n") as out:
            out.write(template_text(claim, source, today or dt.date.today(), lead))
    except FileExistsError:
        raise NewError(f"{rel} already exists: edit it, or choose another slug") from None
    return rel


def next_steps(rel: str, slug: str, source: str | None, lead: Ranked | None = None) -> str:
    """What the editor does next, from writing the claim to its pull request."""
    source = source or "SOURCE"
    first = [f"created {rel}", "next:", f'  1. fill in every "" in {rel} (the comments say what goes where)']
    second = f"  2. find the source's exact words: factsite quote {source} 'a few words'"
    if lead is not None:
        count = len(lead.lead.excerpts)
        first = [
            f"created {rel} from lead {lead.rank} ({lead.lead.id}): {count} excerpt{'s' * (count != 1)} as evidence",
            "next:",
            f'  1. write the claim, set each excerpt\'s stance and fill in every other "" in {rel}',
        ]
        second = "  2. read each excerpt in its source (make serve shows the source pages): is it the same fact?"
    return (
        "\n".join(
            [
                *first,
                second,
                f"  3. check it: factsite check {rel}   (it lists every value still to fill in)",
                f"  4. see its page: make serve, then open http://127.0.0.1:8000/claims/{slug}/",
                "  5. commit it on a branch and open a pull request: a preview link and a summary",
                "     of your changes are posted on it for the reviewers",
            ]
        )
        + "\n"
    )


def run(args: argparse.Namespace) -> int:
    root = project_folder(args.root)
    if args.source is not None and args.from_lead is not None:
        raise UsageError("give --source or --from-lead, not both: a lead names the sources of its excerpts")
    if args.source is not None and args.source not in (sources := load_registry(root)[0] or {}):
        hint = did_you_mean(args.source, sorted(sources)) or "the ids are in seeds/sources.yml"
        raise UsageError(f"unknown source '{args.source}' ({hint})")
    try:
        lead = _lead(root, args.slug, args.from_lead) if args.from_lead is not None else None
        rel = create(root, args.slug, args.claim, args.source, lead=lead.lead if lead else None)
    except NewError as exc:
        raise UsageError(str(exc)) from None
    print(next_steps(rel, args.slug, args.source, lead), end="")
    return 0


def _lead(root: Path, slug: str, reference: str) -> Ranked:
    """The lead `reference` names, found as `factsite suggest` finds it; the slug and the file
    checked first (finding the leads reads every source)."""
    check_slug(slug)
    if (root / "claims" / f"{slug}.yml").exists():
        raise NewError(f"claims/{slug}.yml already exists: edit it, or choose another slug")
    project, _ = load_project(root)
    return find_lead(all_leads(project), reference)
