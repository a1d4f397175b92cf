"""requirements.lock pins every package with the sha256 of its files, and make installs nothing else."""

from __future__ import annotations

import re

from conftest import MAKEFILE, REPO


def test_every_pin_has_hashes() -> None:
    text = (REPO / "requirements.lock").read_text("utf-8")
    entries = re.split(r"\n(?=[A-Za-z])", text.split("\n", 1)[1])
    assert len(entries) > 30
    for entry in entries:
        assert re.match(r"^[A-Za-z0-9_.-]+==[^ ]+ \\", entry), entry[:80]
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"no hash for {entry.split()[0]}"


def test_the_install_requires_the_hashes() -> None:
    assert "install --require-hashes -r requirements.lock" in MAKEFILE.read_text("utf-8")
