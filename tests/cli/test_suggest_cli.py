"""`factsite suggest`: which leads are shown, how, and what a mistake says.

The engine (suggest/find.py) is replaced here by a stand-in giving four
leads on the fixture's two real articles (real quotes, real offsets), so
that these tests say what the command does with any leads: the engine's
own tests say which leads it finds. The last tests run the real engine on
the repository's seeds.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, run_factsite

from generator.anchor.locate import Ambiguous, Match, locate
from generator.cli.suggest import find_lead, shown
from generator.cli.usage import UsageError
from generator.load.schema import load_schema
from generator.suggest import find
from generator.suggest.lead import Excerpt, Lead

FRIENDS, TIMES = "friends-of-steel", "moscow-times-2025-05-08"
# Text no output may carry raw: HTML, Markdown, a mention, a terminal escape sequence, a bidi override.
HOSTILE = "<img src=x onerror=alert(1)> **bold** [link](https://evil.example) @desk \x1b[31mred\u202eevil"

Install = Callable[[list[Lead]], None]


def excerpt(root: Path, source: str, quote: str, occurrence: int | None = None, value: str = "") -> Excerpt:
    """An excerpt of the fixture's source at its real offsets (as the engine gives them)."""
    text = (root / "seeds" / f"{source}.txt").read_text("utf-8")
    found = locate(text, quote, occurrence=occurrence)
    assert isinstance(found, Match), (quote, found)
    return Excerpt(source, quote, found.start, found.end, occurrence, value)


def stand_in_leads(root: Path) -> list[Lead]:
    """Four leads as the engine ranks them: the open ones by score, then the one a claim covers."""
    return [
        Lead(
            "weekday",
            "Thursday vs Friday: the day of the Victory Day celebrations",
            0.9,
            (
                excerpt(root, FRIENDS, "Victory Day celebrations on Thursday", value="Thursday"),
                excerpt(root, TIMES, "annual military parade on Friday", value="Friday"),
            ),
        ),
        Lead(
            "weekday",
            "Wednesday vs Thursday: the day of the talks",
            0.7,
            (
                excerpt(root, FRIENDS, "Wednesday", occurrence=1, value="Wednesday"),
                excerpt(root, TIMES, "a visit to the Kremlin on Thursday", value="Thursday"),
            ),
        ),
        Lead(
            "number",
            HOSTILE,
            0.5,
            (
                excerpt(root, FRIENDS, "three-and-a-half hour meeting", value=HOSTILE),
                excerpt(root, TIMES, "27 million Soviet", value="27 million"),
            ),
        ),
        Lead(
            "duration",
            "3.5 h vs no length: the talks",
            0.4,
            (
                excerpt(root, FRIENDS, "During a three-and-a-half hour meeting", value="three-and-a-half hour"),
                excerpt(root, TIMES, "Putin used the Kremlin meeting with Xi on Thursday"),
            ),
            covered_by=("talks-duration",),
        ),
    ]


@pytest.fixture
def install(monkeypatch: pytest.MonkeyPatch) -> Install:
    """Replace the engine's find_leads with one returning `leads` (whatever the project)."""

    def use(leads: list[Lead]) -> None:
        monkeypatch.setattr(find, "find_leads", lambda project, **_: list(leads))

    return use


@pytest.fixture
def leads(project: Path, install: Install) -> list[Lead]:
    found = stand_in_leads(project)
    install(found)
    return found


def suggest(root: Path, *args: str) -> tuple[int, str, str]:
    return run_factsite(root, "suggest", *args)


def test_text_lists_each_lead_with_its_excerpts_and_the_command(project: Path, leads: list[Lead]) -> None:
    status, out, err = suggest(project)
    assert (status, err) == (0, "")
    blocks = out.split("\n\n")
    assert blocks[0] == "4 leads: 3 open, 1 covered by a claim; each is a place to check, not a finding"
    assert blocks[1].splitlines() == [
        f"#1  {leads[0].id}  weekday  score 0.90",
        "    Thursday vs Friday: the day of the Victory Day celebrations",
        "    friends-of-steel: “Victory Day celebrations on Thursday”",
        "    moscow-times-2025-05-08: “annual military parade on Friday”",
        "    start a claim: factsite new SLUG --from-lead 1",
    ]
    assert "    friends-of-steel: “Wednesday” (occurrence 1)" in blocks[2].splitlines()
    # The covered lead comes last, under its heading, with the claim covering it.
    assert blocks[4] == "Already covered by a claim:"
    assert blocks[5].splitlines()[:3] == [
        f"#4  {leads[3].id}  duration  score 0.40",
        "    3.5 h vs no length: the talks",
        "    covered by: talks-duration",
    ]


