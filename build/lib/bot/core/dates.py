"""Reading a date the way students write one: "Friday", "tomorrow", "in 2 weeks", "12/3".

Pure: every function takes `today`, so tests and time zones stay simple. Returns
None for text that is not a date; callers decide whether a past date is allowed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
# Numbers students spell out ("option two", "in three weeks"), English and Spanish.
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "uno": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
}

_NUMBER_WORDS = {**NUMBER_WORDS, "a": 1}  # "in a week"


def _weekday(word: str) -> int | None:
    word = word.rstrip("s")
    for index, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            return index
    return None


def _month(word: str) -> int | None:
    for index, name in enumerate(MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return index
    return None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _future_year(today: date, month: int, day: int) -> date | None:
    """A month and day with no year: this year, or next year if it has passed."""
    found = _safe(today.year, month, day)
    if found is not None and found < today:
        found = _safe(today.year + 1, month, day)
    return found


def parse_date(text: str, today: date) -> date | None:
    """The date `text` names, or None (also for dates out of range, like "in 9999 weeks")."""
    try:
        return _parse(text, today)
    except (ValueError, OverflowError):
        return None


def _parse(text: str, today: date) -> date | None:
    words = re.sub(r"[,.!]", " ", text.casefold()).split()
    words = [w for w in words if w not in ("on", "by", "the", "this", "before", "of")]
    phrase = " ".join(words)
    if not words:
        return None
    if phrase == "today":
        return today
    if phrase in ("tomorrow", "tmrw", "tmr"):
        return today + timedelta(days=1)
    if phrase in ("next week",):
        return today + timedelta(days=7)
    match = re.fullmatch(r"in (\w+) (days?|weeks?)", phrase)
    if match:
        word = match.group(1)
        count = _NUMBER_WORDS.get(word) or (
            int(word) if word.isascii() and word.isdigit() and len(word) <= 4 else None
        )
        return today + timedelta(days=count * _UNITS[match.group(2)]) if count else None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", phrase)
    if match:
        return _safe(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?", phrase)
    if match:  # US order, as students in US programs write it
        month, day = int(match.group(1)), int(match.group(2))
        if match.group(3):
            year = int(match.group(3))
            return _safe(year + 2000 if year < 100 else year, month, day)
        return _future_year(today, month, day)
    return _weekday_phrase(words, today) or _month_day(words, today)


def _weekday_phrase(words: list[str], today: date) -> date | None:
    later = words[0] == "next"
    rest = words[1:] if later else words
    if len(rest) != 1:
        return None
    index = _weekday(rest[0])
    if index is None:
        return None
    ahead = (index - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead + (7 if later and ahead < 7 else 0))


def _month_day(words: list[str], today: date) -> date | None:
    if len(words) != 2:
        return None
    first, second = words
    month, day_text = (_month(first), second) if _month(first) else (_month(second), first)
    day_text = re.sub(r"(st|nd|rd|th)$", "", day_text)
    if month is None or not (day_text.isascii() and day_text.isdigit()) or len(day_text) > 2:
        return None
    return _future_year(today, month, int(day_text))
