"""Pagefind's bundle made byte-stable: the same records, indexed twice, give the same files.

Pagefind 1.5.2 writes its filter index in the order of a Rust hash map,
random per process, so two runs on the same records differ in the filter
files, the metadata and the entry file. Here the same records are indexed
by two Pagefind processes through its Python API, both bundles are
canonicalised, and they must be identical file for file, byte for byte,
with nothing lost against what Pagefind wrote. The browser's pagefind.js
reading a canonical bundle is checked in test_pagefindcanon_browser.py.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pagefind.index", reason="Pagefind's Python API (pip pagefind[bin]) is not installed")
from pagefind.index import PagefindIndex  # noqa: E402

from generator.plugin.pagefindcanon import (  # noqa: E402
    ENTRY,
    GZIP_HEADER,
    PAGEFIND_VERSION,
    PagefindFormatError,
    canonicalise,
    decode_file,
)

# Few records: the Python API waits 0.1 s per record. Enough for several values per filter.
RECORDS = 24
VERDICTS = ["Supported", "Refuted", "Misleading", "Unproven"]
# Each Pagefind process seeds its hash map afresh; two runs in the same order are unlikely
# (5 filters of 4 to 7 values), but a few more tries make a false skip vanishingly rare.
TRIES = 4


def records() -> list[dict[str, Any]]:
    """Claims as the site indexes them: meta, several filters with several values, two sorts."""
    out = []
    for i in range(RECORDS):
        verdict = VERDICTS[i % len(VERDICTS)]
        out.append(
            {
                "url": f"/claims/claim-{i}/",
                "content": f"Claim {i} says the water budget rose; checked against report {i % 5} by the desk.",
                "language": "en",
                "meta": {"title": f"Claim {i}", "verdict": verdict},
                "filters": {
                    "verdict": [verdict],
                    "source": [f"Source {i % 6}", f"Source {(i + 1) % 6}"],
                    "tag": [f"tag-{i % 7}", "élection" if i % 3 else "budget"],
                    "claimant": [f"Person {i % 5}"],
                    "year": [str(2018 + i % 6)],
                },
                "sort": {"date": f"2024-01-{1 + i % 28:02d}", "rank": str(i % 9)},
            }
        )
    return out


async def _index(out: Path) -> None:
    async with PagefindIndex() as index:
        for record in records():
            await index.add_custom_record(**record)
        await index.write_files(output_path=str(out))


def index(out: Path) -> Path:
    """The records indexed by a fresh Pagefind process into out."""
    asyncio.run(_index(out))
    return out


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder: its path from folder and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def entry_of(bundle: Path) -> dict[str, Any]:
    return json.loads((bundle / ENTRY).read_bytes())


def meta_of(bundle: Path) -> Any:
    return decode_file(bundle / f"pagefind.{entry_of(bundle)['languages']['en']['hash']}.pf_meta")


def filters_of(bundle: Path) -> dict[str, dict[str, list[int]]]:
    """Each filter's values and their pages, read through the metadata as pagefind.js does."""
    out = {}
    for name, file_hash in meta_of(bundle)[3]:
        filter_name, values = decode_file(bundle / "filter" / f"{file_hash}.pf_filter")
        assert filter_name == name
        out[name] = {value: pages for value, pages in values}
    return out


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two Pagefind runs on the same records that differ (raw), and canonical copies of each."""
    root = tmp_path_factory.mktemp("pagefind")
    first = index(root / "raw-1")
    for attempt in range(TRIES):
        second = index(root / f"raw-2-{attempt}")
        if tree(first) != tree(second):
            break
    else:
        pytest.skip(f"Pagefind wrote the same bytes in {TRIES + 1} runs: no hash-map disorder to undo here")
    out = {"raw-1": first, "raw-2": second}
    for name, raw in list(out.items()):
        canon = root / name.replace("raw", "canon")
        shutil.copytree(raw, canon)
        canonicalise(canon)
        out[name.replace("raw", "canon")] = canon
    return out


def test_two_runs_differ_before_and_are_identical_after(bundles: dict[str, Path]) -> None:
    raw_1, raw_2 = tree(bundles["raw-1"]), tree(bundles["raw-2"])
    assert raw_1 != raw_2
    assert set(raw_1) != set(raw_2)  # the difference is in the names, not only the bytes
    canon_1, canon_2 = tree(bundles["canon-1"]), tree(bundles["canon-2"])
    assert sorted(canon_1) == sorted(canon_2)
    assert [name for name in canon_1 if canon_1[name] != canon_2[name]] == []


def test_pagefind_already_writes_fragments_word_index_and_scripts_stably(bundles: dict[str, Path]) -> None:
    """Upstream's claim (issue #638), checked: what differs is only filters, metadata and entry."""
    raw_1, raw_2 = tree(bundles["raw-1"]), tree(bundles["raw-2"])
    differing = {name for name in set(raw_1) ^ set(raw_2)} | {n for n in raw_1 if n in raw_2 and raw_1[n] != raw_2[n]}
    assert differing
    assert all(n == ENTRY or n.startswith(("filter/", "pagefind.en_")) for n in differing), sorted(differing)
    stable = {n for n in raw_1 if n.startswith(("fragment/", "index/"))}
    assert len([n for n in stable if n.startswith("fragment/")]) == RECORDS
    assert all(raw_2.get(n) == raw_1[n] for n in stable)


