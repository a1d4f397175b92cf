"""`factsite verify SITE_DIR`: a built site checked against its project, whatever engine built it.

The fixture project (with a draft claim, which the published site leaves
out) is built once, strictly; each test breaks a copy of the site the way
an engine or a bad deploy would, and expects the exact problem named.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import DRAFT_CLAIM, FIXTURE, mkdocs_build, run_factsite, site_project

from generator.cli import sitepages

CLAIM = "talks-duration"
CLAIM_PAGE = f"claims/{CLAIM}/index.html"
SOURCE = "friends-of-steel"
SOURCE_PAGE = f"sources/{SOURCE}/index.html"
# The fixture's claim cites this source in its first excerpt; the pin is urls.highlight_id's.
PIN = f"{CLAIM}-1"


@dataclass(frozen=True)
class Built:
    root: Path
    site: Path


def build(tmp: Path, *config: str) -> Built:
    """The fixture project with a draft claim, built strictly into tmp/site (`config`: lines added to mkdocs.yml)."""
    root = tmp / "project"
    shutil.copytree(FIXTURE, root)
    (root / "claims" / "xi-arrival.yml").write_text(DRAFT_CLAIM, encoding="utf-8")
    site_project(root)
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as mkdocs_yml:
        mkdocs_yml.writelines(line + "\n" for line in config)
    result = mkdocs_build(root, tmp / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(root, tmp / "site")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("verify"))


@pytest.fixture
def site(built: Built, tmp_path: Path) -> Path:
    """A copy of the built site, to break."""
    copy = tmp_path / "site"
    shutil.copytree(built.site, copy)
    return copy


def verify(root: Path, site: Path, *args: str) -> tuple[int, str]:
    status, out, err = run_factsite(root, "verify", str(site), *args)
    assert err == ""
    return status, out


def problems(root: Path, site: Path) -> list[dict[str, object]]:
    """The problems `factsite verify --format json` names (exit 1 when there are any)."""
    status, out = verify(root, site, "--format", "json")
    found = json.loads(out)["diagnostics"]
    assert status == (1 if found else 0)
    return found


def named(found: list[dict[str, object]], path: str, code: str, words: str) -> bool:
    return any(p["path"] == path and p["code"] == code and words in str(p["message"]) for p in found)


def edit(site: Path, page: str, pattern: str, replacement: str) -> None:
    """Replace `pattern` (a regex that must match) in the site's file `page`."""
    path = site / page
    text, count = re.subn(pattern, replacement, path.read_text("utf-8"), flags=re.DOTALL)
    assert count, f"{pattern} is not in {page}"
    path.write_text(text, "utf-8")


def test_a_complete_site_verifies(built: Built) -> None:
    status, out = verify(built.root, built.site)
    assert status == 0, out
    assert "error[" not in out
    summary = out.splitlines()[-1]
    # Two published claims (the draft is not on the published site, and not expected there), two sources.
    assert re.fullmatch(
        rf"verified {re.escape(str(built.site))}: 2 claims, 2 sources, [\d,]+ links in \d+ pages: 0 problems", summary
    )


def test_a_missing_claim_page_is_named(built: Built, site: Path) -> None:
    (site / CLAIM_PAGE).unlink()
    found = problems(built.root, site)
    assert named(found, CLAIM_PAGE, "site-missing", f"no page for the claim '{CLAIM}'")
    # The pages linking to it now have dead links, each named where it is.
    assert named(found, "claims/index.html", "dead-link", f"claims/{CLAIM}/, which is not in the site")


def test_a_missing_highlight_is_named(built: Built, site: Path) -> None:
    edit(site, SOURCE_PAGE, rf'<mark [^>]*data-pin="{PIN}"[^>]*>', "<mark>")
    edit(site, SOURCE_PAGE, rf'<a id="{PIN}"', "<a")  # the pin the claim page links to, gone with it
    found = problems(built.root, site)
    assert named(found, SOURCE_PAGE, "site-missing", f'no highlight <mark data-pin="{PIN}">')
    assert named(found, CLAIM_PAGE, "dead-link", f"#{PIN}, but {SOURCE_PAGE} has no element with that id")


def test_a_missing_excerpt_is_named(built: Built, site: Path) -> None:
    edit(site, CLAIM_PAGE, r'<article class="fs-excerpt[^"]*" id="excerpt-2">.*?</article>', "")
    found = problems(built.root, site)
    assert named(found, CLAIM_PAGE, "site-missing", 'no excerpt 2 (<article id="excerpt-2">)')
    assert not named(found, CLAIM_PAGE, "site-missing", "no excerpt 1")


