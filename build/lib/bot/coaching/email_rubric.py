"""The email rubric's public names, kept here for older imports.

The rubric itself lives in the ``bot.coaching.email`` package (languages as data, purpose and
audience standards, checks, feedback); import from there in new code.
"""

from bot.coaching.email import (
    ADVICE,
    ADVISORY_IDS,
    CRITERION_IDS,
    EVIDENCE,
    FIX_PRIORITY,
    MAX_TOP_FIXES,
    REQUIRED_IDS,
    Criterion,
    Draft,
    Review,
    count_words,
    parse_draft,
    review_email,
    review_to_dict,
)
from bot.coaching.email.context import QUOTE_LIMIT

__all__ = [
    "ADVICE",
    "ADVISORY_IDS",
    "CRITERION_IDS",
    "EVIDENCE",
    "FIX_PRIORITY",
    "MAX_TOP_FIXES",
    "QUOTE_LIMIT",
    "REQUIRED_IDS",
    "Criterion",
    "Draft",
    "Review",
    "count_words",
    "parse_draft",
    "review_email",
    "review_to_dict",
]
