"""What a student meant: one platform-neutral place that reads every typed answer.

Each kind of question (yes/no and consent, a person's name, one or more choices,
closeness, a date, free text) is read into a `Reading`: the value the student meant,
"not an answer" with the reason (a non-answer such as "idk", a question back, a
feeling, a request for help, undo/cancel), or "unsure" with the best candidates.
Pure functions over text; no network, no store. Option lists are compiled once
(`prepare`), and every reader tries exact matches before anything fuzzy.

- `read_yes_no(text)`                         yesno.py
- `read_choice(text, options, multi=...)`     choice.py (numbers, "all", synonyms, typos)
- `read_name(text)`                           people.py
- `find_person(text, names)`                  finding.py
- `read_date(text, today)`                    when.py (wraps bot/core/dates.py)
- `read_text(text)`                           freetext.py
- `non_answer_reason(text)`                   nonanswer.py
"""

from __future__ import annotations

import re

from bot.core.understanding.choice import compile_options, prepare, read_choice
from bot.core.understanding.finding import find_person
from bot.core.understanding.freetext import read_text
from bot.core.understanding.nonanswer import non_answer_reason
from bot.core.understanding.people import extract_name, read_name
from bot.core.understanding.reading import Reading, Reason, Status
from bot.core.understanding.when import read_date
from bot.core.understanding.yesno import read_yes_no

_FOLD = re.compile(r"[^\w\s']+")


def fold(text: str) -> str:
    """Lower-case words only: "  IDK!! 🤷 " -> "idk" (the first cut's helper, kept as it was;
    the readers fold with `text.fold`, which also reads 👍 as yes and drops accents)."""
    return " ".join(_FOLD.sub(" ", text.casefold().replace("’", "'")).split())


__all__ = [
    "Reading",
    "Reason",
    "Status",
    "compile_options",
    "extract_name",
    "find_person",
    "fold",
    "non_answer_reason",
    "prepare",
    "read_choice",
    "read_date",
    "read_name",
    "read_text",
    "read_yes_no",
]