def test_an_excerpt_without_its_highlight_link_is_named(built: Built, site: Path) -> None:
    edit(site, CLAIM_PAGE, rf'<a href="[^"]*#{PIN}">Show in the source text</a>', "")
    found = problems(built.root, site)
    assert named(found, CLAIM_PAGE, "site-missing", f"excerpt 1 of '{CLAIM}' has no link to its highlight")


def test_a_claim_page_without_its_claimreview_is_named(built: Built, site: Path) -> None:
    edit(site, CLAIM_PAGE, r'<script type="application/ld\+json">.*?</script>', "")
    found = problems(built.root, site)
    assert [(p["path"], p["code"]) for p in found] == [(CLAIM_PAGE, "site-missing")]
    assert "no ClaimReview" in str(found[0]["message"])


def test_a_claimreview_of_another_claim_is_named(built: Built, site: Path) -> None:
    edit(site, CLAIM_PAGE, r'"claimReviewed":"[^"]*"', '"claimReviewed":"Something else."')
    found = problems(built.root, site)
    assert named(found, CLAIM_PAGE, "site-missing", "reviews 'Something else.', not this claim")


def test_a_corrupt_claims_json_is_named(built: Built, site: Path) -> None:
    (site / "claims.json").write_text('{"format": "factsite-claims/4", "claims": [', "utf-8")
    found = problems(built.root, site)
    assert [(p["path"], p["code"]) for p in found] == [("claims.json", "site-missing")]
    assert "claims.json does not parse as JSON" in str(found[0]["message"])


def test_claims_json_with_a_draft_or_without_a_claim_is_named(built: Built, site: Path) -> None:
    data = json.loads((site / "claims.json").read_text("utf-8"))
    data["claims"] = [c for c in data["claims"] if c["slug"] != CLAIM] + [{"slug": "xi-arrival"}]
    (site / "claims.json").write_text(json.dumps(data), "utf-8")
    found = problems(built.root, site)
    assert named(found, "claims.json", "site-missing", f"claims.json has no entry for '{CLAIM}'")
    assert named(found, "claims.json", "site-missing", "entry for 'xi-arrival', which the project does not publish")


def test_a_missing_feed_is_named(built: Built, site: Path) -> None:
    (site / "feed.xml").unlink()
    found = problems(built.root, site)
    assert named(found, "feed.xml", "site-missing", "no feed.xml in the site")
    assert named(found, "index.html", "dead-link", "feed.xml, which is not in the site")  # the footer's link


def test_a_feed_that_is_not_xml_is_named(built: Built, site: Path) -> None:
    (site / "feed.xml").write_text("<feed><entry></feed>", "utf-8")
    found = problems(built.root, site)
    assert [(p["path"], p["code"], p["line"]) for p in found] == [("feed.xml", "site-missing", 1)]
    assert "feed.xml does not parse as XML" in str(found[0]["message"])


def test_a_missing_search_index_is_named(built: Built, site: Path) -> None:
    shutil.rmtree(site / "pagefind")
    found = problems(built.root, site)
    assert named(found, "pagefind/pagefind-entry.json", "site-missing", "no search index")


