"""The site generator's pure parts: escaping, safe Markdown, URLs, overlaps, JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.anchor.project import build_project
from generator.anchor.text import Span
from generator.errors import START, FactsiteError
from generator.model import Appearance, Claim, Claimant, Correction, Person, Project
from generator.render import jsonld, markup, mdpage, urls
from generator.render.options import SiteOptions
from generator.render.plan import build_site
from generator.render.segments import Highlight, assign_levels, segments
from generator.render.vocab import VERDICT_SCALE, human_date

# --- escaping ----------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, escaped",
    [
        ("<b>&'\"", "&lt;b&gt;&amp;&#39;&quot;"),
        (
            "*a* _b_ `c` [d] {: .e} |f| ~g~ ^h^ ==i== \\j",
            "&#42;a&#42; &#95;b&#95; &#96;c&#96; &#91;d&#93; &#123;: .e&#125; &#124;f&#124; &#126;g&#126; "
            "&#94;h&#94; &#61;&#61;i&#61;&#61; &#92;j",
        ),
        ("one\ntwo\r\n", "one&#10;two&#13;&#10;"),
        ("bell\x07nul\x00", "bell\ufffdnul\ufffd"),
    ],
)
def test_text_is_inert_html_and_inert_markdown(raw: str, escaped: str) -> None:
    assert markup.text(raw) == escaped


def test_element_escapes_attributes_and_drops_none() -> None:
    assert (
        markup.element("a", "x", href='"><script>', class_="c", title=None, aria_label="y")
        == '<a href="&quot;&gt;&lt;script&gt;" class="c" aria-label="y">x</a>'
    )


# --- the editors' Markdown -------------------------------------------------------


def test_markdown_renders_formatting_on_one_line() -> None:
    out = markup.markdown("Some *emphasis* and `code`.\n\nA second paragraph.\n")
    assert "\n" not in out
    assert out == "<p>Some <em>emphasis</em> and <code>code</code>.</p>&#10;<p>A second paragraph.</p>"


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "a <b onclick=x>b</b>",
        "<!-- material/tags -->",
    ],
)
def test_markdown_never_passes_raw_html(source: str) -> None:
    out = markup.markdown(source)
    assert "<script" not in out and "<img" not in out and "<b" not in out and "<!--" not in out


@pytest.mark.parametrize(
    "target",
    ["javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "vbscript:x", "file:///etc/passwd", "java%0ascript:x"],
)
def test_markdown_drops_unsafe_links(target: str) -> None:
    out = markup.markdown(f"[click]({target})")
    assert "<a" not in out and "click" in out


def test_markdown_keeps_safe_links_and_marks_external_ones() -> None:
    out = markup.markdown(
        "[a](https://example.org/x) [b](../other.md#part) [c](mailto:x@example.org)",
        link_target=lambda path: f"RESOLVED({path})",
    )
    assert '<a href="https://example.org/x" rel="nofollow noopener noreferrer">a</a>' in out
    assert '<a href="RESOLVED(../other.md)#part">b</a>' in out
    assert 'href="mailto:x@example.org"' in out


def test_markdown_has_no_images_and_demotes_headings() -> None:
    out = markup.markdown("# Title\n\n![alt](https://tracker.example/p.png)\n")
    assert out.startswith("<h3>Title</h3>") and "<img" not in out


def test_markdown_text_runs_are_inert_markdown_too() -> None:
    out = markup.markdown("a {: .x} and --8<-- file")
    assert "{" not in out and "&#123;: .x&#125;" in out


# --- pages and URLs ----------------------------------------------------------------


def test_front_matter_round_trips_and_titles_are_escaped_one_line() -> None:
    page = mdpage.page({mdpage.TITLE: mdpage.title("a <b>\n --- \n & c"), "tags": ["x"]}, "body")
    front = yaml.safe_load(page.split("---\n", 2)[1])
    assert front == {"title": "a &lt;b&gt; --- &amp; c", "tags": ["x"]}
    assert page.endswith("\n\nbody\n")


@pytest.mark.parametrize(
    "src, url",
    [("index.md", ""), ("claims/index.md", "claims/"), ("claims/a.md", "claims/a/"), ("claims.json", "claims.json")],
)
def test_page_urls_follow_mkdocs(src: str, url: str) -> None:
    assert urls.page_url(src) == url


@pytest.mark.parametrize(
    "src, target, fragment, expected",
    [
        ("claims/a.md", "sources/s.md", "a-1", "../../sources/s/#a-1"),
        ("claims/a.md", "claims/index.md", "", "../"),
        ("claims/index.md", "claims/a.md", "", "a/"),
        ("index.md", "claims/a.md", "", "claims/a/"),
        ("claims/a.md", "index.md", "", "../../"),
        ("matrix.md", "tags.md", "tag:x", "../tags/#tag:x"),
        ("sources/s.md", "sources/s.md", "", "./"),
    ],
)
def test_relative_links(src: str, target: str, fragment: str, expected: str) -> None:
    assert urls.href(src, target, fragment) == expected


def test_relative_links_without_directory_urls() -> None:
    assert urls.href("claims/a.md", "sources/s.md", "x", directory_urls=False) == "../sources/s.html#x"


def test_text_fragment_names_a_long_passage_by_its_ends() -> None:
    long = "one two three four five six seven eight nine ten eleven-twelve, thirteen & fourteen"
    assert urls.text_fragment("https://e.org/a", long) == (
        "https://e.org/a#:~:text=one%20two%20three%20four%20five,ten%20eleven%2Dtwelve%2C%20thirteen%20%26%20fourteen"
    )
    assert urls.text_fragment("https://e.org/a#top", "short  text") == "https://e.org/a#top:~:text=short%20text"


@pytest.mark.parametrize(
    "url, web",
    [
        ("https://e.org/x", True),
        ("http://e.org", True),
        ("javascript:alert(1)", False),
        ("", False),
        ("//e.org", False),
        ("https:///x", False),
    ],
)
def test_only_web_urls_are_linked(url: str, web: bool) -> None:
    assert urls.is_web_url(url) is web


# --- overlaps ----------------------------------------------------------------------


def test_levels_keep_overlapping_highlights_apart() -> None:
    placed = {
        h.key: h.level
        for h in assign_levels(
            [
                Highlight("a", ((0, 10),)),
                Highlight("b", ((5, 15),)),
                Highlight("c", ((12, 20),)),
                Highlight("d", ((5, 8),)),
                Highlight("e", ((20, 25),)),
            ]
        )
    }
    assert placed == {"a": 0, "b": 1, "d": 2, "c": 0, "e": 0}


def test_segments_cut_at_every_boundary_with_what_covers_them() -> None:
    hs = assign_levels([Highlight("a", ((2, 6),)), Highlight("b", ((4, 9),)), Highlight("gap", ((10, 12), (14, 16)))])
    got = [(s.start, s.end, [h.key for h in s.covering], [h.key for h in s.starting]) for s in segments(0, 20, hs)]
    assert got == [
        (0, 2, [], []),
        (2, 4, ["a"], ["a"]),
        (4, 6, ["a", "b"], ["b"]),
        (6, 9, ["b"], []),
        (9, 10, [], []),
        (10, 12, ["gap"], ["gap"]),
        (12, 14, [], []),
        (14, 16, ["gap"], []),
        (16, 20, [], []),
    ]


def test_identical_spans_from_different_claims_all_stay_visible() -> None:
    hs = assign_levels([Highlight(k, ((3, 7),)) for k in ("x-1", "y-2", "z-1")])
    (only,) = [s for s in segments(0, 10, hs) if s.covering]
    assert [h.key for h in only.starting] == ["x-1", "y-2", "z-1"]
    assert sorted(h.level for h in only.covering) == [0, 1, 2]


def test_a_paragraph_range_only_sees_what_falls_in_it() -> None:
    hs = assign_levels([Highlight("a", ((2, 12),))])
    first, second = segments(0, 6, hs), segments(8, 14, hs)
    assert [h.key for s in first for h in s.starting] == ["a"]
    assert [h.key for s in second for h in s.starting] == []  # one pin, in the paragraph where it starts
    assert [(s.start, s.end) for s in second if s.covering] == [(8, 12)]


# --- data for machines ----------------------------------------------------------------


def test_the_documented_rating_scale() -> None:
    assert {k: (v.rating, v.label) for k, v in VERDICT_SCALE.items()} == {
        "supported": (5, "Supported"),
        "mostly-supported": (4, "Mostly supported"),
        "disputed": (3, "Disputed"),
        "unverified": (None, "Unverified"),  # no number: see vocab.VERDICT_SCALE
        "contradicted": (1, "Contradicted"),
    }


def test_script_json_cannot_end_its_script_element() -> None:
    out = jsonld.script_json({"a": "</script><!-- & -->"})
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == {"a": "</script><!-- & -->"}


def recorded(project: Path) -> tuple[Project, Claim]:
    """The fixture's talks-duration with the editorial record of claim format v2, and a desk of two."""
    built = build_project(project)
    built.people = {
        "jane-doe": Person("jane-doe", "Jane Doe", "Fact-checker", "https://example.org/jane", START),
        "john-roe": Person("john-roe", "John Roe", "Editor", "", START),
    }
    claim = next(c for c in built.claims if c.slug == "talks-duration")
    claim.claimant = Claimant("Vladimir Putin", "President of Russia")
    claim.said = Appearance(date="2025-05-08", source="moscow-times-2025-05-08")
    claim.published, claim.updated, claim.bottom_line = "2026-11-22", "2026-12-04", "Only one article says how long."
    claim.author, claim.reviewers = "jane-doe", ["john-roe"]
    claim.corrections = [Correction("2026-12-04", "update", "Added the *second* article.", START)]
    return built, claim


