"""The load stage's fast paths give what the exact ones give (nothing here is timed).

A clean claim file or registry is read as plain data and built without its
node tree; a path in seeds/ named plainly is checked with one lstat; the
schema's common rules are checked by one predicate each. For each, the
exact way is still there (for anything unusual), and these tests compare
the two on many inputs: damaged copies of the real files, and odd names,
links and folders. The YAML reader itself is compared in test_yamlsafe.py.
"""

from __future__ import annotations

import os
import random
import shutil
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_perf_design import mutated
from test_yamlsafe import damaged, yaml_like

from generator import claims, registry, schema
from generator.model import Source
from generator.yamlsafe import load_bytes

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixture"
CLAIMS = [p.read_text("utf-8") for p in sorted((REPO / "claims").glob("*.yml"))]
# Lines a damaged claim may gain: fields the real claims lack, and values that are wrong.
EXTRA_LINES = ["occurrence: 2", "occurrence: '2'", "note: <b>x</b>", "note: '[a](javascript:x)'", "prefix: x",
               "suffix: ''", "source: nope", "stance: supports", "stance: contradicts", "verdict: disputed",
               "verdict: supported", "tags: [a, a]", "date: 2025-02-30", "claimant: x", "summary: <i>",
               "unknown: 1"]


def _claim_text(r: random.Random) -> str:
    text = r.choice(CLAIMS)
    if r.random() < 0.5:
        lines = text.split("\n")
        lines.insert(r.randrange(1, len(lines)), r.choice(["", "    ", "  - "]) + r.choice(EXTRA_LINES))
        text = "\n".join(lines)
    return damaged(r, text) if r.random() < 0.6 else text


def _exactly(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, load: Any) -> Any:
    """What `load()` gives with the fast path `module.name` answering None (the exact way)."""
    with monkeypatch.context() as patch:
        patch.setattr(module, name, lambda *args: None)
        return load()


def _sources(loaded: tuple[dict[str, Source] | None, list[Any]]) -> tuple[Any, list[Any]]:
    """A loaded registry, comparable (a SourceText compares by identity)."""
    found, diagnostics = loaded
    if found is None:
        return None, diagnostics
    return {k: (s.id, s.file, s.title, s.outlet, s.url, s.published, s.sha256, s.notes, s.pos, s.sha_pos,
                s.actual_sha256, s.text.text if s.text else None) for k, s in found.items()}, diagnostics


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False),
       st.sampled_from(["claims/x.yml", "claims/Bad_Name.yml", "claims/index.yml"]))
def test_a_clean_claim_loads_as_the_exact_way_loads_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, r: random.Random, rel: str) -> None:
    sources = registry.load_registry(REPO)[0]
    (tmp_path / "claims").mkdir(exist_ok=True)
    (tmp_path / rel).write_text(_claim_text(r), "utf-8")
    fast = claims.load_claim(tmp_path, rel, sources)
    assert fast == _exactly(monkeypatch, claims, "_clean_claim", lambda: claims.load_claim(tmp_path, rel, sources))
    assert claims.load_claim(tmp_path, rel, None) == _exactly(
        monkeypatch, claims, "_clean_claim", lambda: claims.load_claim(tmp_path, rel, None))


def test_the_real_claims_take_the_fast_path_and_give_what_the_exact_way_gives(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for root in (REPO, FIXTURE):
        sources = registry.load_registry(root)[0]
        files = claims.find_claim_files(root)[0]
        assert all(claims._clean_claim(rel, claims._claim_bytes(root, rel), sources) for rel in files)
        loaded = [claims.load_claim(root, rel, sources) for rel in files]
        assert loaded == _exactly(monkeypatch, claims, "_clean_claim",
                                  lambda: [claims.load_claim(root, rel, sources) for rel in files])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False))
def test_a_clean_registry_loads_as_the_exact_way_loads_it(
        project: Path, monkeypatch: pytest.MonkeyPatch, r: random.Random) -> None:
    path = project / registry.REGISTRY
    text = (FIXTURE / registry.REGISTRY).read_text("utf-8")
    path.write_text(damaged(r, text) if r.random() < 0.8 else text, "utf-8")
    fast = registry.load_registry(project)
    assert _sources(fast) == _sources(_exactly(monkeypatch, registry, "load_plain",
                                               lambda: registry.load_registry(project)))


def test_the_fixture_registry_takes_the_fast_path() -> None:
    data = (FIXTURE / registry.REGISTRY).read_bytes()
    plain = registry.load_plain(data, registry.MAX_REGISTRY_BYTES)
    assert plain is not None and schema.valid_as_text(plain.value, "sources")


# --- seeds/: one lstat for a plainly named file --------------------------------------------

def _slow_text_check(file: str) -> str | None:
    """The text checks of `unsafe_path`, without the shortcut for plain names."""
    if any(ord(c) < 0x20 or c == "\x7f" for c in file):
        return "control character"
    if file.startswith(("/", "\\")) or PureWindowsPath(file).is_absolute() or PureWindowsPath(file).drive:
        return "absolute"
    if "\\" in file:
        return "backslash"
    if ".." in PurePosixPath(file).parts:
        return "dotdot"
    return None


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("a.:/\\ C\x00é-")), max_size=8))
def test_a_name_without_path_syntax_has_nothing_for_the_text_checks(name: str) -> None:
    if registry._NO_PATH_SYNTAX.fullmatch(name) and not registry._CONTROL.search(name):
        assert _slow_text_check(name) is None
    assert (registry._unsafe_text(name) is None) == (_slow_text_check(name) is None)


