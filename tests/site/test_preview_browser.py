"""The live preview in Chromium: `make serve` starts with errors, shows them, and lets them go.

Issue 15 (2, 3): the server refused to start while any claim had an error,
and after a bad save the browser kept showing the last good page, a new
broken claim was a bare 404, and the diagnostic was only in the terminal.
Here `mkdocs serve --dirty --no-strict` (what `make serve` runs) serves the
fixture project with a broken claim from the start; the page's own
livereload script reloads it after each save.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BIN, FIXTURE, make_env, site_project
from test_browser import Browser, Page, no_browser_reason, unavailable

GOOD = (FIXTURE / "claims" / "talks-duration.yml").read_text("utf-8")
# A new claim with two errors: a tag not in the vocabulary, and a quote not in its source.
BROKEN = GOOD.replace("tags: [talks]", "tags: [talk]").replace("three-and-a-half hour", "three-and-a-half-day")
# How long the server may take to start, and a save to reach the browser (a shared 2-core machine).
START_SECONDS = 120
RELOAD_MS = 60_000
# How long to wait for a rebuild before saving the file again (see problems_when).
NUDGE_SECONDS = 5


class Server:
    """`mkdocs serve --dirty --no-strict` (the Makefile's `serve`) on a free port, output in a file."""

    def __init__(self, root: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = root.parent / "serve.log"
        self.out = self.log.open("wb")
        self.process = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{self.port}"],
            cwd=root,
            env=make_env(PYTHONUNBUFFERED="1"),
            stdout=self.out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert self.process.poll() is None, f"the server stopped:\n{self.terminal()}"
            assert time.monotonic() < deadline, f"the server did not start:\n{self.terminal()}"
            try:
                with urllib.request.urlopen(self.url, timeout=10):
                    return
            except OSError:
                time.sleep(0.3)

    def terminal(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.out.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    reason = no_browser_reason()
    if reason:
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("preview") / "project"
    shutil.copytree(FIXTURE, root)
    site_project(root)
    (root / "claims" / "new-claim.yml").write_text(BROKEN, encoding="utf-8")
    server = Server(root)
    yield server, root
    server.stop()


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[Browser]:
    reason = no_browser_reason()
    if reason:
        unavailable(request, reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        started = Browser(playwright, tmp_path_factory.mktemp("chromium-preview"))
        yield started
        started.context.close()


def banner(tab: Any) -> str | None:
    """The banner's text once the page's script has run (None when there is none)."""
    tab.wait_for_load_state("load")
    tab.wait_for_function("() => window.fetch && document.readyState === 'complete'")
    time.sleep(0.5)  # the script's fetch of problems.json
    node = tab.query_selector("#fs-preview-banner")
    return node.inner_text() if node is not None else None


def saved_and_reloaded(tab: Any, path: Path, text: str) -> None:
    """Write the file and wait for the page's livereload to reload it (saving again, unchanged,
    when MkDocs' watcher missed the save: see problems_when)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    time.sleep(0.5)  # the page's livereload request is waiting on the server
    for _attempt in range(RELOAD_MS // (NUDGE_SECONDS * 1000)):
        try:
            with tab.expect_event("load", timeout=NUDGE_SECONDS * 1000):
                path.write_text(text, encoding="utf-8")
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"no reload after saving {path.name}")


def test_the_preview_starts_with_a_broken_claim_and_shows_its_errors(
    served: tuple[Server, Path], chromium: Browser
) -> None:
    server, _ = served
    page: Page = chromium.page()
    try:
        home = page.tab
        home.goto(server.url, wait_until="load")
        shown = banner(home)
        assert shown is not None, server.terminal()
        assert "Preview: 2 errors in the claims or sources; 1 claim left out of this preview." in shown
        assert "claims/new-claim.yml:25:8 error[unknown-tag]: unknown tag 'talk'" in shown
        assert "hint: did you mean 'talks'?" in shown
        assert "error[quote-not-found]" in shown
        # The broken claim's address shows its problems, not a 404.
        response = home.goto(server.url + "claims/new-claim/", wait_until="load")
        assert response is not None and response.status == 200
        assert home.inner_text("h1") == "Claim with errors: claims/new-claim.yml"
        assert "claims/new-claim.yml:29:12 error[quote-not-found]" in home.inner_text(".fs-problem-list")
        # The claims without errors are built as usual.
        assert home.goto(server.url + "claims/talks-duration/").status == 200
        assert banner(home) is not None  # every page carries the banner
    finally:
        page.close()


def test_fixing_the_file_removes_the_banner_and_breaking_one_brings_it_back(
    served: tuple[Server, Path], chromium: Browser
) -> None:
    server, root = served
    page: Page = chromium.page()
    tab = page.tab
    try:
        tab.goto(server.url + "claims/new-claim/", wait_until="load")
        assert banner(tab) is not None
        saved_and_reloaded(tab, root / "claims" / "new-claim.yml", GOOD)
        assert banner(tab) is None, server.terminal()
        assert tab.inner_text("h1") == "Xi and Putin met for three and a half hours."
        # A bad save of a good claim: the banner comes back, on the page being read.
        claim = root / "claims" / "death-toll.yml"
        good = claim.read_text("utf-8")
        saved_and_reloaded(tab, claim, good.replace("verdict: ", "verdict: maybe-"))
        shown = banner(tab)
        assert shown is not None and "claims/death-toll.yml:" in shown and "error[bad-value]" in shown
        tab.goto(server.url + "claims/death-toll/", wait_until="load")
        assert tab.inner_text("h1") == "Claim with errors: claims/death-toll.yml"
        saved_and_reloaded(tab, claim, good)
        assert banner(tab) is None
        assert tab.inner_text("h1") != "Claim with errors: claims/death-toll.yml"
    finally:
        page.close()
    assert "Traceback" not in server.terminal()


def problems_when(server: Server, wanted: Any, resave: Path) -> dict:
    """The served problems.json once `wanted(problems)` holds (the server rebuilds in the background).

    MkDocs' file watcher now and then misses a change made right after a folder appeared or
    went in the watched folder (no rebuild at all): the file `resave` is then saved again,
    unchanged, every NUDGE_SECONDS, as an editor would.
    """
    start = time.monotonic()
    nudged = start
    while True:
        with urllib.request.urlopen(server.url + "_factsite/problems.json", timeout=10) as response:
            problems = json.loads(response.read())
        if wanted(problems):
            return problems
        now = time.monotonic()
        assert now - start < RELOAD_MS / 1000, (problems, server.terminal()[-3000:])
        if now - nudged > NUDGE_SECONDS:
            resave.write_bytes(resave.read_bytes())
            nudged = now
        time.sleep(0.3)


def test_a_claim_file_that_vanishes_or_becomes_a_folder_mid_serve_is_a_diagnostic(
    served: tuple[Server, Path], chromium: Browser
) -> None:
    server, root = served
    page: Page = chromium.page()
    tab = page.tab
    try:
        claim = root / "claims" / "new-claim.yml"
        saved = claim.read_text("utf-8")
        claim.unlink()
        (root / "claims" / "folder.yml").mkdir()
        other = root / "claims" / "death-toll.yml"
        problems_when(server, lambda p: any(d["code"] == "not-a-file" for d in p["shown"]), other)
        tab.goto(server.url, wait_until="load")
        shown = banner(tab)
        assert shown is not None and "claims/folder.yml:1:1 error[not-a-file]" in shown
        assert tab.goto(server.url + "claims/new-claim/").status == 404  # the claim is gone, as its file is
        os.rmdir(root / "claims" / "folder.yml")
        claim.write_text(saved, encoding="utf-8")
        problems_when(server, lambda p: p["errors"] == 0, claim)
        tab.goto(server.url + "claims/new-claim/", wait_until="load")
        assert banner(tab) is None and tab.inner_text("h1") == "Xi and Putin met for three and a half hours."
    finally:
        page.close()
    assert "Traceback" not in server.terminal()
