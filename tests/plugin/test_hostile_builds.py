"""Builds that cannot half-fail: a failed `make site` leaves the previous site/ byte-identical.

Every golden case of tests/cases/check/ that `factsite check` rejects
(exit 1) is built for real the way `make site` builds (the Makefile's own
`site` recipe, `factsite build`, run on a copy of the fixture project that
already has a built site/), and `mkdocs build --strict` straight into that
site/ as well: both fail, print the case's diagnostics exactly through
MkDocs' log (each record `ERROR   -  path:line:col: severity[code]:
message` and its hint lines), no traceback, and site/ is the same tree,
byte for byte and with the same times, as before.

Then the failures no content check can catch: an exception raised by a
plugin halfway through writing the pages, a page renderer that raises,
a disk that fills up (simulated by a write that fails with ENOSPC, and
for real by a tiny tmpfs), a read-only project folder, and a swap that
was interrupted halfway. After each, site/ is what it was.
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import (
    BIN,
    CASES,
    FIXTURE,
    MAKE_TIMEOUT,
    MAKEFILE,
    TESTS,
    make_env,
    make_site,
    overlay,
    site_project,
    tree,
)

from generator.anchor.project import NON_BLOCKING_CODES

FAILING = [(p, c) for p in CASES if (c := yaml.safe_load(p.read_text("utf-8")))["exit"] == 1]
DIAGNOSTIC = re.compile(
    r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning)\[(?P<code>[a-z0-9-]+)\]: "
)
# MkDocs prints each record of its log as `LEVEL   -  message` (the level padded to 8), perhaps coloured.
# A warning that leaves the site right (anchor.project.NON_BLOCKING_CODES) is logged at INFO.
_NOTICE = r"(?:\x1b\[[0-9;]*m)?[^\n]+?:\d+:\d+: warning\["
LOGGED = re.compile(
    rf"^(?:\x1b\[[0-9;]*m)?(?P<level>ERROR|WARNING|INFO(?= +-  {_NOTICE})) *-  (?:\x1b\[[0-9;]*m)?", re.MULTILINE
)
# MkDocs' own progress notes (`make site` does not pass --quiet): one line each.
INFO = re.compile(rf"^(?:\x1b\[[0-9;]*m)?INFO +-  (?!{_NOTICE}).*\n", re.MULTILINE)
# The last line factsite build prints when a build fails (after its reason, when not MkDocs' own).
FAILED = "the build failed; site/ is unchanged\n"


def mkdocs_into(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` straight into `site`, with no swap to protect it."""
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=MAKE_TIMEOUT,
        env=make_env(),
    )


def leftovers(root: Path) -> list[str]:
    """What a build left beside site/: scratch folders, previous sites (the lock file stays, by design)."""
    return sorted(name for name in os.listdir(root) if name.startswith(".site") and name != ".site.lock")


def no_leftovers(root: Path) -> None:
    assert leftovers(root) == [], sorted(os.listdir(root))


def make_failed() -> str:
    """The end of a failed `make site`'s stderr: factsite build's last line, then make's."""
    return FAILED + f"make: *** [{MAKEFILE}:{site_recipe_line()}: site] Error 1\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project, set up like the repository, with its site built by `make site`."""
    root = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(FIXTURE, root)
    site_project(root)
    result = make_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Site built: {root}/site/index.html (preview it with: make serve)\n" in result.stdout
    # `make site` verifies what it built (factsite verify): every page, link and data file there.
    assert result.stdout.endswith("verified site: 2 claims, 2 sources, 658 links in 24 pages: 0 problems\n")
    assert not LOGGED.search(result.stderr) and "Traceback" not in result.stderr, result.stderr
    assert (root / "site" / "claims" / "death-toll" / "index.html").is_file()
    no_leftovers(root)
    return root


def copy_of(built: Path, where: Path) -> Path:
    root = where / "project"
    shutil.copytree(built, root, symlinks=True)  # copy2: the site's times are kept
    assert tree(root / "site") == tree(built / "site")
    return root


# --- every rejected golden case, built ---------------------------------------------------


