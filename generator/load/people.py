"""The desk's people, claims/people.yml: who may sign a fact-check.

A claim names its author and reviewers by id, as its evidence names
sources: a mistyped id is an error with a did-you-mean, never a byline
that prints an id. Without the file, a claim that names anyone gets one
error saying how to start it.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import Diagnostic, Pos
from generator.load.listfile import load_entries
from generator.load.schema import did_you_mean
from generator.model import SLUG, Person

PEOPLE_FILE = "claims/people.yml"

People = dict[str, Person]


def load_people(root: Path) -> tuple[People | None, list[Diagnostic]]:
    """The people under `root`; None when claims/people.yml does not exist or cannot be read."""
    return load_entries(root, PEOPLE_FILE, "people", "the list of people", _person, _bad_id)


def _bad_id(key: str, pos: Pos) -> Diagnostic:
    hint = "an id is lowercase letters, digits and single hyphens, e.g. 'jane-doe'"
    return Diagnostic.at(PEOPLE_FILE, pos, "bad-value", f"{key!r} is not a valid person id", hint)


def _person(key: str, entry: object, pos: Pos) -> Person:
    fields = entry if isinstance(entry, dict) else {}

    def get(name: str) -> str:
        value = fields.get(name)
        return value if isinstance(value, str) else ""

    return Person(key, get("name") or key, get("role"), get("url"), pos)


def check_people(path: str, named: list[tuple[str, Pos]], people: People | None) -> list[Diagnostic]:
    """An `unknown-person` error for each id a claim names (with its place) that is not in the list.

    With no list at all (None), one error per claim file at its first name: the desk has to start one.
    """
    if people is None:
        if not named:
            return []
        return [
            Diagnostic.at(
                path,
                named[0][1],
                "unknown-person",
                f"'{named[0][0]}' is not in {PEOPLE_FILE}, and there is no such file",
                f"create {PEOPLE_FILE}:\npeople:\n  {named[0][0]}:\n    name: ...\n    role: ...",
            )
        ]
    known = sorted(people)
    return [
        Diagnostic.at(
            path,
            pos,
            "unknown-person",
            f"unknown person '{name}'",
            f"{did_you_mean(name, known) or ''} The desk's people are listed in {PEOPLE_FILE}: "
            "add them there first.".lstrip(),
        )
        for name, pos in named
        if name not in people and SLUG.match(name)
    ]
