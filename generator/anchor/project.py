"""The whole project: the load stage, then the anchor stage, then checksums.

Loading reads the registry, the source documents and the claim files
(load/); anchoring prepares each source's text (SourceText) and locates
every quote in it (evidence.py). A source whose bytes no longer match its
recorded sha256 is a warning while every quote citing it still resolves,
and an error once one does not (`source_changes`). `load_project` collects
every diagnostic of every file; `build_project`
is what the site generator calls: it raises FactsiteError when there is
any error, so nothing is built from broken content. `ProjectCache` is
`load_project` for `mkdocs serve`: it reads every claim file again but
checks only the ones whose bytes changed.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.anchor.evidence import anchor_claim
from generator.anchor.text import SourceText
from generator.errors import Diagnostic, FactsiteError
from generator.load.claims import find_claim_files, load_claim
from generator.load.dates import today
from generator.load.desk import DESK_FILES, Desk, load_desk
from generator.load.editorial import attach_history, draft_links, verdict_changes
from generator.load.history import History, head, read_history
from generator.load.registry import MAX_REGISTRY_BYTES, REGISTRY, load_registry, valid_sha256
from generator.load.tags import TAGS_FILE, missing_vocabulary
from generator.load.yamlsafe import MAX_CLAIM_BYTES
from generator.model import Claim, Project, Source

Loaded = tuple[Claim | None, list[Diagnostic]]  # a claim file, checked and resolved
# The largest registry or tag vocabulary whose bytes mkdocs serve keeps to tell a change (the registry's limit).
MAX_STATE_BYTES = MAX_REGISTRY_BYTES

# Warnings that must not stop a site build. A source changed since its
# checksum was recorded, whose every quote still resolves, leaves the site
# right: `factsite check` prints it as a warning (exit 0), and the MkDocs
# plugin prints it at INFO level rather than as a logged WARNING, which
# `mkdocs build --strict` would count as a failure.
# A document in seeds/ that the registry does not list (`unregistered-seed`)
# is the same kind: nothing on the site is wrong, and the editor is told.
NON_BLOCKING_CODES = frozenset({"source-changed", "unregistered-seed", "shallow-history"})


def load_project(root: Path, only: list[str] | None = None) -> tuple[Project, list[Diagnostic]]:
    """Load everything under `root` (or only the claim files `only`, relative paths)."""
    sources, diagnostics = load_sources(root)
    desk, problems = load_desk(root)
    files, misplaced = find_claim_files(root)
    diagnostics += problems + misplaced if only is None else []
    loaded = [_load(root, rel, sources, desk) for rel in (files if only is None else only)]
    history = read_history(root)
    return _project(root, sources, loaded, diagnostics, desk, _has_vocabulary(root), history, every_claim=only is None)


def build_project(root: Path) -> Project:
    """The loaded project, or FactsiteError carrying every diagnostic."""
    return _checked(*load_project(root))


def _has_vocabulary(root: Path) -> bool:
    """Whether claims/tags.yml is there, whatever it is (tags.py reports what is wrong with it)."""
    path = root / TAGS_FILE
    return path.exists() or path.is_symlink()


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


def _load(root: Path, rel: str, sources: dict[str, Source] | None, desk: Desk) -> Loaded:
    """One claim file loaded, then anchored."""
    claim, diagnostics = load_claim(root, rel, sources, desk)
    if claim is not None:
        diagnostics += anchor_claim(claim, sources)
    return claim, diagnostics


def _project(
    root: Path,
    sources: dict[str, Source] | None,
    loaded: list[Loaded],
    diagnostics: list[Diagnostic],
    desk: Desk,
    has_vocabulary: bool,
    history: History | None,
    every_claim: bool = True,
) -> tuple[Project, list[Diagnostic]]:
    claims = sorted((claim for claim, _ in loaded if claim is not None), key=lambda c: c.slug)
    diagnostics = diagnostics + [d for _, found in loaded for d in found]
    diagnostics += _checksums(sources or {}, claims, every_claim)
    if not has_vocabulary:
        diagnostics += missing_vocabulary([tag for claim in claims for tag in claim.tags])
    attach_history(claims, history)
    diagnostics += verdict_changes(claims, history) + (draft_links(claims) if every_claim else [])
    project = Project(str(root), sources or {}, claims, desk.tags or {}, desk.people or {})
    return project, sorted(diagnostics)


@dataclass(frozen=True, slots=True)
class ChangedSource:
    """A source whose bytes no longer match the sha256 recorded for it, and the quotes that cite it.

    A change is reviewed, not forbidden: while every quote citing the source
    still resolves (`holds`), the site is still right and the change is a
    warning; a quote that no longer resolves makes it an error.
    """

    source: Source
    quotes: int  # the excerpts citing it, in the claims loaded
    citing: tuple[str, ...]  # the claim files of those excerpts
    broken: tuple[str, ...]  # the claim files with an excerpt from it that does not resolve
    broken_quotes: int  # how many of the excerpts do not resolve

    @property
    def holds(self) -> bool:
        """Whether its text can be read and every quote citing it still resolves."""
        return self.source.body is not None and not self.broken


def source_changes(sources: dict[str, Source], claims: list[Claim]) -> list[ChangedSource]:
    """Every source whose file no longer has its recorded sha256, in registry order.

    An invalid recorded value is the schema's to report, and a file that
    could not be hashed (missing, too large) has its own error: neither is a change.
    """
    changes = []
    for source in sources.values():
        if source.text is None or not (_file_changed(source) or text_changed(source)):
            continue  # a document that cannot be read has its own error, which says why
        excerpts = [(c.path, e) for c in claims for e in c.evidence if e.source == source.id]
        unresolved = [path for path, e in excerpts if e.span is None]
        changes.append(
            ChangedSource(
                source,
                len(excerpts),
                tuple(dict.fromkeys(path for path, _ in excerpts)),
                tuple(dict.fromkeys(unresolved)),
                len(unresolved),
            )
        )
    return changes


def _file_changed(source: Source) -> bool:
    """Whether the file's bytes are not those whose sha256 was recorded."""
    return bool(source.actual_sha256) and valid_sha256(source.sha256) and source.actual_sha256 != source.sha256


