"""Inline keyboards for lesson choices, kept stateless: the keyboard is its own state.

A single choice is one button per option; pressing it answers. A multiple choice
("what does Mom give you?") has toggle buttons and a Done button: a toggle only
edits the keyboard (a check mark on the button), and Done sends what is checked.
Because the checked set lives in the message's own keyboard, any worker process can
handle any press and nothing is lost on a restart.

Keyboards are the Bot API's JSON throughout (built here, read back from the message
a press arrives on), never python-telegram-bot objects: nothing needs them.

Buttons are numbered because the questions tell students they may type numbers. Done
sends the checked values in one press ("emotional,advice"), which the core reads
against the question that is open, so a Done on an old keyboard is refused like any
stale button.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.core.messages import Choice

PICK = "c:"  # c:<value>   answer a single choice
TOGGLE = "t:"  # t:<value>   check or uncheck one option of a multiple choice
DONE = "d:"  # d:          send the checked options
CHECK = "✓ "
MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data
# An empty keyboard removes the buttons.
REMOVE: dict[str, Any] = {"reply_markup": {"inline_keyboard": []}}


@dataclass(frozen=True, slots=True)
class Press:
    """A button press the adapter understood: a pick, a toggle, or Done."""

    kind: str  # PICK, TOGGLE or DONE
    value: str = ""


def parse_press(data: str | None) -> Press | None:
    for kind in (PICK, TOGGLE, DONE):
        if data and data.startswith(kind):
            return Press(kind, data[len(kind) :])
    return None


def fits(choices: tuple[Choice, ...]) -> bool:
    """Whether every option's value fits Telegram's callback_data (else students type)."""
    return all(len((PICK + c.value).encode()) <= MAX_CALLBACK_BYTES for c in choices)


def button_text(number: int, label: str, checked: bool = False) -> str:
    return f"{CHECK if checked else ''}{number}. {label}"


def label_of(text: str) -> str:
    """The option's own label from a button's text (without the check mark and number)."""
    text = text.removeprefix(CHECK)
    number, dot, label = text.partition(". ")
    return label if dot and number.isdigit() else text


Keyboard = dict[str, Any]  # an InlineKeyboardMarkup as the Bot API's JSON


def button(text: str, data: str) -> dict[str, str]:
    return {"text": text, "callback_data": data}


@lru_cache(maxsize=512)
def build_json(choices: tuple[Choice, ...], *, multi: bool, done_label: str) -> Keyboard:
    """The inline keyboard for `choices` as the JSON sent to Telegram, cached because
    questions repeat (do not mutate)."""
    kind = TOGGLE if multi else PICK
    rows = [[button(button_text(n, c.label), kind + c.value)] for n, c in enumerate(choices, 1)]
    if multi:
        rows.append([button(done_label, DONE)])
    return {"inline_keyboard": rows}


def _buttons(markup: Keyboard | None) -> list[dict[str, Any]]:
    return [b for row in (markup or {}).get("inline_keyboard", ()) for b in row]


def toggled(markup: Keyboard, value: str) -> Keyboard:
    """The same keyboard with the option `value` checked or unchecked."""
    rows = []
    for row in markup.get("inline_keyboard", ()):
        new_row = []
        for old in row:
            if old.get("callback_data") == TOGGLE + value:
                text = old["text"]
                checked = text.startswith(CHECK)
                old = {**old, "text": text.removeprefix(CHECK) if checked else CHECK + text}
            new_row.append(old)
        rows.append(new_row)
    return {"inline_keyboard": rows}


def picked_label(markup: Keyboard | None, data: str) -> str | None:
    """The label of the button that sent `data`; None if the keyboard has no such button."""
    for b in _buttons(markup):
        if b.get("callback_data") == data:
            return label_of(b["text"])
    return None


def checked(markup: Keyboard | None) -> list[tuple[str, str]]:
    """(value, label) of every checked option of a multiple choice, in keyboard order."""
    return [
        (str(b["callback_data"]).removeprefix(TOGGLE), label_of(b["text"]))
        for b in _buttons(markup)
        if str(b.get("callback_data")).startswith(TOGGLE) and b["text"].startswith(CHECK)
    ]
