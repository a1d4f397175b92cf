"""`factsite suggest`: where the sources seem to disagree, ranked, each lead one command from a claim.

The engine (suggest/find.py) proposes the leads; this module chooses which
to show (--source, --kind, --new-only, --limit) and writes them as text,
JSON or Markdown. A lead's rank is its place in the engine's whole list
(every source, every kind), so the number shown under a filter is the one
`factsite new SLUG --from-lead N` takes; its id (L + 7 hex digits) names it
whatever the ranking. Everything a lead carries comes from the sources
and is untrusted: the text format shows it without control characters,
the Markdown one in inline code (as `factsite diff` does).

Errors in the registry or a source document do not stop the command: they
are printed on stderr as `factsite check` prints them, the leads of the
sources that could be read follow, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.anchor.project import load_project
from generator.cli import report
from generator.cli.diff import code
from generator.cli.usage import UsageError, project_folder
from generator.errors import Diagnostic
from generator.load.schema import did_you_mean
from generator.model import Project
from generator.suggest import find
from generator.suggest.lead import KINDS, Lead

# The JSON output's format name; its schema is generator/schemas/leads.schema.json.
JSON_FORMAT = "factsite-leads/1"
# How much of a quote the text and Markdown formats show: the JSON and `new --from-lead` keep it whole.
SHOWN_QUOTE_CHARS = 300
# A lead's stable id, as Lead.id makes it.
LEAD_ID = re.compile(r"^L[0-9a-f]{7}$")
# Characters that reorder text (bidirectional overrides) or break lines: escaped in shown text.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_ZERO_WIDTH_KEPT = frozenset("\u200d")  # the joiner inside emoji and Indic scripts shows nothing odd


@dataclass(frozen=True, slots=True)
class Ranked:
    """A lead and its rank: its 1-based place in the engine's unfiltered list."""

    rank: int
    lead: Lead


def run(args: argparse.Namespace) -> int:
    kinds = checked_kinds(args.kind or [])
    if args.limit < 0:
        raise UsageError(f"--limit must be 0 (every lead) or more, not {args.limit}")
    root = project_folder(args.root)
    project, diagnostics = load_project(root)
    ids = checked_sources(args.source or [], sorted(project.sources))
    problems = source_errors(diagnostics)
    if problems:
        readable = sum(s.text is not None for s in project.sources.values())
        summary = f"factsite suggest: the leads come from the {readable} source{'s' * (readable != 1)} read"
        sys.stderr.write(report.as_text(problems, 0, summary + " (`factsite check` lists every error)"))
    chosen = select(ranked(all_leads(project)), ids, kinds, args.new_only)
    listed = chosen[: args.limit] if args.limit else chosen
    titles = {s.id: s.title for s in project.sources.values() if s.title}
    open_leads = sum(not r.lead.covered for r in chosen)
    sys.stdout.write(LISTINGS[args.format](listed, len(chosen), open_leads, titles))
    return 1 if problems else 0


def all_leads(project: Project) -> list[Lead]:
    """Every lead of the project, as the engine ranks them (its ranks are the ones users see)."""
    return find.find_leads(project)


def checked_kinds(given: Sequence[str]) -> list[str]:
    """The --kind values, each one of KINDS, else UsageError naming the closest."""
    for kind in given:
        if kind not in KINDS:
            hint = did_you_mean(kind, KINDS) or f"the kinds are {', '.join(KINDS)}"
            raise UsageError(f"unknown kind '{kind}' ({hint})")
    return list(dict.fromkeys(given))


def checked_sources(given: Sequence[str], known: list[str]) -> list[str]:
    """The --source values, each a registered source id, else UsageError naming the closest."""
    for source in given:
        if source not in known:
            starting = [k for k in known if k.startswith(source)]
            named = f"did you mean '{starting[0]}'?" if len(starting) == 1 else did_you_mean(source, known)
            hint = named or "the ids are in seeds/sources.yml"
            raise UsageError(f"unknown source '{source}' ({hint})")
    return list(dict.fromkeys(given))


def source_errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The errors of the registry and the source documents: the sources they concern give no lead.
    A claim's errors do not matter here (its quotes that resolve still cover leads)."""
    return [d for d in diagnostics if d.is_error and d.path.startswith("seeds/")]


def ranked(leads: Sequence[Lead]) -> list[Ranked]:
    return [Ranked(n, lead) for n, lead in enumerate(leads, 1)]


def select(leads: list[Ranked], sources: Sequence[str], kinds: Sequence[str], new_only: bool) -> list[Ranked]:
    """The leads with an excerpt in one of `sources` (any when none), of one of `kinds` (any when
    none), and not yet covered by a claim when `new_only`; in rank order."""
    wanted = set(sources)
    return [
        r
        for r in leads
        if (not wanted or any(e.source in wanted for e in r.lead.excerpts))
        and (not kinds or r.lead.kind in kinds)
        and not (new_only and r.lead.covered)
    ]


