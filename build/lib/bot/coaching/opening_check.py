"""Give one kind, specific piece of feedback on a rehearsed opening line.

Why: the first sentence of an ask is the hardest to say, and it works best when it does
three things: says who the student is (unless the person knows them well), says what
they want, and leaves room for a no, so saying yes feels free. Practising it once with
feedback makes the real ask easier.

Heuristics (deterministic, offline, English only), each a plain list of phrases:

- ``who``: "I'm ...", "my name is", "this is", "I am", "I'm in your ... class", "from
  your ...", "you taught/coached me"; not needed when the person is close to the student
  (on the map as close, or family), where introducing yourself would be odd.
- ``what``: a request ("could/can/would you", "I was wondering", "I wanted to ask",
  "do you have", "would it be ok", "help", "advice", "question"), or a content word the
  line shares with the planned ask.
- ``room``: a way to say no ("no worries", "no pressure", "if you have time", "if you're
  free", "if not", "totally fine", "when you get a chance", "if that's ok").

``tip`` is the one thing to work on first (what, then who, then room), or None when all
three are there. Known limits: it reads phrases, not tone; a line in another language
gets the "what" tip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WHO = re.compile(
    r"\b(?:i'?m|i am|my name is|this is|it'?s \w+ from|i'?m in your|from your|you (?:taught|"
    r"coached|helped) me|i was in your|i'?m a (?:student|junior|senior|sophomore|freshman))\b"
)
_WHAT = re.compile(
    r"\b(?:could you|can you|would you|will you|could i|can i|may i|i was wondering|"
    r"i wanted to ask|i want to ask|do you have|would it be (?:ok|okay|possible)|help|"
    r"advice|question|ask you|talk to you|look (?:at|over)|show me|teach me)\b"
)
_ROOM = re.compile(
    r"\b(?:no worries|no pressure|no problem if|if you have (?:time|a minute|a sec)|"
    r"if you'?re (?:free|busy|able)|if not|totally (?:fine|ok|okay)|when(?:ever)? you get a "
    r"chance|if that'?s (?:ok|okay|alright|cool)|if it'?s (?:ok|okay)|only if|"
    r"it'?s (?:ok|okay|fine) if)\b"
)
_WORD = re.compile(r"[a-z']+")
_SMALL = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "for",
        "in",
        "on",
        "at",
        "by",
        "and",
        "or",
        "but",
        "my",
        "me",
        "you",
        "your",
        "i",
        "it",
        "is",
        "be",
        "this",
        "that",
        "with",
        "could",
        "would",
        "can",
        "will",
        "do",
        "have",
        "help",
        "please",
        "just",
        "some",
        "any",
        "about",
    ]
)


@dataclass(frozen=True, slots=True)
class OpeningCheck:
    who: bool
    what: bool
    room: bool
    tip: str | None  # "what", "who", "room", or None when the line has all three


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


def check_opening(line: str, ask: str = "", *, knows_well: bool = False) -> OpeningCheck:
    """Does the opening line say who, what, and leave room for no? See the module doc."""
    text = _fold(line)
    content = {w for w in _WORD.findall(_fold(ask)) if len(w) > 3 and w not in _SMALL}
    who = knows_well or bool(_WHO.search(text))
    what = bool(_WHAT.search(text)) or bool(content & set(_WORD.findall(text)))
    room = bool(_ROOM.search(text))
    tip = next(
        (name for name, ok in (("what", what), ("who", who), ("room", room)) if not ok), None
    )
    return OpeningCheck(who=who, what=what, room=room, tip=tip)