def test_claim_review_of_a_claim_with_its_record(project: Path) -> None:
    built, claim = recorded(project)
    review = jsonld.claim_review(claim, built, SiteOptions(site_name="S", site_url="https://f.example/"))
    assert review["url"] == "https://f.example/claims/talks-duration/"
    # "Unverified" has no number (2 of 5 reads as "mostly false"): its words, and what it rests on.
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Unverified",
        "ratingExplanation": "Only one article says how long. Rated against the 2 sources this site holds, "
        "and nothing else.",
    }
    claim.verdict = "disputed"
    rated = jsonld.claim_review(claim, built, SiteOptions())["reviewRating"]
    assert (rated["ratingValue"], rated["bestRating"], rated["worstRating"], rated["alternateName"]) == (
        3,
        5,
        1,
        "Disputed",
    )
    assert review["author"] == {"@type": "Organization", "name": "S", "url": "https://f.example/"}
    assert (review["datePublished"], review["dateModified"]) == ("2026-11-22", "2026-12-04")
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Vladimir Putin", "jobTitle": "President of Russia"}
    assert item["datePublished"] == "2025-05-08"
    source = built.sources["moscow-times-2025-05-08"]
    assert item["appearance"]["url"] == source.url and item["appearance"]["headline"] == source.title


def test_claim_review_appearance_and_claimant_kinds(project: Path) -> None:
    built, claim = recorded(project)
    claim.claimant = Claimant("The Kremlin", "The Russian presidency", kind="organization")
    claim.said = Appearance(source="moscow-times-2025-05-08", url="https://example.org/transcript", where="A briefing")
    claim.updated = ""
    review = jsonld.claim_review(claim, built, SiteOptions())
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "The Kremlin", "description": "The Russian presidency"}
    assert item["appearance"]["url"] == "https://example.org/transcript"  # the appearance's own address first
    assert item["appearance"]["description"] == "A briefing" and "datePublished" not in item
    assert review["dateModified"] == review["datePublished"] == "2026-11-22"  # never updated: its publication
    assert review["url"] == "claims/talks-duration/" and "url" not in review["author"]  # no site address
    claim.said = Appearance(url="javascript:alert(1)")
    assert "appearance" not in jsonld.claim_review(claim, built, SiteOptions())["itemReviewed"]
    claim.claimant, claim.said = None, Appearance()
    assert jsonld.claim_review(claim, built, SiteOptions())["itemReviewed"] == {"@type": "Claim"}


