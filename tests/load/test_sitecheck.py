"""What a site needs besides its claims: the transparency pages the IFCN code asks for, and the
address of a build to publish (load/sitecheck.py), as `factsite check` reports them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import run_factsite, site_project

from generator.load.sitecheck import site_url_of


@pytest.fixture
def site(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("FACTSITE_PUBLISH", raising=False)
    return site_project(project)


def test_a_complete_site_checks_clean(site: Path) -> None:
    assert run_factsite(site, "check")[:2] == (0, "checked 2 claims: 0 errors, 0 warnings\n")


def test_a_missing_or_unfinished_transparency_page_is_a_warning_at_its_marker(site: Path) -> None:
    (site / "docs" / "ownership.md").unlink()
    (site / "docs" / "contact.md").write_text("# Contact\n\nWrite to us at\n  <!-- factsite: placeholder -->\n")
    status, out, _ = run_factsite(site, "check")
    assert out.splitlines() == [
        "docs/contact.md:4:8: warning[transparency-page]: contact.md still holds its placeholder: "
        "readers need how to contact the desk and submit a claim to check",
        "    hint: finish docs/contact.md in the desk's own words, then remove the marker 'factsite: placeholder'",
        "docs/ownership.md:1:1: warning[transparency-page]: the site has no ownership.md: "
        "readers need who owns and funds the desk",
        "    hint: write docs/ownership.md in the desk's own words (editor guide, 'Transparency pages')",
        "checked 2 claims: 0 errors, 2 warnings",
    ]
    assert status == 0  # a warning: `check` passes, the strict build fails


def test_a_project_without_a_site_has_no_pages_to_check(project: Path) -> None:
    assert run_factsite(project, "check")[:2] == (0, "checked 2 claims: 0 errors, 0 warnings\n")


def test_a_publish_check_needs_the_sites_address(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    status, out, _ = run_factsite(site, "check", "--publish")
    assert "mkdocs.yml:1:1: warning[no-site-url]: a publish build without the site's address" in out
    monkeypatch.setenv("SITE_URL", "https://desk.example.org/")
    assert run_factsite(site, "check", "--publish")[1] == "checked 2 claims: 0 errors, 0 warnings\n"
    monkeypatch.delenv("SITE_URL")
    assert "no-site-url" not in run_factsite(site, "check")[1]  # a local build needs no address


def test_a_fifo_in_place_of_a_page_is_reported_without_blocking(site: Path) -> None:
    (site / "docs" / "contact.md").unlink()
    os.mkfifo(site / "docs" / "contact.md")
    status, out, _ = run_factsite(site, "check")
    assert "docs/contact.md:1:1: warning[transparency-page]" in out and status == 0


@pytest.mark.parametrize(
    ("line", "env", "expected"),
    [
        ('site_url: !ENV [SITE_URL, "https://default.example.org/"]', {}, "https://default.example.org/"),
        ('site_url: !ENV [SITE_URL, "https://default.example.org/"]', {"SITE_URL": "https://x.org/"}, "https://x.org/"),
        ("site_url: !ENV SITE_URL", {}, ""),
        (
            "site_url: 'https://written.example.org/'  # a comment",
            {"SITE_URL": "https://x.org/"},
            "https://written.example.org/",
        ),
    ],
)
def test_the_sites_address_as_mkdocs_reads_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, line: str, env: dict[str, str], expected: str
) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    (project / "mkdocs.yml").write_text(f"site_name: x\n{line}\n")
    assert site_url_of(project) == expected
