"""Edit to preview: `make serve` on a synthetic project, one claim file changed at a time.

    .venv/bin/python bench/serve_bench.py                    # 5,000 claims, 6 edits
    .venv/bin/python bench/serve_bench.py --claims 1000 --edits 3

Starts the server as `make serve` does (SERVE, below) on a copy of the
synthetic project (bench/synth.py), waits for the first build, then opens
a claim page in Chromium (Playwright, Debian's /usr/bin/chromium), writes
a change to the claim's file and waits for the page's own livereload
script to reload it; the time from the file write to the reloaded page's
load event, with the change on it, is the edit-to-preview time. Without
Chromium (or with --no-browser) the script acts as the browser itself: it
long-polls the livereload endpoint the page's script polls and loads the
page again when the poll answers. The edits
change a summary, a verdict (index pages, verdict pages and the home page
change with it) and a quote (its source page changes too).

Then an error: a quote that is not in its source. The server must print
the diagnostic as path:line:col in the terminal, stay up, show the error at
the claim's address, and serve the fixed page once the file is fixed.

Last, the proof that the preview is what `make site` would publish: the
server's whole site folder is compared, file by file, with a full
`mkdocs build` of the same files (with the server's address as site_url),
and the served page with the built page (the server only adds its
livereload script and the preview's banner script before </body>, and the
banner's folder _factsite/).
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import build_bench  # noqa: E402

# What `make serve` runs (see the Makefile), with an address of our own.
SERVE = ["serve", "--dirty", "--no-strict"]
TARGET_SECONDS = 3.0
CHROMIUM = "/usr/bin/chromium"
POLL_TIMEOUT = 120.0
LIVERELOAD = re.compile(rb"<script>\s*var livereload = .*?livereload\((\d+), (\d+)\);\s*</script>", re.S)
# What the preview adds to each page (its banner script, generator/plugin/preview.py) and its folder.
PREVIEW_SCRIPT = re.compile(rb'<script src="[./]*_factsite/preview\.js" defer></script>')
PREVIEW_FOLDER = "_factsite"


class Server:
    """`mkdocs serve` in a child process, its terminal output in a file."""

    def __init__(self, root: Path, port: int) -> None:
        self.root, self.port = root, port
        self.browser: Browser | None = None
        self.url = f"http://127.0.0.1:{port}/"
        self.tmp = root.parent / "serve-tmp"
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir()
        self.log = root.parent / "serve.log"
        env = {**build_bench.ENV, "TMPDIR": str(self.tmp), "PYTHONUNBUFFERED": "1"}
        self.out = self.log.open("wb")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [*build_bench.MKDOCS, *SERVE, "-a", f"127.0.0.1:{port}"],
            cwd=root,
            env=env,
            stdout=self.out,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self) -> float:
        """Seconds from start until the first build is served."""
        while True:
            assert self.process.poll() is None, self.terminal()
            try:
                get(self.url)
                return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.2)

    def terminal(self) -> str:
        return self.log.read_text(errors="replace")

    def site_dir(self) -> Path:
        (found,) = [p for p in self.tmp.iterdir() if p.name.startswith("mkdocs_")]
        return found

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.out.close()


class Browser:
    """One Chromium tab, headless, driven by Playwright; the page's own livereload script reloads it."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM)
        self.tab = self.browser.new_page()

    def reload_after(self, url: str, change: callable) -> tuple[float, str]:
        """Show `url`, `change()`, wait for the reload's load event; (seconds, the reloaded page's HTML)."""
        self.tab.goto(url, wait_until="load")
        time.sleep(0.3)  # the page's script is waiting on the server
        with self.tab.expect_event("load", timeout=POLL_TIMEOUT * 1000):
            start = time.perf_counter()
            change()
        seconds = time.perf_counter() - start
        return seconds, self.tab.content()

    def close(self) -> None:
        self.browser.close()
        self.playwright.stop()


def open_browser(wanted: bool) -> Browser | None:
    """Chromium if asked for and there; None (the HTTP stand-in) otherwise, saying why."""
    if not wanted:
        return None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print("no Playwright: the script stands in for the browser", flush=True)
        return None
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: the script stands in for the browser", flush=True)
        return None
    return Browser()


