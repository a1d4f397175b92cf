"""The source registry's paths: which `file` values in seeds/sources.yml are refused, and why.

A path is refused (unsafe-path) when its text is absolute, has a
backslash, a `..` or a control character, or when it leads out of seeds/
through a symbolic link. The text checks skip a name that has no path
syntax at all; the tests compare that shortcut with the full checks, and
unsafe_path with what pathlib resolves, on every kind of entry.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath, PureWindowsPath

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import registry


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


def test_a_seed_path_is_safe_when_pathlib_resolves_it_inside_seeds(tmp_path: Path) -> None:
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
    (seeds / "dir.txt").mkdir()
    names = [
        "a.txt",
        ".hidden.txt",
        "...",
        "sub/b.txt",
        "x y.txt",
        "C:drive.txt",
        "back\\slash.txt",
        "inside.txt",
        "out.txt",
        "broken.txt",
        "dir.txt",
        "missing.txt",
        "sub",
        ".",
        "..",
        "../seeds/a.txt",
        "sub/../a.txt",
    ]
    for name in names:
        inside = (seeds / name).resolve().is_relative_to(seeds.resolve())
        assert (registry.unsafe_path(seeds, name) is None) == (inside and _slow_text_check(name) is None), name
    assert "through a symbolic link" in (registry.unsafe_path(seeds, "out.txt") or "")


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
