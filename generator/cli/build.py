"""`factsite build`: the site built into site/, replaced whole and at once, one build at a time.

`make site` runs it. MkDocs builds (`mkdocs build --strict`) into a
scratch folder of this build's own, `.site-build-<random>` beside site/:
two builds never share scratch space. Only a build that succeeded
replaces site/, in one step where the system has one: on Linux,
renameat2(RENAME_EXCHANGE) swaps the new folder and site/ atomically, so
site/ is never absent and never half written, even when the build is
killed. Elsewhere two renames do it, and a build interrupted between
them is undone by the next one (site/ is put back first).

Builds of one project take turns: each holds an exclusive lock on
`.site.lock` (fcntl.flock) from before it starts until site/ is replaced;
a second build says it is waiting and waits, up to LOCK_WAIT_SECONDS. The
previous site is deleted after the swap; a file that cannot be deleted
(`chattr +i`, a read-only folder) leaves a warning, never a failed or
blocked build: its folder has a name no later build uses, and later
builds try to remove it again.
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.cli.usage import UsageError, project_folder
from generator.load.sitecheck import PUBLISH_ENV

# The lock file, beside site/: it stays (an empty file), so that every build locks the same inode.
LOCK = ".site.lock"
# Scratch folders: a build's own (its random suffix) and the previous sites waiting for deletion.
SCRATCH_PREFIX = ".site-build-"
OLD_PREFIX = ".site-old-"
# What versions of `make site` before factsite build left after an interruption.
LEGACY_OLD, LEGACY_TMP = ".site-old", ".site-tmp"
# How long a build waits for another build of the same project before it gives up.
LOCK_WAIT_SECONDS = 30 * 60
LOCK_POLL_SECONDS = 0.2
# renameat2(2): relative to the working directory, exchange the two names.
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# errno values that mean "this system or file system cannot exchange": fall back to two renames.
_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def run(args: argparse.Namespace) -> int:
    root = project_folder(args.root)
    config = root / "mkdocs.yml"
    if not config.is_file():
        raise UsageError(f"{root} has no mkdocs.yml to build the site from")
    site = Path(args.site_dir) if Path(args.site_dir).is_absolute() else root / args.site_dir
    try:
        with _Locked(site.parent / LOCK):
            return _build(config, site, args.publish)
    except OSError as exc:  # a read-only folder, a full disk: said plainly, site/ as it was
        print(f"factsite build: {exc.strerror or exc} ({exc.filename}); {FAILED}", file=sys.stderr)
        return 1


# The last line of a failed build: whatever failed, the previous site is there.
FAILED = "the build failed; site/ is unchanged"


def _build(config: Path, site: Path, publish: bool = False) -> int:
    _recover(site)
    scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=site.parent))
    try:
        built = _mkdocs_build(config, scratch, publish)
    except BaseException:  # interrupted: the scratch folder goes, site/ stays
        _remove(scratch)
        raise
    if not built:
        _remove(scratch)
        print(f"factsite build: {FAILED}", file=sys.stderr)
        return 1
    replace(site, scratch)  # a failure here leaves a scratch folder, which the next build removes
    print(f"Site built: {site / 'index.html'} (preview it with: make serve)")
    return 0


class _Locked:
    """An exclusive flock on `path`, waited for (and said so) when another build holds it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd = -1

    def __enter__(self) -> _Locked:
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        waited = 0.0
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if waited == 0.0:
                    print("factsite build: another build of this site is running; waiting for it", file=sys.stderr)
                if waited >= LOCK_WAIT_SECONDS:
                    os.close(self.fd)
                    raise UsageError(
                        f"another build has held {self.path} for {LOCK_WAIT_SECONDS} s; if none is running, try again"
                    ) from None
                time.sleep(LOCK_POLL_SECONDS)
                waited += LOCK_POLL_SECONDS

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)  # closing the descriptor releases the lock


def _mkdocs_build(config: Path, site_dir: Path, publish: bool = False) -> bool:
    """`mkdocs build --strict` of `config` into `site_dir`; its messages go straight to the terminal.
    For the build to publish, the plugin also requires the site's address (load/sitecheck.py)."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(config),
        "--site-dir",
        str(site_dir),
    ]
    env = os.environ | ({PUBLISH_ENV: "1"} if publish else {})
    return subprocess.run(command, cwd=config.parent, env=env).returncode == 0


def replace(site: Path, new: Path) -> None:
    """Put the built folder `new` at `site`, in one step where the system allows; delete the old site."""
    if not site.exists() and not site.is_symlink():
        os.rename(new, site)
        return
    if _exchange(new, site):
        _remove(new)  # `new` is the previous site now
        return
    old = site.parent / f"{OLD_PREFIX}{new.name[len(SCRATCH_PREFIX) :]}"
    os.rename(site, old)
    try:
        os.rename(new, site)
    except OSError:
        os.rename(old, site)
        raise
    _remove(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names `a` and `b` atomically (Linux renameat2); False where that is not possible."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(b))


def _recover(site: Path) -> None:
    """Before a build: put back a site an interrupted swap left aside; clear stale scratch folders.

    Runs under the lock: no other build is using any scratch folder.
    """
    parent = site.parent
    aside = sorted(parent.glob(OLD_PREFIX + "*"), key=lambda p: p.stat().st_mtime) + [parent / LEGACY_OLD]
    if not site.exists():
        for folder in reversed(aside):
            if folder.is_dir():
                os.rename(folder, site)
                break
    for stale in [
        *parent.glob(SCRATCH_PREFIX + "*"),
        *parent.glob(OLD_PREFIX + "*"),
        parent / LEGACY_OLD,
        parent / LEGACY_TMP,
    ]:
        if stale.is_dir() and not stale.is_symlink():
            _remove(stale)


def _remove(folder: Path) -> None:
    """Delete `folder`; what cannot be deleted is named in a warning, and the build goes on."""
    failed: list[str] = []
    shutil.rmtree(folder, onerror=lambda _fn, path, _exc: failed.append(path))
    if failed:
        print(
            f"factsite build: warning: could not delete {len(failed)} path(s) of an old build, e.g. "
            f"{failed[0]}; the new site is in place (remove {folder} by hand)",
            file=sys.stderr,
        )