def test_claims_json_carries_the_editorial_record(project: Path) -> None:
    built, claim = recorded(project)
    data = json.loads(jsonld.claims_json(built, SiteOptions()))
    assert data["format"] == "factsite-claims/4"
    item = next(c for c in data["claims"] if c["slug"] == "talks-duration")
    assert item["claimant"] == {"name": "Vladimir Putin", "role": "President of Russia", "kind": "person"}
    assert item["said"] == {"date": "2025-05-08", "source": "moscow-times-2025-05-08", "where": "", "url": ""}
    assert item["bottomLine"] == "Only one article says how long." and item["status"] == "published"
    assert item["author"] == {
        "id": "jane-doe",
        "name": "Jane Doe",
        "role": "Fact-checker",
        "url": "https://example.org/jane",
    }
    assert item["reviewers"] == [{"id": "john-roe", "name": "John Roe", "role": "Editor", "url": ""}]
    assert (item["published"], item["updated"]) == ("2026-11-22", "2026-12-04")
    assert item["corrections"] == [{"date": "2026-12-04", "kind": "update", "text": "Added the *second* article."}]
    assert not {"reviewed", "date"} & set(item)


def test_claims_json_has_offsets_that_index_the_source(project: Path) -> None:
    built = build_project(project)
    data = json.loads(jsonld.claims_json(built, SiteOptions()))
    texts = {s.id: s.text for s in built.sources.values() if s.text is not None}
    for claim in data["claims"]:
        for e in claim["evidence"]:
            assert texts[e["source"]][e["start"] : e["end"]] == e["text"]
            assert e["parts"][0][0] == e["start"] and e["parts"][-1][1] == e["end"]
    assert [s["id"] for s in data["sources"]] == sorted(s["id"] for s in data["sources"])


