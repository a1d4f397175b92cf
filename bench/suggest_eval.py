"""Evaluation of `factsite suggest` (issue 21): the engine's leads against labelled disagreements.

    .venv/bin/python bench/suggest_eval.py            # tables
    .venv/bin/python bench/suggest_eval.py --json     # the same figures as JSON
    .venv/bin/python bench/suggest_eval.py --with-claims

Two data sets, both labelled by hand before the engine was tuned:

- the five seed articles (the repository's own project), labels in
  bench/suggest_eval/labels.yml;
- bench/suggest_eval/corpus/<kind>/: for each kind of lead, two or three
  short hand-written articles, each folder a factsite project (seeds/,
  claims/) with its labels.yml.

A lead MATCHES a label when its kind is the label's kind and its excerpts
overlap (character spans intersect) the label's excerpts in at least two
different sources (`lead_matches`). Precision is the share of leads that
match some label, recall the share of labels matched by some lead, per kind
and overall. A lead that overlaps a `negatives` pair in two sources is
listed as a false lead whatever its kind. For the seeds it also checks the
issue's two targets: every mechanical label among the first 15 leads, and at
least half of the first 15 leads matching a label.

The seeds are ranked without the repository's claims by default (as a desk
that has written no claim yet sees them): `find_leads` lists covered leads
last, and most seed disagreements already have a claim. `--with-claims`
ranks them as `factsite suggest` shows them today.

Exit status: 0 with figures, 2 when the engine (generator/suggest/find.py)
does not exist yet, 1 when a label does not resolve in its source.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
# The evaluation reads no git history: a corpus folder lives inside this repository.
os.environ.setdefault("FACTSITE_HISTORY", "off")

from generator.anchor.locate import Match, locate  # noqa: E402
from generator.anchor.project import load_project  # noqa: E402
from generator.model import Project  # noqa: E402
from generator.suggest.lead import KINDS, Lead  # noqa: E402

EVAL = REPO / "bench" / "suggest_eval"
SEED_LABELS = EVAL / "labels.yml"
CORPUS = EVAL / "corpus"
# The kinds a reader can check by reading two figures side by side (the "mechanical" class).
MECHANICAL = ("number", "date", "weekday", "duration", "count")
# The targets: every mechanical seed label among the first TOP leads, and at least
# TOP_SHARE of those TOP leads real disagreements.
TOP = 15
TOP_SHARE = 0.5
# A lead matches a label (or hits a negative pair) through excerpts in at least this many sources.
MIN_SOURCES = 2


@dataclass(frozen=True)
class Quote:
    """One excerpt of a label, resolved: where its words are in its source."""

    source: str
    quote: str
    start: int
    end: int


@dataclass(frozen=True)
class Label:
    """A labelled disagreement (or, in `negatives`, a pair that must not be a lead)."""

    id: str
    kind: str  # one of KINDS; "" for a negative pair
    description: str
    excerpts: tuple[Quote, ...]
    note: str = ""


def read_labels(path: Path, project: Project) -> tuple[list[Label], list[Label], list[str]]:
    """The labels and negative pairs of a labels.yml, each excerpt located in `project`'s sources,
    and a message for each excerpt that does not resolve to exactly one span."""
    import yaml

    data = yaml.safe_load(path.read_text("utf-8")) or {}
    problems: list[str] = []
    sets = []
    for section in ("labels", "negatives"):
        items = []
        for item in data.get(section) or []:
            quotes = []
            for ex in item.get("excerpts") or []:
                quote, problem = _resolve(project, ex.get("source", ""), ex.get("quote", ""))
                if problem:
                    problems.append(f"{path.relative_to(REPO)}: {item.get('id')}: {problem}")
                if quote:
                    quotes.append(quote)
            kind = item.get("kind", "") if section == "labels" else ""
            text = item.get("description", item.get("why", ""))
            items.append(Label(item.get("id", ""), kind, text, tuple(quotes), item.get("note", "")))
        sets.append(items)
    return sets[0], sets[1], problems


def _resolve(project: Project, source_id: str, quote: str) -> tuple[Quote | None, str]:
    source = project.sources.get(source_id)
    if source is None or source.body is None:
        return None, f"unknown or unreadable source {source_id!r}"
    found = locate(source.body, quote)
    if not isinstance(found, Match):
        return None, f"{type(found).__name__} for {quote!r} in {source_id}"
    return Quote(source_id, quote, found.start, found.end), ""


def overlap_sources(lead: Lead, quotes: Iterable[Quote]) -> set[str]:
    """The sources in which one of the lead's excerpts intersects one of `quotes`."""
    quotes = list(quotes)
    return {
        e.source for e in lead.excerpts for q in quotes if e.source == q.source and e.start < q.end and q.start < e.end
    }


