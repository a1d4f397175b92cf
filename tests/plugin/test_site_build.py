"""A real `mkdocs build --strict` of the fixture project, its HTML parsed and checked.

One build per module (a few seconds): the claim and source pages, their
anchors and links, the ClaimReview JSON-LD in <head>, the data files,
search, the home overview, the constant nav; then the failures: a content
error stops the build before anything is written, with check's lines.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import FIXTURE, Node, mkdocs_build, page, parse, search_fragments, site_project, squash

from generator.plugin import plugin
from generator.render.vocab import VERDICT_SCALE

QUOTES = {
    "talks-duration": ["During a three-and-a-half hour meeting", "Putin used the Kremlin meeting with Xi on Thursday"],
    "death-toll": ["citing the 27 million Soviet and 37 million Chinese deaths in World War II"],
}


def build_copy(tmp: Path, extra_claims: int = 0) -> Path:
    root = tmp / "project"
    shutil.copytree(FIXTURE, root)
    site_project(root)
    for n in range(extra_claims):
        text = (root / "claims" / "death-toll.yml").read_text()
        (root / "claims" / f"extra-{n:03}.yml").write_text(text.replace("37 million Chinese died", f"Claim number {n}"))
    result = mkdocs_build(root, tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_copy(tmp_path_factory.mktemp("build"))


def content(doc: Node) -> Node:
    return doc.one("article", "md-content__inner")


# --- the claim page -------------------------------------------------------------------


def test_claim_page_has_the_claim_verdict_and_facts(site: Path) -> None:
    doc = content(page(site, "claims/talks-duration"))
    assert squash(doc.one("h1").text()) == "Xi and Putin met for three and a half hours."
    badge = doc.one(cls="fs-verdict-line").one("a", "fs-badge")
    assert squash(badge.text()) == "? Unverified" and "fs-verdict-unverified" in badge.classes
    said = squash(doc.one("p", "fs-said").text())
    assert said == (
        "Claimed by “Friends of Steel”: Xi and Putin Pledge Closer Ties Ahead of Victory Day, "
        "in an online article, “Friends of Steel”, on 8 May 2025"
    )
    assert squash(doc.one("p", "fs-byline").text()) == (
        "Published 20 November 2026 · Updated 22 November 2026 · Checked by Jane Roe (Fact-checker) · "
        "Reviewed by Sam Poe (Editor) and Ada Loe (Standards editor)"
    )
    facts = {squash(d.one("dt").text()): squash(d.one("dd").text()) for d in doc.one("dl", "fs-facts").all("div")}
    assert facts == {"Sources": "1 supporting, 0 contradicting, 1 giving context", "Tags": "The Kremlin talks"}
    assert squash(doc.one(cls="fs-summary").text()) == "Only one of the two articles gives a length for the meeting."


def test_claim_page_groups_for_and_against_then_context(site: Path) -> None:
    doc = content(page(site, "claims/talks-duration"))
    headings = [squash(h.text()).rstrip("¶").strip() for h in doc.all("h2")]
    assert headings == [
        "Summary",
        "Supporting excerpts",
        "Contradicting excerpts",
        "Context",
        "What we don’t know",
        "Corrections",
    ]
    groups = {g.classes[1].removeprefix("fs-"): g for g in doc.all("div", "fs-excerpts")}
    assert [a.attrs["id"] for a in groups["supports"].all("article")] == ["excerpt-1"]
    assert squash(groups["contradicts"].text()) == "No excerpt contradicts this claim."
    assert [a.attrs["id"] for a in groups["context"].all("article")] == ["excerpt-2"]


def test_each_excerpt_is_the_quote_marked_in_its_sentence_with_its_source(site: Path) -> None:
    doc = content(page(site, "claims/talks-duration"))
    first, second = doc.all("article", "fs-excerpt")
    assert [m.text() for m in first.all("mark")] == QUOTES["talks-duration"][:1]
    assert squash(first.one("blockquote").text()).startswith("During a three-and-a-half hour meeting, Putin expressed")
    assert squash(second.one("blockquote").text()) == (
        "Putin used the Kremlin meeting with Xi on Thursday to draw parallels between Russia and China's wartime "
        "sacrifices, citing the 27 million Soviet and 37 million Chinese deaths in World War II."
    )
    head = squash(second.one(cls="fs-excerpt-head").text())
    assert head == (
        "○ Context Xi Says China Supports Russia Against 'Hegemonic Bullying' During Kremlin Visit"
        " · The Moscow Times · 8 May 2025"
    )
    note = second.one(cls="fs-note")
    assert [squash(p.text()) for p in note.all("p")] == ["Editor’s note", "Gives the day, not the length."]


def test_excerpt_links_to_the_span_and_to_the_original_passage(site: Path) -> None:
    doc = content(page(site, "claims/talks-duration"))
    first, second = doc.all("article", "fs-excerpt")
    assert [a.attrs["href"] for a in first.one(cls="fs-excerpt-links").all("a")] == [
        "../../sources/friends-of-steel/#talks-duration-1"
    ]  # no URL known: no link to the original
    inner, original = second.one(cls="fs-excerpt-links").all("a")
    assert inner.attrs["href"] == "../../sources/moscow-times-2025-05-08/#talks-duration-2"
    assert original.attrs["href"] == (
        "https://www.themoscowtimes.com/2025/05/08/xi-says-china-supports-russia-against-hegemonic-bullying-during-"
        "kremlin-visit-a89013#:~:text=Putin%20used%20the%20Kremlin%20meeting%20with%20Xi%20on%20Thursday"
    )
    assert original.attrs["rel"] == "nofollow noopener noreferrer"


# --- the source page -------------------------------------------------------------------


def test_every_cited_span_is_highlighted_once_with_an_anchor_back_to_its_claim(site: Path) -> None:
    doc = content(page(site, "sources/moscow-times-2025-05-08"))
    text = doc.one("div", "fs-source-text")
    pins = text.all("a", "fs-pin")
    assert [(p.attrs["id"], p.attrs["href"]) for p in pins] == [
        ("talks-duration-2", "../../claims/talks-duration/#excerpt-2"),
        ("death-toll-1", "../../claims/death-toll/#excerpt-1"),
    ]
    marked = {m.attrs["data-pin"]: (m.classes[1], m.text()) for m in text.all("mark", "fs-hl")}
    assert marked == {
        "talks-duration-2": ("fs-context", QUOTES["talks-duration"][1]),
        "death-toll-1": ("fs-supports", QUOTES["death-toll"][0]),
    }
    assert [p.attrs["title"] for p in pins] == [
        "Context: Xi and Putin met for three and a half hours.",
        "Supports: 37 million Chinese died in the Second World War.",
    ]
    assert [squash(p.text()) for p in pins] == ["○2", "✔1"]
    citing = doc.one("ol", "fs-citing-list").all("li")
    assert [li.attrs.get("value") for li in citing if li.parent.tag == "ol"] == ["1", "2"]


def test_source_page_shows_the_whole_text_in_paragraphs(site: Path) -> None:
    doc = content(page(site, "sources/friends-of-steel"))
    paragraphs = [squash(p.text()) for p in doc.one("div", "fs-source-text").all("p")]
    seed = (FIXTURE / "seeds" / "friends-of-steel.txt").read_text()
    assert " ".join(paragraphs).replace("✔1", "").split() == seed.split()
    assert len(paragraphs) == 20


# --- machines ---------------------------------------------------------------------------


def jsonld(doc: Node) -> list[dict]:
    head = doc.one("head")
    return [json.loads(s.text()) for s in head.all("script") if s.attrs.get("type") == "application/ld+json"]


def test_claim_review_json_ld_is_in_the_head(site: Path) -> None:
    (review,) = jsonld(page(site, "claims/talks-duration"))
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Xi and Putin met for three and a half hours."
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Unverified",
        "ratingExplanation": "Only one article puts a length on the meeting, so the figure stands unconfirmed. "
        "Rated against the 2 sources this site holds, and nothing else.",
    }
    assert review["itemReviewed"]["@type"] == "Claim" and review["itemReviewed"]["datePublished"] == "2025-05-08"
    assert review["author"]["@type"] == "Organization" and review["author"]["name"]
    assert review["datePublished"] == "2026-11-20" and review["url"] == "claims/talks-duration/"
    assert review["dateModified"] == "2026-11-22"
    assert jsonld(page(site, "sources/friends-of-steel")) == []
    body = page(site, "claims/talks-duration").one("body")
    assert not [s for s in body.all("script") if s.attrs.get("type") == "application/ld+json"]


def test_claims_json_and_claimreview_json_are_published(site: Path) -> None:
    claims = json.loads((site / "claims.json").read_text())
    reviews = json.loads((site / "claimreview.json").read_text())
    assert [c["slug"] for c in claims["claims"]] == ["death-toll", "talks-duration"]
    assert [r["claimReviewed"] for r in reviews] == [c["claim"] for c in claims["claims"]]
    assert [r["reviewRating"].get("ratingValue") for r in reviews] == [5, None]  # unverified: no number
    assert claims["scope"] == "Rated against the 2 sources this site holds, and nothing else."
    assert {v["verdict"]: v["ratingValue"] for v in claims["verdicts"]} == {
        k: v.rating for k, v in VERDICT_SCALE.items()
    }


def test_search_finds_claims_by_text_summary_and_excerpts(site: Path) -> None:
    """The search index (Pagefind's, read back) holds the claim's words, its summary's and its excerpts'."""
    fragments = {f["url"]: f for f in search_fragments(site)}
    claim = fragments["/claims/talks-duration/"]
    for words in (
        "three and a half hours",
        "gives a length for the meeting",
        "three-and-a-half hour meeting",
        "Putin used the Kremlin meeting",
    ):
        assert words in squash(claim["content"])
    assert claim["meta"]["kind"] == "claim" and claim["meta"]["verdict"] == "Unverified"
    assert claim["filters"]["verdict"] == ["Unverified"]
    assert claim["meta"]["sources"] == "; ".join(sorted(claim["filters"]["source"])), "whose words the excerpts are"
    source = next(f for url, f in fragments.items() if url.startswith("/sources/"))
    assert source["meta"]["kind"] == "source" and source["filters"]["source"] == [source["meta"]["title"]]
    assert not any(url.startswith(("/verdicts/", "/tags/", "/claims/page/")) for url in fragments), "no index page"
    assert not (site / "search").exists(), "the theme's whole-site index is gone"


# --- site-wide ---------------------------------------------------------------------------


def internal_links(site: Path) -> list[tuple[Path, str]]:
    found = []
    for html in sorted(site.rglob("*.html")):
        if html.name == "404.html":  # served at any depth: its links are absolute
            continue
        for a in parse(html.read_text()).all("a"):
            href = a.attrs.get("href", "")
            if href and not urlsplit(href).scheme and not href.startswith("//"):
                found.append((html, href))
    return found


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    ids: dict[Path, set[str]] = {}
    broken = []
    for html, href in internal_links(site):
        parts = urlsplit(href)
        target = html if not parts.path else Path(posixpath.normpath(html.parent / unquote(parts.path)))
        target = target / "index.html" if target.is_dir() else target
        if not target.is_file():
            broken.append((html.relative_to(site), href))
            continue
        if parts.fragment and target.suffix == ".html":
            ids.setdefault(target, set(parse(target.read_text()).by_id()))
            if unquote(parts.fragment) not in ids[target]:
                broken.append((html.relative_to(site), href))
    assert broken == []


def test_the_home_page_gets_the_overview(site: Path) -> None:
    html = (site / "index.html").read_text()
    assert "factsite:overview" not in html
    doc = content(parse(html))
    counts = [squash(li.text()) for li in doc.one("ul", "fs-verdict-counts").all("li")]
    assert counts == [
        "✔ Supported 1 claim",
        "◕ Mostly supported 0 claims",
        "⇄ Disputed 0 claims",
        "? Unverified 1 claim",
        "✘ Contradicted 0 claims",
    ]
    assert squash(doc.all("p")[-1].text()) == "The end."


def test_every_page_and_view_exists(site: Path) -> None:
    for url in (
        "claims",
        "sources",
        "matrix",
        "tags",
        "tags/talks",
        "verdicts/supported",
        "verdicts/contradicted",
        "claims/death-toll",
        "sources/friends-of-steel",
    ):
        assert (site / url / "index.html").is_file(), url
    tags = content(page(site, "tags"))
    assert [(li.attrs["id"], li.one("a").attrs["href"]) for li in tags.all("li")] == [("tag:talks", "talks/")]
    tag = content(page(site, "tags/talks"))
    assert [a.attrs["href"] for a in tag.all("a") if "talks-duration" in a.attrs.get("href", "")] == [
        "../../claims/talks-duration/"
    ]


def test_nothing_generated_is_written_into_docs(site: Path) -> None:
    docs = site.parent / "project" / "docs"
    assert sorted(p.name for p in docs.iterdir()) == [
        "about-sources.md",
        "assets",
        "contact.md",
        "corrections-policy.md",
        "editor-guide.md",
        "index.md",
        "methodology.md",
        "overrides",
        "ownership.md",
        "performance.md",
    ]
    assert not (site / "overrides").exists()


def nav_links(doc: Node) -> list[str]:
    """The entries of the primary nav (not the page's table of contents the theme nests in it)."""
    links = doc.one("nav", "md-nav--primary").all("a", "md-nav__link")
    return [squash(a.text()) for a in links if not any("md-nav--secondary" in n.classes for n in a.ancestors())]


def test_the_nav_is_small_and_the_same_on_every_page(site: Path) -> None:
    expected = nav_links(page(site, ""))
    # The reader's pages only: the indexes, the corrections, and "About" (the methodology and the
    # transparency pages); the editor guide and the performance notes are linked from the footer.
    assert len(expected) <= 12
    assert "Editor guide" not in expected and "Performance" not in expected and "Corrections" in expected
    for url in ("claims/talks-duration", "sources/friends-of-steel", "matrix", "verdicts/disputed"):
        assert nav_links(page(site, url)) == expected
    assert "death-toll" not in (site / "claims" / "talks-duration" / "index.html").read_text()


def test_a_claim_page_does_not_grow_with_the_number_of_claims(site: Path, tmp_path: Path) -> None:
    bigger = build_copy(tmp_path, extra_claims=30)
    for url in ("claims/talks-duration/index.html", "sources/friends-of-steel/index.html"):
        assert (bigger / url).read_bytes() == (site / url).read_bytes(), url
    assert len(json.loads((bigger / "claims.json").read_text())["claims"]) == 32


# --- failures ----------------------------------------------------------------------------


def test_a_content_error_stops_the_build_before_anything_is_written(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    site_project(root)
    claim = root / "claims" / "death-toll.yml"
    claim.write_text(claim.read_text().replace("37 million Chinese deaths", "38 million Chinese deaths"))
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("the previous site")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 1
    assert (
        "claims/death-toll.yml:8:12: error[quote-not-found]: the quote is not in moscow-times-2025-05-08\n"
        in result.stderr
    )  # after MkDocs' level prefix (next test)
    assert "Traceback" not in result.stderr + result.stdout
    assert "1 error in the claims or sources; nothing was built" in result.stdout
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["index.html"]
    assert (tmp_path / "site" / "index.html").read_text() == "the previous site"


def test_a_failing_build_prints_the_diagnostics_through_the_mkdocs_logger(tmp_path: Path) -> None:
    """Each diagnostic is a record of MkDocs' log, printed with its level, in check's text; no traceback."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    site_project(root)
    claim = root / "claims" / "death-toll.yml"
    claim.write_text(claim.read_text().replace("37 million Chinese deaths", "38 million Chinese deaths"))
    (root / "seeds" / "new-article.txt").write_text("A new article nobody registered.\n")
    result = mkdocs_build(root, tmp_path / "site", quiet=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = re.sub(r"\x1b\[[0-9;]*m", "", result.stderr).splitlines()  # MkDocs may colour the level
    error = lines.index(
        f"{'ERROR':<8}-  claims/death-toll.yml:8:12: error[quote-not-found]: "
        "the quote is not in moscow-times-2025-05-08"
    )
    assert lines[error + 1].startswith("    hint: closest passage, line 30, column 117 (99% similar): ")
    warning = lines.index(  # a warning that leaves the site right: a notice, which strict mode does not count
        f"{'INFO':<8}-  seeds/new-article.txt:1:1: warning[unregistered-seed]: "
        "seeds/new-article.txt is not in the source registry"
    )
    assert lines[warning + 1] == (
        "    hint: register it: factsite add-source seeds/new-article.txt --id ID (it writes the entry), "
        "or remove the file"
    )
    assert error < warning  # in check's order
    assert "1 error in the claims or sources; nothing was built" in result.stdout


def test_the_plugin_adapter_functions(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    assert plugin.watched(root) == [str(root / "claims"), str(root / "seeds")]

    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    class Config:
        config_file_path = str(root / "mkdocs.yml")

    server = plugin.FactsitePlugin()
    server.load_config({})
    assert server.on_serve(Server(), config=Config(), builder=None).watched == plugin.watched(root)


def plugin_inputs(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The MkDocs config of a copy of the fixture, after on_pre_build, and a function giving its files."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    site_project(root)
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_pre_build(config=config)
    return root, config, lambda: config.plugins.on_files(get_files(config), config=config)


def test_a_hand_written_page_in_place_of_a_generated_one_is_refused(tmp_path: Path) -> None:
    from mkdocs.exceptions import PluginError

    root, _, files = plugin_inputs(tmp_path)
    (root / "docs" / "matrix.md").write_text("# By hand\n")
    with pytest.raises(PluginError, match="docs/matrix.md is a generated page"):
        files()


def test_a_project_without_a_home_page_gets_one(tmp_path: Path) -> None:
    root, config, files = plugin_inputs(tmp_path)
    (root / "docs" / "index.md").unlink()
    found = files()
    home = found.get_file_from_path("index.md")
    assert home is not None and home.generated_by == "factsite"
    assert "Verdicts at a glance" in home.content_string
    assert found.get_file_from_path("claims/death-toll.md").inclusion.name == "NOT_IN_NAV"
    assert found.get_file_from_path("claims/index.md").inclusion.name != "NOT_IN_NAV"
    site = config.plugins["factsite"].site
    assert plugin.page_markdown("a\n\n<!-- factsite:overview -->\n", "index.md", site).count("Latest reviews") == 1
    assert plugin.page_markdown("<!-- factsite:overview -->", "about.md", site) == "<!-- factsite:overview -->"


def test_search_snippets_keep_the_words_of_different_fields_apart(site: Path) -> None:
    """A snippet must not run one field into the next ("...three and a half hours.The Kremlin talks...")."""
    claim = next(f for f in search_fragments(site) if f["url"] == "/claims/talks-duration/")
    for field in (
        "“Friends of Steel”: Xi and Putin Pledge Closer Ties Ahead of Victory Day",
        "Only one article puts a length on the meeting, so the figure stands unconfirmed.",
        "The Kremlin talks",
    ):
        assert re.search(rf"(^|\s){re.escape(field)}(\s|,|$)", claim["content"]), field
