"""The whole generated site as data: every path and its content.

`build_site` is pure: the same project and options give the same files,
byte for byte (everything sorted, no timestamps). The MkDocs plugin adds
them to the build in memory; `factsite generate` writes them to a folder.

Under `mkdocs serve` the plugin passes the PageCache of the previous build:
a page whose inputs (the claims and sources it is made from, compared by
identity: an unchanged claim file keeps its Claim object) are the same is
not rendered again, and keeps the very same string.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from generator.model import Claim, Project, Source
from generator.render import feed, indexes, jsonld, matrix, urls
from generator.render.claimpage import claim_page
from generator.render.corrections import corrections_page
from generator.render.leads import leads_page
from generator.render.options import SiteOptions
from generator.render.sourcepage import source_page
from generator.render.vocab import VERDICT_SCALE


@dataclass(frozen=True, slots=True)
class Site:
    files: dict[str, str]  # path under the docs folder -> content; pages are .md, data .json
    overview: str  # the Markdown that replaces indexes.OVERVIEW_MARKER on the home page
    home: str  # a home page, used only when docs/ has no index.md
    originals: dict[str, str] = field(default_factory=dict)  # site path -> the stored original under seeds/


Inputs = tuple[Hashable, tuple[object, ...]]  # (a value compared by ==, objects compared by identity)


class PageCache:
    """Rendered content by path, with the inputs it was rendered from; one build's worth."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[Inputs, str]] = {}
        self._used: dict[str, tuple[Inputs, str]] = {}
        self._context: tuple[SiteOptions, dict[str, Source]] | None = None

    def begin(self, options: SiteOptions, sources: dict[str, Source]) -> None:
        """Start a build; other options or another registry make every page new."""
        self._kept = (
            self._used
            if self._context is not None and self._context[0] == options and self._context[1] is sources
            else {}
        )
        self._used, self._context = {}, (options, sources)

    def get(self, path: str, inputs: Inputs, render: Callable[..., str], *args: Any) -> str:
        kept = self._kept.get(path)
        if kept is not None and kept[0][0] == inputs[0] and _same(kept[0][1], inputs[1]):
            content = kept[1]
        else:
            content = render(*args)
        self._used[path] = (inputs, content)
        return content


def _same(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


Render = Callable[[], str]  # a file's content, when it is wanted


@dataclass(frozen=True, slots=True)
class Plan:
    """The site before it is rendered: every path (sorted) and the function that renders it."""

    files: dict[str, Render]
    overview: str
    home: str
    originals: dict[str, str] = field(default_factory=dict)  # as Site's

    def site(self) -> Site:
        files = {path: render() for path, render in self.files.items()}
        return Site(files, self.overview, self.home, self.originals)


def build_site(project: Project, options: SiteOptions, cache: PageCache | None = None) -> Site:
    """Every generated page and data file of `project` (checked: see model.RESERVED_SLUGS)."""
    return plan_site(project, options, cache).site()


def plan_site(project: Project, options: SiteOptions, cache: PageCache | None = None) -> Plan:
    """The site's paths, each with how to render it (from `cache` when its inputs are unchanged)."""
    if cache is not None:
        cache.begin(options, project.sources)
    project = project if options.drafts else published(project)
    citing = indexes.citing_index(project)
    files: dict[str, Render] = {
        urls.CLAIMS_JSON: partial(
            jsonld.claims_json, project, options, _items(cache, urls.CLAIMS_JSON, jsonld.claim_item, project, options)
        ),
        urls.CLAIMREVIEW_JSON: partial(
            jsonld.claimreview_json,
            project,
            options,
            _items(cache, urls.CLAIMREVIEW_JSON, jsonld.review_item, project, options),
        ),
        urls.FEED: partial(feed.feed_xml, project, options),
        urls.CORRECTIONS: partial(corrections_page, project, options),
    }
    for claim in project.claims:
        path = urls.claim_path(claim.slug)
        # The history is set on the claim by each load (git may have a new commit for an unchanged file).
        files[path] = _render(cache, path, (tuple(claim.history), (claim,)), claim_page, claim, project, options)
    for source_id, source in project.sources.items():
        path, claims = urls.source_path(source_id), citing.get(source_id, [])
        files[path] = _render(cache, path, (None, (source, *claims)), source_page, source, claims, options)
    if options.drafts:  # the editors' page of leads: previews only, never the published site
        inputs = (None, (*project.sources.values(), *project.claims))  # every source is compared, every claim covers
        files[urls.LEADS] = _render(cache, urls.LEADS, inputs, leads_page, project, options)
    pending = indexes.all_claims_pages(project, options) | indexes.sources_pages(project, citing, options)
    pending |= matrix.matrix_pages(project, options) | indexes.tags_pages(indexes.tag_index(project), project, options)
    for name in VERDICT_SCALE:
        pending |= indexes.verdict_pages(name, project, options)
    for path, page in pending.items():
        files[path] = _render(cache, path, (page.paging, tuple(_objects(page.entries))), page.render)
    # Only a document the registry read without error is published: the others' paths are not checked
    # (an unsafe path, a missing file), and the preview builds with them.
    readable = sorted((s for s in project.sources.values() if s.text is not None), key=_by_id)
    originals = {urls.original_path(s.id, s.file): s.file for s in readable}
    overview, home = indexes.overview(project, options), indexes.home_page(project, options)
    return Plan(dict(sorted(files.items())), overview, home, originals)


def published(project: Project) -> Project:
    """The project without its draft claims: what the published site and its data files are made of."""
    if not any(c.is_draft for c in project.claims):
        return project
    return replace(project, claims=[c for c in project.claims if not c.is_draft])


def _by_id(source: Source) -> str:
    return source.id


def _items(
    cache: PageCache | None,
    name: str,
    item: Callable[[Claim, Project, SiteOptions], str],
    project: Project,
    options: SiteOptions,
) -> jsonld.Encoded | None:
    """A claim's item of data file `name`, encoded again only when the claim changed."""
    if cache is None:
        return None
    return lambda claim: cache.get(
        f"{name}#{claim.slug}", (tuple(claim.history), (claim,)), item, claim, project, options
    )


def _render(cache: PageCache | None, path: str, inputs: Inputs, render: Callable[..., str], *args: Any) -> Render:
    return partial(cache.get, path, inputs, render, *args) if cache is not None else partial(render, *args)


def _objects(entries: Sequence[object]) -> list[object]:
    """What an index page is made of: its claims and sources, and those of its (tag, claims) pairs."""
    found: list[object] = []
    for entry in entries:
        found += [entry[0], *entry[1]] if isinstance(entry, tuple) else [entry]
    return found


def with_overview(markdown: str, overview: str) -> str:
    """The home page's Markdown with its overview marker replaced (if it has one)."""
    return markdown.replace(indexes.OVERVIEW_MARKER, "\n\n" + overview + "\n\n", 1)
