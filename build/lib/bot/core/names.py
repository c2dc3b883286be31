"""Checking a name for someone on a student's map.

Orbit stores a first name, nickname or initials for third parties, never their
contact details: an email address, a phone number or a link is refused with a
reason. Checks return the error template to answer with, or None.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from bot.core.dates import parse_date
from bot.core.escaping import strip_invisible

MAX_NAME_CHARS = 40
MAX_NAME_WORDS = 4

_EMAIL = re.compile(r"\S+@\S+\.\S+")
_HANDLE = re.compile(r"(^|\s)@\w{2,}")
_URL = re.compile(r"(https?://|www\.)|\b[\w-]+\.(com|org|net|edu|io|me|ly|co)\b", re.I)
_DIGIT = re.compile(r"\d")


def clean_name(text: str) -> str:
    """Normalise what a student typed: invisible characters out, spaces folded, and the
    replacement mark of an unreadable byte dropped ("Ana\ufffd" is Ana)."""
    text = unicodedata.normalize("NFC", strip_invisible(text)).replace("\ufffd", "")
    return " ".join(text.split()).strip(" .,;:")


def contact_problem(text: str) -> str | None:
    """An email address, a handle, a link or a phone number anywhere in the text."""
    if _EMAIL.search(text) or _HANDLE.search(text) or _URL.search(text):
        return "errors/name_contact"
    if len(_DIGIT.findall(text)) >= 5:
        return "errors/name_contact"
    return None


def name_problem(name: str, *, contact: bool = True) -> str | None:
    """The error template for a name that cannot be stored, or None. `contact=False`
    when the text it came from was already checked for contact details."""
    if not name:
        return "errors/name_empty"
    found = contact_problem(name) if contact else None
    if found:
        return found
    if len(name) > MAX_NAME_CHARS:
        return "errors/name_too_long"
    if len(name.split()) > MAX_NAME_WORDS:
        return "errors/name_too_many_words"
    if not any(ch.isalpha() or unicodedata.category(ch) == "So" for ch in name):
        return "errors/name_no_letters"
    if _looks_like_a_date(name):
        return "errors/name_is_a_date"
    return None


_WHEN_WORDS = frozenset({"in", "next", "this", "on", "by", "tomorrow", "today", "tonight"})


def _looks_like_a_date(name: str) -> bool:
    """ "in 2 weeks" or "next friday" answers another question (a name like "May" or
    "June" alone is a name: only a when-word or a digit makes it a date)."""
    words = name.casefold().split()
    if words[0] not in _WHEN_WORDS and not _DIGIT.search(name):
        return False
    return parse_date(name, _ANY_DAY) is not None


_ANY_DAY = date(2026, 1, 5)


def same_name(a: str, b: str) -> bool:
    """The same person however it is typed: "Mr. O'Brien" and "mr obrien"."""
    return a.casefold() == b.casefold() or (bool(comparable(a)) and comparable(a) == comparable(b))


def comparable(name: str) -> str:
    """A name without case, accents, punctuation or spacing differences."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if ch.isalnum())
