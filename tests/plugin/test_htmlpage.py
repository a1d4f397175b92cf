"""Generated pages straight to HTML (generator/plugin/htmlpage.py) give what MkDocs' Markdown gives.

Every generated page of the fixture is converted both ways (the content, the
table of contents, the anchor ids MkDocs collects); a real build with
`direct_html: false` and one with the default give the same site, file for
file; and what is not in mdpage.py's form is left to Markdown.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import markdown
import pytest
from conftest import FIXTURE, REPO, mkdocs_build, site_project
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.anchor.project import build_project
from generator.plugin import htmlpage, plugin
from generator.render import mdpage
from generator.render.options import SiteOptions
from generator.render.plan import build_site


@pytest.fixture(scope="module")
def config():  # type: ignore[no-untyped-def]
    return load_config(str(REPO / "mkdocs.yml"))


def mkdocs_render(config, src_uri: str, text: str) -> Page:  # type: ignore[no-untyped-def]
    """The page as MkDocs itself renders it (Page.render, every extension)."""
    file = File(src_uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
    file.content_string = text
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    return page


@pytest.mark.parametrize("project", [FIXTURE, REPO], ids=["fixture", "the real claims"])
def test_every_generated_page_is_what_mkdocs_makes_of_it(config, project: Path) -> None:  # type: ignore[no-untyped-def]
    site = build_site(build_project(project), SiteOptions())
    converter = htmlpage.Converter(plugin.markdown_convert(config))
    pages = {path: text for path, text in site.files.items() if path.endswith(".md")} | {"index.md": site.home}
    assert len(pages) > 10
    for path, text in pages.items():
        expected = mkdocs_render(config, path, text)
        made = converter.page(expected.markdown)
        assert made is not None, path
        assert made.content == expected.content, path
        assert [(t.id, t.title, t.level) for t in _flat(plugin.get_toc(made.toc_tokens))] == [
            (t.id, t.title, t.level) for t in _flat(expected.toc)
        ], path
        assert made.anchor_ids == expected.present_anchor_ids, path
    assert len(converter.skeletons) < len(pages) / 2  # pages of one kind share their skeleton


def _flat(toc):  # type: ignore[no-untyped-def]
    return [item for top in toc for item in [top, *_flat(top.children)]]


# Blocks as mdpage.py writes them, with the text that matters to Markdown and to the ids in them.
RAW = st.lists(
    st.sampled_from(
        [
            "<p>a &amp; b</p>",
            '<p id="x-1">one</p>',
            "<p>x &#10; *y* [z](w)</p>",
            '<a id="tag:a&amp;b" href="#">t</a>',
            "<span>## not a heading</span>",
            '<div data-factsite-block="0"></div>',
            "<p>|a|b|</p>",
        ]
    ),
    min_size=1,
    max_size=3,
).map(lambda lines: mdpage.raw("fs-x", *lines))
HEADING = st.sampled_from(["## Summary", "## Context", "## Tëxt & more", "### Smaller", "## Summary"])


@given(st.lists(st.one_of(RAW, HEADING), min_size=1, max_size=7))
def test_any_sequence_of_blocks_converts_as_markdown_does(blocks: list[str]) -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    body = mdpage.page({mdpage.TITLE: "t"}, *blocks)
    expected = mkdocs_render(config, "x.md", body)
    made = htmlpage.Converter(plugin.markdown_convert(config)).page(expected.markdown)
    assert made is not None
    assert (made.content, made.anchor_ids) == (expected.content, expected.present_anchor_ids)


def test_what_is_not_a_generated_page_is_left_to_markdown() -> None:
    def fail(text: str) -> tuple[str, list]:  # type: ignore[type-arg]
        raise AssertionError("not converted")

    converter = htmlpage.Converter(fail)
    for body in [
        "A paragraph of Markdown.",
        "## Heading\n\nSome *text*.",
        "<div>\n\n</div>",
        "",
        "\n\n",
        "#NoSpace",
        "<div>a</div>\n\n- a list",
        "<p>a</p>",
        "<div>a</div>\n\n<p>b</p>",
    ]:
        assert converter.page(body) is None, body


def test_a_placeholder_that_markdown_changes_means_markdown_converts_the_page() -> None:
    converter = htmlpage.Converter(lambda text: (text.replace("data-factsite-block", "data-other"), []))
    assert converter.page('<div class="a">\n<p>x</p>\n</div>') is None


def test_skeletons_are_kept_within_their_bound() -> None:
    converter = htmlpage.Converter(lambda text: (markdown.markdown(text), []))
    for n in range(htmlpage.MAX_SKELETONS + 10):
        assert converter.page(f"## Heading {n}\n\n<div>x</div>") is not None
    assert len(converter.skeletons) <= htmlpage.MAX_SKELETONS


def test_a_real_build_gives_the_same_site_either_way(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    site_project(root)
    assert mkdocs_build(root, tmp_path / "direct").returncode == 0
    config = (root / "mkdocs.yml").read_text()
    assert "\n  - factsite\n" in config
    (root / "mkdocs.yml").write_text(config.replace("\n  - factsite\n", "\n  - factsite:\n      direct_html: false\n"))
    result = mkdocs_build(root, tmp_path / "markdown")
    assert result.returncode == 0, result.stderr
    compared = filecmp.dircmp(tmp_path / "direct", tmp_path / "markdown")
    assert _differences(compared) == []
    assert len(list((tmp_path / "direct").rglob("*.html"))) > 10


def _differences(compared: filecmp.dircmp) -> list[str]:  # type: ignore[type-arg]
    found = compared.left_only + compared.right_only + compared.funny_files
    found += [
        name
        for name in compared.common_files
        if (Path(compared.left) / name).read_bytes() != (Path(compared.right) / name).read_bytes()
    ]
    return found + [d for sub in compared.subdirs.values() for d in _differences(sub)]