def text_changed(source: Source) -> bool:
    """Whether the text extracted now (web pages, PDFs) is not the text whose checksum was recorded:
    the file is the same, another version of the extractor reads it otherwise."""
    actual = source.actual_text_sha256
    return bool(actual) and valid_sha256(source.text_sha256) and actual != source.text_sha256


def _checksums(sources: dict[str, Source], claims: list[Claim], every_claim: bool) -> list[Diagnostic]:
    """One diagnostic per changed source: a warning while its quotes hold, else an error.

    `every_claim` is False when only some claim files were loaded (`factsite
    check PATH`): the message then speaks of the claims checked.
    """
    return [_changed(change, every_claim) for change in source_changes(sources, claims)]


def _changed(change: ChangedSource, every_claim: bool) -> Diagnostic:
    """The diagnostic of one changed source: what happened, what to re-read or fix, and the command to accept it."""
    source = change.source
    changed = f"seeds/{source.file} has changed since its checksum was recorded"
    if not _file_changed(source):  # the same file, read otherwise by another extractor version
        was = f" ({source.extractor})" if source.extractor else ""
        changed = f"the text {source.extracted_by} extracts from seeds/{source.file} is not the text recorded{was}"
    citing = ", ".join(change.citing)
    if change.holds:
        checked = "" if every_claim else " in the claims checked"
        if change.citing:
            verb = "resolves" if change.quotes == 1 else "resolve"
            message = f"{changed}; the {_quotes(change.quotes)} citing it{checked} still {verb}"
            steps = [f"re-read in context the quotes of {citing}"]
        else:
            message = f"{changed}; {'no claim quotes it' if every_claim else 'none of the claims checked quotes it'}"
            steps = ["review the change"]
    elif source.body is None:  # not text any more (its encoding error says why): nothing can be checked
        message = f"{changed}, and it is not readable text, so no quote citing it can be checked"
        steps = [
            f"restore it as UTF-8 text and re-check the quotes of {citing}" if citing else "restore it as UTF-8 text"
        ]
    else:
        verb = "does" if change.broken_quotes == 1 else "do"
        message = f"{changed}, and {_quotes(change.broken_quotes)} citing it {verb} not resolve"
        others = ", ".join(path for path in change.citing if path not in change.broken)
        steps = [f"fix the quotes of {', '.join(change.broken)} (their errors say how), or restore the document"]
        steps += [f"re-read in context the quotes of {others}"] if others else []
    accept = f"`factsite sources accept {source.id}`"
    if source.body is not None:  # an unreadable file's checksum is not the one to record
        accept += (
            f" (it sets sha256: {source.actual_sha256})"
            if _file_changed(source)
            else f" (it sets text_sha256: {source.actual_text_sha256} and extractor: {source.extracted_by})"
        )
    hint = "\n".join([*steps, f"then record the new checksum with {accept}"])
    if change.holds:
        return Diagnostic.at(REGISTRY, source.sha_pos, "source-changed", message, hint, "warning")
    return Diagnostic.at(REGISTRY, source.sha_pos, "checksum-mismatch", message, hint)