def expected(case: dict) -> tuple[str | None, list[str], int]:
    """(the exact text block when the case's output is text, the diagnostic head lines, the error count)."""
    output, args = case["output"], case.get("args") or []
    fmt = args[args.index("--format") + 1] if "--format" in args else "text"
    if fmt == "json":
        found = json.loads(output)
        heads = [
            f"{d['path']}:{d['line']}:{d['column']}: {d['severity']}[{d['code']}]: {d['message']}"
            for d in found["diagnostics"]
        ]
        return None, heads, found["errors"]
    *lines, summary = output.splitlines()
    errors = int(re.search(r"(\d+) errors?", summary)[1])
    if fmt == "github":
        heads = []
        for line in lines:
            m = re.match(r"^::(\w+) file=([^,]*),line=(\d+),col=(\d+),title=([^:]*)::(.*)$", line)
            assert m, line
            message = m[6].split("%0A")[0].replace("%0D", "\r").replace("%25", "%")
            path = m[2].replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
            heads.append(f"{path}:{m[3]}:{m[4]}: {m[1]}[{m[5]}]: {message}")
        return None, heads, errors
    assert not [a for a in args if not a.startswith("-")], "a case that checks only some files"
    return "".join(line + "\n" for line in lines), [line for line in lines if DIAGNOSTIC.match(line)], errors


def unlogged(stderr: str) -> str:
    """`stderr` without MkDocs' level prefixes; each diagnostic must have come with its own level."""
    for record in LOGGED.finditer(stderr):
        head = DIAGNOSTIC.match(stderr[record.end() :])
        assert head is not None, stderr
        level = "INFO" if head["code"] in NON_BLOCKING_CODES else head["severity"].upper()
        assert level == record["level"], stderr
    return LOGGED.sub("", stderr)


def run_case(built: Path, where: Path, path: Path, case: dict) -> dict:
    root = copy_of(built, where)
    overlay(root, case)
    before = tree(root / "site")
    made = make_site(root)
    after_make = tree(root / "site")
    left = leftovers(root)
    direct = mkdocs_into(root, root / "site")
    return {
        "make": made,
        "after_make": after_make,
        "leftovers": left,
        "before": before,
        "direct": direct,
        "after_direct": tree(root / "site"),
    }


@pytest.fixture(scope="module")
def results(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every rejected case built twice (make site, then mkdocs build into site/), two at a time."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {p.stem: pool.submit(run_case, built, tmp_path_factory.mktemp(p.stem), p, c) for p, c in FAILING}
        return {stem: f.result() for stem, f in futures.items()}


def test_the_corpus_of_rejected_inputs_is_large() -> None:
    assert len(FAILING) >= 30


@pytest.mark.parametrize("path,case", FAILING, ids=[p.stem for p, _ in FAILING])
def test_a_rejected_input_fails_the_build_and_leaves_the_previous_site(results: dict, path: Path, case: dict) -> None:
    got = results[path.stem]
    block, heads, errors = expected(case)
    assert heads, "a rejected case names at least one diagnostic"
    summary = (
        f"factsite: {errors} error{'s' * (errors != 1)} in the claims or sources; nothing was built "
        "(run `factsite check` for the same list)\n"
    )
    for name in ("make", "direct"):
        result = got[name]
        assert "Traceback" not in result.stdout + result.stderr, (name, result.stderr)
        logged = INFO.sub("", result.stderr.split("factsite build: " + FAILED)[0])
        # `mkdocs build --quiet` shows MkDocs' errors only: a warning is logged, and not shown.
        shown = heads if name == "make" else [h for h in heads if DIAGNOSTIC.match(h)["severity"] == "error"]
        assert len(LOGGED.findall(logged)) == len(shown), (name, logged)  # one record per diagnostic
        printed = unlogged(logged)
        assert [line for line in printed.splitlines() if DIAGNOSTIC.match(line)] == shown, (name, printed)
        if block is not None and shown == heads:
            assert printed == block, name
        assert summary in result.stdout, (name, result.stdout)
    made = got["make"]
    assert made.returncode != 0
    assert made.stderr.endswith("factsite build: " + make_failed()), made.stderr
    assert "Site built" not in made.stdout
    assert got["direct"].returncode == 1
    assert got["leftovers"] == []
    assert got["after_make"] == got["before"], "make site changed site/"
    assert got["after_direct"] == got["before"], "mkdocs build --strict wrote into site/"


def site_recipe_line() -> int:
    """The Makefile line of the `site` recipe's build command (make names it when the command fails)."""
    lines = MAKEFILE.read_text().splitlines()
    target = next(n for n, line in enumerate(lines) if line.startswith("site:"))
    return next(n for n, line in enumerate(lines[target + 1 :], target + 2) if "factsite build" in line)


# --- failures inside the build ------------------------------------------------------------


def with_hook(root: Path, code: str) -> None:
    """Add a MkDocs hook (a plugin in one file) to the project's mkdocs.yml."""
    (root / "hooks").mkdir()
    (root / "hooks" / "failing.py").write_text(textwrap.dedent(code))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "\nhooks:\n  - hooks/failing.py\n")


