"""Reproducible builds: the same input and SOURCE_DATE_EPOCH give the same site, byte for byte.

The repository's own project (claims/, seeds/, docs/, mkdocs.yml) is
copied twice, to folders of different names and depths, with different
file times, and each copy is built by the Makefile's `site` recipe in
its own process (its own hash seed), time zone and locale. The two site/
trees must have the same files with the same bytes. SOURCE_DATE_EPOCH is
what sets the only dates of a build (the sitemap's <lastmod>, and the
gzip header of sitemap.xml.gz, both the epoch's day in UTC): a build at
another epoch differs in those two files and nowhere else.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import REPO, make_site

PROJECT = ("claims", "seeds", "docs", "mkdocs.yml")


def latest_content_day() -> int:
    """Midnight (UTC) of the latest day any claim file gives: no date may be later than
    SOURCE_DATE_EPOCH's day (`future-date`), and the content's dates move on with each edition."""
    days = re.findall(
        r"'([0-9]{4}-[0-9]{2}-[0-9]{2})'", " ".join(p.read_text("utf-8") for p in (REPO / "claims").glob("*.yml"))
    )
    return int(datetime.fromisoformat(max(days)).replace(tzinfo=UTC).timestamp())


EPOCH = latest_content_day()
OTHER_EPOCH = EPOCH + 54 * 86_400  # another day, some weeks later
# As published (the workflows set it): ClaimReview URLs and the sitemap are absolute.
SITE_URL = "https://example.org/factsite/"


def copy_project(dest: Path, mtime: float | None) -> Path:
    dest.mkdir(parents=True)
    for name in PROJECT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, dest / name)
    if mtime is not None:
        for path in dest.rglob("*"):
            os.utime(path, (mtime, mtime))
    return dest


def site_at(root: Path, epoch: int, **extra: str) -> Path:
    """The site `make site` builds of the project at `root`, at SOURCE_DATE_EPOCH `epoch`, as published."""
    result = make_site(root, timeout=300, SOURCE_DATE_EPOCH=str(epoch), SITE_URL=SITE_URL, **extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    tmp = tmp_path_factory.mktemp("reproducible")
    first = site_at(copy_project(tmp / "a", mtime=None), EPOCH, TZ="UTC", PYTHONHASHSEED="1", LC_ALL="C")
    second = site_at(
        copy_project(tmp / "second" / "copy" / "of the project", mtime=86_400.0),
        EPOCH,
        TZ="Pacific/Kiritimati",
        PYTHONHASHSEED="2",
        LC_ALL="C.UTF-8",
    )
    other = site_at(copy_project(tmp / "other", mtime=None), OTHER_EPOCH)
    return first, second, other


def test_two_builds_of_the_same_input_are_byte_identical(builds: tuple[Path, Path, Path]) -> None:
    first, second, _ = builds
    a, b = digests(first), digests(second)
    assert len(a) > 50 and "claims/talks-lasted-nearly-four-hours/index.html" in a
    assert sorted(a) == sorted(b)
    assert [path for path in a if a[path] != b[path]] == []


def test_no_build_path_leaks_into_the_site(builds: tuple[Path, Path, Path]) -> None:
    first, second, _ = builds
    for site in (first, second):
        for path in site.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".css", ".txt"):
                text = path.read_text("utf-8", errors="replace")
                assert str(site.parent) not in text and str(REPO) not in text, path


def test_source_date_epoch_sets_the_sitemap_dates_and_nothing_else(builds: tuple[Path, Path, Path]) -> None:
    first, _, other = builds
    a, c = digests(first), digests(other)
    assert sorted(a) == sorted(c)
    assert [path for path in a if a[path] != c[path]] == ["sitemap.xml", "sitemap.xml.gz"]
    for site, epoch in ((first, EPOCH), (other, OTHER_EPOCH)):
        day = datetime.fromtimestamp(epoch, UTC).date().isoformat()
        sitemap = (site / "sitemap.xml").read_text()
        assert sitemap.count("<url>") > 50
        assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {day}
        packed = (site / "sitemap.xml.gz").read_bytes()
        midnight = int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp())
        assert struct.unpack("<I", packed[4:8])[0] == midnight  # the gzip header's MTIME: that day
        assert gzip.decompress(packed).decode() == sitemap
