"""The anchor stage's entry: the registry as loaded, each source's text prepared once for anchoring.

A source changed since its checksum was recorded is judged by its quotes:
a warning that lets the build go on while they all resolve, an error once one does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURE

from generator.anchor.project import NON_BLOCKING_CODES, ProjectCache, build_project, load_project, load_sources
from generator.anchor.text import SourceText
from generator.errors import FactsiteError
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


# --- a changed source: a warning while its quotes hold, an error once one breaks ---------------


def test_a_source_changed_while_its_quotes_hold_is_a_warning_and_the_build_goes_on(project: Path) -> None:
    seed = project / "seeds" / "friends-of-steel.txt"
    seed.write_text(seed.read_text() + "A line added by an editor.\n")
    _, diagnostics = load_project(project)
    (changed,) = diagnostics
    assert (changed.code, changed.severity, changed.path) == ("source-changed", "warning", "seeds/sources.yml")
    assert "seeds/friends-of-steel.txt" in changed.message and "claims/talks-duration.yml" in (changed.hint or "")
    assert changed.code in NON_BLOCKING_CODES  # the plugin does not fail a strict build on it
    built = build_project(project)  # no FactsiteError
    assert all(e.span is not None for claim in built.claims for e in claim.evidence)
    assert ProjectCache().load(project)[1] == diagnostics


def test_a_source_changed_so_that_a_quote_breaks_is_an_error_beside_the_quotes(project: Path) -> None:
    seed = project / "seeds" / "friends-of-steel.txt"
    seed.write_text(seed.read_text().replace("three-and-a-half hour", "three-hour"))
    _, diagnostics = load_project(project)
    assert [(d.path, d.code, d.severity) for d in diagnostics] == [
        ("claims/talks-duration.yml", "quote-not-found", "error"),
        ("seeds/sources.yml", "checksum-mismatch", "error"),
    ]
    assert (diagnostics[1].hint or "").startswith("fix the quotes of claims/talks-duration.yml")
    assert not NON_BLOCKING_CODES & {d.code for d in diagnostics}
    with pytest.raises(FactsiteError):
        build_project(project)