def lead_matches(lead: Lead, label: Label) -> bool:
    """Whether the lead is the labelled disagreement: same kind, overlapping excerpts in two sources."""
    return lead.kind == label.kind and len(overlap_sources(lead, label.excerpts)) >= MIN_SOURCES


def hits_negative(lead: Lead, negative: Label) -> bool:
    """Whether the lead pairs the two sides of a negative pair (whatever its kind)."""
    return len(overlap_sources(lead, negative.excerpts)) >= MIN_SOURCES


def score(leads: Sequence[Lead], labels: Sequence[Label], negatives: Sequence[Label] = ()) -> dict[str, Any]:
    """Per kind and overall: labels, leads, matched labels and leads, precision and recall;
    which labels no lead found, which negative pairs a lead hit, and which labels a lead of
    another kind found (a hint that the engine and the labels disagree on the kind)."""
    table: dict[str, dict[str, Any]] = {}
    for kind in (*KINDS, "overall"):
        kind_labels = [x for x in labels if kind in (x.kind, "overall")]
        kind_leads = [x for x in leads if kind in (x.kind, "overall")]
        found = [x for x in kind_labels if any(lead_matches(lead, x) for lead in kind_leads)]
        real = [x for x in kind_leads if any(lead_matches(x, label) for label in kind_labels)]
        table[kind] = {
            "labels": len(kind_labels),
            "leads": len(kind_leads),
            "matched_labels": len(found),
            "matched_leads": len(real),
            "precision": _ratio(len(real), len(kind_leads)),
            "recall": _ratio(len(found), len(kind_labels)),
        }
    missed = [x for x in labels if not any(lead_matches(lead, x) for lead in leads)]
    other_kind = [
        {"label": x.id, "kind": x.kind, "lead_kinds": sorted({ld.kind for ld in leads if _any_kind(ld, x)})}
        for x in missed
        if any(_any_kind(ld, x) for ld in leads)
    ]
    false = [
        {"negative": n.id, "leads": [f"{i}:{ld.kind}:{ld.id}" for i, ld in enumerate(leads, 1) if hits_negative(ld, n)]}
        for n in negatives
    ]
    return {
        "kinds": table,
        "missed": [x.id for x in missed],
        "found_as_other_kind": other_kind,
        "negatives_hit": [f for f in false if f["leads"]],
        "negatives": len(negatives),
    }


def _any_kind(lead: Lead, label: Label) -> bool:
    return len(overlap_sources(lead, label.excerpts)) >= MIN_SOURCES


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def top_targets(leads: Sequence[Lead], labels: Sequence[Label]) -> dict[str, Any]:
    """The issue's two targets on the first TOP leads."""
    top = list(leads[:TOP])
    mechanical = [x for x in labels if x.kind in MECHANICAL]
    absent = [x.id for x in mechanical if not any(lead_matches(lead, x) for lead in top)]
    real = sum(1 for lead in top if any(lead_matches(lead, x) for x in labels))
    share = _ratio(real, len(top))
    return {
        "top": len(top),
        "mechanical_labels": len(mechanical),
        "mechanical_not_in_top": absent,
        "top_matching": real,
        "top_share": share,
        "all_mechanical_in_top": not absent,
        "half_of_top_real": share is not None and share >= TOP_SHARE,
        "ranks": {x.id: _rank(leads, x) for x in labels},
    }


def _rank(leads: Sequence[Lead], label: Label) -> int | None:
    return next((i for i, lead in enumerate(leads, 1) if lead_matches(lead, label)), None)