def find_lead(leads: Sequence[Lead], reference: str) -> Ranked:
    """The lead `reference` names: a rank in `factsite suggest`'s list (1, 2...) or an id (L1a2b3c4).

    UsageError when there is none, saying how many leads there are or which id is closest.
    """
    count = f"{len(leads)} lead{'s' * (len(leads) != 1)}" if leads else "no lead"
    if reference.isdecimal():
        rank = int(reference)
        if 1 <= rank <= len(leads):
            return Ranked(rank, leads[rank - 1])
        where = f"from 1 to {len(leads)}" if leads else "none"
        raise UsageError(
            f"there is no lead {reference}: the sources give {count} (ranks {where}; see factsite suggest)"
        )
    ids = [lead.id for lead in leads]
    wanted = reference.strip()
    wanted = "L" + wanted[1:].lower() if wanted[:1] in ("l", "L") else wanted
    if wanted in ids:
        return Ranked(ids.index(wanted) + 1, leads[ids.index(wanted)])
    form = "" if LEAD_ID.match(wanted) else "; give a rank (1, 2...) or an id such as L1a2b3c4"
    hint = did_you_mean(wanted, ids) or f"the sources give {count}: see factsite suggest"
    raise UsageError(f"no lead has the id '{shown(reference)}' ({hint}){form}")


# --- output ----------------------------------------------------------------------------------


def shown(value: str, limit: int | None = None) -> str:
    """Untrusted text for a terminal: whitespace runs as one space, control and format characters
    (an escape sequence, a bidirectional override) written as \\uXXXX, cut at `limit` characters."""
    value = "".join(
        f"\\u{ord(ch):04x}" if unicodedata.category(ch) in _ESCAPED_CATEGORIES and ch not in _ZERO_WIDTH_KEPT else ch
        for ch in " ".join(value.split())
    )
    return value if limit is None or len(value) <= limit else value[: limit - 1].rstrip() + "…"


def start_command(rank: int) -> str:
    return f"factsite new SLUG --from-lead {rank}"


def _summary(leads: list[Ranked], total: int, open_leads: int) -> str:
    """The first line: how many leads match, how many no claim covers yet, how many are shown."""
    if not total:
        return (
            "no lead: no disagreement of the kinds asked for was found in the sources read, "
            "or (with --new-only) a claim covers every one found"
        )
    limited = f" (the first {len(leads)} shown; --limit 0 shows all)" if len(leads) < total else ""
    return (
        f"{total} lead{'s' * (total != 1)}: {open_leads} open, {total - open_leads} covered by a claim{limited}; "
        "each is a place to check, not a finding"
    )


def text_listing(leads: list[Ranked], total: int, open_leads: int, titles: dict[str, str]) -> str:
    """One block per lead (rank, id, kind, score, description, excerpts, the command to start a claim);
    the leads already covered by a claim after the others, under their heading."""
    lines = [_summary(leads, total, open_leads)]
    covered_heading = False
    for r in leads:
        lead = r.lead
        if lead.covered and not covered_heading:
            lines += ["", "Already covered by a claim:"]
            covered_heading = True
        lines += ["", f"#{r.rank}  {lead.id}  {lead.kind}  score {lead.score:.2f}", f"    {shown(lead.description)}"]
        if lead.covered:
            lines.append(f"    covered by: {', '.join(lead.covered_by)}")
        for e in lead.excerpts:
            nth = f" (occurrence {e.occurrence})" if e.occurrence is not None else ""
            lines.append(f"    {e.source}: “{shown(e.quote, SHOWN_QUOTE_CHARS)}”{nth}")
        lines.append(f"    start a claim: {start_command(r.rank)}")
    return "\n".join(lines) + "\n"


def lead_data(r: Ranked, titles: dict[str, str]) -> dict[str, Any]:
    """One lead as JSON data (leads.schema.json's `lead`)."""
    lead = r.lead
    excerpts = []
    for e in lead.excerpts:
        item: dict[str, Any] = {"source": e.source, "quote": e.quote, "start": e.start, "end": e.end}
        item |= {"occurrence": e.occurrence} if e.occurrence is not None else {}
        item["value"] = e.value
        item |= {"source_title": titles[e.source]} if e.source in titles else {}
        excerpts.append(item)
    return {
        "rank": r.rank,
        "id": lead.id,
        "kind": lead.kind,
        "description": lead.description,
        "score": lead.score,
        "covered_by": list(lead.covered_by),
        "excerpts": excerpts,
    }


def json_listing(leads: list[Ranked], total: int, open_leads: int, titles: dict[str, str]) -> str:
    """The leads as JSON for tools: every quote whole and exact, with its offsets."""
    payload = {
        "format": JSON_FORMAT,
        "total": total,
        "open": open_leads,
        "leads": [lead_data(r, titles) for r in leads],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def markdown_listing(leads: list[Ranked], total: int, open_leads: int, titles: dict[str, str]) -> str:
    """The leads for a pull request comment: every text from a source in inline code (`diff.code`),
    so that nothing in it can mention, link, embed or format."""
    lines = ["## Leads: where the sources disagree", "", _summary(leads, total, open_leads) + "."]
    covered_heading = False
    for r in leads:
        lead = r.lead
        if lead.covered and not covered_heading:
            lines += ["", "### Already covered by a claim"]
            covered_heading = True
        lines += [
            "",
            f"- **#{r.rank}** {code(lead.kind)} {code(lead.id)}, score {lead.score:.2f}: {code(lead.description)}",
        ]
        if lead.covered:
            lines.append(f"  - covered by {', '.join(code(slug) for slug in lead.covered_by)}")
        for e in lead.excerpts:
            nth = f" (occurrence {e.occurrence})" if e.occurrence is not None else ""
            lines.append(f"  - {code(e.source)}: {code(e.quote, SHOWN_QUOTE_CHARS)}{nth}")
        lines.append(f"  - start a claim: {code(start_command(r.rank))}")
    return "\n".join(lines) + "\n"


# Each --format and the function that writes the listing.
LISTINGS: dict[str, Callable[[list[Ranked], int, int, dict[str, str]], str]] = {
    "text": text_listing,
    "json": json_listing,
    "markdown": markdown_listing,
}
