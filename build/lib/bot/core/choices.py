"""Reading an answer to a choice: a button value, or typed words read by
`bot.core.understanding` (numbers, "all of them", synonyms, typos)."""

from __future__ import annotations

from bot.core.lessons import Option
from bot.core.understanding import Reading, Status, read_choice


def pressed_options(
    pressed: str, options: tuple[Option, ...], *, multi: bool
) -> list[Option] | None:
    """The options a button press names, or None for a button of another question."""
    # A multi-answer step may get several values in one press ("emotional,advice").
    values = [v.strip() for v in pressed.split(",")] if multi else [pressed]
    found = [o for o in options if o.value in values]
    return found if found and len(found) == len(set(values)) else None


def read_answer(text: str | None, options: tuple[Option, ...], *, multi: bool) -> Reading:
    """What typed text means for these options (a value, a list of values for `multi`)."""
    return read_choice(text or "", options, multi=multi)


def picked(reading: Reading, options: tuple[Option, ...]) -> list[Option]:
    """The options an answered reading names, in the list's order."""
    values = reading.value if isinstance(reading.value, list) else [reading.value]
    return [o for o in options if o.value in values]


def parse_choice(
    text: str | None, pressed: str | None, options: tuple[Option, ...], *, multi: bool
) -> list[Option] | None:
    """The options the student picked, or None when the answer is not (surely) one."""
    if pressed is not None:
        return pressed_options(pressed, options, multi=multi)
    reading = read_answer(text, options, multi=multi)
    if reading.status is not Status.ANSWER:
        return None
    return picked(reading, options) or None
