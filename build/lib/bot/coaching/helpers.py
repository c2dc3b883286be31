"""Who on a student's map could help with a kind of problem, and why.

Plain rules from the research: match what the person gives to what the problem
needs (career questions go to people marked for career/opportunity or advice;
feeling overwhelmed goes to emotional support), then prefer closer ties, except
for careers, where people you know a little often open the most doors.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.vocab.records import PersonRecord

SUPPORTS_FOR_KIND: dict[str, tuple[str, ...]] = {
    "school": ("advice", "feedback", "practical"),
    "career": ("career", "advice"),
    "job": ("career", "advice", "practical"),
    "money": ("practical", "advice"),
    "overwhelmed": ("emotional",),
}
CLOSENESS_ORDER = {"close": 0, "between": 1, "distant": 2}
MAX_SUGGESTIONS = 3


@dataclass(frozen=True, slots=True)
class Suggestion:
    person: PersonRecord
    matches: tuple[str, ...]  # the support types that made them a match, in the kind's order


def suggest_helpers(people: list[PersonRecord], kind: str) -> list[Suggestion]:
    wanted = SUPPORTS_FOR_KIND.get(kind, ())
    found = []
    for person in people:
        matches = tuple(s for s in wanted if s in person.supports)
        if matches:
            found.append(Suggestion(person, matches))
    careers = kind in ("career", "job")

    def rank(s: Suggestion) -> tuple[int, int, int]:
        closeness = CLOSENESS_ORDER.get(s.person.closeness, 1)
        first_need = wanted.index(s.matches[0])
        return (first_need, -len(s.matches), -closeness if careers else closeness)

    return sorted(found, key=rank)[:MAX_SUGGESTIONS]
