"""The anchor stage's entry: the registry as loaded, each source's text prepared once for anchoring."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURE

from generator.anchor.project import build_project, load_sources
from generator.anchor.text import SourceText
from generator.load.registry import load_registry


def test_the_load_stage_keeps_the_text_as_read_and_the_anchor_stage_prepares_it() -> None:
    loaded, diagnostics = load_registry(FIXTURE)
    assert loaded is not None and diagnostics == []
    assert all(isinstance(s.text, str) and s.body is None for s in loaded.values())
    prepared, again = load_sources(FIXTURE)
    assert prepared is not None and again == [] and sorted(prepared) == sorted(loaded)
    for source_id, source in prepared.items():
        assert isinstance(source.body, SourceText), source_id
        assert source.body.text == source.text == loaded[source_id].text


def test_a_source_whose_file_cannot_be_read_has_no_text_and_no_body(project: Path) -> None:
    (project / "seeds" / "friends-of-steel.txt").unlink()
    prepared, diagnostics = load_sources(project)
    assert prepared is not None and [d.code for d in diagnostics] == ["source-missing"]
    assert prepared["friends-of-steel"].text is None and prepared["friends-of-steel"].body is None
    assert prepared["moscow-times-2025-05-08"].body is not None


def test_every_quote_of_a_built_project_is_anchored_in_its_sources_text() -> None:
    project = build_project(FIXTURE)
    for claim in project.claims:
        for evidence in claim.evidence:
            source = project.sources[evidence.source]
            assert evidence.span is not None and source.text is not None
            assert source.text[evidence.span.start : evidence.span.end].startswith(evidence.quote.split()[0])