def test_canonicalising_leaves_every_other_file_as_pagefind_wrote_it(bundles: dict[str, Path]) -> None:
    raw, canon = tree(bundles["raw-1"]), tree(bundles["canon-1"])
    others = {n for n in raw if not (n == ENTRY or n.startswith(("filter/", "pagefind.en_")))}
    assert others and {n: canon.get(n) for n in others} == {n: raw[n] for n in others}
    assert {n for n in canon if n.startswith("filter/")} != {n for n in raw if n.startswith("filter/")}


def test_nothing_is_lost_every_filter_value_keeps_its_pages(bundles: dict[str, Path]) -> None:
    raw, canon = filters_of(bundles["raw-1"]), filters_of(bundles["canon-1"])
    assert canon == raw
    assert set(canon) == {"verdict", "source", "tag", "claimant", "year"}
    assert canon["verdict"]["Supported"] == list(range(0, RECORDS, len(VERDICTS)))
    assert "élection" in canon["tag"]


def test_the_metadata_keeps_pages_chunks_sorts_and_fields(bundles: dict[str, Path]) -> None:
    raw, canon = meta_of(bundles["raw-1"]), meta_of(bundles["canon-1"])
    assert canon[0] == raw[0] == PAGEFIND_VERSION
    assert canon[1] == raw[1] and canon[2] == raw[2] and canon[5] == raw[5]
    assert dict(map(tuple, canon[4])) == dict(map(tuple, raw[4]))
    assert [s[0] for s in canon[4]] == ["date", "rank"]
    assert [f[0] for f in canon[3]] == sorted(f[0] for f in raw[3])


def test_values_are_in_string_order_and_names_are_the_hash_of_the_content(bundles: dict[str, Path]) -> None:
    bundle = bundles["canon-1"]
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        _, values = decode_file(path)
        assert [v for v, _ in values] == sorted((v for v, _ in values), key=str.encode)
        payload = gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :]
        digest = "".join(f"{b:x}" for b in hashlib.sha1(payload).digest())
        assert path.stem == f"en_{digest[:7]}"
        assert path.read_bytes()[: len(GZIP_HEADER)] == GZIP_HEADER
    meta = bundle / f"pagefind.{entry_of(bundle)['languages']['en']['hash']}.pf_meta"
    payload = gzip.decompress(meta.read_bytes())[len(b"pagefind_dcd") :]
    assert meta.name == f"pagefind.en_{''.join(f'{b:x}' for b in hashlib.sha1(payload).digest())[:10]}.pf_meta"


