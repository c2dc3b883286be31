"""Checks for typed answers (`expect:` on an ask step).

A validator returns the value to save, or raises `Invalid` with the name of an
error template and the data it needs; the turn then explains and asks again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.coaching.ask_check import check_ask
from bot.core.dates import parse_date
from bot.core.names import MAX_NAME_CHARS, clean_name, name_problem, same_name
from bot.store.records import PersonRecord

DEFAULT_MAX_CHARS = 500


@dataclass
class Invalid(Exception):
    template: str
    context: dict[str, Any] = field(default_factory=dict)


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


def new_person(text: str, people: list[PersonRecord]) -> str:
    name = clean_name(text)
    problem = name_problem(name)
    if problem:
        raise Invalid(problem, {"limit": MAX_NAME_CHARS})
    for person in people:
        if same_name(person.name, name):
            raise Invalid("errors/name_taken", {"name": person.name})
    return name


def existing_person(text: str, people: list[PersonRecord]) -> dict[str, Any]:
    name = clean_name(text)
    for person in people:
        if same_name(person.name, name):
            return person_dict(person)
    raise Invalid("errors/person_not_found", {"name": name, "names": [p.name for p in people]})


def confirm_delete(text: str) -> str:
    if text.strip().casefold() != "delete":
        raise Invalid("commands/delete_cancelled")
    return "delete"


def person_or_new(text: str, people: list[PersonRecord]) -> dict[str, Any]:
    """Someone on the map (by name), or a new name that passes the same checks."""
    name = clean_name(text)
    for person in people:
        if same_name(person.name, name):
            return {**person_dict(person), "on_map": True}
    problem = name_problem(name)
    if problem:
        raise Invalid(problem, {"limit": MAX_NAME_CHARS})
    return {"name": name, "on_map": False}


def future_date(text: str, today: date) -> str:
    """A date today or later, as ISO text (frames hold JSON)."""
    found = parse_date(text, today)
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


EXPECTS = (
    "text",
    "new_person",
    "existing_person",
    "person_or_new",
    "confirm_delete",
    "future_date",
    "date_after",
    "specific_ask",
)
