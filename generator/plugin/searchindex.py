"""The site's search index: Pagefind, fed the generator's records and the hand-written pages' HTML.

Pagefind (pip `pagefind[bin]`, MIT) is a Rust binary that writes a static
index in small fragments: a reader's browser fetches only what a query
needs, never a whole-site index. It runs as a child process in its
"service" mode, which takes requests on stdin and answers on stdout, one
base64-encoded JSON message each, ended by a comma: the protocol of
Pagefind's own Python and Node wrappers.

We speak that protocol here instead of through the `pagefind` Python
package's `PagefindIndex`, because that wrapper reads each answer after a
0.1 s sleep: one record per 0.1 s, 103 s for 1,000 records, where the
binary needs 2.5 s (bench/search_bench.py --wrapper measures both). The
binary is the wheel's (`pagefind_bin.get_executable`), never a download.

The index is written into a scratch folder beside its final place and
renamed into place whole (a failed or interrupted index leaves no half of
one), then made byte-stable (pagefindcanon.py): Pagefind writes its filter
index in hash-map order.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.plugin.pagefindcanon import PagefindFormatError, canonicalise
from generator.render.search import LANGUAGE, SearchRecord

# Where the index goes in the built site: Pagefind's default, which its script expects.
BUNDLE = "pagefind"
# What Pagefind writes for its own ready-made interfaces, which the site does not use (its search
# dialog is the theme's, partials/search.html): removed from the bundle.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
# Under `mkdocs serve`: the index starts this long after a rebuild, unless another rebuild comes
# first (then that one's index is made instead): an editor saving again and again, and the page's
# reload right after a rebuild, do not share the 2 cores with Pagefind.
SERVE_INDEX_DELAY = 2.0
# And Pagefind runs at this lower priority (nice), so that a rebuild started meanwhile goes first.
SERVE_NICENESS = 10
# How long, at most, and how often the bundle is looked at until it is whole (_settle).
SETTLE_SECONDS = 60
SETTLE_STEP = 0.02
# The message separator of the service protocol.
_END = b","
# How much of the service's output is read at once.
_READ = 1 << 16


class SearchIndexError(Exception):
    """Pagefind is missing or failed: raised by write_index; the plugin turns it into a failed build."""


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """A hand-written page as MkDocs wrote it: Pagefind reads what its data-pagefind-body holds."""

    url: str  # from the site's root, with a leading "/"
    html: str


def write_index(
    site_dir: str | Path, records: Iterable[SearchRecord], pages: Iterable[HtmlPage], niceness: int = 0
) -> int:
    """Index the records and pages into site_dir/pagefind (replaced whole); the number indexed.
    `niceness` lowers Pagefind's priority (the preview's index gives way to its next rebuild)."""
    site = Path(site_dir)
    scratch = site / f".{BUNDLE}.tmp"
    final, old = site / BUNDLE, site / f".{BUNDLE}.old"
    shutil.rmtree(scratch, ignore_errors=True)
    messages = list(_messages(records, pages, scratch))
    try:
        answers = _exchange(messages, scratch, niceness)
        errors = [a["payload"].get("message", "") for a in answers if a.get("payload", {}).get("type") == "Error"]
        if errors or len(answers) != len(messages):
            raise SearchIndexError("Pagefind failed: " + ("; ".join(sorted(set(errors))[:3]) or "no answer"))
        for name in UNUSED:
            (scratch / name).unlink(missing_ok=True)
        canonicalise(scratch)
        shutil.rmtree(old, ignore_errors=True)  # a build stopped between the two renames left one
        if final.exists():
            os.replace(final, old)
        os.replace(scratch, final)
    except (OSError, ValueError, PagefindFormatError) as error:  # a full disk, a garbled answer, another format
        raise SearchIndexError(str(error) or type(error).__name__) from error
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    return len(messages) - 2


def _messages(records: Iterable[SearchRecord], pages: Iterable[HtmlPage], out: Path) -> Iterator[dict]:
    yield {"type": "NewIndex", "config": {"force_language": LANGUAGE}}
    for r in records:
        yield {
            "type": "AddRecord",
            "index_id": 0,
            "url": r.url,
            "content": r.content,
            "language": LANGUAGE,
            "meta": r.meta,
            "filters": {key: [_filter_value(v) for v in values] for key, values in r.filters.items()},
            "sort": None,
        }
    for page in pages:
        yield {"type": "AddFile", "index_id": 0, "url": page.url, "file_path": None, "file_contents": page.html}
    yield {"type": "WriteFiles", "index_id": 0, "output_path": str(out)}


def _filter_value(value: str) -> str:
    """A facet value as Pagefind's search compares it: escaped as inside a JSON string.

    Pagefind's browser code reads a filter asked for from its JSON text without unescaping it
    (pagefind_web's filter.rs, read_string), so a value with a straight quote, a backslash or a
    line break would never match the value stored. Stored escaped, the two agree; the dialog
    shows the value unescaped (fs-search.js, `unescaped`).
    """
    return json.dumps(value, ensure_ascii=False)[1:-1]


def _executable() -> str:
    try:
        from pagefind_bin import get_executable
    except ImportError as error:  # pragma: no cover - make installs it
        raise SearchIndexError("Pagefind is not installed: run `make site` (it installs pagefind[bin])") from error
    return str(get_executable())


def _exchange(messages: list[dict], out: Path, niceness: int = 0) -> list[dict]:
    """Send every message to a Pagefind service and return its answers, in order; the service
    is stopped only once the bundle it wrote to `out` is whole (see _settle)."""
    try:
        service = subprocess.Popen(
            [_executable(), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            preexec_fn=(lambda: os.nice(niceness)) if niceness and hasattr(os, "nice") else None,
        )
    except OSError as error:
        raise SearchIndexError(f"Pagefind could not be started: {error}") from error
    assert service.stdin is not None and service.stdout is not None

    def send() -> None:
        try:
            for number, payload in enumerate(messages, 1):
                body = json.dumps({"message_id": number, "payload": payload}).encode("utf-8")
                service.stdin.write(base64.b64encode(body) + _END)  # type: ignore[union-attr]
            service.stdin.flush()  # type: ignore[union-attr]
        except (BrokenPipeError, ValueError):  # the service died: the answers read so far say why
            pass

    writer = threading.Thread(target=send, daemon=True)
    writer.start()
    answers: list[dict] = []
    pending = b""
    try:
        while len(answers) < len(messages):
            chunk = service.stdout.read1(_READ)
            if not chunk:
                break
            *complete, pending = (pending + chunk).split(_END)
            answers += [json.loads(base64.b64decode(part)) for part in complete if part]
        if len(answers) == len(messages):
            _settle(out)
    finally:
        writer.join()
        for stream in (service.stdin, service.stdout):  # the service ends when its input does
            try:
                stream.close()
            except BrokenPipeError:
                pass
        service.wait()
    return answers


class Indexer:
    """The search index of one MkDocs build, or of each rebuild under `mkdocs serve`.

    The hand-written pages' HTML is collected as MkDocs writes it (a dirty
    rebuild writes only the pages it changed, so the others are kept from
    before). A build indexes at its end. Under `mkdocs serve` the index is
    made in a thread after the page is served, so that an edit shows at
    once and search follows a few seconds later; a newer rebuild stops an
    index still being made (`stop`: the rebuild has both cores) and asks for
    its own. Until then the previous index is served.
    """

    def __init__(self) -> None:
        self.pages: dict[str, HtmlPage] = {}
        self._lock = threading.Lock()
        self._generation = 0
        self._thread: threading.Thread | None = None
        self._child: int | None = None  # the process making the preview's index (a process group)

    def add_page(self, url: str, html: str) -> None:
        self.pages[url] = HtmlPage(url, html)

    def keep_only(self, urls: Iterable[str]) -> None:
        """Forget the pages this build no longer has."""
        wanted = set(urls)
        self.pages = {url: page for url, page in self.pages.items() if url in wanted}

    def write(self, site_dir: str, records: Callable[[], list[SearchRecord]]) -> int:
        """Index now (a build): the count indexed; SearchIndexError when Pagefind fails."""
        with self._lock:
            return write_index(site_dir, records(), sorted(self.pages.values(), key=_by_url))

    def write_later(self, site_dir: str, records: Callable[[], list[SearchRecord]], log: logging.Logger) -> None:
        """Index in a thread (mkdocs serve); only the latest rebuild's index is written."""
        self._generation += 1
        generation, pages = self._generation, sorted(self.pages.values(), key=_by_url)

        def run() -> None:
            time.sleep(SERVE_INDEX_DELAY)
            with self._lock:
                if generation != self._generation:
                    return  # a newer rebuild has asked for its own index
                problem = _in_child(site_dir, records, pages, self._started)
                self._child = None
                if problem and generation == self._generation:  # the preview goes on; its search lags
                    log.info(f"factsite: search index not updated: {problem}")

        self._thread = threading.Thread(target=run, name="factsite-search-index", daemon=True)
        self._thread.start()

    def _started(self, child: int) -> None:
        self._child = child

    def stop(self) -> None:
        """A rebuild begins (mkdocs serve): no index of an earlier build is started or goes on."""
        self._generation += 1
        child = self._child
        if child is not None:
            try:
                os.killpg(child, signal.SIGTERM)  # the child and the Pagefind it runs
            except OSError:  # already gone
                pass

    def wait(self) -> None:
        """Until the index asked for last is written (the tests)."""
        if self._thread is not None:
            self._thread.join()