def test_the_gzip_header_is_pagefinds_and_the_entry_keeps_its_json_layout(bundles: dict[str, Path]) -> None:
    raw, canon = bundles["raw-1"], bundles["canon-1"]
    some_filter = next((raw / "filter").iterdir()).read_bytes()
    assert some_filter[: len(GZIP_HEADER)] == GZIP_HEADER
    raw_entry, canon_entry = (raw / ENTRY).read_text("utf-8"), (canon / ENTRY).read_text("utf-8")
    assert canon_entry.startswith('{"version":"1.5.2","languages":{"en":{"hash":"en_')
    assert not canon_entry.endswith("\n") and "‿" in canon_entry
    assert json.loads(canon_entry)["include_characters"] == json.loads(raw_entry)["include_characters"]


def test_canonicalising_twice_changes_nothing(bundles: dict[str, Path], tmp_path: Path) -> None:
    again = tmp_path / "again"
    shutil.copytree(bundles["canon-1"], again)
    canonicalise(again)
    assert tree(again) == tree(bundles["canon-1"])


def test_a_leftover_filter_file_from_an_earlier_run_is_removed(bundles: dict[str, Path], tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(bundles["raw-1"], bundle)
    (bundle / "filter" / "en_0000000.pf_filter").write_bytes(b"stale")
    canonicalise(bundle)
    assert tree(bundle) == tree(bundles["canon-1"])


def test_another_pagefind_version_is_refused_naming_the_file(bundles: dict[str, Path], tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(bundles["raw-1"], bundle)
    entry = bundle / ENTRY
    entry.write_bytes(entry.read_bytes().replace(b'"version":"1.5.2"', b'"version":"1.6.0"'))
    before = tree(bundle)
    with pytest.raises(PagefindFormatError, match=r"pagefind-entry\.json: Pagefind version '1\.6\.0'"):
        canonicalise(bundle)
    assert tree(bundle) == before  # refused before writing anything


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: data[:-12], r"not a gzip file"),
        (lambda data: gzip.compress(b"pagefind_xyz" + gzip.decompress(data)[12:]), r"does not start with"),
    ],
    ids=["truncated", "no signature"],
)
def test_a_damaged_filter_file_is_refused_naming_it(
    bundles: dict[str, Path], tmp_path: Path, damage: Any, message: str
) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(bundles["raw-1"], bundle)
    victim = sorted((bundle / "filter").glob("*.pf_filter"))[0]
    victim.write_bytes(damage(victim.read_bytes()))
    with pytest.raises(PagefindFormatError, match=rf"{victim.name}: .*{message}"):
        canonicalise(bundle)


def test_a_filter_file_whose_name_is_not_its_hash_is_refused(bundles: dict[str, Path], tmp_path: Path) -> None:
    """A name Pagefind did not make means a naming scheme we do not know: refuse, do not guess."""
    bundle = tmp_path / "bundle"
    shutil.copytree(bundles["canon-1"], bundle)
    first, second = sorted((bundle / "filter").glob("*.pf_filter"))[:2]
    a, b = first.read_bytes(), second.read_bytes()
    first.write_bytes(b)
    second.write_bytes(a)
    with pytest.raises(PagefindFormatError, match=r"\.pf_filter: its name is not the Pagefind 1\.5\.2 hash"):
        canonicalise(bundle)


def test_metadata_of_another_pagefind_version_is_refused_naming_it(bundles: dict[str, Path], tmp_path: Path) -> None:
    """The entry says 1.5.2 but the metadata (well formed, rightly named) says otherwise: refused."""
    cbor2 = pytest.importorskip("cbor2")
    bundle = tmp_path / "bundle"
    shutil.copytree(bundles["canon-1"], bundle)
    old = entry_of(bundle)["languages"]["en"]["hash"]
    meta = meta_of(bundle)
    meta[0] = "1.6.0"
    payload = cbor2.dumps(meta)
    new = "en_" + "".join(f"{b:x}" for b in hashlib.sha1(payload).digest())[:10]
    (bundle / f"pagefind.{old}.pf_meta").unlink()
    (bundle / f"pagefind.{new}.pf_meta").write_bytes(gzip.compress(b"pagefind_dcd" + payload, mtime=0))
    entry = bundle / ENTRY
    entry.write_bytes(entry.read_bytes().replace(old.encode(), new.encode()))
    with pytest.raises(PagefindFormatError, match=rf"pagefind\.{new}\.pf_meta: Pagefind version '1\.6\.0'"):
        canonicalise(bundle)