def test_the_seed_folder_resolves_every_kind_of_entry_as_pathlib_does(tmp_path: Path) -> None:
    root = tmp_path / "project"
    seeds = root / "seeds"
    (seeds / "sub").mkdir(parents=True)
    (tmp_path / "seeds-private").mkdir()
    (tmp_path / "seeds-private" / "secret.txt").write_text("s")
    for name in ("a.txt", ".hidden.txt", "...", "sub/b.txt", "x y.txt", "C:drive.txt", "back\\slash.txt"):
        (seeds / name).write_text("x")
    (seeds / "inside.txt").symlink_to("a.txt")
    (seeds / "out.txt").symlink_to("../../seeds-private/secret.txt")
    (seeds / "broken.txt").symlink_to("missing.txt")
    (seeds / "loop.txt").symlink_to("loop.txt")
    (seeds / "dir.txt").mkdir()
    folder = registry._SeedFolder(seeds)
    names = ["a.txt", ".hidden.txt", "...", "sub/b.txt", "x y.txt", "C:drive.txt", "back\\slash.txt", "inside.txt",
             "out.txt", "broken.txt", "dir.txt", "missing.txt", "sub", ".", "..", "../seeds/a.txt", "sub/../a.txt"]
    for name in names:
        assert folder.real_path(name) == str((seeds / name).resolve()), name
        assert (registry.unsafe_path(seeds, name) is None) == (
            (seeds / name).resolve().is_relative_to(seeds.resolve()) and _slow_text_check(name) is None), name
        found = folder.plain_stat(name)
        if found is not None:
            assert not (seeds / name).is_symlink() and (seeds / name).exists()
            assert stat.S_ISREG(found.st_mode) == (seeds / name).is_file(), name
    with pytest.raises(RuntimeError):
        folder.real_path("loop.txt")  # as pathlib: a loop is an error, not a path
    assert registry._txt_names(seeds) == [p.name for p in sorted(seeds.glob("*.txt"))]
    assert registry._txt_names(seeds / "a.txt") == [] == [p.name for p in (seeds / "a.txt").glob("*.txt")]


def test_symbolic_links_out_of_seeds_are_still_refused(project: Path) -> None:
    private = project.parent / "seeds-private"
    private.mkdir()
    first = registry.load_registry(project)[0]
    assert first is not None
    name = next(iter(first.values())).file
    target = private / name
    shutil.move(project / "seeds" / name, target)
    os.symlink(os.path.relpath(target, project / "seeds"), project / "seeds" / name)
    diagnostics = registry.load_registry(project)[1]
    assert [d.code for d in diagnostics if d.code == "unsafe-path"] == ["unsafe-path"]


# --- claims/: the stem and the bytes as pathlib gives them ----------------------------------

@pytest.mark.parametrize("rel", ["claims/a-b.yml", "claims/.yml", "claims/a.", "claims/a.b.yml", "claims/x",
                                 "claims/sub/x.yml", "claims//x.yml", "claims/./x.yml", "claims/x.yml/", "x.yml",
                                 "claims/..", "claims/.", "claims/.hidden"])
def test_the_stem_of_a_claim_path_is_pathlibs(rel: str) -> None:
    assert claims._stem(rel) == Path(rel).stem


def test_a_claim_file_is_read_as_pathlib_reads_it(project: Path) -> None:
    rel = claims.find_claim_files(project)[0][0]
    assert claims._claim_bytes(project, rel) == (project / rel).read_bytes()
    (project / "claims" / "big.yml").write_bytes(b"a: 1\n" * (claims.MAX_CLAIM_BYTES // 5 + 1))
    assert claims._claim_bytes(project, "claims/big.yml") is None
    (project / "claims" / "folder.yml").mkdir()
    with pytest.raises(IsADirectoryError):
        claims._claim_bytes(project, "claims/folder.yml")
    with pytest.raises(FileNotFoundError) as missing:
        claims._claim_bytes(project, "claims/missing.yml")
    assert missing.value.filename == str(project / "claims" / "missing.yml")


# --- the schema: joined rules answer as the keyword checks they join ------------------------

@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutated())
def test_the_joined_schema_checks_answer_as_the_keyword_checks(
        monkeypatch: pytest.MonkeyPatch, value: Any) -> None:
    joined = schema._compile(schema._validator("claim").schema)
    with monkeypatch.context() as patch:
        for name in ("_text_check", "_object_check", "_array_check"):
            patch.setattr(schema, name, lambda *args: None)
        keywords = schema._compile(schema._validator("claim").schema)
    assert joined(value) == keywords(value)
    if joined(value):
        assert schema._validator("claim").is_valid(value)


@settings(max_examples=400, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_compiled_plain_conversion_gives_what_to_plain_gives(r: random.Random) -> None:
    text = _claim_text(r) if r.random() < 0.7 else yaml_like(r)
    root = load_bytes("x.yml", text.encode("utf-8", "surrogatepass")).root
    if root is None:
        return
    for name in ("claim", "sources"):
        shape = schema._plain_shape(name)
        assert shape is not None
        assert schema._plain(root, shape) == schema.to_plain(root, schema.load_schema(name), schema.load_schema(name))