def _quotes(count: int) -> str:
    return f"{count} quote{'s' if count != 1 else ''}"


class ProjectCache:
    """`build_project` again and again (mkdocs serve), doing only the work a change needs.

    A claim file whose bytes are those of the last load keeps its Claim and
    diagnostics (the same objects, so the site's PageCache sees it unchanged);
    any change under seeds/ (the registry or a document) or to the tag
    vocabulary, or a new day (`future-date`), reloads everything.
    The result is what `build_project` would give.
    """

    def __init__(self) -> None:
        self._seeds: object = None
        self._sources: dict[str, Source] | None = None
        self._registry: list[Diagnostic] = []
        self._desk = Desk()
        self._head: str | None = None  # the commit whose history _history holds
        self._history: History | None = None
        self._claims: dict[str, tuple[tuple[int, ...], bytes | None, Loaded]] = {}

    def build(self, root: Path) -> Project:
        return _checked(*self.load(root))

    def load(self, root: Path) -> tuple[Project, list[Diagnostic]]:
        # The vocabulary checks every claim too, and so does the date (no date may be later than today).
        seeds = (_seeds_state(root), *(_read(root / name) for name in DESK_FILES), today())
        if seeds != self._seeds:
            self._sources, self._registry = load_sources(root)
            self._desk, problems = load_desk(root)
            self._registry += problems
            self._seeds, self._claims = seeds, {}
        files, misplaced = find_claim_files(root)
        kept, loaded = self._claims, []
        self._claims = {}
        for rel in files:
            self._claims[rel] = self._claim(root, rel, kept.get(rel))
            loaded.append(self._claims[rel][2])
        history = self._history_of(root)
        return _project(
            root, self._sources, loaded, self._registry + misplaced, self._desk, _has_vocabulary(root), history
        )

    def _history_of(self, root: Path) -> History | None:
        """The claims' history, read again only when another commit is checked out: git is not asked
        for the whole log on every rebuild of the preview (a save changes the files, not the commits)."""
        checked_out = head(root)
        if checked_out is None or checked_out != self._head:
            self._head, self._history = checked_out, read_history(root) if checked_out is not None else None
        return self._history

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
            # gone or unreadable: load_claim says which
            return (), None, _load(root, rel, self._sources, self._desk)
        state = (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        if kept is not None and kept[0] == state:
            return kept
        regular = stat.S_ISREG(info.st_mode) and info.st_size <= MAX_CLAIM_BYTES
        data = _read(root / rel) if regular else None
        if kept is not None and data is not None and kept[1] == data:
            return state, data, kept[2]
        return state, data, _load(root, rel, self._sources, self._desk)


def _read(path: Path, limit: int = MAX_STATE_BYTES) -> bytes | None:
    """The bytes of a regular file of at most `limit` bytes; None for anything else (a FIFO
    would block, a link to /dev/zero never end): its loader reports what it is."""
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
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
        if (s := _stat(p)) is not None and stat.S_ISREG(s.st_mode)
    )
    return files, _read(root / REGISTRY)


def _stat(path: Path) -> os.stat_result | None:
    """The file's status, or None when it vanished between the listing and now (mkdocs serve)."""
    try:
        return path.stat()
    except OSError:
        return None
