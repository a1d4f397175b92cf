"""The search index: Pagefind fed the generator's records (plugin/searchindex.py)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from conftest import FIXTURE, search_fragments

from generator.anchor.project import build_project
from generator.plugin import searchindex
from generator.plugin.searchindex import UNUSED, HtmlPage, Indexer, SearchIndexError, write_index
from generator.render.options import SiteOptions
from generator.render.search import SearchRecord, search_records

PAGE = (
    '<html lang="en"><body><nav>menu words</nav>'
    "<div data-pagefind-body><h1>Method</h1><p>How we rate.</p></div></body></html>"
)


def records() -> list[SearchRecord]:
    return search_records(build_project(FIXTURE), SiteOptions())


def test_the_index_holds_every_record_and_the_hand_written_pages_content(tmp_path: Path) -> None:
    count = write_index(tmp_path, records(), [HtmlPage("/methodology/", PAGE)])
    fragments = {f["url"]: f for f in search_fragments(tmp_path)}
    assert count == len(records()) + 1 == len(fragments)
    assert "How we rate." in fragments["/methodology/"]["content"]
    assert "menu words" not in fragments["/methodology/"]["content"], "only what data-pagefind-body holds"
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == count
    assert not [name for name in UNUSED if (tmp_path / "pagefind" / name).exists()]
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert not any(p.name.startswith(".pagefind") for p in tmp_path.iterdir()), "no scratch folder left"


def test_the_same_records_give_the_same_bytes(tmp_path: Path) -> None:
    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

    write_index(tmp_path / "a", records(), [])
    write_index(tmp_path / "b", records(), [])
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_a_failed_index_leaves_the_previous_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_index(tmp_path, records(), [])
    before = sorted(p.name for p in (tmp_path / "pagefind" / "fragment").iterdir())
    monkeypatch.setattr(searchindex, "_executable", lambda: "/bin/false")
    with pytest.raises(SearchIndexError):
        write_index(tmp_path, records()[:1], [])
    assert sorted(p.name for p in (tmp_path / "pagefind" / "fragment").iterdir()) == before


def test_a_rebuild_under_serve_indexes_in_a_thread_and_keeps_the_pages_it_did_not_rebuild(tmp_path: Path) -> None:
    indexer = Indexer()
    indexer.add_page("/methodology/", PAGE)
    indexer.add_page("/gone/", PAGE.replace("How we rate.", "A deleted page."))
    indexer.keep_only(["/methodology/"])
    indexer.write_later(str(tmp_path), records, logging.getLogger("test"))
    indexer.wait()
    urls = {f["url"] for f in search_fragments(tmp_path)}
    assert "/methodology/" in urls and "/gone/" not in urls


def test_a_build_stopped_between_its_renames_does_not_stop_the_next(tmp_path: Path) -> None:
    write_index(tmp_path, records(), [])
    leftover = tmp_path / ".pagefind.old" / "fragment"
    leftover.mkdir(parents=True)
    (leftover / "stale.pf_fragment").write_bytes(b"x")
    assert write_index(tmp_path, records(), []) == len(records())
    assert not (tmp_path / ".pagefind.old").exists() and not (tmp_path / ".pagefind.tmp").exists()


def test_an_unknown_bundle_format_is_a_search_index_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(bundle: Path) -> None:
        raise searchindex.PagefindFormatError(f"{bundle}: not Pagefind 1.5.2")

    monkeypatch.setattr(searchindex, "canonicalise", refuse)
    with pytest.raises(SearchIndexError, match="not Pagefind"):
        write_index(tmp_path, records()[:2], [])
    assert not (tmp_path / ".pagefind.tmp").exists() and not (tmp_path / "pagefind").exists()


def test_a_new_rebuild_stops_the_index_still_being_made_and_makes_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(searchindex, "SERVE_INDEX_DELAY", 0.0)
    indexer = Indexer()
    indexer.add_page("/methodology/", PAGE)
    log = logging.getLogger("test")
    indexer.write_later(str(tmp_path), records, log)
    while indexer._child is None and indexer._thread is not None and indexer._thread.is_alive():
        pass  # until the child that makes the index has started
    child = indexer._child
    indexer.stop()  # what the next rebuild's on_pre_build does
    indexer.wait()
    if child is not None:  # the stopped child and its Pagefind are gone
        with pytest.raises(ProcessLookupError):
            os.killpg(child, 0)
    indexer.write_later(str(tmp_path), records, log)
    indexer.wait()
    assert "/methodology/" in {f["url"] for f in search_fragments(tmp_path)}