def test_a_dead_link_and_a_dead_anchor_are_named_at_their_line(built: Built, site: Path) -> None:
    page = site / "methodology" / "index.html"
    lines = page.read_text("utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if "<h1" in line)
    lines[at:at] = [
        '<p><a href="../claims/no-such-claim/">gone</a></p>',
        f'<p>A claim: <a href="../claims/{CLAIM}/#no-such-anchor">its anchor</a>'
        f' <a href="../claims/{CLAIM}/#excerpt-1">an anchor it has</a> <a href="#top">top</a></p>',
    ]
    page.write_text("\n".join(lines), "utf-8")
    found = problems(built.root, site)
    where = {(p["path"], p["line"], p["column"], p["code"]) for p in found}
    assert where == {
        ("methodology/index.html", at + 1, 4, "dead-link"),
        ("methodology/index.html", at + 2, 13, "dead-link"),
    }
    assert named(
        found, "methodology/index.html", "dead-link", "leads to claims/no-such-claim/, which is not in the site"
    )
    assert named(found, "methodology/index.html", "dead-link", f"#no-such-anchor, but {CLAIM_PAGE} has no element")


def test_links_outside_the_site_are_not_followed(built: Built, site: Path) -> None:
    links = (
        '<a href="https://example.org/x/#y">a</a><a href="mailto:desk@example.org">b</a><a href="../_factsite/p">c</a>'
    )
    edit(site, "methodology/index.html", "<h1", links + "<h1")
    assert problems(built.root, site) == []


def test_a_site_without_the_plugins_pages_names_every_one(built: Built, site: Path) -> None:
    """What an engine that ignores the factsite plugin builds: the hand-written pages alone."""
    for folder in ("claims", "sources", "verdicts", "tags", "matrix", "corrections"):
        shutil.rmtree(site / folder)
    for name in ("claims.json", "claimreview.json", "feed.xml"):
        (site / name).unlink()
    found = problems(built.root, site)
    missing = {p["path"] for p in found if p["code"] == "site-missing"}
    expected = {f"claims/{c}/index.html" for c in ("death-toll", CLAIM)}
    expected |= {f"sources/{s}/index.html" for s in (SOURCE, "moscow-times-2025-05-08")}
    assert missing == expected | {"claims.json", "claimreview.json", "feed.xml"}
    assert any(p["code"] == "dead-link" for p in found)  # the nav's links to the index pages


def test_text_and_github_formats(built: Built, site: Path) -> None:
    (site / "claimreview.json").unlink()
    status, out = verify(built.root, site)
    assert status == 1
    assert out.startswith("claimreview.json:1:1: error[site-missing]: no claimreview.json in the site\n    hint: ")
    assert out.splitlines()[-1].endswith(": 1 problem")
    status, out = verify(built.root, site, "--format", "github")
    assert status == 1
    assert out.startswith("::error file=claimreview.json,line=1,col=1,title=site-missing::no claimreview.json")


def test_a_site_folder_that_does_not_exist_is_a_usage_error(built: Built, tmp_path: Path) -> None:
    status, out, err = run_factsite(built.root, "verify", str(tmp_path / "nothing"))
    assert (status, out) == (2, "")
    assert "is not a folder" in err


def test_a_site_with_html_file_urls(tmp_path: Path) -> None:
    """use_directory_urls: false: claims/<slug>.html, and links to .html files."""
    flat = build(tmp_path, "use_directory_urls: false")
    status, out = verify(flat.root, flat.site)
    assert status == 0, out
    (flat.site / f"claims/{CLAIM}.html").unlink()
    found = problems(flat.root, flat.site)
    assert named(found, f"claims/{CLAIM}.html", "site-missing", f"no page for the claim '{CLAIM}'")
    assert named(found, "claims/index.html", "dead-link", f"claims/{CLAIM}.html, which is not in the site")


def test_a_site_served_from_a_sub_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PR preview: the site's address has a path, and 404.html links from it (/pr-preview/pr-7/...)."""
    monkeypatch.setenv("SITE_URL", "https://example.org/pr-preview/pr-7/")
    preview = build(tmp_path)
    status, out = verify(preview.root, preview.site)
    assert status == 0, out
    own = '<a href="https://example.org/pr-preview/pr-7/claims/nothing/">the site, by its address</a>'
    edit(preview.site, "methodology/index.html", "<h1", own + "<h1")
    (preview.site / "tags" / "index.html").unlink()
    found = problems(preview.root, preview.site)
    assert named(found, "404.html", "dead-link", "'/pr-preview/pr-7/tags/' leads to tags/, which is not in the site")
    assert named(found, "methodology/index.html", "dead-link", "leads to claims/nothing/, which is not in the site")


def test_a_preview_with_drafts_and_the_build_to_publish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A preview (FACTSITE_DRAFTS=1) has the draft's page and data; published, the same site would leak it."""
    monkeypatch.setenv("FACTSITE_DRAFTS", "1")
    preview = build(tmp_path)
    status, out = verify(preview.root, preview.site)
    assert status == 0, out
    assert ": 3 claims, 2 sources, " in out.splitlines()[-1]
    (preview.site / "claims" / "xi-arrival" / "index.html").unlink()
    assert named(problems(preview.root, preview.site), "claims/xi-arrival/index.html", "site-missing", "no page")
    status, out = verify(preview.root, preview.site, "--publish", "--format", "json")
    found = json.loads(out)["diagnostics"]
    assert status == 1
    assert named(found, "claims.json", "site-missing", "entry for 'xi-arrival', which the project does not publish")
    assert not named(found, "claims/xi-arrival/index.html", "site-missing", "no page")


def test_a_fifo_in_the_site_is_not_read(built: Built, site: Path) -> None:
    os.mkfifo(site / "stray.html")
    assert problems(built.root, site) == []


def test_pages_parsed_by_children_give_the_same_problems(
    built: Built, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large site is parsed by forked children too (sitepages.SiteScan): the same problems, the same order."""
    edit(site, CLAIM_PAGE, r'<script type="application/ld\+json">.*?</script>', "")
    (site / "sources" / SOURCE / "index.html").unlink()
    alone = problems(built.root, site)
    monkeypatch.setattr(sitepages, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(sitepages.os, "cpu_count", lambda: 4)
    assert problems(built.root, site) == alone
    assert named(alone, SOURCE_PAGE, "site-missing", f"no page for the source '{SOURCE}'")
