"""The whole project: the load stage, then the anchor stage, then checksums.

Loading reads the registry, the source documents and the claim files
(load/); anchoring prepares each source's text (SourceText) and locates
every quote in it (evidence.py). `load_project` collects every diagnostic
of every file; `build_project`
is what the site generator calls: it raises FactsiteError when there is
any error, so nothing is built from broken content. `ProjectCache` is
`load_project` for `mkdocs serve`: it reads every claim file again but
checks only the ones whose bytes changed.
"""

from __future__ import annotations

import stat
from pathlib import Path

from generator.anchor.evidence import anchor_claim
from generator.anchor.text import SourceText
from generator.errors import Diagnostic, FactsiteError
from generator.load.claims import find_claim_files, load_claim
from generator.load.registry import REGISTRY, load_registry, valid_sha256
from generator.load.yamlsafe import MAX_CLAIM_BYTES
from generator.model import Claim, Project, Source

Loaded = tuple[Claim | None, list[Diagnostic]]  # a claim file, checked and resolved


def load_project(root: Path, only: list[str] | None = None) -> tuple[Project, list[Diagnostic]]:
    """Load everything under `root` (or only the claim files `only`, relative paths)."""
    sources, diagnostics = load_sources(root)
    files, misplaced = find_claim_files(root)
    diagnostics += misplaced if only is None else []
    loaded = [_load(root, rel, sources) for rel in (files if only is None else only)]
    return _project(root, sources, loaded, diagnostics)


def build_project(root: Path) -> Project:
    """The loaded project, or FactsiteError carrying every diagnostic."""
    return _checked(*load_project(root))


def _checked(project: Project, diagnostics: list[Diagnostic]) -> Project:
    if any(d.is_error for d in diagnostics):
        raise FactsiteError(diagnostics)
    return project


def load_sources(root: Path) -> tuple[dict[str, Source] | None, list[Diagnostic]]:
    """The loaded registry, each readable source's text prepared for anchoring."""
    sources, diagnostics = load_registry(root)
    for source in (sources or {}).values():
        if source.text is not None:
            source.body = SourceText(source.text)
    return sources, diagnostics


def _load(root: Path, rel: str, sources: dict[str, Source] | None) -> Loaded:
    """One claim file loaded, then anchored."""
    claim, diagnostics = load_claim(root, rel, sources)
    if claim is not None:
        diagnostics += anchor_claim(claim, sources)
    return claim, diagnostics


def _project(
    root: Path, sources: dict[str, Source] | None, loaded: list[Loaded], diagnostics: list[Diagnostic]
) -> tuple[Project, list[Diagnostic]]:
    claims = sorted((claim for claim, _ in loaded if claim is not None), key=lambda c: c.slug)
    diagnostics = diagnostics + [d for _, found in loaded for d in found]
    diagnostics += _checksums(sources or {}, claims)
    return Project(str(root), sources or {}, claims), sorted(diagnostics)


def _checksums(sources: dict[str, Source], claims: list[Claim]) -> list[Diagnostic]:
    found = []
    for source in sources.values():
        if source.actual_sha256 and valid_sha256(source.sha256) and source.actual_sha256 != source.sha256:
            citing = [c.path for c in claims if any(e.source == source.id for e in c.evidence)]
            found.append(
                Diagnostic.at(
                    REGISTRY,
                    source.sha_pos,
                    "checksum-mismatch",
                    f"seeds/{source.file} has changed since its checksum was recorded",
                    (f"re-check the quotes of {', '.join(citing)}; then " if citing else "")
                    + f"set sha256: {source.actual_sha256}",
                )
            )
    return found


class ProjectCache:
    """`build_project` again and again (mkdocs serve), doing only the work a change needs.

    A claim file whose bytes are those of the last load keeps its Claim and
    diagnostics (the same objects, so the site's PageCache sees it unchanged);
    any change under seeds/ (the registry or a document) reloads everything.
    The result is what `build_project` would give.
    """

    def __init__(self) -> None:
        self._seeds: object = None
        self._sources: dict[str, Source] | None = None
        self._registry: list[Diagnostic] = []
        self._claims: dict[str, tuple[tuple[int, ...], bytes | None, Loaded]] = {}

    def build(self, root: Path) -> Project:
        return _checked(*self.load(root))

    def load(self, root: Path) -> tuple[Project, list[Diagnostic]]:
        seeds = _seeds_state(root)
        if seeds != self._seeds:
            self._sources, self._registry = load_sources(root)
            self._seeds, self._claims = seeds, {}
        files, misplaced = find_claim_files(root)
        kept, loaded = self._claims, []
        self._claims = {}
        for rel in files:
            self._claims[rel] = self._claim(root, rel, kept.get(rel))
            loaded.append(self._claims[rel][2])
        return _project(root, self._sources, loaded, self._registry + misplaced)

    def _claim(
        self, root: Path, rel: str, kept: tuple[tuple[int, ...], bytes | None, Loaded] | None
    ) -> tuple[tuple[int, ...], bytes | None, Loaded]:
        """The file's state (stat, bytes) and what it loads to: the kept result when the file is the same.

        An unchanged stat (size, times, inode) means the same file without reading it;
        otherwise its bytes decide (a file saved unchanged keeps its Claim).
        """
        try:
            info = (root / rel).lstat()
        except OSError:
            return (), None, _load(root, rel, self._sources)  # gone or unreadable: load_claim says which
        state = (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        if kept is not None and kept[0] == state:
            return kept
        regular = stat.S_ISREG(info.st_mode) and info.st_size <= MAX_CLAIM_BYTES
        data = _read(root / rel) if regular else None
        if kept is not None and data is not None and kept[1] == data:
            return state, data, kept[2]
        return state, data, _load(root, rel, self._sources)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _seeds_state(root: Path) -> object:
    """Every file under seeds/ by name, size and modification time, and the registry's bytes."""
    seeds = root / "seeds"
    if not seeds.is_dir():
        return None
    files = sorted(
        (p.relative_to(seeds).as_posix(), s.st_size, s.st_mtime_ns)
        for p in seeds.rglob("*")
        if p.is_file() and (s := p.stat())
    )
    registry = root / REGISTRY
    return files, registry.read_bytes() if registry.is_file() else None
