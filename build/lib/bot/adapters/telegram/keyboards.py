"""Inline keyboards for lesson choices, kept stateless: the keyboard is its own state.

A single choice is one button per option; pressing it answers. A multiple choice
("what does Mom give you?") has toggle buttons and a Done button: a toggle only
edits the keyboard (a check mark on the button), and Done sends what is checked.
Because the checked set lives in the message's own keyboard, any worker process can
handle any press and nothing is lost on a restart.

Buttons are numbered because the questions tell students they may type numbers. Done
sends the checked values in one press ("emotional,advice"), which the core reads
against the question that is open, so a Done on an old keyboard is refused like any
stale button.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.messages import Choice

PICK = "c:"  # c:<value>   answer a single choice
TOGGLE = "t:"  # t:<value>   check or uncheck one option of a multiple choice
DONE = "d:"  # d:          send the checked options
CHECK = "✓ "
MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data
# An empty keyboard removes the buttons. PTB drops empty lists when it serialises an
# InlineKeyboardMarkup, so the empty keyboard is passed as a raw API argument.
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


def build(choices: tuple[Choice, ...], *, multi: bool, done_label: str) -> InlineKeyboardMarkup:
    kind = TOGGLE if multi else PICK
    rows = [
        [InlineKeyboardButton(button_text(n, c.label), callback_data=kind + c.value)]
        for n, c in enumerate(choices, start=1)
    ]
    if multi:
        rows.append([InlineKeyboardButton(done_label, callback_data=DONE)])
    return InlineKeyboardMarkup(rows)


@lru_cache(maxsize=512)
def build_json(choices: tuple[Choice, ...], *, multi: bool, done_label: str) -> dict[str, Any]:
    """`build` as the JSON sent to Telegram, cached because questions repeat (do not mutate)."""
    return build(choices, multi=multi, done_label=done_label).to_dict()


def _buttons(markup: InlineKeyboardMarkup | None) -> list[InlineKeyboardButton]:
    return [b for row in (markup.inline_keyboard if markup else ()) for b in row]


def toggled(markup: InlineKeyboardMarkup, value: str) -> InlineKeyboardMarkup:
    """The same keyboard with the option `value` checked or unchecked."""
    rows = []
    for row in markup.inline_keyboard:
        new_row = []
        for button in row:
            if button.callback_data == TOGGLE + value:
                checked = button.text.startswith(CHECK)
                text = button.text.removeprefix(CHECK) if checked else CHECK + button.text
                button = InlineKeyboardButton(text, callback_data=button.callback_data)
            new_row.append(button)
        rows.append(new_row)
    return InlineKeyboardMarkup(rows)


def picked_label(markup: InlineKeyboardMarkup | None, data: str) -> str | None:
    """The label of the button that sent `data`; None if the keyboard has no such button."""
    for button in _buttons(markup):
        if button.callback_data == data:
            return label_of(button.text)
    return None


def checked(markup: InlineKeyboardMarkup | None) -> list[tuple[str, str]]:
    """(value, label) of every checked option of a multiple choice, in keyboard order."""
    return [
        (str(b.callback_data).removeprefix(TOGGLE), label_of(b.text))
        for b in _buttons(markup)
        if str(b.callback_data).startswith(TOGGLE) and b.text.startswith(CHECK)
    ]