def _in_child(
    site_dir: str,
    records: Callable[[], list[SearchRecord]],
    pages: list[HtmlPage],
    started: Callable[[int], None] = lambda child: None,
) -> str:
    """write_index in a forked child at a lower priority: the records, their encoding and the
    bundle's rewriting are Python work that, in a thread, would hold the server's interpreter
    (its next rebuild) for a second or two. The problem, or "" when the index was written."""
    if not hasattr(os, "fork"):  # pragma: no cover - Linux and macOS fork
        try:
            write_index(site_dir, records(), pages, SERVE_NICENESS)
        except (SearchIndexError, OSError) as error:
            return str(error)
        return ""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the child: index, say how it went, and leave without running the parent's exit code
        code = 0
        try:
            os.setpgid(0, 0)  # a group of its own, with the Pagefind it starts: Indexer.stop ends both
            os.close(reader)
            os.nice(SERVE_NICENESS)
            write_index(site_dir, records(), pages)
        except BaseException as error:  # noqa: BLE001 - anything, reported to the parent
            os.write(writer, str(error).encode("utf-8", "replace")[:2000] or b"failed")
            code = 1
        finally:
            os._exit(code)
    os.close(writer)
    try:
        os.setpgid(child, child)  # as the child does: whichever comes first, the group exists for stop()
    except OSError:  # the child has done it, or has already ended
        pass
    started(child)
    with os.fdopen(reader, "rb") as told:
        message = told.read().decode("utf-8", "replace")
    _, status = os.waitpid(child, 0)
    return message or ("" if status == 0 else f"the indexing process ended with status {status}")


def _by_url(page: HtmlPage) -> str:
    return page.url


def _settle(out: Path) -> None:
    """Wait until the bundle in `out` is whole: its entry file parses and names a meta file that is
    there, and no file of it changes between two looks.

    The service answers WriteFiles while some of its writes may still be under way, and it stops
    when its input ends, cutting them short: seen once in 30 runs as an empty pagefind-entry.json.
    """
    deadline = time.monotonic() + SETTLE_SECONDS
    before: list[tuple[str, int]] | None = None
    while time.monotonic() < deadline:
        now = sorted((p.relative_to(out).as_posix(), p.stat().st_size) for p in out.rglob("*") if p.is_file())
        if now == before and _entry_whole(out):
            return
        before = now
        time.sleep(SETTLE_STEP)
    raise SearchIndexError(f"Pagefind did not finish writing {out} within {SETTLE_SECONDS} s")


def _entry_whole(out: Path) -> bool:
    try:
        entry = json.loads((out / "pagefind-entry.json").read_bytes())
        return all((out / f"pagefind.{lang['hash']}.pf_meta").is_file() for lang in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
