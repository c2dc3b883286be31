"""Named actions a lesson step can run (`type: action`, `do: NAME`).

Actions turn what the student answered into changes for the store. Each declares
the `data` keys it needs and the ones it provides, so `orbit lessons check` can
tell whether a lesson gives them what they use.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.store.records import AddPerson, DeleteStudent, RemovePerson, UpdatePerson, new_id

if TYPE_CHECKING:
    from bot.core.turn import Frame, Turn

ActionFn = Callable[["Turn", "Frame"], Awaitable[None]]

PERSON_KEYS = ("person_name", "person_supports", "person_closeness")


@dataclass(frozen=True, slots=True)
class Action:
    run: ActionFn
    needs: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()


def _value(item: Any) -> str:
    return str(item["value"]) if isinstance(item, dict) else str(item)


async def save_person(turn: Turn, frame: Frame) -> None:
    data = frame.data
    person = AddPerson(
        id=new_id(),
        name=data["person_name"],
        domain=_value(data["domain"]),
        supports=tuple(data["person_supports"]),
        closeness=data["person_closeness"],
    )
    turn.change(person)
    data.setdefault("added", []).append(person.name)
    data["last_added"] = person.name
    for key in PERSON_KEYS:
        data.pop(key, None)


async def update_person(turn: Turn, frame: Frame) -> None:
    data = frame.data
    person = data["person"]
    updated = {
        **person,
        **{k: data[k] for k in ("name", "domain", "supports", "closeness") if k in data},
    }
    turn.change(
        UpdatePerson(
            id=person["id"],
            name=updated["name"],
            domain=updated["domain"],
            supports=tuple(updated["supports"]),
            closeness=updated["closeness"],
        )
    )
    data["person"] = updated


async def remove_person(turn: Turn, frame: Frame) -> None:
    turn.change(RemovePerson(id=frame.data["person"]["id"]))


async def delete_everything(turn: Turn, frame: Frame) -> None:
    turn.change(DeleteStudent())
    turn.frames = [frame]  # nothing to go back to: every lesson in progress is gone too


ACTIONS: dict[str, Action] = {
    "save_person": Action(
        save_person, needs=("domain", *PERSON_KEYS), provides=("added", "last_added")
    ),
    "update_person": Action(update_person, needs=("person",)),
    "remove_person": Action(remove_person, needs=("person",)),
    "delete_everything": Action(delete_everything),
}
