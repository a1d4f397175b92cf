"""The render stage's fast paths give what the plain ways they replace give (nothing here is timed).

Relative links and paths, text fragments, escaping and the data files put
together from items are each compared with the straightforward code they
replace, on many inputs.
"""

from __future__ import annotations

import json
import posixpath
import urllib.parse
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from generator.anchor.project import build_project
from generator.render import jsonld, markup, urls
from generator.render.options import SiteOptions


@given(
    st.lists(st.sampled_from(["claims", "sources", "a", "b", "page", "2", "x.json", ".."]), max_size=4),
    st.lists(st.sampled_from(["claims", "sources", "a", "b", "page", "2"]), max_size=4),
)
def test_relative_paths_are_posixpaths(target: list[str], base: list[str]) -> None:
    t, b = "/".join(target), "/".join(base)
    if ".." not in target:
        assert urls._relpath(t, b) == posixpath.relpath(t or ".", b or ".")


PAGE_PATHS = st.lists(
    st.sampled_from(["claims", "sources", "tags", "a", "page", "2", "index"]), min_size=1, max_size=4
).map(lambda parts: "/".join(parts) + ".md")


@given(
    PAGE_PATHS,
    st.one_of(PAGE_PATHS, st.sampled_from(["claims.json", "assets/x.css", "index.md"])),
    st.sampled_from(["", "excerpt-1"]),
    st.booleans(),
)
def test_links_are_relative_paths(from_src: str, to_src: str, fragment: str, directory_urls: bool) -> None:
    base = posixpath.dirname(urls.page_url(from_src, directory_urls))
    target = urls.page_url(to_src, directory_urls)
    expected = posixpath.relpath(target.rstrip("/") or ".", base or ".")
    if target.endswith("/") or not target:
        expected = "./" if expected == "." else expected + "/"
    assert urls.href(from_src, to_src, fragment, directory_urls) == expected + (f"#{fragment}" if fragment else "")


@given(st.text(alphabet=st.sampled_from(list("ab -,&#%~\n\t\u00a0’—é\U0001f600")), max_size=40))
def test_text_fragments_encoded_word_by_word(passage: str) -> None:
    words = passage.split()

    def whole(part: list[str]) -> str:
        return urllib.parse.quote(" ".join(part), safe="").replace("-", "%2D")

    edges = (
        whole(words)
        if len(words) <= urls.FRAGMENT_WHOLE_WORDS
        else whole(words[: urls.FRAGMENT_EDGE_WORDS]) + "," + whole(words[-urls.FRAGMENT_EDGE_WORDS :])
    )
    assert urls.text_fragment("https://example.org/a", passage) == "https://example.org/a#:~:text=" + edges


@given(st.text(alphabet=st.sampled_from(list("ab <>&\"'`*_{}[]\\|~^=\n\r\t\x00\x07\x85\x9f’—é")), max_size=12))
def test_text_escaping_fast_path(value: str) -> None:
    slow = markup._CONTROL.sub("\ufffd", value).translate(markup._INERT)
    assert markup.text(value) == slow


def test_data_files_put_together_from_items_are_one_item_per_line(project: Path) -> None:
    built = build_project(project)
    for options in (SiteOptions(), SiteOptions(site_url="https://f.example/")):
        claims = jsonld.claims_json(built, options)
        data = json.loads(claims)
        assert list(data) == ["format", "offsets", "verdicts", "scope", "sources", "claims"]
        lines = {line.removesuffix(",") for line in claims.splitlines()}
        for item in data["sources"] + data["claims"]:  # each item is one line of the file
            assert json.dumps(item, ensure_ascii=False, separators=(",", ":")) in lines
        assert [c["slug"] for c in data["claims"]] == [c.slug for c in built.claims]
        reviews = jsonld.claimreview_json(built, options)
        expected = [jsonld.claim_review(c, built, options) for c in built.claims]
        assert json.loads(reviews) == expected
        assert reviews.splitlines()[1:-1] == [
            json.dumps(r, ensure_ascii=False, separators=(",", ":")) + ("," if k < len(expected) - 1 else "")
            for k, r in enumerate(expected)
        ]
    empty = type(built)(built.root, built.sources, [])
    assert json.loads(jsonld.claims_json(empty, SiteOptions()))["claims"] == []
    assert jsonld.claimreview_json(empty, SiteOptions()) == "[]\n"
