"""The plugin's only touches of what MkDocs and mkdocs-material do not document.

Each is here, with why it is needed, and `check()` tests every assumption
the touches make; tests/plugin/test_mkdocs_private.py runs it, so that an
upgrade of MkDocs or mkdocs-material that changes one fails with a message
naming it, not with a wrong site.

1. `LazyFile._content` (MkDocs' File): a generated page's content is read
   by MkDocs through the private `_content`; a page rendered by the
   parallel renderer is only asked for when MkDocs reads it. MkDocs has no
   public lazy content (File.generated takes the text itself).
2. `replace_render(page, render)`: Page.render is replaced for a generated
   page, to give MkDocs the page's HTML made directly (htmlpage.py). The
   documented events let a plugin change the Markdown before, or the HTML
   after, Page.render; neither avoids building a Python-Markdown instance
   per page, which is most of what the direct HTML saves.
3. `LinkPlaces`: MkDocs' warnings about a hand-written page's dead link or
   anchor name the file and the link but not the line; a filter on the
   logger `mkdocs.structure.pages` (which logs them) reads the file and
   puts `docs/<file>:<line>:<column>:` in front, so that the editor is
   taken to the link. A message in another form is left as it is.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

# The logger of MkDocs' link validation, and the start of its messages (MkDocs 1.6).
PAGES_LOGGER = "mkdocs.structure.pages"
LINK_MESSAGE = re.compile(
    r"^Doc file '(?P<file>[^']+)' contains (?:a|an unrecognized relative|an absolute) link '(?P<link>[^']+)'"
)


class LazyFile(File):
    """A generated file whose content may come later (`pending`, called each time MkDocs reads
    it: the content is not kept twice), and which tells a dirty build (`mkdocs serve --dirty`)
    whether it changed."""

    modified = True
    pending: Callable[[], str] | None = None
    _value: str | bytes | None = None

    @property  # type: ignore[override]
    def _content(self) -> str | bytes | None:
        return self.pending() if self.pending is not None else self._value

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._value = value

    def is_modified(self) -> bool:
        return self.modified


def replace_render(page: Page, render: Callable[[MkDocsConfig, Any], None]) -> None:
    """Make `render(config, files)` the page's Page.render."""
    page.render = render  # type: ignore[method-assign]


class LinkPlaces(logging.Filter):
    """Puts `docs/<file>:<line>:<column>: ` before MkDocs' warnings about a page's links (see 3.)."""

    def __init__(self, docs_dir: str, shown_as: str) -> None:
        super().__init__()
        self.docs_dir, self.shown_as = Path(docs_dir), shown_as

    def filter(self, record: logging.LogRecord) -> bool:
        found = LINK_MESSAGE.match(str(record.msg)) if not record.args else None
        if found is not None:
            place = link_place(self.docs_dir / found["file"], found["link"])
            record.msg = f"{self.shown_as}/{found['file']}:{place[0]}:{place[1]}: {record.msg}"
        return True


def link_place(path: Path, link: str) -> tuple[int, int]:
    """Line and column (1-based) of the first Markdown link to `link` in the file; 1:1 when not found."""
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return 1, 1
    for pattern in (f"]({link}", f"]: {link}", f"<{link}>", f'"{link}"', link):
        at = text.find(pattern)
        if at >= 0:
            at += pattern.find(link)
            line = text.count("\n", 0, at) + 1
            return line, at - (text.rfind("\n", 0, at) + 1) + 1
    return 1, 1


def add_link_places(docs_dir: str, shown_as: str) -> None:
    """Install the LinkPlaces filter once for this docs folder (`mkdocs serve` configures many times)."""
    logger = logging.getLogger(PAGES_LOGGER)
    for old in [f for f in logger.filters if isinstance(f, LinkPlaces)]:
        logger.removeFilter(old)
    logger.addFilter(LinkPlaces(docs_dir, shown_as))


def check() -> list[str]:
    """What no longer holds of the assumptions above (empty when all do)."""
    problems = []
    file = LazyFile("x.md", src_dir=None, dest_dir="site", use_directory_urls=True)
    file.pending = lambda: "lazy"
    try:
        if file.content_string != "lazy":
            problems.append("MkDocs' File no longer reads its content through `_content` (LazyFile)")
    except Exception as exc:  # noqa: BLE001 - any failure is the message
        problems.append(f"MkDocs' File.content_string fails on a LazyFile: {exc!r}")
    if not callable(getattr(Page, "render", None)):
        problems.append("MkDocs' Page has no render method to replace (replace_render)")
    for name in ("content", "toc", "present_anchor_ids", "links_to_anchors"):
        if name not in Page.__annotations__ and not hasattr(Page, name):
            problems.append(f"MkDocs' Page no longer has `{name}`, which the direct HTML sets")
    import inspect

    import mkdocs.structure.pages

    source = inspect.getsource(mkdocs.structure.pages)
    if "f\"Doc file '{self.file.src_uri}' contains a link '" not in source:
        problems.append("MkDocs' link warnings changed form: LinkPlaces no longer finds their file and link")
    return problems