def fails_and_keeps_the_site(root: Path, needle: str, **extra: str) -> subprocess.CompletedProcess[str]:
    before = tree(root / "site")
    result = make_site(root, **extra)
    assert result.returncode != 0, result.stdout
    assert needle in result.stderr, result.stderr
    assert result.stderr.endswith(make_failed()), result.stderr
    assert "Site built" not in result.stdout
    assert tree(root / "site") == before
    no_leftovers(root)
    return result


def test_an_exception_in_a_plugin_halfway_through_writing_leaves_the_previous_site(built: Path, tmp_path: Path) -> None:
    root = copy_of(built, tmp_path)
    with_hook(
        root,
        """
        import os
        from pathlib import Path

        pages = 0

        def on_post_page(output, page, config):
            global pages
            pages += 1
            if pages == 6:  # the theme's assets and five pages are written by now
                written = [p for p in Path(config.site_dir).rglob("*") if p.is_file()]
                Path(os.environ["WRITTEN"]).write_text(str(len(written)))
                raise RuntimeError("a plugin failed halfway through the build")
            return output
    """,
    )
    fails_and_keeps_the_site(
        root, "RuntimeError: a plugin failed halfway through the build", WRITTEN=str(tmp_path / "written")
    )
    assert int((tmp_path / "written").read_text()) > 20, "the build had written files when it failed"


def test_a_page_renderer_that_raises_leaves_the_previous_site(built: Path, tmp_path: Path) -> None:
    root = copy_of(built, tmp_path)
    with_hook(
        root,
        """
        import generator.render.plan

        def broken(*args, **kwargs):
            raise ValueError("the claim page renderer broke")

        def on_config(config):
            generator.render.plan.claim_page = broken
    """,
    )
    fails_and_keeps_the_site(root, "ValueError: the claim page renderer broke")


def test_a_disk_that_fills_up_mid_build_leaves_the_previous_site(built: Path, tmp_path: Path) -> None:
    """Every write fails with ENOSPC once 30 files are written: pages, assets and data files alike."""
    root = copy_of(built, tmp_path)
    with_hook(
        root,
        """
        import errno
        import os
        import shutil
        from pathlib import Path

        import mkdocs.utils

        writes = 0

        def full(write):
            def counted(*args, **kwargs):
                global writes
                writes += 1
                if writes > 30:
                    Path(os.environ["WRITTEN"]).write_text(str(writes))
                    raise OSError(errno.ENOSPC, "No space left on device")
                return write(*args, **kwargs)
            return counted

        def on_config(config):
            mkdocs.utils.write_file = full(mkdocs.utils.write_file)
            shutil.copyfile = full(shutil.copyfile)
    """,
    )
    fails_and_keeps_the_site(root, "No space left on device", WRITTEN=str(tmp_path / "written"))
    assert (tmp_path / "written").read_text() == "31"


def namespace_prefix() -> list[str]:
    """A command prefix running in a mount namespace of its own (root, or a user namespace)."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare is not installed: no mount namespace for a real full or read-only disk")
    prefix = [unshare, "--mount", "--propagation", "private"] + ([] if os.geteuid() == 0 else ["--map-root-user"])
    probe = subprocess.run([*prefix, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"no mount namespace here ({probe.stderr.strip()}): no real full or read-only disk")
    return prefix


# Run inside the mount namespace: set up the file system, then `make site`, then report as JSON.
IN_NAMESPACE = """
import json, subprocess, sys
sys.path.insert(0, sys.argv[1])
from conftest import make_site, tree
from pathlib import Path
root = Path(sys.argv[2])
for command in json.loads(sys.argv[3]):
    subprocess.run(command, check=True)