def test_text_shows_untrusted_text_without_control_characters(project: Path, leads: list[Lead]) -> None:
    _, out, _ = suggest(project)
    assert "\x1b" not in out and "\u202e" not in out
    assert "@desk \\u001b[31mred\\u202eevil" in out
    assert shown("a\n\n  b\tc") == "a b c"
    assert shown("x" * 50, 10) == "x" * 9 + "…"


def test_filters_keep_the_ranks_of_the_whole_list(project: Path, leads: list[Lead]) -> None:
    _, out, _ = suggest(project, "--kind", "duration")
    assert (
        out.startswith("1 lead: 0 open, 1 covered by a claim;")
        and f"#4  {leads[3].id}" in out
        and "--from-lead 4" in out
    )
    _, out, _ = suggest(project, "--new-only")
    assert "#4" not in out and "Already covered" not in out and out.startswith("3 leads: 3 open, 0 covered")
    _, out, _ = suggest(project, "--source", TIMES, "--kind", "weekday", "--kind", "duration")
    assert [line.split()[0] for line in out.splitlines() if line.startswith("#")] == ["#1", "#2", "#4"]


def test_limit_shows_the_first_leads_and_says_so(project: Path, leads: list[Lead]) -> None:
    _, out, _ = suggest(project, "--limit", "2")
    assert out.splitlines()[0] == (
        "4 leads: 3 open, 1 covered by a claim (the first 2 shown; --limit 0 shows all); "
        "each is a place to check, not a finding"
    )
    assert "#2" in out and "#3" not in out
    _, every, _ = suggest(project, "--limit", "0")
    assert "#4" in every


def test_no_lead(project: Path, install: Install) -> None:
    install([])
    status, out, _ = suggest(project, "--format", "text")
    assert status == 0 and out.startswith("no lead: ")


def test_json_follows_its_schema_and_keeps_every_quote_whole(project: Path, leads: list[Lead]) -> None:
    status, out, _ = suggest(project, "--format", "json", "--kind", "weekday")
    assert status == 0
    data = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(load_schema("leads"))
    jsonschema.validate(data, load_schema("leads"))
    assert (data["format"], data["total"], data["open"]) == ("factsite-leads/1", 2, 2)
    first = data["leads"][0]
    assert (first["rank"], first["id"], first["covered_by"]) == (1, leads[0].id, [])
    assert first["excerpts"][0] == {
        "source": FRIENDS,
        "quote": "Victory Day celebrations on Thursday",
        "start": leads[0].excerpts[0].start,
        "end": leads[0].excerpts[0].end,
        "value": "Thursday",
        "source_title": "“Friends of Steel”: Xi and Putin Pledge Closer Ties Ahead of Victory Day",
    }
    assert data["leads"][1]["excerpts"][0]["occurrence"] == 1


def test_the_schema_refuses_what_is_not_a_lead() -> None:
    schema = load_schema("leads")
    lead = {"rank": 1, "id": "L1a2b3c4", "kind": "date", "description": "d", "score": 0.5, "covered_by": []}
    one = {"source": "a", "quote": "q", "start": 0, "end": 1, "value": ""}
    with pytest.raises(jsonschema.ValidationError, match="is too short"):  # a lead has two excerpts or more
        jsonschema.validate(
            {"format": "factsite-leads/1", "total": 1, "open": 1, "leads": [lead | {"excerpts": [one]}]}, schema
        )
    two = {"excerpts": [one, one | {"source": "b"}]}
    jsonschema.validate({"format": "factsite-leads/1", "total": 1, "open": 1, "leads": [lead | two]}, schema)
    with pytest.raises(jsonschema.ValidationError, match="does not match"):
        jsonschema.validate(
            {"format": "factsite-leads/1", "total": 1, "open": 1, "leads": [lead | two | {"id": "1a2b3c4d"}]}, schema
        )


