"""A date as students write one, around `bot.core.dates`: typos ("tommorow",
"frday"), Spanish ("mañana", "el viernes") and non-answers ("idk", "whenever")."""

from __future__ import annotations

from datetime import date

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


def read_date(text: str, today: date) -> Reading:
    """The date meant (a `date`), a non-answer, or unsure."""
    found = parse_date(text, today)
    if found is not None:
        return Reading(Status.ANSWER, value=found)
    words = [w for w in (_spell(w) for w in plain(text).split()) if w]
    if words:
        found = parse_date(" ".join(words), today)
        if found is not None:
            return Reading(Status.ANSWER, value=found)
    reason = non_answer_reason(text)
    if reason is not None:
        return Reading(Status.NOT_ANSWER, reason=reason)
    return Reading(Status.UNSURE)
