"""Checks for typed answers (`expect:` on an ask step).

A validator returns the value to save, or raises `Invalid` with the name of an
error template and the data it needs; the turn then explains and asks again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


EXPECTS = ("text", "new_person", "existing_person", "confirm_delete")
NEEDS_PEOPLE = ("new_person", "existing_person")