def test_markdown_puts_every_untrusted_text_in_inline_code(project: Path, leads: list[Lead]) -> None:
    status, out, _ = suggest(project, "--format", "markdown")
    assert status == 0 and out.startswith("## Leads: where the sources disagree\n")
    hostile = next(line for line in out.splitlines() if line.startswith("- **#3**"))
    assert hostile.endswith("`<img src=x onerror=alert(1)> **bold** [link](https://evil.example) @desk [31mredevil`")
    assert "\x1b" not in out and "\u202e" not in out
    assert "  - start a claim: `factsite new SLUG --from-lead 3`" in out
    assert "### Already covered by a claim" in out and "  - covered by `talks-duration`" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "weekdays"], "factsite suggest: error: unknown kind 'weekdays' (did you mean 'weekday'?)\n"),
        (["--kind", "colour"], "unknown kind 'colour' (the kinds are number, date, weekday, duration, count,"),
        (["--source", "friends-of-stel"], "unknown source 'friends-of-stel' (did you mean 'friends-of-steel'?)\n"),
        (["--source", "moscow-times"], "unknown source 'moscow-times' (did you mean 'moscow-times-2025-05-08'?)\n"),
        (["--source", "bbc"], "unknown source 'bbc' (the ids are in seeds/sources.yml)\n"),
        (["--limit", "-1"], "--limit must be 0 (every lead) or more, not -1\n"),
    ],
)
def test_a_usage_mistake_is_one_line(project: Path, leads: list[Lead], args: list[str], message: str) -> None:
    status, out, err = suggest(project, *args)
    assert (status, out) == (2, "") and message in err and len(err.splitlines()) == 1


def test_errors_in_the_sources_are_printed_and_the_others_still_give_leads(project: Path, leads: list[Lead]) -> None:
    (project / "seeds" / "friends-of-steel.txt").unlink()
    status, out, err = suggest(project)
    assert status == 1 and out.startswith("4 leads:")  # the stand-in ignores which sources could be read
    assert "seeds/sources.yml:" in err and "error[source-missing]: seeds/friends-of-steel.txt does not exist" in err
    assert err.endswith(
        "factsite suggest: the leads come from the 1 source read (`factsite check` lists every error)\n"
    )


def test_find_lead_by_rank_or_id(project: Path) -> None:
    found = stand_in_leads(project)
    assert find_lead(found, "2").lead is found[1]
    assert find_lead(found, found[3].id).rank == 4
    assert find_lead(found, found[3].id.upper().replace("L", "l", 1)).rank == 4  # typed in another case
    with pytest.raises(UsageError, match=r"there is no lead 5: the sources give 4 leads \(ranks from 1 to 4"):
        find_lead(found, "5")
    with pytest.raises(UsageError, match="there is no lead 0"):
        find_lead(found, "0")
    near = found[0].id[:-1] + ("0" if found[0].id[-1] != "0" else "1")
    with pytest.raises(UsageError, match=f"no lead has the id '{near}' \\(did you mean '{found[0].id}'\\?\\)"):
        find_lead(found, near)
    with pytest.raises(UsageError, match="the sources give no lead"):
        find_lead([], "1")


# --- the real engine, on the repository's seeds ------------------------------------------------


@pytest.fixture(scope="module")
def seeds_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("seeds") / "project"
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "claims", root / "claims")
    return root


def test_on_the_seeds_every_excerpt_resolves_where_the_json_says(seeds_project: Path) -> None:
    status, out, err = suggest(seeds_project, "--format", "json", "--limit", "0")
    assert (status, err) == (0, "")
    data = json.loads(out)
    jsonschema.validate(data, load_schema("leads"))
    assert data["leads"], "the seeds give no lead"
    texts: dict[str, str] = {}
    for lead in data["leads"]:
        for e in lead["excerpts"]:
            text = texts.setdefault(e["source"], (seeds_project / "seeds" / f"{e['source']}.txt").read_text("utf-8"))
            found = locate(text, e["quote"], occurrence=e.get("occurrence"))
            assert isinstance(found, Match) and not isinstance(found, Ambiguous), (lead["id"], e)
            assert (found.start, found.end) == (e["start"], e["end"]), (lead["id"], e)