def corpus_folders() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if (p / "seeds" / "sources.yml").is_file())


def evaluate(find_leads: Any, with_claims: bool) -> tuple[dict[str, Any], list[str]]:
    """Every figure, and the labels that do not resolve."""
    project, _ = load_project(REPO)
    if not with_claims:
        project = dataclasses.replace(project, claims=[])
    labels, negatives, problems = read_labels(SEED_LABELS, project)
    leads = find_leads(project)
    result: dict[str, Any] = {
        "seeds": score(leads, labels, negatives) | {"targets": top_targets(leads, labels), "with_claims": with_claims}
    }
    all_leads: list[Lead] = []
    all_labels: list[Label] = []
    all_negatives = 0
    folders: dict[str, Any] = {}
    for folder in corpus_folders():
        project, _ = load_project(folder)
        labels, negatives, more = read_labels(folder / "labels.yml", project)
        problems += more
        leads = find_leads(project)
        folders[folder.name] = score(leads, labels, negatives)
        all_leads += leads
        all_labels += labels
        all_negatives += len(negatives)
    pooled = score(all_leads, all_labels)
    # Negative pairs are scored per folder: a lead's rank means something only in its own project.
    pooled["negatives_hit"] = [
        item | {"negative": f"{name}/{item['negative']}"}
        for name, part in folders.items()
        for item in part["negatives_hit"]
    ]
    pooled["negatives"] = all_negatives
    result["corpus"] = pooled | {"folders": folders}
    return result, problems


def print_report(result: dict[str, Any]) -> None:
    for name in ("seeds", "corpus"):
        part = result[name]
        title = name + (" (ranked with the repository's claims)" if part.get("with_claims") else "")
        print(f"\n{title}")
        print(f"  {'kind':<12} {'labels':>6} {'leads':>6} {'matched':>8} {'precision':>9} {'recall':>7}")
        for kind, row in part["kinds"].items():
            matched = f"{row['matched_labels']}/{row['matched_leads']}"
            print(
                f"  {kind:<12} {row['labels']:>6} {row['leads']:>6} {matched:>8} "
                f"{_pct(row['precision']):>9} {_pct(row['recall']):>7}"
            )
        print("  (matched: labels found / leads that match a label)")
        if part["missed"]:
            print("  labels no lead found: " + ", ".join(part["missed"]))
        for item in part["found_as_other_kind"]:
            print(f"  {item['label']} ({item['kind']}) found only as: {', '.join(item['lead_kinds'])}")
        hit = part["negatives_hit"]
        print(f"  negative pairs made into leads: {len(hit)} of {part['negatives']}")
        for item in hit:
            print(f"    {item['negative']}: lead {', '.join(item['leads'])}")
    targets = result["seeds"]["targets"]
    print(f"\nseed targets (first {targets['top']} leads)")
    absent = targets["mechanical_not_in_top"]
    print(
        f"  mechanical labels in the first {TOP}: {targets['mechanical_labels'] - len(absent)} "
        f"of {targets['mechanical_labels']}" + (f"; not there: {', '.join(absent)}" if absent else "")
    )
    print(
        f"  first {TOP} leads matching a label: {targets['top_matching']} of {targets['top']} "
        f"({_pct(targets['top_share'])}; target {TOP_SHARE:.0%}): "
        + ("met" if targets["half_of_top_real"] else "not met")
    )
    ranks = ", ".join(f"{k} {v if v is not None else '-'}" for k, v in targets["ranks"].items())
    print(f"  rank of each seed label's first matching lead: {ranks}")


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--with-claims", action="store_true", help="rank the seeds with the repository's claims")
    args = parser.parse_args(argv)
    try:
        find_leads = importlib.import_module("generator.suggest.find").find_leads
    except ModuleNotFoundError as err:
        if err.name != "generator.suggest.find":
            raise
        print("generator/suggest/find.py does not exist yet: nothing to evaluate", file=sys.stderr)
        return 2
    result, problems = evaluate(find_leads, args.with_claims)
    for problem in problems:
        print(f"label does not resolve: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps(result, indent=2, sort_keys=True))
    else:
        print_report(result)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
