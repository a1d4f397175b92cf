"""What a site to publish must have beyond its claims: the transparency pages and an address.

The IFCN Code of Principles, which fact-check desks sign, asks for an open
corrections policy and for pages saying who owns and funds the desk and
how to reach it; the methodology page says how verdicts are reached. Each
is a hand-written page in the docs folder, in the desk's own words: a page
that is missing, or still holds the placeholder marker a template starts
with, is a warning (a strict build fails) until the desk writes it.

A publish build (`factsite build --publish`, `factsite check --publish`,
which the publish workflow runs) needs the site's address: without it the
ClaimReview, feed and sharing URLs are relative, which search engines and
social networks cannot use.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from generator.errors import START, Diagnostic, Pos

# The transparency pages, by file in the docs folder, with what each must say.
TRANSPARENCY_PAGES = {
    "methodology.md": "how verdicts are reached",
    "corrections-policy.md": "the corrections policy: how readers report an error and how corrections are shown",
    "ownership.md": "who owns and funds the desk",
    "contact.md": "how to contact the desk and submit a claim to check",
}
# A page still holding this text has not been written by the desk yet (remove it once it is).
PLACEHOLDER = "factsite: placeholder"
# Set (to 1) for a publish build; `factsite build --publish` sets it for MkDocs.
PUBLISH_ENV = "FACTSITE_PUBLISH"
# The most of a page read to look for the marker: a placeholder is a template's first lines.
MAX_PAGE_BYTES = 1024 * 1024
_DOCS_DIR = re.compile(r"^docs_dir:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)


def is_publish_build() -> bool:
    return os.environ.get(PUBLISH_ENV, "") not in ("", "0")


def docs_folder(root: Path) -> Path | None:
    """The docs folder mkdocs.yml names (default docs/), or None when the project has no mkdocs.yml (no site)."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return None
    found = _DOCS_DIR.search(config.read_text("utf-8", "replace"))
    return root / (found.group(1) if found else "docs")


def transparency_problems(root: Path, docs: Path) -> list[Diagnostic]:
    """A `transparency-page` warning for each page missing from `docs` or still a placeholder."""
    found = []
    for name, about in TRANSPARENCY_PAGES.items():
        path = docs / name
        rel = os.path.relpath(path, root)
        text = _head(path)
        if text is None:
            message, pos = f"the site has no {name}: readers need {about}", START
            hint = f"write {rel} in the desk's own words (editor guide, 'Transparency pages')"
        elif PLACEHOLDER in text:
            before = text[: text.index(PLACEHOLDER)]
            pos = Pos(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
            message = f"{name} still holds its placeholder: readers need {about}"
            hint = f"finish {rel} in the desk's own words, then remove the marker '{PLACEHOLDER}'"
        else:
            continue
        found.append(Diagnostic.at(rel, pos, "transparency-page", message, hint, severity="warning"))
    return found


def _head(path: Path) -> str | None:
    """The start of the page; None when it is missing or not a regular file (a FIFO would block)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        with path.open("rb") as f:
            return f.read(MAX_PAGE_BYTES).decode("utf-8", "replace")
    except OSError:
        return None


def address_problems(site_url: str, publish: bool) -> list[Diagnostic]:
    """A `no-site-url` warning for a publish build without the site's address."""
    if site_url or not publish:
        return []
    return [
        Diagnostic.at(
            "mkdocs.yml",
            START,
            "no-site-url",
            "a publish build without the site's address: ClaimReview, feed and sharing links would be relative",
            "set SITE_URL to the published address (mkdocs.yml reads site_url from it), e.g. "
            "SITE_URL=https://factcheck.example.org/",
            severity="warning",
        )
    ]


_SITE_URL_LINE = re.compile(r"^site_url:[ \t]*([^#\n]*)", re.MULTILINE)


def site_url_of(root: Path) -> str:
    """The site's address as `factsite check` sees it: mkdocs.yml's site_url, or SITE_URL where it reads that."""
    config = root / "mkdocs.yml"
    found = _SITE_URL_LINE.search(config.read_text("utf-8", "replace")) if config.is_file() else None
    written = found.group(1).strip() if found else ""
    if not written.startswith("!ENV"):
        return written.strip("'\"")
    # `!ENV [NAME, ..., default]` or `!ENV NAME`: the first variable set, else the default.
    names = [n.strip().strip("'\"") for n in written.removeprefix("!ENV").strip().strip("[]").split(",")]
    for name in names[:-1] if len(names) > 1 else names:
        if os.environ.get(name):
            return os.environ[name]
    return names[-1] if len(names) > 1 else ""


def site_problems(root: Path, docs: Path | None, site_url: str, publish: bool | None = None) -> list[Diagnostic]:
    """Everything a site needs besides its content: nothing when the project has no site (no docs folder).
    `publish` says whether this is the build to publish (default: PUBLISH_ENV, which the plugin reads)."""
    if docs is None:
        return []
    return transparency_problems(root, docs) + address_problems(
        site_url, is_publish_build() if publish is None else publish
    )
