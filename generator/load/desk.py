"""The desk's lists that claims refer to: the tag vocabulary and the people.

Both live beside the claims (claims/tags.yml, claims/people.yml) and both
check every claim, so they are read once per build and passed together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import Diagnostic
from generator.load.people import PEOPLE_FILE, People, load_people
from generator.load.tags import TAGS_FILE, Vocabulary, load_tags

# The files of the desk, beside the claim files and not claims themselves.
DESK_FILES = (TAGS_FILE, PEOPLE_FILE)


@dataclass(frozen=True, slots=True)
class Desk:
    """The tag vocabulary and the people; None where the file does not exist or cannot be read."""

    tags: Vocabulary | None = None
    people: People | None = None


def load_desk(root: Path) -> tuple[Desk, list[Diagnostic]]:
    """The desk's lists under `root`, and their files' problems."""
    tags, diagnostics = load_tags(root)
    people, problems = load_people(root)
    return Desk(tags, people), diagnostics + problems
