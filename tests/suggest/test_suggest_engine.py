"""The lead finder (generator/suggest/) on small hand-written passages and on the seeds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import REPO

from generator.anchor.locate import Match, locate
from generator.anchor.project import load_project
from generator.anchor.text import SourceText
from generator.errors import START
from generator.model import Project, Source
from generator.suggest.find import find_leads
from generator.suggest.lead import KINDS, Lead


def make_project(texts: dict[str, str], published: dict[str, str] | None = None) -> Project:
    """An in-memory project of these sources (id → text), with no claims."""
    sources = {}
    for sid, text in texts.items():
        sources[sid] = Source(sid, f"{sid}.txt", sid, "", "", (published or {}).get(sid, ""), "", "", START, START,
                              text=text, body=SourceText(text))  # fmt: skip
    return Project("/nowhere", sources, [])


def kinds_of(leads: list[Lead]) -> list[str]:
    return [lead.kind for lead in leads]


def assert_excerpts_resolve(project: Project, leads: list[Lead]) -> None:
    for lead in leads:
        assert len(lead.excerpts) >= 2
        for e in lead.excerpts:
            body = project.sources[e.source].body
            result = locate(body, e.quote, occurrence=e.occurrence)
            assert isinstance(result, Match), (lead.description, e)
            assert (result.start, result.end) == (e.start, e.end)
            assert body.text[e.start : e.end] == e.quote


def test_a_duration_given_two_ways_is_a_lead_with_both_excerpts() -> None:
    project = make_project({
        "a": "The two presidents met in Geneva on the lake shore. After nearly four hours of talks, the president "
             "said the meeting had been useful.",
        "b": "During a three-and-a-half hour meeting in Geneva, the presidents agreed to meet again next spring.",
    })  # fmt: skip
    leads = find_leads(project)
    assert kinds_of(leads) == ["duration"]
    assert leads[0].description.startswith("nearly 4 h vs 3.5 h")
    assert {e.quote for e in leads[0].excerpts} == {
        "After nearly four hours of talks",
        "During a three-and-a-half hour meeting in Geneva",
    }
    assert 0 < leads[0].score <= 1
    assert_excerpts_resolve(project, leads)


def test_counts_of_the_same_thing_differ_but_different_things_do_not() -> None:
    project = make_project({
        "a": "The flood destroyed 120 homes in the valley of Ardenne, officials said on the radio.",
        "b": "Officials in Ardenne said the flood destroyed 150 homes in the valley and damaged 40 bridges.",
    })  # fmt: skip
    leads = find_leads(project)
    assert kinds_of(leads) == ["count"]
    assert "120 vs 150" in leads[0].description and "homes" in leads[0].description
    # The excerpt on b's side carries 150 homes only, not the bridges.
    assert any(e.quote.endswith("150 homes in the valley") for e in leads[0].excerpts)


def test_compatible_bounds_are_at_most_a_weak_lead_and_equal_durations_none() -> None:
    project = make_project({
        "a": "More than two dozen foreign leaders attended the parade in Lisbon, and a 72-hour truce began.",
        "b": "The parade in Lisbon drew more than 25 leaders of other countries, during a three-day truce.",
    })  # fmt: skip
    leads = find_leads(project)
    assert kinds_of(leads) == ["count"]  # 72 hours and three days are the same: no duration lead
    assert leads[0].score < 0.5


def test_a_weekday_against_another_weekday_of_the_same_event() -> None:
    project = make_project({
        "a": "The annual harvest festival parade in Tallinn took place on Saturday under heavy rain.",
        "b": "Crowds lined the streets for the annual harvest festival parade in Tallinn on Sunday morning.",
    })  # fmt: skip
    leads = find_leads(project)
    assert kinds_of(leads) == ["weekday"]
    assert leads[0].description.startswith("Saturday vs Sunday")


def test_a_weekday_resolved_by_the_article_date_against_a_date() -> None:
    project = make_project(
        {
            "a": "The union's national strike at the ports of Antwerp began on Tuesday at dawn.",
            "b": "The national strike at the ports of Antwerp began on March 5, the union said.",
        },
        published={"a": "2025-03-07"},  # a Friday: "Tuesday" is March 4
    )
    leads = find_leads(project)
    assert kinds_of(leads) == ["date"]
    assert "2025-03-04" in leads[0].description and "Mar 5" in leads[0].description


def test_the_same_words_given_to_two_speakers_is_an_attribution() -> None:
    project = make_project({
        "a": "“We will never abandon the farmers of the northern provinces to the drought,” Maria Lindqvist said.",
        "b": "“We will never abandon the farmers of the northern provinces to this drought,” said Johan Berg.",
    })  # fmt: skip
    leads = find_leads(project)
    assert kinds_of(leads) == ["attribution"]
    assert "Maria Lindqvist" in leads[0].description and "Johan Berg" in leads[0].description
    assert_excerpts_resolve(project, leads)


def test_one_speakers_remark_in_two_wordings_is_a_rendering() -> None:
    project = make_project({
        "a": "“Our cooperation on river protection is a natural choice rooted in shared history,” Mayor Okafor said.",
        "b": "Okafor said: “Shared history has made cooperation on protecting the river a natural continuation.”",
    })  # fmt: skip
    leads = find_leads(project)
    assert kinds_of(leads) == ["rendering"]
    assert leads[0].description.startswith("Mayor Okafor: ")


@pytest.mark.parametrize(
    "texts",
    [
        {  # the same number about different things
            "a": "The council approved 40 new buses for the northern district of Lyon on Monday.",
            "b": "In the northern district of Lyon, 55 teachers went on strike over pay.",
        },
        {  # different meetings, different lengths
            "a": "The finance ministers of Peru met for two hours on the budget.",
            "b": "Chess champions in Oslo played for six hours in the final round.",
        },
        {  # different people say different things
            "a": "“The bridge will open in spring as planned,” engineer Sara Holm said.",
            "b": "“Our orchestra will tour Japan next winter,” conductor Ivo Petrov said.",
        },
    ],
)
def test_sentences_about_different_things_give_no_lead(texts: dict[str, str]) -> None:
    assert find_leads(make_project(texts)) == []


def test_bad_input_gives_leads_or_none_and_no_traceback() -> None:
    long_sentence = " ".join(f"word{k} 12 items" for k in range(2_500))  # about 35,000 characters, no full stop
    project = make_project({
        "empty": "",
        "blank": "   \n\n  \n",
        "other": "Die Gespräche dauerten fast vier Stunden, sagte der Kreml am Donnerstag. 会谈持续了将近四个小时。",
        "long": long_sentence,
        "zeros": "Officials counted 0 million voters, 0.0 billion euros and 00 dozen 1,000,000,000,000,000 trillion.",
        "quotes": "“" * 500 + "«" * 300 + '"' * 301,
    })  # fmt: skip
    start = time.perf_counter()
    leads = find_leads(project)
    assert time.perf_counter() - start < 10
    assert_excerpts_resolve(project, leads)


def test_a_source_without_text_is_skipped() -> None:
    project = make_project(
        {"a": "The flood destroyed 120 homes in Ardenne.", "b": "The flood destroyed 150 homes in Ardenne."}
    )
    project.sources["b"].body = None
    assert find_leads(project) == []


@pytest.fixture(scope="module")
def seeds() -> Project:
    return load_project(Path(REPO))[0]


def test_every_excerpt_of_every_seed_lead_resolves_with_checks_matcher(seeds: Project) -> None:
    leads = find_leads(seeds)
    assert leads
    assert {lead.kind for lead in leads} <= set(KINDS)
    assert_excerpts_resolve(seeds, leads)


def test_the_seeds_give_the_talks_length_and_the_war_dead_near_the_top(seeds: Project) -> None:
    bare = Project(seeds.root, seeds.sources, [])  # as a desk with no claim yet sees them
    top = find_leads(bare)[:15]
    descriptions = [lead.description for lead in top]
    assert any(d.startswith("3.5 h vs nearly 4 h") for d in descriptions)
    assert any(d.startswith("38 million vs 37 million") for d in descriptions)


def test_leads_are_deterministic_and_ranked(seeds: Project) -> None:
    first, second = find_leads(seeds), find_leads(seeds)
    assert first == second
    assert [lead.id for lead in first] == [lead.id for lead in second]
    covered = [lead.covered for lead in first]
    assert covered == sorted(covered)  # uncovered first
    for group in (False, True):
        scores = [lead.score for lead in first if lead.covered == group]
        assert scores == sorted(scores, reverse=True)


def test_filters_by_source_and_kind(seeds: Project) -> None:
    only = find_leads(seeds, sources=["friends-of-steel", "xi-putin-warm-words-kremlin"])
    assert only and all(
        {e.source for e in lead.excerpts} <= {"friends-of-steel", "xi-putin-warm-words-kremlin"} for lead in only
    )
    assert all(lead.kind == "duration" for lead in find_leads(seeds, kinds=["duration"]))