before = tree(root / "site")
result = make_site(root)
print(json.dumps({"status": result.returncode, "stdout": result.stdout, "stderr": result.stderr,
                  "same": tree(root / "site") == before, "entries": sorted(p.name for p in root.iterdir())}))
"""


def in_namespace(root: Path, setup: list[list[str]]) -> dict:
    result = subprocess.run(
        [*namespace_prefix(), sys.executable, "-c", IN_NAMESPACE, str(TESTS), str(root), json.dumps(setup)],
        capture_output=True,
        text=True,
        timeout=MAKE_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def pages_of(path: Path) -> int:
    """The bytes that `path`'s files take on a tmpfs (whole 4 KiB pages)."""
    return sum(-(-p.stat().st_size // 4096) * 4096 for p in path.rglob("*") if p.is_file())


def test_a_real_full_disk_leaves_the_previous_site(built: Path, tmp_path: Path) -> None:
    """The project on a tmpfs with room for it and half a site: the build runs out of space."""
    root = copy_of(built, tmp_path)
    disk = tmp_path / "disk"
    disk.mkdir()
    size = pages_of(root) + pages_of(root / "site") // 2 + 64 * 4096
    got = in_namespace(
        disk / "project",
        [
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)],
            ["cp", "-a", str(root), str(disk / "project")],
        ],
    )
    assert got["status"] != 0, got["stdout"]
    assert "No space left on device" in got["stderr"], got["stderr"]
    assert FAILED in got["stderr"]
    assert got["same"] and [e for e in got["entries"] if e.startswith(".site") and e != ".site.lock"] == [], got


def test_a_read_only_project_folder_leaves_the_previous_site(built: Path, tmp_path: Path) -> None:
    """Nowhere to write the build: it fails at once and site/ stays (a read-only bind mount, even for root)."""
    root = copy_of(built, tmp_path)
    if os.geteuid() != 0:
        root.chmod(0o555)
        try:
            fails_and_keeps_the_site(root, "Permission denied")
        finally:
            root.chmod(0o755)
        return
    got = in_namespace(root, [["mount", "--bind", str(root), str(root)], ["mount", "-o", "remount,bind,ro", str(root)]])
    assert got["status"] != 0, got["stdout"]
    assert "Read-only file system" in got["stderr"], got["stderr"]
    assert FAILED in got["stderr"]
    assert got["same"] and [e for e in got["entries"] if e.startswith(".site") and e != ".site.lock"] == [], got


@pytest.mark.parametrize(
    "aside, scratch",
    [(".site-old-x1y2z3", ".site-build-x1y2z3"), (".site-old", ".site-tmp")],
    ids=["factsite build", "the make recipe before it"],
)
def test_a_swap_interrupted_halfway_is_undone_by_the_next_build(
    built: Path, tmp_path: Path, aside: str, scratch: str
) -> None:
    """Killed between moving site/ aside and moving the new build in: the next run puts site/ back first."""
    root = copy_of(built, tmp_path)
    before = tree(root / "site")
    (root / "site").rename(root / aside)
    (root / scratch).mkdir()
    (root / scratch / "half.html").write_text("half a build")
    overlay(root, {"files": {"claims/broken.yml": "claim: [\n"}})
    result = make_site(root)
    assert result.returncode != 0 and "error[yaml-syntax]" in result.stderr, result.stderr
    assert tree(root / "site") == before
    no_leftovers(root)


def test_a_successful_build_replaces_the_site_whole(built: Path, tmp_path: Path) -> None:
    root = copy_of(built, tmp_path)
    (root / "site" / "stale.html").write_text("a page of an older build")
    claim = root / "claims" / "death-toll.yml"
    claim.write_text(claim.read_text().replace("37 million Chinese died", "Thirty-seven million Chinese died"))
    result = make_site(root)
    assert result.returncode == 0, result.stderr
    assert not (root / "site" / "stale.html").exists()
    assert "Thirty-seven million Chinese died" in (root / "site" / "claims" / "death-toll" / "index.html").read_text()
    no_leftovers(root)
