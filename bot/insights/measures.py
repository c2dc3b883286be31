"""What "growth" means, as numbers: per student at a date, per cohort, per week.

The measures follow the social-capital research behind Orbit (DESIGN.md, "Measures"):

- quantity: people on the map;
- quality: close ties, and how many of the configured support types someone covers
  (the issue says "out of four"; `lessons/options.yaml` lists five, so the count is
  always against the configured list and the total travels with the count);
- structure: parts of life (domains) covered out of the configured number, a diversity
  index across them, career/opportunity ties, and distant ties (the "weak ties" that
  often open doors);
- mobilization: asks planned, asks made, asks that got help, emails ready to send;
- engagement: lessons done, last active.

**Diversity index.** `diversity` is the Blau index (also called Gini-Simpson):
``1 - sum(p_d ** 2)`` over the share ``p_d`` of the map's people in each configured part
of life. It reads as "the chance that two people picked at random from the map (with
replacement) come from different parts of life", which a coordinator can explain to a
student without statistics. It is 0 when everyone is in one part of life and at most
``1 - 1/N`` for N configured parts (6/7 ≈ 0.857 for seven): compare it within a program,
where N is the same. We chose it over normalised Shannon entropy because entropy's unit
(nats or bits, then divided by log N) has no such plain reading, and because Blau moves
less for one stray person in a new part of life, so it rewards a map that is actually
spread out rather than one that merely touches many parts once.

Everything here is pure: the caller loads records and passes the lists; nothing is
read or written. Support, closeness and ask-status *values* are the stable stored
values of `options.yaml` (the labels may change); the domain list always comes from the
configured options, never from this module.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from bot.core.lessons import Option
from bot.vocab.records import AskRecord, PersonRecord

CLOSE = "close"  # closeness value of a close tie
DISTANT = "distant"  # closeness value of a distant ("weak") tie
CAREER = "career"  # support value of a career/opportunity tie
EMOTIONAL = "emotional"  # support value of emotional support
ASK_MADE = frozenset({"got_help", "waiting"})  # ask statuses that mean the student asked
ASK_GOT_HELP = "got_help"
FEW_DOMAINS = 2  # "two or fewer parts of life" is flagged in cohort summaries


@dataclass(frozen=True, slots=True)
class StudentMeasures:
    """One student's measures as of `at`.

    `supports_total` and `domains_total` are the sizes of the configured lists, so
    "4 of 5 support types" is always printable. `asks_planned` counts every ask the
    student planned, whatever happened next (an ask made was planned first), so it
    only grows; `asks_made` counts asks with status got_help or waiting.
    """

    at: datetime
    # quantity
    people: int
    # quality
    close_ties: int
    emotional_ties: int
    supports_covered: int
    supports_total: int
    # structure
    domains_covered: int
    domains_total: int
    diversity: float
    career_ties: int
    distant_ties: int
    # mobilization
    asks_planned: int
    asks_made: int
    asks_got_help: int
    emails_ready: int
    # engagement
    lessons_done: int
    last_active: datetime | None
    # who: the language the student is spoken to in (a report shows it beside the name)
    language: str = ""

    @property
    def days_since_active(self) -> int | None:
        if self.last_active is None:
            return None
        return max(0, (self.at - self.last_active).days)


# The numbers a cohort gets a distribution of, in report order: what a student's map
# holds, then what the student did (the report's two student tables follow the same split).
MAP_MEASURES: tuple[str, ...] = (
    "people",
    "close_ties",
    "emotional_ties",
    "supports_covered",
    "domains_covered",
    "diversity",
    "career_ties",
    "distant_ties",
)
ACTION_MEASURES: tuple[str, ...] = (
    "asks_planned",
    "asks_made",
    "asks_got_help",
    "emails_ready",
    "lessons_done",
    "days_since_active",
)
DISTRIBUTED: tuple[str, ...] = MAP_MEASURES + ACTION_MEASURES


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (Orbit compares aware UTC times)")


def people_as_of(people: Iterable[PersonRecord], at: datetime) -> list[PersonRecord]:
    """The people on the map at `at`: those added at or before it.

    People removed since cannot be seen (the store keeps no history of removals), so a
    past date shows today's map minus later additions.
    """
    _require_aware(at, "at")
    return [p for p in people if p.added_at <= at]


def blau_index(counts: Iterable[int]) -> float:
    """``1 - sum(p**2)``: the chance two picks (with replacement) fall in different groups."""
    values = [c for c in counts if c > 0]
    total = sum(values)
    if total == 0:
        return 0.0
    return 1.0 - sum((c / total) ** 2 for c in values)


def student_measures(
    people: Sequence[PersonRecord],
    asks: Sequence[AskRecord],
    *,
    domains: Sequence[Option],
    supports: Sequence[Option],
    lessons_done: set[str],
    emails_ready: int,
    last_active: datetime | None,
    at: datetime,
    language: str = "",
) -> StudentMeasures:
    """Measure one student's map as of `at`.

    People count from their `added_at`; asks, lessons and emails are taken as given
    (the records carry no dates here), so pass what was true at `at`. People whose
    part of life or support type is no longer configured still count as people, but
    not towards coverage or diversity.
    """
    on_map = people_as_of(people, at)
    domain_values = [d.value for d in domains]
    support_values = {s.value for s in supports}
    per_domain = Counter(p.domain for p in on_map if p.domain in domain_values)
    covered_supports = {s for p in on_map for s in p.supports if s in support_values}
    return StudentMeasures(
        at=at,
        people=len(on_map),
        close_ties=sum(p.closeness == CLOSE for p in on_map),
        emotional_ties=sum(EMOTIONAL in p.supports for p in on_map),
        supports_covered=len(covered_supports),
        supports_total=len(support_values),
        domains_covered=len(per_domain),
        domains_total=len(domain_values),
        diversity=blau_index(per_domain.values()),
        career_ties=sum(CAREER in p.supports for p in on_map),
        distant_ties=sum(p.closeness == DISTANT for p in on_map),
        asks_planned=len(asks),
        asks_made=sum(a.status in ASK_MADE for a in asks),
        asks_got_help=sum(a.status == ASK_GOT_HELP for a in asks),
        emails_ready=emails_ready,
        lessons_done=len(lessons_done),
        last_active=last_active,
        language=language,
    )


# --- growth between two dates ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Growth:
    """What changed on one map between `since` (exclusive) and `until` (inclusive).

    `first_career_tie` is the earliest new person who gives career support, and only
    when nobody on the map before `since` did. `new_domains` are parts of life that
    had nobody before `since`, in the order they were first filled.
    """

    since: datetime
    until: datetime
    new_people: tuple[PersonRecord, ...]
    first_career_tie: PersonRecord | None
    new_domains: tuple[str, ...]

    @property
    def any(self) -> bool:
        return bool(self.new_people)


def growth(people: Sequence[PersonRecord], since: datetime, until: datetime) -> Growth:
    """Who is new on the map since a date (a snapshot, the last visit).

    Support types and closeness have no history, so someone already on the map who was
    later edited to give career support does not count as a new career tie.
    """
    _require_aware(since, "since")
    _require_aware(until, "until")
    before = [p for p in people if p.added_at <= since]
    new = sorted(
        (p for p in people if since < p.added_at <= until), key=lambda p: (p.added_at, p.id)
    )
    first_career = None
    if not any(CAREER in p.supports for p in before):
        first_career = next((p for p in new if CAREER in p.supports), None)
    old_domains = {p.domain for p in before}
    new_domains: list[str] = []
    for p in new:
        if p.domain not in old_domains and p.domain not in new_domains:
            new_domains.append(p.domain)
    return Growth(
        since=since,
        until=until,
        new_people=tuple(new),
        first_career_tie=first_career,
        new_domains=tuple(new_domains),
    )


# --- a cohort ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Distribution:
    """Five numbers of one measure across a cohort (quartiles by linear interpolation
    between order statistics, `statistics.quantiles(method="inclusive")`, the same as
    numpy's default). `count` is how many students had a value."""

    count: int
    minimum: float
    q1: float
    median: float
    q3: float
    maximum: float


@dataclass(frozen=True, slots=True)
class Flag:
    """Students a coordinator should look at for one reason, e.g. no career tie.

    `students` holds their names: for coordinators only, never shown to students.
    """

    key: str
    students: tuple[str, ...]
    total: int

    @property
    def count(self) -> int:
        return len(self.students)

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0


# Why a student is flagged, in report order (the words are in prompts/<locale>/insights/).
FLAGS: tuple[str, ...] = ("few_domains", "no_career", "no_emotional", "no_ask_made")


def _flagged(key: str, m: StudentMeasures) -> bool:
    match key:
        case "few_domains":
            return m.domains_covered <= FEW_DOMAINS
        case "no_career":
            return m.career_ties == 0
        case "no_emotional":
            return m.emotional_ties == 0
        case "no_ask_made":
            return m.asks_made == 0
    raise KeyError(key)


def reasons(m: StudentMeasures) -> tuple[str, ...]:
    """The flags (`FLAGS` keys) one student is flagged for, in report order."""
    return tuple(key for key in FLAGS if _flagged(key, m))


@dataclass(frozen=True, slots=True)
class CohortSummary:
    students: int
    distributions: dict[str, Distribution]  # measure name (see DISTRIBUTED) -> five numbers
    flags: tuple[Flag, ...]

    def flag(self, key: str) -> Flag:
        for f in self.flags:
            if f.key == key:
                return f
        raise KeyError(key)


def distribution(values: Sequence[float]) -> Distribution | None:
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) == 1:
        q1 = median = q3 = float(ordered[0])
    else:
        q1, median, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return Distribution(
        count=len(ordered),
        minimum=float(ordered[0]),
        q1=float(q1),
        median=float(median),
        q3=float(q3),
        maximum=float(ordered[-1]),
    )


