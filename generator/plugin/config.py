"""The plugin's options in mkdocs.yml, and the SiteOptions an MkDocs config gives.

```yaml
plugins:
  - factsite:
      root: .      # the project folder (claims/, seeds/); default: the folder of mkdocs.yml
      latest: 10   # how many of the latest reviewed claims the home page lists
      parallel: true  # `mkdocs build` renders the pages in a second process (when there is a core for it)
      direct_html: true  # generated pages become HTML without Python-Markdown parsing their HTML (htmlpage.py)
```

`direct_html: false` sends every generated page through Python-Markdown
whole: the same HTML, several times slower. It is for a site that adds a
Markdown extension whose postprocessor rewrites the whole page's HTML
text: with `direct_html` such an extension sees only the generated pages'
headings, not their raw HTML blocks (no extension mkdocs.yml lists does that).
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig

from generator.load.sitecheck import is_publish_build
from generator.render.options import LATEST_REVIEWED, SiteOptions

# Set to 1 for a preview that shows draft claims, each with a banner (the PR preview workflow
# sets it; `mkdocs serve` always shows them). A published build leaves drafts out.
DRAFTS_ENV = "FACTSITE_DRAFTS"
# The hand-written page the verdict pages link to, when the site has it.
METHODOLOGY_PAGE = "methodology.md"


class FactsiteConfig(Config):
    root = c.Optional(c.Dir(exists=True))
    latest = c.Type(int, default=LATEST_REVIEWED)
    parallel = c.Type(bool, default=True)
    direct_html = c.Type(bool, default=True)


def project_root(config: MkDocsConfig, plugin: FactsiteConfig | None = None) -> Path:
    """The project folder: the plugin's `root`, else the folder of mkdocs.yml."""
    if plugin is not None and plugin.root:
        return Path(plugin.root)
    return Path(os.path.dirname(config.config_file_path or "mkdocs.yml")).resolve()


def site_options(config: MkDocsConfig, plugin: FactsiteConfig | None = None, drafts: bool | None = None) -> SiteOptions:
    """What the generated pages need from the MkDocs configuration; `drafts` (default: DRAFTS_ENV) says
    whether draft claims are shown (a preview) or left out (the published site)."""
    drafts = shows_drafts() if drafts is None else drafts
    has_methodology = (Path(config.docs_dir) / METHODOLOGY_PAGE).is_file()
    return SiteOptions(
        site_name=config.site_name,
        site_url=config.site_url or "",
        directory_urls=config.use_directory_urls,
        methodology=METHODOLOGY_PAGE if has_methodology else None,
        latest=plugin.latest if plugin is not None else LATEST_REVIEWED,
        site_description=config.site_description or "",
        drafts=drafts,
    )


def shows_drafts() -> bool:
    """Whether this build shows draft claims (DRAFTS_ENV set to anything but 0); never the build to
    publish, whatever the environment says."""
    return os.environ.get(DRAFTS_ENV, "") not in ("", "0") and not is_publish_build()
