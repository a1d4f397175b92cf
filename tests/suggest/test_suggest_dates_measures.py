"""The lead finder's dates, calendar, measures, merged leads and appositive speakers, on hand-written passages."""

from __future__ import annotations

from test_suggest_engine import assert_excerpts_resolve, kinds_of, make_project

from generator.suggest.dating import dateline, reference_dates
from generator.suggest.find import find_leads
from generator.suggest.sentences import split_paragraphs


def test_money_is_a_number_in_its_currency_not_a_count() -> None:
    project = make_project({
        "a": "The new bridge over the Varna estuary cost 2.4 billion euros, the regional transport authority said.",
        "b": "The Varna estuary bridge, with a price tag of 2.1 billion euros, is the largest transport project.",
    })  # fmt: skip
    leads = find_leads(project)
    assert kinds_of(leads) == ["number"]
    assert "2.1 billion EUR" in leads[0].description and "2.4 billion EUR" in leads[0].description
    assert_excerpts_resolve(project, leads)


def test_costs_of_different_things_and_different_units_give_no_lead() -> None:
    project = make_project({
        "a": "The Horsk tunnel alone cost 310 million euros and took three years to dig. "
             "The line will carry three-and-a-half million passengers a year.",
        "b": "The maintenance depot at Oskby cost 95 million euros and will employ 120 people. "
             "The line will carry one and a half million tonnes of freight a year.",
    })  # fmt: skip
    assert find_leads(project) == []


def test_a_measure_of_the_same_thing_differs() -> None:
    project = make_project({
        "a": "The operator said the port would handle one and a half million tonnes of grain a year.",
        "b": "Officials expect the port to handle 2.5 million tonnes of grain a year at full capacity.",
    })  # fmt: skip
    leads = find_leads(project)
    assert kinds_of(leads) == ["number"]
    values = leads[0].description.split(":")[0]
    assert values in ("1.5 million t/year vs 2.5 million t/year", "2.5 million t/year vs 1.5 million t/year")


def test_a_date_written_as_the_ninth_of_june_is_compared_with_2_june() -> None:
    project = make_project({
        "a": "The director said the library would reopen on 2 June with the reading room closed.",
        "b": "The library plans to reopen on the ninth of June, its director told reporters.",
    })  # fmt: skip
    leads = find_leads(project)
    assert kinds_of(leads) == ["date"]
    assert "Jun 2" in leads[0].description and "Jun 9" in leads[0].description


def test_weekdays_of_different_events_in_one_story_give_no_lead() -> None:
    project = make_project({
        "a": "Negotiations between the union and the port operator are to resume on Friday, the operator said.",
        "b": "The strike began on Tuesday, after talks between the union and the port operator broke down.",
    })  # fmt: skip
    assert find_leads(project) == []


def test_an_undated_report_reads_its_weekdays_in_the_week_of_the_dated_ones() -> None:
    project = make_project(
        {
            "a": "The festival in Tarvik will continue through Sunday, the organisers said of the week of concerts.",
            "b": "The Tarvik festival of concerts runs from June 12–14, the organisers said.",
        },
        published={"b": "2025-06-12"},  # a Thursday: a's Sunday is June 15, the festival's end by a
    )
    leads = find_leads(project)
    assert kinds_of(leads) == ["date"]
    assert "Sunday (≈2025-06-15)" in leads[0].description and "Jun 12-14" in leads[0].description


def test_a_day_within_a_span_is_no_end_of_it() -> None:
    project = make_project(
        {
            "a": "The festival of concerts in Tarvik opened on Friday with a choir, the organisers said.",
            "b": "The Tarvik festival of concerts runs from June 12–14, the organisers said.",
        },
        published={"a": "2025-06-13", "b": "2025-06-11"},
    )
    assert find_leads(project) == []


def test_a_dateline_is_the_articles_date_and_no_fact() -> None:
    text = "Capital Wire\n\nJune 13 – The festival of concerts in Tarvik opened on Friday."
    line = dateline(text, split_paragraphs(text))
    assert line is not None and line[:3] == (0, 6, 13)
    refs = reference_dates({"a": "", "b": "2025-06-11"}, {"a": line, "b": None})
    assert refs["a"].date == "2025-06-13" and not refs["a"].assumed
    assert dateline("A story\n\nIt rained on June 13 – and then it stopped.", [(0, 7), (9, 51)]) is None


def test_no_calendar_is_assumed_when_the_dated_sources_are_weeks_apart() -> None:
    refs = reference_dates({"a": "2025-01-02", "b": "2025-03-02", "c": ""}, {})
    assert refs["c"].date == "" and not refs["c"].assumed


def test_one_disagreement_told_by_three_sources_is_one_lead_with_three_excerpts() -> None:
    project = make_project({
        "a": "The annual harvest festival parade in Tallinn took place on Saturday under heavy rain.",
        "b": "Crowds lined the streets for the annual harvest festival parade in Tallinn on Sunday morning.",
        "c": "The annual harvest festival parade in Tallinn on Sunday drew thousands despite the rain.",
    })  # fmt: skip
    leads = find_leads(project)
    assert kinds_of(leads) == ["weekday"]
    assert {e.source for e in leads[0].excerpts} == {"a", "b", "c"}
    assert_excerpts_resolve(project, leads)


def test_a_speaker_named_in_apposition_after_a_description() -> None:
    project = make_project({
        "a": "The opposition leader, Marta Keel, called the merger “a threat to affordable medicine” on Monday.",
        "b": "The health minister, Paolo Ricci, called the merger “a threat to affordable medicine” in parliament.",
    })  # fmt: skip
    leads = find_leads(project)
    assert kinds_of(leads) == ["attribution"]
    assert "Marta Keel" in leads[0].description and "Paolo Ricci" in leads[0].description