# --- the whole site ---------------------------------------------------------------------


def test_same_input_same_bytes(project: Path) -> None:
    first = build_site(build_project(project), SiteOptions())
    again = build_site(build_project(project), SiteOptions())
    assert first == again and list(first.files) == sorted(first.files)


def test_a_reserved_slug_is_an_error_not_a_collision(project: Path) -> None:
    (project / "claims" / "death-toll.yml").rename(project / "claims" / "index.yml")
    with pytest.raises(FactsiteError) as caught:
        build_site(build_project(project), SiteOptions())
    assert [(d.path, d.code) for d in caught.value.diagnostics] == [("claims/index.yml", "reserved-slug")]


def test_a_span_with_gaps_marks_each_part_and_shows_the_omitted_text_as_an_ellipsis(project: Path) -> None:
    claim = project / "claims" / "death-toll.yml"
    claim.write_text(
        claim.read_text().replace(
            "quote: citing the 27 million Soviet and 37 million Chinese deaths in World War II",
            "quote: citing the 27 million Soviet ... deaths in World War II",
        )
    )
    built = build_project(project)
    evidence = next(c for c in built.claims if c.slug == "death-toll").evidence[0]
    assert isinstance(evidence.span, Span) and len(evidence.span.parts) == 2
    page = build_site(built, SiteOptions()).files["claims/death-toll.md"]
    assert '<mark class="fs-quote fs-supports">citing the 27 million Soviet</mark>' in page
    assert (
        'Soviet</mark> <span class="fs-gap" data-search-exclude="true"><span aria-hidden="true">[…]</span>'
        '<span class="fs-sr"> (words omitted) </span></span> <mark class="fs-quote fs-supports">deaths in World' in page
    )
    assert "37 million Chinese" not in page.split('class="fs-excerpt')[1].split("</blockquote>")[0]
    source = build_site(built, SiteOptions()).files["sources/moscow-times-2025-05-08.md"]
    assert "and 37 million Chinese" in source  # the source page still shows the words left out


def test_human_dates() -> None:
    assert human_date("2025-05-08") == "8 May 2025"
    assert human_date("2026-11-22", short=True) == "22 Nov 2026"
    assert human_date("someday") == "someday"


@settings(max_examples=500, deadline=None)
@given(
    values=st.lists(
        st.text(
            st.one_of(
                st.characters(exclude_categories=["Cs"]),
                st.sampled_from(list("\u2028\u2029\x85\x7f\x9f\ufeff\ufffe\t\n\r\"'\\:#-")),
            ),
            max_size=20,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_front_matter_gives_mkdocs_every_string_back(values: list[str]) -> None:
    """Any text (titles and descriptions come from claim files) reaches MkDocs' page meta unchanged."""
    meta = {f"k{i}": value for i, value in enumerate(values)} | {"search": {"exclude": True}}
    markdown, found = get_data(mdpage.page(meta, "body"))
    assert found == meta and markdown.strip() == "body"
    assert mdpage.page(meta).count("\n---\n") == 1  # every value on its own line, none a fence


def test_front_matter_escapes_what_yaml_would_fold_or_refuse() -> None:
    assert mdpage.yaml_string('a\u2028b\u0085c\x7f"\\\n') == '"a\\u2028b\\u0085c\\u007f\\"\\\\\\n"'
    assert mdpage.yaml_string("“Friends” — Vučić 🇷🇸") == '"“Friends” — Vučić 🇷🇸"'
