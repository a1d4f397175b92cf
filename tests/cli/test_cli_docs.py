"""Every `factsite` command has --help with an example and a section in the editor guide."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout

import pytest
from conftest import REPO

from generator.cli.main import COMMANDS, main

GUIDE = REPO / "docs" / "editor-guide.md"


def help_text(command: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    return out.getvalue()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_has_an_example(command: str) -> None:
    text = help_text(command)
    assert re.search(r"^examples?:$", text, re.MULTILINE), f"`factsite {command} --help` shows no example"
    assert re.search(rf"^  factsite {command}\b", text, re.MULTILINE), "the example does not run the command"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_editor_guide_documents_it(command: str) -> None:
    guide = GUIDE.read_text("utf-8")
    assert f"### `factsite {command}`" in guide, f"docs/editor-guide.md has no section for `factsite {command}`"
    section = guide.split(f"### `factsite {command}`", 1)[1].split("\n#", 1)[0]
    assert f"factsite {command}" in section, "the section shows no example of the command"


def test_the_guide_documents_no_command_that_does_not_exist() -> None:
    documented = set(re.findall(r"^### `factsite ([a-z-]+)`", GUIDE.read_text("utf-8"), re.MULTILINE))
    assert documented <= set(COMMANDS)
