"""Index pages cut into series of fixed size, so that no page grows with the number of claims.

(Checked for correctness; the timings are bench/'s business, bench/README.md.)
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

import pytest
from conftest import add_claims

from generator.anchor.project import build_project
from generator.render import matrix, paging, urls
from generator.render.options import SiteOptions
from generator.render.plan import build_site


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)
    return 3


def test_a_series_keeps_its_first_path_and_numbers_the_rest() -> None:
    assert [urls.paged("claims/index.md", n) for n in (1, 2)] == ["claims/index.md", "claims/page/2.md"]
    assert urls.paged("verdicts/disputed.md", 3) == "verdicts/disputed/page/3.md"
    assert urls.paged("matrix.md", 2) == "matrix/page/2.md" and urls.paged("tags/x.md", 2) == "tags/x/page/2.md"
    assert urls.page_url(urls.paged("claims/index.md", 2)) == "claims/page/2/"


def test_every_list_is_cut_into_pages_that_list_each_claim_once(project: Path, small_pages: int) -> None:
    add_claims(project, 9)
    site = build_site(build_project(project), SiteOptions())
    pages = [p for p in site.files if p == "claims/index.md" or p.startswith("claims/page/")]
    assert pages == ["claims/index.md", "claims/page/2.md", "claims/page/3.md", "claims/page/4.md"]
    listed = [re.findall(r'<td><a href="[^"]*">([^<]*)</a>', site.files[p]) for p in pages]
    assert all(len(rows) <= small_pages for rows in listed)
    names = [name for rows in listed for name in rows]
    assert len(names) == 11 and names == sorted(names, key=str.casefold)
    assert "11 claims, in alphabetical order; 4–6 on this page." in site.files["claims/page/2.md"]
    for first in ("verdicts/supported.md", "matrix.md", "tags/extra.md"):
        assert urls.paged(first, 2) in site.files, first
    assert "verdicts/supported/page/5.md" not in site.files and "verdicts/supported/page/4.md" in site.files


def test_the_pager_links_pages_that_exist_and_no_page_is_searched(project: Path, small_pages: int) -> None:
    add_claims(project, 30)
    site = build_site(build_project(project), SiteOptions())
    src = "claims/page/6.md"
    nav = re.search(r'<nav class="fs-pager".*?</nav>', site.files[src])
    assert nav is not None
    labels = re.findall(r">([^<>]+)</(?:a|span|li)>", nav[0])
    assert labels == ["‹ Previous", "1", "…", "4", "5", "6", "7", "8", "…", "11", "Next ›"]
    for href in re.findall(r'href="([^"]+)"', nav[0]):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(urls.page_url(src)), href))
        assert any(urls.page_url(p).rstrip("/") == target for p in site.files), href
    for path in site.files:
        if path.startswith(("claims/index", "claims/page/", "verdicts/", "matrix", "tags", "sources/index")):
            assert "\nsearch:\n  exclude: true\n" in site.files[path], path


def test_no_page_grows_with_the_number_of_claims(project: Path, small_pages: int, tmp_path: Path) -> None:
    """(A source page grows with the claims that cite it, here all of them: not with the others.)"""
    bigger = tmp_path / "bigger"
    shutil.copytree(project, bigger)
    add_claims(project, 10)
    add_claims(bigger, 40)
    sizes = [
        max(
            len(c)
            for p, c in build_site(build_project(r), SiteOptions()).files.items()
            if p.endswith(".md") and not re.match(r"sources/(?!index)", p)
        )
        for r in (project, bigger)
    ]
    assert sizes[1] <= sizes[0] * 1.05, sizes


def test_with_many_sources_the_matrix_lists_only_the_cited_ones(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matrix, "MATRIX_GRID_SOURCES", 1)
    page = build_site(build_project(project), SiteOptions()).files["matrix.md"]
    assert "fs-vertical" not in page and "<th>Sources cited</th>" in page
    row = next(r for r in page.split("<tr>") if "death-toll/" in r)
    assert "moscow-times-2025-05-08" in row and "friends-of-steel" not in row


def test_tag_pages_list_their_claims_and_keep_the_old_anchors(project: Path) -> None:
    site = build_site(build_project(project), SiteOptions())
    assert (
        '<li id="tag:talks"><a href="talks/" class="fs-tag">The Kremlin talks</a> 1 claim'
        '<p class="fs-tag-description">What was said about the talks between Xi Jinping and Vladimir Putin.</p></li>'
    ) in site.files["tags.md"]
    assert 'title: "Tag: The Kremlin talks"' in site.files["tags/talks.md"]
    assert 'href="../../claims/talks-duration/"' in site.files["tags/talks.md"]
    assert "death-toll" not in site.files["tags/talks.md"]