def cohort_summary(rows: Sequence[tuple[str, StudentMeasures]]) -> CohortSummary:
    """Distributions of every measure and the flagged students, from (name, measures).

    Measures without a value for a student (never active) are left out of that
    measure's distribution; a measure nobody has a value for has no entry.
    """
    distributions: dict[str, Distribution] = {}
    for name in DISTRIBUTED:
        values = [v for _, m in rows if (v := getattr(m, name)) is not None]
        d = distribution(values)
        if d is not None:
            distributions[name] = d
    flags = tuple(
        Flag(key=key, students=tuple(n for n, m in rows if _flagged(key, m)), total=len(rows))
        for key in FLAGS
    )
    return CohortSummary(students=len(rows), distributions=distributions, flags=flags)


# --- weekly trend from add dates ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class WeekPoint:
    """One ISO week of a cohort: people added that week and on all maps by its end.

    `students_adding` is how many students added at least one person that week.
    """

    week: str  # ISO week, e.g. "2025-W41"
    start: date  # its Monday
    added: int
    total: int
    students_adding: int


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_trend(
    maps: Iterable[Sequence[PersonRecord]],
    *,
    until: datetime,
    weeks: int | None = None,
    tz: tzinfo = UTC,
) -> list[WeekPoint]:
    """People added per ISO week across a cohort's maps, and the running total.

    Built only from `added_at` (weeks in `tz`, e.g. the cohort's timezone): people
    removed later are invisible, and edits do not count as growth. The weeks run without
    gaps from the first addition (or the last `weeks` weeks, whose totals still include
    everyone added earlier) to the week of `until`; people added after `until` are left
    out. No additions at all gives an empty list.
    """
    _require_aware(until, "until")
    end = _monday(until.astimezone(tz).date())
    added: Counter[date] = Counter()
    adders: dict[date, int] = Counter()
    for people in maps:
        weeks_of_student = set()
        for p in people:
            if p.added_at <= until:
                week = _monday(p.added_at.astimezone(tz).date())
                added[week] += 1
                weeks_of_student.add(week)
        for week in weeks_of_student:
            adders[week] += 1
    if not added:
        return []
    start = min(added)
    if weeks is not None:
        if weeks < 1:
            raise ValueError("weeks must be at least 1")
        start = max(start, end - timedelta(weeks=weeks - 1))
    total = sum(n for week, n in added.items() if week < start)
    points = []
    week = start
    while week <= end:
        total += added[week]
        year, number, _ = week.isocalendar()
        points.append(
            WeekPoint(
                week=f"{year}-W{number:02d}",
                start=week,
                added=added[week],
                total=total,
                students_adding=adders[week],
            )
        )
        week += timedelta(weeks=1)
    return points
