"""Untrusted text reaches the built HTML only as text.

Every payload below is put in every text field of a claim (claim,
claimant, summary and note where `check` lets it through, the quote) and
in a seed (its text, title, outlet, notes, URL); one real `mkdocs build
--strict` of the result, then every page is parsed: no element, attribute,
link or script came from a payload, and each field reads back exactly as
written. The editors' Markdown fields are rendered as Markdown, but never
with raw HTML or unsafe links (markup.markdown, checked for every payload).
Claim and registry files cannot hold bidirectional controls (`check`
refuses them): there the payloads go without them, and the seed's text
holds them as written, in a paragraph of its own.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Node, as_checked, mkdocs_build, page, parse, search_fragments, site_project, squash

from generator.load import mdsafe
from generator.render import markup

RAW_PAYLOADS = [
    '<script>alert("x1")</script>',
    '<img src=x onerror=alert("x2")>',
    '"><svg onload=alert("x3")>',
    "' onmouseover='alert(4)' x='",
    "</textarea></title></style></script><script>alert(5)</script>",
    '</div></article></mark></p><iframe src="javascript:alert(6)"></iframe>',
    "<!-- material/tags --> <!-- factsite:overview -->",
    '{: .x7 onclick="alert(7)" } {#x7id}',
    "*em8* _em8_ **strong8** `code8` ~~del8~~ ==mark8== ^^ins8^^ ++ctrl+x8++",
    "[link9](javascript:alert(9)) ![img9](https://evil.example/9.png) <https://evil.example/9>",
    '--8<-- "/etc/passwd"',
    '[TOC] [^10] {{ config.site_name }} {% include "x" %} ${x10}',
    "&lt;b&gt;entity11&lt;/b&gt; &amp; &#60;script&#62;",
    "| a12 | b12 |",
    '!!! danger "admonition13"',
    '<div markdown="1">*md14*</div>',
    "javascript:alert(15)",
    ":smile: @user16 #17 https://evil.example/18",
    "\\*escaped19\\* \\<b>",
    '<a href="javascript:alert(20)">x20</a>',
    "%3Cscript%3Ealert(21)%3C/script%3E",
    "\u202eRTL override 22 \u200b zero width",
    "line one 23\n# heading23\n```\n<script>alert(23)</script>\n```\n    indented23",
]
# As claim and registry files hold them.
PAYLOADS = [as_checked(p) for p in RAW_PAYLOADS]
# As only a source document may hold them: the seed's last paragraph.
SEED_ONLY = " ".join(raw for raw, checked in zip(RAW_PAYLOADS, PAYLOADS) if raw != checked)
SITE_NAME = "Xi in Moscow, May 2025 — the accounts checked"
EVIL_URL = 'https://evil.example/"><script>alert(24)</script>?a=1&b=<b>'
# A payload's own class, id or script must never appear as markup.
INJECTED_CLASSES = {"x7"}
INJECTED_IDS = {"x7id"}
# The tag vocabulary's label and description, shown on the tag pages and claim pages.
TAG_LABEL = PAYLOADS[2] + " " + PAYLOADS[7]
TAG_DESCRIPTION = PAYLOADS[0] + " " + PAYLOADS[9]
UNSAFE_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


def passage(n: int) -> str:
    return f"Passage {n:02} says: {PAYLOADS[n]}"


def markdown_field(n: int, fallback: str) -> str:
    """The payload where `check` accepts it in a Markdown field (no raw HTML, safe links)."""
    return PAYLOADS[n] if not mdsafe.problems(PAYLOADS[n]) else fallback


def write_project(root: Path) -> None:
    (root / "claims").mkdir(parents=True)
    (root / "seeds").mkdir()
    seed = ("\n\n".join([*(passage(n) for n in range(len(PAYLOADS))), SEED_ONLY]) + "\n").encode()
    (root / "seeds" / "evil.txt").write_bytes(seed)
    registry = {
        "sources": [
            {
                "id": "evil",
                "file": "evil.txt",
                "title": PAYLOADS[0] + " " + PAYLOADS[7],
                "outlet": PAYLOADS[2],
                "url": EVIL_URL,
                "published": "2025-05-08",
                "sha256": hashlib.sha256(seed).hexdigest(),
                "notes": PAYLOADS[5],
            }
        ]
    }
    (root / "seeds" / "sources.yml").write_text(yaml.safe_dump(registry, allow_unicode=True))
    vocabulary = {"tags": {"evil": {"label": TAG_LABEL, "description": TAG_DESCRIPTION}}}
    (root / "claims" / "tags.yml").write_text(yaml.safe_dump(vocabulary, allow_unicode=True))
    people = {"people": {f"p{n:02}": {"name": p, "role": p, "url": EVIL_URL} for n, p in enumerate(PAYLOADS)}}
    (root / "claims" / "people.yml").write_text(yaml.safe_dump(people, allow_unicode=True))
    for n, payload in enumerate(PAYLOADS):
        claim = {
            "claim": payload,
            "claimant": {"name": payload, "role": payload},
            "said": {"date": "2025-05-08", "where": payload, "url": EVIL_URL},
            "verdict": "supported",
            "bottom_line": payload,
            "summary": markdown_field(n, f"Summary {n}."),
            "author": f"p{n:02}",
            "reviewers": [f"p{(n + 1) % len(PAYLOADS):02}"],
            "published": "2026-11-20",
            "corrections": [{"date": "2026-11-22", "kind": "correction", "text": markdown_field(n, f"Fixed {n}.")}],
            "tags": ["evil"],
            "evidence": [
                {"source": "evil", "stance": "supports", "quote": passage(n), "note": markdown_field(n, f"Note {n}.")}
            ],
        }
        (root / "claims" / f"payload-{n:02}.yml").write_text(yaml.safe_dump(claim, allow_unicode=True))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("injection")
    root = tmp / "project"
    write_project(root)
    site_project(root)
    result = mkdocs_build(root, tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def only_text(node: Node) -> bool:
    return all(isinstance(child, str) for child in node.children)


def content(doc: Node) -> Node:
    return doc.one("article", "md-content__inner")


def test_nothing_from_a_payload_becomes_markup_anywhere(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > len(PAYLOADS)
    for path in pages:
        for node in parse(path.read_text(encoding="utf-8")).all():
            where = f"{path.relative_to(site)}: <{node.tag} {node.attrs}>"
            assert node.tag not in {"img", "iframe", "textarea", "object", "embed"}, where
            assert not any(name.startswith("on") for name in node.attrs), where
            assert not INJECTED_CLASSES & set(node.classes) and node.attrs.get("id") not in INJECTED_IDS, where
            for name in ("href", "src", "action", "formaction"):
                assert not UNSAFE_SCHEMES.match(urllib.parse.unquote(node.attrs.get(name, ""))), where
            if node.tag in ("script", "style") and node.attrs.get("type") != "application/ld+json":
                assert "alert(" not in node.text(), where


def test_the_claim_page_shows_every_field_as_written(site: Path) -> None:
    for n, payload in enumerate(PAYLOADS):
        doc = page(site, f"claims/payload-{n:02}")
        title = doc.one("title")
        assert only_text(title) and squash(title.text()) == f"{squash(payload)} - {SITE_NAME}", n
        main = content(doc)
        h1 = main.one("h1")
        assert only_text(h1) and h1.text() == payload, n
        claimant = main.one("span", "fs-claimant")
        assert only_text(claimant) and claimant.text() == payload, n
        bottom = main.one("p", "fs-bottom-line")
        assert bottom.children[-1] == payload, n  # after our own "Bottom line: " label
        said = main.one("p", "fs-said")
        assert payload in said.text() and all(only_text(a) for a in said.all("a")), n
        byline = main.one("p", "fs-byline")
        assert PAYLOADS[n] in byline.text() and all(a.attrs.get("href") == EVIL_URL for a in byline.all("a")), n
        (mark,) = main.all("mark", "fs-quote")
        assert only_text(mark) and mark.text() == passage(n), n


def test_markdown_fields_are_markdown_without_html_or_unsafe_links(site: Path) -> None:
    allowed = {
        "p",
        "em",
        "strong",
        "code",
        "a",
        "pre",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "br",
        "blockquote",
        "hr",
    }
    for n in range(len(PAYLOADS)):
        main = content(page(site, f"claims/payload-{n:02}"))
        for field in (main.one("div", "fs-summary"), main.one("div", "fs-note")):
            assert {node.tag for node in field.all()} <= allowed, (n, field.all())
        for payload in (PAYLOADS[n], RAW_PAYLOADS[n]):
            rendered = markup.markdown(payload)
            assert {node.tag for node in parse(rendered).all()} <= allowed, n
            assert "\n" not in rendered


def test_the_source_page_shows_the_seed_and_its_metadata_as_text(site: Path) -> None:
    main = content(page(site, "sources/evil"))
    assert only_text(main.one("h1")) and main.one("h1").text() == PAYLOADS[0] + " " + PAYLOADS[7]
    facts = {d.one("dt").text(): d.one("dd") for d in main.one("dl", "fs-facts").all("div")}
    assert facts["Outlet"].text() == PAYLOADS[2] and facts["Notes"].text() == PAYLOADS[5]
    (original,) = facts["Original"].all("a")
    assert original.attrs["href"] == EVIL_URL and original.text() == EVIL_URL
    *paragraphs, last = main.one("div", "fs-source-text").all("p")
    assert len(paragraphs) == len(PAYLOADS)
    assert SEED_ONLY and only_text(last) and last.text().rstrip("\n") == SEED_ONLY
    for n, paragraph in enumerate(paragraphs):
        marks = paragraph.all("mark")
        assert "".join(m.text() for m in marks) == passage(n) and all(only_text(m) for m in marks), n
        pin = paragraph.one("a", "fs-pin")
        assert pin.attrs["id"] == f"payload-{n:02}-1" and pin.attrs["title"] == f"Supports: {PAYLOADS[n]}"


def test_json_ld_and_data_files_carry_the_exact_text(site: Path) -> None:
    for n, payload in enumerate(PAYLOADS):
        head = page(site, f"claims/payload-{n:02}").one("head")
        (script,) = [s for s in head.all("script") if s.attrs.get("type") == "application/ld+json"]
        review = json.loads(script.text())
        assert review["claimReviewed"] == payload and review["itemReviewed"]["author"]["name"] == payload
    claims = json.loads((site / "claims.json").read_text())["claims"]
    assert [c["claim"] for c in claims] == PAYLOADS
    assert [c["evidence"][0]["text"] for c in claims] == [passage(n) for n in range(len(PAYLOADS))]


def test_index_pages_list_the_titles_as_text(site: Path) -> None:
    rows = content(page(site, "claims")).one("tbody").all("tr")
    links = [row.all("td")[0].one("a") for row in rows]
    assert sorted(a.text() for a in links) == sorted(PAYLOADS) and all(only_text(a) for a in links)
    listed = [a for a in content(page(site, "tags/evil")).all("a") if "claims/payload-" in a.attrs.get("href", "")]
    assert sorted(squash(a.text()) for a in listed) == sorted(squash(p) for p in PAYLOADS)
    assert all(only_text(a) for a in listed)
    tag = content(page(site, "tags/evil"))
    assert squash(tag.one("h1").text()) == squash("Tag: " + TAG_LABEL) and only_text(tag.one("h1"))
    about = tag.one("p", "fs-tag-description")
    assert squash(about.text()) == squash(TAG_DESCRIPTION) and only_text(about)
    cells = content(page(site, "matrix")).one("tbody").all("tr")
    assert sorted(row.all("td")[0].text() for row in cells) == sorted(PAYLOADS)


def test_nothing_was_included_from_disk(site: Path) -> None:
    for path in site.rglob("*.html"):
        assert "root:x:0:0" not in path.read_text(encoding="utf-8")
    assert '--8<-- "/etc/passwd"' in content(page(site, "claims/payload-10")).one("h1").text()


def test_the_search_index_holds_them_as_text_and_the_dialog_shows_text(site: Path) -> None:
    """The index (Pagefind's, read back) holds each payload as the very text written, in the
    claim's title and its facets; the dialog (fs-search.js) sets every value as text, never as
    HTML (the browser tests type and show them: tests/site/test_search_browser.py)."""
    fragments = {f["url"]: f for f in search_fragments(site)}
    titles = [fragments[f"/claims/payload-{n:02}/"]["meta"]["title"] for n in range(len(PAYLOADS))]
    assert [squash(t) for t in titles] == [squash(p) for p in PAYLOADS]
    sources = {value for f in fragments.values() for value in f["filters"].get("source", [])}
    assert any("<script" in value or "<img" in value for value in sources), "a payload is a facet value, as text"
    script = (REPO / "docs" / "assets" / "fs-search.js").read_text("utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink
