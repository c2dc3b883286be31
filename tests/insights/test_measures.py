"""Measures on hand-built maps whose answers are worked out by hand here."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.insights.measures import (
    FLAGS,
    StudentMeasures,
    blau_index,
    cohort_summary,
    growth,
    student_measures,
    weekly_trend,
)
from bot.vocab.records import PersonRecord
from tests.insights.maps import DOMAINS, SUPPORTS, ask, day, person

# Ana's map on day 10: four people, one more added on day 20.
ANA = [
    person("Mom", "family", ("emotional", "advice"), "close", added=0),
    person("Tío Beto", "family", ("career",), "distant", added=2),
    person("Jayden", "peers", ("emotional",), "between", added=5),
    person("Ms. Rivera", "school", ("career", "feedback"), "distant", added=9),
    person("Coach Dee", "work", ("practical",), "close", added=20),
]
ANA_ASKS = [ask("planned"), ask("got_help"), ask("waiting"), ask("not_yet")]


def measure(people, asks=(), *, at=None, **overrides) -> StudentMeasures:
    settings = dict(
        domains=DOMAINS,
        supports=SUPPORTS,
        lessons_done={"mapping", "email"},
        emails_ready=1,
        last_active=day(8),
        at=at or day(10),
    )
    settings.update(overrides)
    return student_measures(people, list(asks), **settings)


def test_a_students_measures_on_a_known_map() -> None:
    m = measure(ANA, ANA_ASKS)
    # Coach Dee was added on day 20, after the date measured.
    assert m.people == 4
    assert m.close_ties == 1  # Mom
    assert m.emotional_ties == 2  # Mom, Jayden
    # emotional, advice, career, feedback: four of the five configured support types
    assert (m.supports_covered, m.supports_total) == (4, 5)
    assert (m.domains_covered, m.domains_total) == (3, 7)
    # family 2/4, peers 1/4, school 1/4: 1 - (1/4 + 1/16 + 1/16) = 0.625
    assert m.diversity == pytest.approx(1 - (0.5**2 + 0.25**2 + 0.25**2))
    assert m.diversity == pytest.approx(0.625)
    assert m.career_ties == 2  # Tío Beto, Ms. Rivera
    assert m.distant_ties == 2  # the same two
    assert (m.asks_planned, m.asks_made, m.asks_got_help) == (4, 2, 1)
    assert (m.emails_ready, m.lessons_done) == (1, 2)
    assert m.last_active == day(8)
    assert m.days_since_active == 2


def test_later_on_the_same_map_counts_the_new_person() -> None:
    m = measure(ANA, at=day(21))
    assert m.people == 5
    assert m.close_ties == 2
    assert (m.supports_covered, m.domains_covered) == (5, 4)
    # family 2/5, the others 1/5 each: 1 - (4 + 1 + 1 + 1) / 25 = 0.72
    assert m.diversity == pytest.approx(0.72)


def test_a_map_spread_evenly_reaches_the_top_of_the_index() -> None:
    people = [person(f"P{i}", d.value, added=0) for i, d in enumerate(DOMAINS)]
    assert measure(people).diversity == pytest.approx(1 - 1 / 7)


def test_blau_index_edges() -> None:
    assert blau_index([]) == 0.0
    assert blau_index([0, 0]) == 0.0
    assert blau_index([5]) == 0.0
    assert blau_index([1, 1]) == pytest.approx(0.5)
    assert blau_index([3, 1]) == pytest.approx(1 - (0.75**2 + 0.25**2))


def test_an_empty_map_and_a_student_never_active() -> None:
    m = measure([], last_active=None, lessons_done=set(), emails_ready=0)
    assert (m.people, m.domains_covered, m.supports_covered, m.diversity) == (0, 0, 0, 0.0)
    assert (m.domains_total, m.supports_total) == (7, 5)
    assert m.days_since_active is None


def test_values_no_longer_configured_count_as_people_but_not_coverage() -> None:
    people = [
        person("Kai", "gaming_club", ("emotional", "snacks"), "close", added=0),
        person("Mom", "family", ("emotional",), "close", added=0),
    ]
    m = measure(people)
    assert m.people == 2
    assert (m.domains_covered, m.supports_covered) == (1, 1)
    assert m.diversity == 0.0  # only family counts towards the index


def test_totals_follow_the_configured_lists() -> None:
    m = measure(ANA, domains=DOMAINS[:4], supports=SUPPORTS[:4])
    assert (m.domains_total, m.supports_total) == (4, 4)
    assert m.supports_covered == 3  # career is not configured here


def test_naive_dates_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        measure(ANA, at=datetime(2025, 9, 11))


# --- growth ----------------------------------------------------------------------


def test_growth_names_new_people_first_career_tie_and_new_parts_of_life() -> None:
    people = [
        person("Mom", "family", ("emotional",), "close", added=0),
        person("Jayden", "peers", ("advice",), "between", added=1),
        person("Coach Dee", "activities", ("feedback",), "between", added=12),
        person("Ms. Rivera", "work", ("career",), "distant", added=15),
        person("Priya", "family", ("career",), "close", added=18),
        person("Later", "online", (), "distant", added=40),
    ]
    g = growth(people, since=day(10), until=day(30))
    assert [p.name for p in g.new_people] == ["Coach Dee", "Ms. Rivera", "Priya"]
    assert g.first_career_tie is not None and g.first_career_tie.name == "Ms. Rivera"
    assert g.new_domains == ("activities", "work")  # family already had Mom
    assert g.any


def test_growth_has_no_first_career_tie_when_one_was_there_before() -> None:
    people = [
        person("Tío Beto", "family", ("career",), "close", added=0),
        person("Ms. Rivera", "work", ("career",), "distant", added=15),
    ]
    g = growth(people, since=day(10), until=day(30))
    assert [p.name for p in g.new_people] == ["Ms. Rivera"]
    assert g.first_career_tie is None


def test_no_growth() -> None:
    g = growth([person("Mom", "family", added=0)], since=day(10), until=day(30))
    assert not g.any and g.new_domains == () and g.first_career_tie is None


# --- a cohort --------------------------------------------------------------------


def test_cohort_distribution_shares_and_names() -> None:
    def m(people: int, domains: int, career: int, emotional: int, made: int, active: int | None):
        return StudentMeasures(
            at=day(30),
            people=people,
            close_ties=1,
            emotional_ties=emotional,
            supports_covered=3,
            supports_total=5,
            domains_covered=domains,
            domains_total=7,
            diversity=0.5,
            career_ties=career,
            distant_ties=0,
            asks_planned=made,
            asks_made=made,
            asks_got_help=0,
            emails_ready=0,
            lessons_done=1,
            last_active=None if active is None else day(active),
        )

    rows = [
        ("Ana", m(1, 1, 0, 1, 0, 29)),
        ("Ben", m(2, 2, 1, 0, 1, 20)),
        ("Chloé", m(3, 3, 0, 0, 0, None)),
        ("Dmitri", m(4, 4, 2, 2, 2, 25)),
        ("Esi", m(10, 5, 1, 1, 0, 30)),
    ]
    s = cohort_summary(rows)
    assert s.students == 5
    people = s.distributions["people"]
    # 1 2 3 4 10: median 3; quartiles by linear interpolation at 25% and 75%: 2 and 4
    assert (people.minimum, people.q1, people.median, people.q3, people.maximum) == (
        1,
        2,
        3,
        4,
        10,
    )
    assert people.count == 5
    # Chloé was never active: left out of that distribution only (days: 1, 10, 5, 0)
    days = s.distributions["days_since_active"]
    assert days.count == 4
    assert (days.minimum, days.median, days.maximum) == (0, 3, 10)
    assert [f.key for f in s.flags] == list(FLAGS)
    assert s.flag("few_domains").students == ("Ana", "Ben")
    assert s.flag("few_domains").share == pytest.approx(0.4)
    assert s.flag("no_career").students == ("Ana", "Chloé")
    assert s.flag("no_emotional").students == ("Ben", "Chloé")
    assert s.flag("no_ask_made").students == ("Ana", "Chloé", "Esi")
    assert s.flag("no_ask_made").share == pytest.approx(0.6)


def test_a_cohort_of_one_and_of_none() -> None:
    one = cohort_summary([("Ana", measure(ANA, ANA_ASKS))])
    d = one.distributions["people"]
    assert (d.minimum, d.q1, d.median, d.q3, d.maximum) == (4, 4, 4, 4, 4)
    assert one.flag("no_ask_made").students == ()
    none = cohort_summary([])
    assert none.students == 0 and none.distributions == {}
    assert all(f.share == 0.0 and f.count == 0 for f in none.flags)


# --- weekly trend ------------------------------------------------------------------


def test_weekly_trend_counts_additions_per_iso_week_with_running_totals() -> None:
    ana = [person("A1", "family", added=0), person("A2", "peers", added=2)]  # week 36
    ben = [person("B1", "family", added=1), person("B2", "school", added=15)]  # 36, 38
    empty: list = []
    trend = weekly_trend([ana, ben, empty], until=day(20))
    assert [p.week for p in trend] == ["2025-W36", "2025-W37", "2025-W38"]
    assert [p.start.isoformat() for p in trend] == ["2025-09-01", "2025-09-08", "2025-09-15"]
    assert [p.added for p in trend] == [3, 0, 1]
    assert [p.total for p in trend] == [3, 3, 4]
    assert [p.students_adding for p in trend] == [2, 0, 1]


def test_weekly_trend_window_keeps_earlier_people_in_the_total() -> None:
    maps = [[person("A", "family", added=0), person("B", "family", added=22)]]
    trend = weekly_trend(maps, until=day(30), weeks=2)
    assert [p.week for p in trend] == ["2025-W39", "2025-W40"]
    assert [p.added for p in trend] == [1, 0]
    assert [p.total for p in trend] == [2, 2]


def test_weekly_trend_leaves_out_later_people_and_uses_the_cohort_timezone() -> None:
    # Sunday 7 September 23:30 UTC is already Monday in Tokyo (week 37 there).
    late = PersonRecord(
        id="late",
        name="Late",
        domain="family",
        supports=(),
        closeness="close",
        added_at=day(6, hour=23) + timedelta(minutes=30),
    )
    future = person("Future", "family", added=60)
    utc = weekly_trend([[late, future]], until=day(10))
    assert [(p.week, p.added) for p in utc] == [("2025-W36", 1), ("2025-W37", 0)]
    tokyo = weekly_trend([[late, future]], until=day(10), tz=timezone(timedelta(hours=9)))
    assert [(p.week, p.added) for p in tokyo] == [("2025-W37", 1)]


def test_weekly_trend_of_nothing() -> None:
    assert weekly_trend([[], []], until=day(10)) == []
    with pytest.raises(ValueError):
        weekly_trend([[person("A", "family")]], until=day(10), weeks=0)
