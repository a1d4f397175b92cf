"""Helpers for the build tests: a project set up like the real one, a real build, a small DOM.

`site_project` gives a factsite project the repository's own mkdocs.yml,
theme overrides and stylesheet, with short hand-written pages for the
nav; `mkdocs_build` runs the real `mkdocs build --strict`; `parse` turns
the HTML into a tree to query. The tests at the end check the helpers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Elements without an end tag.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                  "track", "wbr"})
HOME = "# Home\n\nA test site.\n\n<!-- factsite:overview -->\n\nThe end.\n"
HAND_WRITTEN = {"methodology.md": "# Methodology\n\n## The verdict scale\n\nFive verdicts.\n",
                "about-sources.md": "# About the sources\n", "editor-guide.md": "# Editor guide\n",
                "performance.md": "# Performance\n"}


def site_project(root: Path, home: str = HOME) -> Path:
    """Make the factsite project at `root` buildable with the repository's MkDocs set-up."""
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    docs = root / "docs"
    shutil.copytree(REPO / "docs" / "assets", docs / "assets")
    shutil.copytree(REPO / "docs" / "overrides", docs / "overrides")
    (docs / "index.md").write_text(home, encoding="utf-8")
    for name, text in HAND_WRITTEN.items():
        (docs / name).write_text(text, encoding="utf-8")
    return root


def mkdocs_build(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the project at `root` into `site`, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                          cwd=root, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    parent: "Node | None" = None
    children: list["Node | str"] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str | None = None, cls: str | None = None) -> list["Node"]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    found.append(child)
                found += child.all(tag, cls)
        return found

    def one(self, tag: str | None = None, cls: str | None = None) -> "Node":
        (found,) = self.all(tag, cls)
        return found

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def ancestors(self) -> list["Node"]:
        node, found = self.parent, []
        while node is not None:
            found.append(node)
            node = node.parent
        return found

    def by_id(self) -> dict[str, "Node"]:
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


def test_parse_builds_a_tree_with_text_and_ids() -> None:
    doc = parse('<div id="a" class="x y"><p>one <b>two</b><br>three</p><img src="i"></div>')
    div = doc.one("div", "y")
    assert div.text() == "one twothree" and doc.by_id()["a"] is div
    assert [n.tag for n in div.all()] == ["p", "b", "br", "img"]
    assert doc.one("b").ancestors()[:2] == [doc.one("p"), div]


def test_character_references_are_text() -> None:
    assert parse("<p>&#42;a&#42; &lt;b&gt; &amp;</p>").one("p").text() == "*a* <b> &"
