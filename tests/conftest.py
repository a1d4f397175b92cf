"""Shared test helpers, for every folder of tests/: paths, a fresh copy of the fixture project, real builds.

The tests mirror generator/'s folders (tests/load/, tests/anchor/,
tests/render/, tests/plugin/, tests/cli/, and tests/site/ for whole
sites). A test module imports what it shares from here (`from conftest
import site_project`), never from another test module: pytest puts this
folder on sys.path, and a subprocess can do the same (sys.path.insert(0,
str(TESTS))) to use make_site and tree.

- paths: REPO, TESTS, FIXTURE (two real seeds, two valid claims), SEEDS
  (the repository's seeds), CASES_DIR and CASES (the golden `factsite
  check` cases), GOLDEN (the generated Markdown and JSON of the fixture),
  MAKEFILE and BIN (the virtualenv's scripts);
- a project: the `project` fixture, `overlay` (a case's files on it),
  `add_claims`, `run_factsite` (the command, in-process), `site_project` (the
  repository's MkDocs set-up around it), `files_under`;
- builds: `mkdocs_build` (`mkdocs build --strict`, as a user runs it),
  `make_site` (the Makefile's `site` recipe) and `tree` (a folder's every
  file, mode and time);
- untrusted text: `as_checked` (what `factsite check` lets into claim and
  registry files);
- HTML: `parse` into a small DOM of `Node`s, `page`, `squash`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
# The text cache of web pages and PDFs (load/registry.py text_cache): the test session's own,
# never the user's (and the same for every child process the tests start).
os.environ["FACTSITE_CACHE_DIR"] = tempfile.mkdtemp(prefix="factsite-text-cache-")
# The fixtures live in this repository: their git history would change the pages (revision
# lists, update dates) with every commit. Tests of the history make a repository of their own
# and turn it back on (tests/load/test_history.py).
os.environ["FACTSITE_HISTORY"] = "off"

REPO = TESTS.parent
FIXTURE = TESTS / "fixture"
SEEDS = REPO / "seeds"
CASES_DIR = TESTS / "cases" / "check"
CASES = sorted(CASES_DIR.glob("*.yml"))
GOLDEN = TESTS / "golden" / "site"
MAKEFILE = REPO / "Makefile"
BIN = Path(sys.executable).parent
# Generous: the slowest failing case (a file of 256 KiB) fails in well under a second.
MAKE_TIMEOUT = 120


# --- a project ------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of tests/fixture (two real seeds, two valid claims) to change freely."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def run_factsite(root: Path, *args: str) -> tuple[int, str, str]:
    """`factsite ARGS` run in `root`, in-process: (exit status, stdout, stderr)."""
    from generator.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            status = main(list(args))
    finally:
        os.chdir(cwd)
    return status, out.getvalue(), err.getvalue()


def overlay(root: Path, case: dict) -> None:
    """A golden case's `files` written over the project at `root` (null deletes; bytes stay bytes),
    its `symlinks` and its `fifos` (named pipes) made."""
    for rel, content in (case.get("files") or {}).items():
        path = root / rel
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for rel, target in (case.get("symlinks") or {}).items():
        (root / rel).symlink_to(target)
    for rel in case.get("fifos") or []:
        os.mkfifo(root / rel)


def claim_files(root: Path) -> list[Path]:
    """The claim files of the project at `root`: claims/*.yml but the tag vocabulary and the people."""
    return sorted(p for p in (root / "claims").glob("*.yml") if p.name not in ("tags.yml", "people.yml"))


def add_claims(root: Path, count: int, tags: str = "[extra]") -> None:
    """`count` more claims, claims/extra-NNN.yml, each a copy of the fixture's death-toll with its own text."""
    claim = (FIXTURE / "claims" / "death-toll.yml").read_text()
    for n in range(count):
        text = claim.replace("37 million Chinese died", f"Claim {n:03} says").replace(
            "reviewed:", f"tags: {tags}\nreviewed:"
        )
        (root / "claims" / f"extra-{n:03}.yml").write_text(text)


def files_under(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by its relative path: its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- a project set up like the real one, and built --------------------------------------------

HOME = "# Home\n\nA test site.\n\n<!-- factsite:overview -->\n\nThe end.\n"
HAND_WRITTEN = {
    "methodology.md": "# Methodology\n\n## The verdict scale\n\nFive verdicts.\n",
    "about-sources.md": "# About the sources\n",
    "editor-guide.md": "# Editor guide\n",
    "performance.md": "# Performance\n",
    "corrections-policy.md": "# Corrections policy\n\nWe correct errors openly.\n",
    "ownership.md": "# Ownership and funding\n\nA test desk.\n",
    "contact.md": "# Contact\n\nOpen an issue.\n",
}


# A draft claim for the fixture project (tests/render/test_drafts.py, the browser's preview site):
# a draft may link to a published claim; no published page may link to it.
DRAFT_CLAIM = """\
claim: Xi arrived in Moscow on Wednesday.
claimant:
  name: Capital News
  kind: organization
said: {source: friends-of-steel}
verdict: unverified
bottom_line: A draft's bottom line.
summary: Still being written; see [the talks](talks-duration.md).
status: draft
author: jane-roe
evidence:
  - source: friends-of-steel
    stance: supports
    quote: During a three-and-a-half hour meeting
"""


def site_project(root: Path, home: str = HOME) -> Path:
    """Make the factsite project at `root` buildable with the repository's MkDocs set-up: its
    mkdocs.yml, theme overrides and stylesheet, with short hand-written pages for the nav."""
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    docs = root / "docs"
    shutil.copytree(REPO / "docs" / "assets", docs / "assets")
    shutil.copytree(REPO / "docs" / "overrides", docs / "overrides")
    (docs / "index.md").write_text(home, encoding="utf-8")
    for name, text in HAND_WRITTEN.items():
        (docs / name).write_text(text, encoding="utf-8")
    return root


def mkdocs_build(root: Path, site: Path, quiet: bool = True) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` (`--quiet`: errors only) of the project at `root` into `site`, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *(["-q"] if quiet else []), "-d", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def make_env(**extra: str) -> dict[str, str]:
    """This process's environment without what would change a `make site` run, and `extra`."""
    base = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return {**base, "NO_MKDOCS_2_WARNING": "1", **extra}


def make_site(root: Path, timeout: int = MAKE_TIMEOUT, **extra: str) -> subprocess.CompletedProcess[str]:
    """The Makefile's `site` target, run in the project at `root` (the install step left out), with
    the environment variables `extra`."""
    return subprocess.run(
        ["make", "--no-print-directory", "-f", str(MAKEFILE), "site", "STAMP=", f"BIN={BIN}"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=make_env(**extra),
    )


def tree(path: Path) -> dict[str, tuple]:
    """Every file, folder and link under `path`: its kind, bytes' digest, mode and modification time."""
    found: dict[str, tuple] = {}
    for item in sorted(path.rglob("*")):
        st = item.lstat()
        rel = item.relative_to(path).as_posix()
        if stat.S_ISLNK(st.st_mode):
            found[rel] = ("link", os.readlink(item))
        elif stat.S_ISDIR(st.st_mode):
            found[rel] = ("dir", st.st_mode, st.st_mtime_ns)
        else:
            found[rel] = ("file", hashlib.sha256(item.read_bytes()).hexdigest(), st.st_mode, st.st_mtime_ns)
    return found


# --- untrusted text ---------------------------------------------------------------------------

# The bidirectional embeddings, overrides and isolates (U+202E and kin): `factsite check` refuses them
# in claim and registry files (error[control-character]); a source document may hold them.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def as_checked(text: str) -> str:
    """Untrusted `text` as a claim or registry file may hold it: without bidirectional controls."""
    return BIDI_CONTROLS.sub("", text)


# --- a small DOM ------------------------------------------------------------------------------

# Elements without an end tag.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    found.append(child)
                found += child.all(tag, cls)
        return found

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        (found,) = self.all(tag, cls)
        return found

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def ancestors(self) -> list[Node]:
        node, found = self.parent, []
        while node is not None:
            found.append(node)
            node = node.parent
        return found

    def by_id(self) -> dict[str, Node]:
        return {n.attrs["id"]: n for n in self.all() if "id" in n.attrs}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def page(site: Path, url: str) -> Node:
    """The parsed page at `url` (relative to the site root, directory URLs)."""
    path = site / url
    return parse((path / "index.html" if path.is_dir() else path).read_text(encoding="utf-8"))


def squash(text: str) -> str:
    return " ".join(text.split())


def search_fragments(site: Path) -> list[dict]:
    """What the site's search index holds for each record and page: Pagefind's fragments, read back
    (each is gzip, Pagefind's signature, then JSON: url, content, meta, filters), sorted by URL."""
    import gzip

    signature = b"pagefind_dcd"
    found = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(signature), path
        found.append(json.loads(data[len(signature) :]))
    return sorted(found, key=lambda f: f["url"])
