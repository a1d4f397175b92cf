"""What a generated site depends on besides the content: names, URLs, links."""

from __future__ import annotations

from dataclasses import dataclass

from generator.render import urls

# How many of the latest reviewed claims the home page lists.
LATEST_REVIEWED = 10


@dataclass(frozen=True, slots=True)
class SiteOptions:
    site_name: str = "factsite"
    site_url: str = ""  # the published address; JSON-LD URLs are absolute only when it is set
    directory_urls: bool = True  # MkDocs' use_directory_urls
    methodology: str | None = None  # the methodology page (docs path) when the site has one
    latest: int = LATEST_REVIEWED
    site_description: str = ""  # mkdocs.yml's site_description: the feed's subtitle
    drafts: bool = False  # a preview that shows draft claims (FACTSITE_DRAFTS=1), each with a banner

    def link(self, from_src: str, to_src: str, fragment: str = "") -> str:
        """A relative link between two generated (or hand-written) pages."""
        return urls.href(from_src, to_src, fragment, self.directory_urls)

    def absolute(self, src: str, fragment: str = "") -> str:
        """The page's address: absolute under site_url, else relative to the site root."""
        path = urls.page_url(src, self.directory_urls) + (f"#{fragment}" if fragment else "")
        if not self.site_url:
            return path
        return self.site_url.rstrip("/") + "/" + path