def get(url: str, timeout: float = 30.0) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


def reload_after(server: Server, page: str, change: callable) -> tuple[float, str]:
    """`change()` while a browser shows `page`; (seconds until the page is reloaded, its HTML)."""
    if server.browser:
        return server.browser.reload_after(server.url + page, change)
    match = LIVERELOAD.search(get(server.url + page))
    assert match, "no livereload script in the served page"
    answered, epoch = threading.Event(), int(match[1])

    def poll() -> None:  # as the page's script: ask again until the server has a newer site
        while int(get(f"{server.url}livereload/{epoch}/{match[2].decode()}", timeout=POLL_TIMEOUT)) <= epoch:
            pass
        answered.set()

    threading.Thread(target=poll, daemon=True).start()
    time.sleep(0.3)  # the poll is waiting on the server
    start = time.perf_counter()
    change()
    assert answered.wait(POLL_TIMEOUT), "no reload:\n" + server.terminal()[-3000:]
    body = get(server.url + page)
    return time.perf_counter() - start, body.decode()


def edits(root: Path) -> list[tuple[str, str, str, str]]:
    """(kind, claim file, old text, new text) for each edit, chosen deterministically."""
    files = sorted((root / "claims").glob("*.yml"))
    found = []
    for n, path in enumerate(files[:: max(1, len(files) // 12)]):
        text = path.read_text(encoding="utf-8")
        if "verdict: disputed" in text and not any(k == "verdict" for k, *_ in found):
            found.append(("verdict", path.name, "verdict: disputed", "verdict: unverified"))
        elif "quote: '" in text and not any(k == "quote" for k, *_ in found):
            quote = text.split("quote: '", 1)[1].split("'", 1)[0]
            if len(quote.split()) > 8 and "\n" not in quote:
                shorter = " ".join(quote.split()[:-2])
                found.append(("quote", path.name, f"quote: '{quote}'", f"quote: '{shorter}'"))
        else:
            found.append(("summary", path.name, "summary: |\n", f"summary: |\n  Edited for the preview, {n}.\n"))
    return found


def slug(name: str) -> str:
    return name.removesuffix(".yml")


def run(claims: int, count: int, port: int, work: Path, browser: bool) -> None:
    source = build_bench.project(work, claims) / "project"
    scratch = work / f"serve-{claims}"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(source, scratch / "project")
    root = scratch / "project"
    server = Server(root, port)
    try:
        first = server.wait_ready()
        print(f"{claims:,} claims: first build served after {first:.1f} s", flush=True)
        server.browser = open_browser(browser)
        print(f"the browser: {'Chromium, headless' if server.browser else 'this script, over HTTP'}", flush=True)
        chosen = edits(root)[:count]
        times = [edit(server, root, *e) for e in chosen]
        error_checks(server, root)
        identical(server, root, scratch, f"claims/{slug(chosen[-1][1])}/")
    finally:
        if server.browser:
            server.browser.close()
        server.stop()
    built = [float(s) for s in re.findall(r"Documentation built in ([0-9.]+) seconds", server.terminal())]
    print(
        f"rebuilds as MkDocs reports them: {', '.join(f'{s:.2f} s' for s in built[1:])} "
        f"(the first build: {built[0]:.1f} s)"
    )
    print(
        f"edit to preview: median {statistics.median(times):.2f} s, max {max(times):.2f} s "
        f"({'MET' if max(times) <= TARGET_SECONDS else 'NOT MET'}: at most {TARGET_SECONDS:g} s)"
    )


def edit(server: Server, root: Path, kind: str, name: str, old: str, new: str) -> float:
    path = root / "claims" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    seconds, body = reload_after(server, f"claims/{slug(name)}/", lambda: path.write_text(text.replace(old, new, 1)))
    shown = (
        new.split("\n")[1].strip()
        if kind == "summary"
        else "fs-verdict-unverified"
        if kind == "verdict"
        else new.split("'")[1].split()[-1]
    )
    assert shown in html.unescape(body), (kind, name, shown)
    print(f"  {kind:<8} {name}: the reloaded page shows it {seconds:.2f} s after the write", flush=True)
    return seconds


def error_checks(server: Server, root: Path) -> None:
    """A broken quote: the diagnostic in the terminal, the server up, then the fix served."""
    path = sorted((root / "claims").glob("*.yml"))[7]
    good = path.read_text(encoding="utf-8")
    page = f"claims/{slug(path.name)}/"
    before = get(server.url + page)
    broken = re.sub(r"quote: '[^']*'", "quote: 'words that are in no source at all'", good, count=1)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "words that are in no source" in text)
    start, mark = time.perf_counter(), len(server.terminal())
    path.write_text(broken, encoding="utf-8")
    pattern = re.compile(rf"claims/{re.escape(path.name)}:{line}:\d+: error\[quote-not-found\]")
    while not pattern.search(server.terminal()[mark:]):
        assert server.process.poll() is None and time.perf_counter() - start < POLL_TIMEOUT, server.terminal()[-3000:]
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    shown = pattern.search(server.terminal()[mark:])[0]
    time.sleep(1.0)
    assert server.process.poll() is None, "the server stopped"
    problem = html.unescape(get(server.url + page).decode())
    assert "Claim with errors" in problem and "quote-not-found" in problem, "the page does not show the error"
    print(
        f"  error    {shown} in the terminal {seconds:.2f} s after the write; the server is up "
        "and the claim's page shows the error",
        flush=True,
    )
    fixed, body = reload_after(server, page, lambda: path.write_text(good, encoding="utf-8"))
    assert LIVERELOAD.sub(b"", get(server.url + page)) == LIVERELOAD.sub(b"", before)
    assert good_text(before) in html.unescape(body), "the reloaded page is not the fixed one"
    print(f"  fixed    the page is back {fixed:.2f} s after the fix", flush=True)


def good_text(page: bytes) -> str:
    """A stretch of the page's summary, to find on the page the browser shows."""
    summary = re.search(rb'<div class="fs-summary">\s*<p>([^<]{20,})', page)
    assert summary, "no summary on the page"
    return html.unescape(summary[1].decode())[:40]


def identical(server: Server, root: Path, scratch: Path, url: str) -> None:
    """The server's site folder against a full build of the same files, byte for byte; and page `url`."""
    time.sleep(1.0)
    served = scratch / "served"
    shutil.copytree(server.site_dir(), served)
    shutil.rmtree(served / PREVIEW_FOLDER)  # the preview's own files, then its script on each page
    for page in served.rglob("*.html"):
        page.write_bytes(PREVIEW_SCRIPT.sub(b"", page.read_bytes()))
    over_http = PREVIEW_SCRIPT.sub(b"", get(server.url + url))
    env = {**build_bench.ENV, "SITE_URL": server.url}
    built = scratch / "built"
    subprocess.run([*build_bench.MKDOCS, "build", "-q", "-d", str(built)], cwd=root, env=env, check=True)
    differ = build_bench.differing(served, built)
    injected = LIVERELOAD.search(over_http)
    same_page = LIVERELOAD.sub(b"", over_http) == (built / url / "index.html").read_bytes()
    files = sum(1 for p in built.rglob("*") if p.is_file())
    print(
        f"identity: the server's site folder and a full build ({files:,} files) differ in "
        f"{len(differ)} files{': ' + ', '.join(differ[:10]) if differ else ''}; {url} over HTTP is the built "
        f"page {'byte for byte' if same_page else 'WITH DIFFERENCES'} once the server's "
        f"{len(injected[0]) if injected else 0}-byte livereload script before </body> is taken out"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=5_000)
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--work", type=Path, default=build_bench.WORK)
    parser.add_argument("--no-browser", action="store_true", help="stand in for the browser over HTTP")
    args = parser.parse_args()
    run(args.claims, args.edits, args.port or free_port(), args.work, not args.no_browser)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


if __name__ == "__main__":
    main()
