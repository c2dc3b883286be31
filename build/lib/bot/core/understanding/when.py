"""A date as students write one, around `bot.core.dates`: typos ("tommorow",
"frday"), Spanish ("mañana", "el viernes") and non-answers ("idk", "whenever")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from rapidfuzz.distance import OSA

from bot.core.dates import MONTHS, WEEKDAYS, parse_date
from bot.core.understanding.nonanswer import non_answer_reason
from bot.core.understanding.reading import Reading, Status
from bot.core.understanding.text import plain

_SPANISH = {
    "manana": "tomorrow",
    "hoy": "today",
    "lunes": "monday",
    "martes": "tuesday",
    "miercoles": "wednesday",
    "jueves": "thursday",
    "viernes": "friday",
    "sabado": "saturday",
    "domingo": "sunday",
    "el": "",
    "este": "this",
    "proximo": "next",
    "proxima": "next",
    "semana": "week",
    "que": "",
    "viene": "",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tomoro": "tomorrow",
}
_KNOWN = (*WEEKDAYS, *MONTHS, "tomorrow", "today", "next", "week", "weeks", "days")


def _spell(word: str) -> str:
    """A misspelt date word put right when only one word is one slip away."""
    if word in _SPANISH:
        return _SPANISH[word]
    if len(word) < 4 or word in _KNOWN or not word.isalpha():
        return word
    if any(name.startswith(word) for name in (*WEEKDAYS, *MONTHS)):
        return word  # "fri", "wed", "dec": the date reader takes these
    near = [k for k in _KNOWN if OSA.distance(word, k) <= (2 if len(k) >= 7 else 1)]
    return near[0] if len(near) == 1 else word


_HEDGES = frozenset(
    {"maybe", "prob", "probably", "probs", "idk", "i", "think", "guess", "ig", "hopefully"}
    | {"like", "around", "about", "lol", "tbh", "or", "so", "um", "umm", "uh", "ok", "just"}
)
_ORDINAL_DAY = re.compile(r"^(?:(?:on|by|before) )?(?:the )?(\d{1,2})(?:st|nd|rd|th)$")


def _day_of_month(phrase: str, today: date) -> date | None:
    """ "the 5th": this month's, or next month's once it has passed."""
    match = _ORDINAL_DAY.match(phrase)
    if not match:
        return None
    day = int(match.group(1))
    year, month = today.year, today.month
    for _ in range(3):  # a month without that day (the 31st) is skipped
        try:
            found = date(year, month, day)
        except ValueError:
            found = None
        if found is not None and found >= today:
            return found
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _reword(words: list[str], today: date) -> date | None:
    """Phrases around the date reader: "this weekend", "pasado mañana", "2 days", "X or Y"."""
    phrase = " ".join(words)
    if phrase in ("asap", "right away", "today asap", "now"):
        return today
    if phrase.endswith(("pasado manana", "day after tomorrow", "pasado tomorrow")):
        return today + timedelta(days=2)
    if "weekend" in words:
        ahead = (5 - today.weekday()) % 7 or (7 if today.weekday() == 5 else 0)
        return today + timedelta(days=ahead + (7 if "next" in words else 0))
    if phrase in ("end of the week", "end of week", "the end of the week", "end of this week"):
        return today + timedelta(days=(4 - today.weekday()) % 7)
    found = _day_of_month(phrase, today)
    if found is not None:
        return found
    if len(words) == 2 and words[1] in ("day", "days", "week", "weeks"):
        return parse_date(f"in {phrase}", today)  # "2 days", "1 week"
    if "or" in words:  # "monday or tuesday": the first
        return parse_date(" ".join(words[: words.index("or")]), today)
    return None


def read_date(text: str, today: date) -> Reading:
    """The date meant (a `date`), a non-answer, or unsure."""
    found = parse_date(text, today)
    if found is not None:
        return Reading(Status.ANSWER, value=found)
    words = [w for w in (_spell(w) for w in plain(text).split()) if w]
    for attempt in (words, [w for w in words if w not in _HEDGES or w == "or"]):
        if not attempt:
            continue
        found = (
            parse_date(" ".join(w for w in attempt if w != "or"), today)
            if ("or" not in attempt)
            else None
        )
        found = found or _reword(attempt, today)
        if found is not None:
            return Reading(Status.ANSWER, value=found)
    reason = non_answer_reason(text)
    if reason is not None:
        return Reading(Status.NOT_ANSWER, reason=reason)
    return Reading(Status.UNSURE)
