"""Checks for typed answers (`expect:` on an ask step).

A validator returns the value to save, or raises `Invalid` with the name of an
error template and the data it needs; the turn then explains and asks again. The
kinds of answer a step may expect are registered in `bot/core/answers.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.coaching.ask_check import check_ask
from bot.core.lessons import Option
from bot.core.names import MAX_NAME_CHARS, clean_name, contact_problem, name_problem, same_name
from bot.core.understanding import Reading, Reason, Status, find_person, read_date, read_name
from bot.vocab.records import PersonRecord

DEFAULT_MAX_CHARS = 500


@dataclass
class Invalid(Exception):
    """An answer the step cannot take: say `template`, then ask again (`ask_again`)
    or wait for one of `choices` ("Did you mean ...?", "Which one?")."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    choices: tuple[Option, ...] = ()
    ask_again: bool = True


@dataclass
class NotAnswer(Invalid):
    """Not an answer at all ("idk", a question back, a feeling): `reason` says which,
    so a lesson can route it; without a route the template explains and asks again."""

    reason: Reason = Reason.NON_ANSWER


def _not_answer(
    reading: Reading, template: str, context: dict[str, Any] | None = None
) -> NotAnswer:
    assert reading.reason is not None
    return NotAnswer(
        template, {**(context or {}), "reason": reading.reason.value}, reason=reading.reason
    )


def person_dict(person: PersonRecord) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "domain": person.domain,
        "supports": list(person.supports),
        "closeness": person.closeness,
    }


def free_text(text: str, max_chars: int | None) -> str:
    limit = max_chars or DEFAULT_MAX_CHARS
    if len(text) > limit:
        raise Invalid("errors/too_long", {"limit": limit, "length": len(text)})
    return text


def read_new_person(text: str, people: list[PersonRecord]) -> tuple[str, Reading]:
    """A new person's name taken out of what was typed ("my aunt Rosa" -> "Aunt Rosa"),
    with the reading (its `subject` is set for "does X count?")."""
    cleaned = clean_name(text)
    contact = contact_problem(cleaned)
    if contact:
        raise Invalid(contact, {"limit": MAX_NAME_CHARS})
    reading = read_name(text)
    if reading.status is Status.NOT_ANSWER:
        raise _not_answer(reading, "errors/not_a_name")
    name = clean_name(reading.value) if reading.answered else cleaned
    problem = name_problem(name, contact=name != cleaned)  # the whole text was checked
    if problem:
        raise Invalid(problem, {"limit": MAX_NAME_CHARS})
    for person in people:
        if same_name(person.name, name):
            raise Invalid("errors/name_taken", {"name": person.name})
    return name, reading


def new_person(text: str, people: list[PersonRecord]) -> str:
    return read_new_person(text, people)[0]


def person_choices(people: list[PersonRecord], names: tuple[str, ...]) -> tuple[Option, ...]:
    """Buttons for "which one?": the person's id as the value, their name as the label."""
    return tuple(Option(value=p.id, label=p.name) for p in people if p.name in names)


def existing_person(text: str, people: list[PersonRecord]) -> dict[str, Any]:
    """Someone on the map, found the way students type names; two matches: "which one?"."""
    reading = find_person(text, [p.name for p in people])
    if reading.answered:
        return person_dict(next(p for p in people if p.name == reading.value))
    if reading.candidates:
        raise Invalid(
            "understanding/which_one",
            {"names": list(reading.candidates)},
            choices=person_choices(people, reading.candidates),
            ask_again=False,
        )
    context = {"name": clean_name(text), "names": [p.name for p in people]}
    if reading.status is Status.NOT_ANSWER:
        raise _not_answer(reading, "errors/person_not_found", context)
    raise Invalid("errors/person_not_found", context)


def confirm_delete(text: str) -> str:
    if text.strip().casefold() != "delete":
        raise Invalid("commands/delete_cancelled")
    return "delete"


def person_or_new(text: str, people: list[PersonRecord]) -> dict[str, Any]:
    """Someone on the map (by name, no guessing at typos), or a new name that passes
    the same checks."""
    reading = find_person(text, [p.name for p in people], fuzzy=False)
    if reading.answered:
        person = next(p for p in people if p.name == reading.value)
        return {**person_dict(person), "on_map": True}
    contact = contact_problem(clean_name(text))
    if contact:
        raise Invalid(contact, {"limit": MAX_NAME_CHARS})
    named = read_name(text)
    if named.status is Status.NOT_ANSWER:
        raise _not_answer(named, "errors/not_a_name")
    name = clean_name(named.value) if named.answered else clean_name(text)
    problem = name_problem(name)
    if problem:
        raise Invalid(problem, {"limit": MAX_NAME_CHARS})
    return {"name": name, "on_map": False}


def future_date(text: str, today: date) -> str:
    """A date today or later, as ISO text (frames hold JSON)."""
    reading = read_date(text, today)
    if reading.status is Status.NOT_ANSWER:
        raise _not_answer(reading, "errors/not_a_date")
    found = reading.value if reading.answered else None
    if found is None:
        raise Invalid("errors/not_a_date")
    if found < today:
        raise Invalid("errors/date_past", {"date": found.isoformat()})
    return found.isoformat()


def date_after(text: str, today: date, after: str | None) -> str:
    """A date today or later and after `after` (ISO text), like a follow-up after the ask."""
    found = future_date(text, today)
    if after and found <= after:
        raise Invalid("errors/date_not_after", {"date": found, "after": after})
    return found


def specific_ask(text: str, data: dict[str, Any]) -> str:
    """A specific ask; a vague one gets a concrete suggestion once, then is accepted."""
    text = free_text(text, 500)
    check = check_ask(text)
    if not check.specific and not data.get("_ask_nudged"):
        data["_ask_nudged"] = True
        raise Invalid(
            "errors/ask_vague", {"suggestion": check.suggestion, "missing": list(check.missing)}
        )
    data.pop("_ask_nudged", None)
    return text
