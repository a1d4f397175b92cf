"""The evaluation data of `factsite suggest` (bench/suggest_eval/) is sound, and its matching rule does what it says.

The figures of bench/suggest_eval.py are only as good as its labels: each
excerpt must be the exact words of its source (resolved once by `factsite
check`'s matcher, so that a lead's span can be compared with it), each
label a disagreement between two sources at least, and each corpus folder
a project factsite loads cleanly (a stale checksum would be a warning
there, and a lead's excerpt in it would not be checkable).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from generator.anchor.locate import Match, locate
from generator.anchor.project import load_project, load_sources
from generator.model import Project
from generator.suggest.lead import KINDS, Excerpt, Lead

sys.path.insert(0, str(REPO / "bench"))
import suggest_eval  # noqa: E402

EVAL = REPO / "bench" / "suggest_eval"
CORPUS_FOLDERS = sorted(p for p in (EVAL / "corpus").iterdir() if p.is_dir())
LABEL_FILES = [EVAL / "labels.yml", *(p / "labels.yml" for p in CORPUS_FOLDERS)]
# The issue asks for at least this many planted disagreements per kind in the hand-written corpus.
MIN_PLANTED = 2


def _project(labels_file: Path) -> Project:
    """The project whose sources a labels file quotes: the repository's seeds, or its corpus folder."""
    root = REPO if labels_file.parent == EVAL else labels_file.parent
    sources, diagnostics = load_sources(root)
    assert sources is not None, diagnostics
    return Project(root=str(root), sources=sources, claims=[])


def _name(path: Path) -> str:
    return str(path.relative_to(EVAL))


def test_every_kind_has_a_corpus_folder():
    assert [p.name for p in CORPUS_FOLDERS] == sorted(KINDS)


@pytest.mark.parametrize("labels_file", LABEL_FILES, ids=_name)
def test_every_excerpt_resolves_once_in_its_source(labels_file: Path):
    project = _project(labels_file)
    data = yaml.safe_load(labels_file.read_text("utf-8"))
    unresolved = []
    for section in ("labels", "negatives"):
        for item in data[section]:
            for ex in item["excerpts"]:
                source = project.sources.get(ex["source"])
                found = locate(source.body, ex["quote"]) if source is not None else None
                if not isinstance(found, Match):
                    unresolved.append((item["id"], ex["source"], ex["quote"], type(found).__name__))
    assert unresolved == []


@pytest.mark.parametrize("labels_file", LABEL_FILES, ids=_name)
def test_every_label_is_a_disagreement_between_sources(labels_file: Path):
    data = yaml.safe_load(labels_file.read_text("utf-8"))
    assert data["labels"], "no labels"
    ids = [item["id"] for section in ("labels", "negatives") for item in data[section]]
    assert len(ids) == len(set(ids)), "an id is used twice"
    for item in data["labels"]:
        assert item["kind"] in KINDS, item["id"]
        assert item["description"].strip(), item["id"]
    for item in data["labels"] + data["negatives"]:
        assert len(item["excerpts"]) >= 2, item["id"]
        assert len({ex["source"] for ex in item["excerpts"]}) >= 2, item["id"]


@pytest.mark.parametrize("folder", CORPUS_FOLDERS, ids=lambda p: p.name)
def test_corpus_folder_plants_its_kind_and_negatives(folder: Path):
    data = yaml.safe_load((folder / "labels.yml").read_text("utf-8"))
    assert sum(item["kind"] == folder.name for item in data["labels"]) >= MIN_PLANTED
    assert data["negatives"]


@pytest.mark.parametrize("folder", CORPUS_FOLDERS, ids=lambda p: p.name)
def test_corpus_folder_loads_as_a_project(folder: Path):
    project, diagnostics = load_project(folder)
    assert diagnostics == []
    assert len(project.sources) >= 2
    assert all(source.body is not None for source in project.sources.values())


def test_evaluation_reads_every_label_of_the_seeds():
    project = _project(EVAL / "labels.yml")
    labels, negatives, problems = suggest_eval.read_labels(EVAL / "labels.yml", project)
    assert problems == []
    data = yaml.safe_load((EVAL / "labels.yml").read_text("utf-8"))
    assert [x.id for x in labels] == [item["id"] for item in data["labels"]]
    assert [len(x.excerpts) for x in negatives] == [len(item["excerpts"]) for item in data["negatives"]]


def _lead(kind: str, *spans: tuple[str, int, int]) -> Lead:
    return Lead(kind, "test", 0.5, tuple(Excerpt(source, "", start, end) for source, start, end in spans))


def test_a_lead_matches_a_label_of_its_kind_overlapping_two_sources():
    label = suggest_eval.Label(
        "x", "duration", "d", (suggest_eval.Quote("a", "", 10, 20), suggest_eval.Quote("b", "", 50, 60))
    )
    assert suggest_eval.lead_matches(_lead("duration", ("a", 15, 30), ("b", 40, 51)), label)
    # another kind
    assert not suggest_eval.lead_matches(_lead("number", ("a", 15, 30), ("b", 40, 51)), label)
    # spans that touch but do not intersect (ends are exclusive)
    assert not suggest_eval.lead_matches(_lead("duration", ("a", 20, 30), ("b", 40, 50)), label)
    # two excerpts overlapping in one source only
    assert not suggest_eval.lead_matches(_lead("duration", ("a", 12, 14), ("a", 16, 18), ("c", 50, 60)), label)
    # a negative pair is hit whatever the lead's kind
    assert suggest_eval.hits_negative(_lead("number", ("a", 15, 30), ("b", 40, 51)), label)


def test_score_counts_precision_and_recall_per_kind():
    first = suggest_eval.Label(
        "one", "count", "", (suggest_eval.Quote("a", "", 0, 5), suggest_eval.Quote("b", "", 0, 5))
    )
    second = suggest_eval.Label(
        "two", "count", "", (suggest_eval.Quote("a", "", 9, 12), suggest_eval.Quote("c", "", 0, 5))
    )
    leads = [_lead("count", ("a", 0, 3), ("b", 1, 2)), _lead("count", ("a", 30, 40), ("b", 30, 40))]
    result = suggest_eval.score(leads, [first, second])
    row = result["kinds"]["count"]
    assert (row["labels"], row["leads"], row["matched_labels"], row["matched_leads"]) == (2, 2, 1, 1)
    assert (row["precision"], row["recall"]) == (0.5, 0.5)
    assert result["missed"] == ["two"]
