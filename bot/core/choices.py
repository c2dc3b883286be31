"""Reading an answer to a choice: a button value, a number, or the option's words."""

from __future__ import annotations

import re

from bot.core.lessons import Option

_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b|&|\+)\s*", re.I)


def _match_one(token: str, options: tuple[Option, ...]) -> Option | None:
    token = token.strip().strip(".!").casefold()
    if not token:
        return None
    if token.isascii() and token.isdigit():  # not "²" or "①", which int() refuses
        index = int(token) - 1 if len(token) <= 3 else -1  # 5,000 digits: int() refuses too
        return options[index] if 0 <= index < len(options) else None
    for option in options:
        if token in (option.value.casefold(), option.label.casefold()):
            return option
    starts = [o for o in options if o.label.casefold().startswith(token) and len(token) >= 3]
    if len(starts) == 1:
        return starts[0]
    words = [o for o in options if token in o.label.casefold().split() and len(token) >= 4]
    return words[0] if len(words) == 1 else None


def parse_choice(
    text: str | None, pressed: str | None, options: tuple[Option, ...], *, multi: bool
) -> list[Option] | None:
    """The options the student picked, or None when the answer matches none."""
    if pressed is not None:
        # A multi-answer step may get several values in one press ("emotional,advice").
        values = [v.strip() for v in pressed.split(",")] if multi else [pressed]
        found = [o for o in options if o.value in values]
        return found if found and len(found) == len(set(values)) else None
    text = (text or "").strip()
    whole = _match_one(text, options)
    if whole is not None:
        return [whole]
    if not multi:
        return None
    tokens = [t for t in _SPLIT.split(text) if t]
    if len(tokens) == 1 and all(p.isascii() and p.isdigit() for p in text.split()):
        tokens = text.split()
    picked: list[Option] = []
    for token in tokens:
        option = _match_one(token, options)
        if option is None:
            return None
        if option not in picked:
            picked.append(option)
    return picked or None
