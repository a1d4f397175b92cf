"""`factsite build` (what `make site` runs): one build at a time, site/ replaced whole and at once.

These reproduce what an attack on the build found: two builds at once
published an incomplete site and reported success (they shared
`.site-tmp`); site/ was absent for a moment between two renames; one
undeletable file in site/ would wedge every later build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import make_env, site_project, tree

from generator.cli import build


def factsite_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env=make_env(SOURCE_DATE_EPOCH="1795305600"),
    )


@pytest.fixture
def buildable(project: Path) -> Path:
    return site_project(project)


def test_concurrent_builds_take_turns_and_leave_one_complete_site(buildable: Path, tmp_path: Path) -> None:
    first = factsite_build(buildable)
    assert first.returncode == 0, first.stderr
    expected = {rel: entry[1] for rel, entry in tree(buildable / "site").items() if entry[0] == "file"}
    results: list[subprocess.CompletedProcess[str]] = []
    threads = [threading.Thread(target=lambda: results.append(factsite_build(buildable))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr[-500:] for r in results]
    assert any("another build of this site is running; waiting for it" in r.stderr for r in results)
    got = {rel: entry[1] for rel, entry in tree(buildable / "site").items() if entry[0] == "file"}
    assert got == expected  # the same complete site, file for file and byte for byte
    leftovers = [p.name for p in buildable.iterdir() if p.name.startswith((".site-build-", ".site-old"))]
    assert leftovers == []


def test_site_is_never_absent_while_it_is_replaced(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    missing: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            if not (site / "index.html").exists():
                missing.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for n in range(200):
            new = tmp_path / f"{build.SCRATCH_PREFIX}{n}"
            new.mkdir()
            (new / "index.html").write_text(f"build {n}")
            build.replace(site, new)
    finally:
        stop.set()
        watcher.join()
    assert (site / "index.html").read_text() == "build 199"
    assert missing == [], f"site/index.html was missing {len(missing)} times during the swaps"


def test_a_failed_build_leaves_the_site_and_no_scratch_folder(buildable: Path) -> None:
    assert factsite_build(buildable).returncode == 0
    before = tree(buildable / "site")
    claim = buildable / "claims" / "death-toll.yml"
    claim.write_text(claim.read_text().replace("37 million Chinese deaths", "38 million Chinese deaths"))
    failed = factsite_build(buildable)
    assert failed.returncode == 1
    assert failed.stderr.rstrip().endswith("factsite build: the build failed; site/ is unchanged")
    assert "Traceback" not in failed.stderr
    assert tree(buildable / "site") == before
    assert not [p for p in buildable.iterdir() if p.name.startswith(".site-build-")]


def test_a_site_set_aside_by_an_interrupted_swap_is_put_back_first(buildable: Path) -> None:
    assert factsite_build(buildable).returncode == 0
    (buildable / "site").rename(buildable / f"{build.OLD_PREFIX}abc")
    (buildable / f"{build.SCRATCH_PREFIX}xyz").mkdir()
    (buildable / f"{build.SCRATCH_PREFIX}xyz" / "half.html").write_text("half a build")
    claim = buildable / "claims" / "death-toll.yml"
    claim.write_text(claim.read_text().replace("37 million Chinese deaths", "38 million Chinese deaths"))
    failed = factsite_build(buildable)  # fails: the site put back is the one that stays
    assert failed.returncode == 1
    assert (buildable / "site" / "index.html").is_file()
    assert sorted(p.name for p in buildable.iterdir() if p.name.startswith(".site")) == [".site.lock"]


def _immutable(path: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0


def test_an_undeletable_file_in_the_old_site_does_not_wedge_later_builds(buildable: Path) -> None:
    assert factsite_build(buildable).returncode == 0
    pinned = buildable / "site" / "pinned.txt"
    pinned.write_text("x")
    if not _immutable(pinned):
        pytest.skip("chattr +i is not available here (needs root and a file system that has it)")
    try:
        builds = [factsite_build(buildable) for _ in range(2)]
        assert [b.returncode for b in builds] == [0, 0], builds[0].stderr
        assert "could not delete" in builds[0].stderr
        assert (buildable / "site" / "index.html").is_file() and not (buildable / "site" / "pinned.txt").exists()
    finally:
        for left in buildable.glob(f"{build.SCRATCH_PREFIX}*/pinned.txt"):
            subprocess.run(["chattr", "-i", str(left)], check=False)


def test_a_read_only_project_folder_is_a_message_not_a_traceback(buildable: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    buildable.chmod(0o555)
    try:
        result = factsite_build(buildable)
    finally:
        buildable.chmod(0o755)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the build failed; site/ is unchanged" in result.stderr


def test_a_dead_link_or_anchor_in_a_page_fails_the_build_at_its_line(buildable: Path) -> None:
    """Issue 15.1: `make site` (factsite build) published a page linking to a deleted claim."""
    assert factsite_build(buildable).returncode == 0
    before = tree(buildable / "site")
    (buildable / "docs" / "index.md").write_text(
        "# Home\n\nSee [the old claim](claims/gone.md) and\nthe [method](methodology.md#no-such-anchor).\n",
        encoding="utf-8",
    )
    failed = factsite_build(buildable)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1
    assert (
        "docs/index.md:3:21: Doc file 'index.md' contains a link 'claims/gone.md', "
        "but the target is not found among documentation files." in output
    )
    assert "docs/index.md:4:14: Doc file 'index.md' contains a link 'methodology.md#no-such-anchor'" in output
    assert "Aborted with 2 warnings in strict mode!" in output
    assert "factsite build: the build failed; site/ is unchanged" in output
    assert tree(buildable / "site") == before


def test_a_changed_source_whose_quotes_hold_is_told_and_does_not_stop_the_build(buildable: Path) -> None:
    """Issue 15.4: one line appended to a seed stopped the whole site (checksum-mismatch)."""
    seed = buildable / "seeds" / "friends-of-steel.txt"
    seed.write_bytes(seed.read_bytes() + b"\nA line added after the article was saved.\n")
    built = factsite_build(buildable)
    output = built.stdout + built.stderr
    assert built.returncode == 0, output
    assert "error[" not in output
    assert "seeds/sources.yml:" in output
    assert "warning[source-changed]: seeds/friends-of-steel.txt has changed" in output
    assert "factsite sources accept friends-of-steel" in output
    assert (buildable / "site" / "claims" / "talks-duration" / "index.html").is_file()


def test_the_build_to_publish_needs_the_sites_address_and_leaves_the_site_without_it(buildable: Path) -> None:
    assert factsite_build(buildable).returncode == 0  # a local build: relative links are fine
    before = tree(buildable / "site")
    failed = factsite_build(buildable, "--publish")
    assert failed.returncode == 1
    assert "mkdocs.yml:1:1: warning[no-site-url]: a publish build without the site's address" in failed.stderr
    assert tree(buildable / "site") == before
    published = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--publish"],
        cwd=buildable,
        capture_output=True,
        text=True,
        timeout=300,
        env=make_env(SOURCE_DATE_EPOCH="1795305600", SITE_URL="https://desk.example.org/"),
    )
    assert published.returncode == 0, published.stderr
    assert 'href="https://desk.example.org/claims/talks-duration/"' in (buildable / "site" / "feed.xml").read_text()
