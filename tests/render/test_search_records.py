"""The search records: what a reader can find, made from the project's data (render/search.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import DRAFT_CLAIM, FIXTURE

from generator.anchor.project import build_project
from generator.render.options import SiteOptions
from generator.render.search import FACETS, MAX_LINE, result_line, search_records


def records_by_url(root: Path = FIXTURE, **options: object) -> dict:
    return {r.url: r for r in search_records(build_project(root), SiteOptions(**options))}  # type: ignore[arg-type]


def test_a_claim_is_found_by_its_words_and_shows_its_verdict_and_bottom_line() -> None:
    project = build_project(FIXTURE)
    claim = next(c for c in project.claims if c.slug == "talks-duration")
    record = records_by_url()["/claims/talks-duration/"]
    for part in (claim.claim, claim.bottom_line, *(e.quote for e in claim.evidence)):
        assert " ".join(part.split()) in record.content
    assert record.meta["title"] == claim.claim and record.meta["kind"] == "claim"
    assert record.meta["verdict"] == "Unverified" and record.meta["verdict_key"] == "unverified"
    assert record.meta["line"] == " ".join(claim.bottom_line.split())
    assert set(record.filters) <= set(FACETS) and record.filters["verdict"] == ["Unverified"]
    cited = {project.sources[e.source].label for e in claim.evidence}
    assert record.filters["source"] == sorted(cited)


def test_every_source_is_found_by_its_whole_text_and_no_index_page_is_a_record() -> None:
    project = build_project(FIXTURE)
    records = records_by_url()
    for source in project.sources.values():
        record = records[f"/sources/{source.id}/"]
        assert " ".join(source.text.split())[:200] in record.content
        assert record.filters["source"] == [source.label] and record.meta["kind"] == "source"
    assert all(url.startswith(("/claims/", "/sources/")) and "/page/" not in url for url in records)
    assert len(records) == len(project.claims) + len(project.sources)


def test_without_a_bottom_line_a_result_shows_the_summarys_first_sentence() -> None:
    claim = build_project(FIXTURE).claims[0]
    plain = replace(claim, bottom_line="", summary="First sentence here. Second one.\n\nMore.")
    assert result_line(plain) == "First sentence here."
    long = replace(claim, bottom_line="word " * 200)
    assert len(result_line(long)) <= MAX_LINE + 2 and result_line(long).endswith(" …")


def test_drafts_are_searchable_only_where_the_site_shows_them(project: Path) -> None:
    (project / "claims" / "arrival-wednesday.yml").write_text(DRAFT_CLAIM, "utf-8")
    assert "/claims/arrival-wednesday/" not in records_by_url(project)
    assert "/claims/arrival-wednesday/" in records_by_url(project, drafts=True)


def test_addresses_follow_the_sites_url_style() -> None:
    records = records_by_url(directory_urls=False)
    assert "/claims/talks-duration.html" in records


def test_the_same_project_gives_the_same_records() -> None:
    assert search_records(build_project(FIXTURE), SiteOptions()) == search_records(
        build_project(FIXTURE), SiteOptions()
    )
