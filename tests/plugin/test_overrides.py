"""The theme's templates that factsite overrides differ from the theme's own only where they say.

An upgrade of mkdocs-material that changes partials/header.html fails here, naming the file,
instead of silently serving an old header.
"""

from __future__ import annotations

import re
from pathlib import Path

import material
from conftest import REPO

THEME = Path(material.__file__).parent / "templates"
OURS = REPO / "docs" / "overrides"
# The theme's search button and dialog, shown only with its search plugin (which the site does not use).
THEME_SEARCH = re.compile(
    r'\n\s*\{% if "material/search" in config\.plugins %\}.*?\{% endif %\}\n\s*\{% endif %\}', re.S
)
# Ours: the same button and dialog, always (Pagefind's search).
OUR_SEARCH = re.compile(r"\n\s*\{#- factsite: always.*?\{% include \"partials/search\.html\" %\}", re.S)
# The theme's "generated, do not edit" comment, and ours saying what changed.
LEADING_COMMENT = re.compile(r"^\{#-.*?-#\}\n", re.S)


def test_the_header_is_the_themes_but_for_the_search_button() -> None:
    theme = (THEME / "partials" / "header.html").read_text("utf-8")
    ours = (OURS / "partials" / "header.html").read_text("utf-8")
    assert THEME_SEARCH.search(theme) and OUR_SEARCH.search(ours)
    assert LEADING_COMMENT.sub("", OUR_SEARCH.sub("", ours)) == LEADING_COMMENT.sub("", THEME_SEARCH.sub("", theme))


def test_the_search_dialog_keeps_the_themes_classes_and_starts_no_theme_search() -> None:
    ours = LEADING_COMMENT.sub("", (OURS / "partials" / "search.html").read_text("utf-8"))
    for cls in ("md-search", "md-search__overlay", "md-search__inner", "md-search__form", "md-search__input"):
        assert f'class="{cls}' in ours or f" {cls}" in ours, cls
    # The theme's script mounts its search (and fetches its whole-site index) on these.
    assert "data-md-component" not in ours and 'name="search"' not in ours
