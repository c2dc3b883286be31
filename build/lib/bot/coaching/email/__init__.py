"""Review a student's outreach email like a good counselor would.

The package: ``languages`` (phrase lists and examples, one module per language),
``parse`` (subject, paragraphs, sentences, the one word count), ``standards`` (purpose and
audience: what "ready" means), ``criteria`` and ``asks`` (the checks), ``feedback`` (the
wording), ``review`` (putting it together) and ``lesson`` (what the email lesson shows).
"""

from bot.coaching.email.feedback import ADVICE, EVIDENCE
from bot.coaching.email.languages import LANGUAGES, detect_language
from bot.coaching.email.model import (
    ADVISORY_IDS,
    CRITERION_IDS,
    FIX_PRIORITY,
    MAX_TOP_FIXES,
    REQUIRED_IDS,
    Criterion,
    Review,
)
from bot.coaching.email.parse import Draft, count_words, parse_draft
from bot.coaching.email.review import review_email, review_to_dict, standard_summary
from bot.coaching.email.standards import AUDIENCES, LENGTHS, PURPOSES, Standard

__all__ = [
    "ADVICE",
    "ADVISORY_IDS",
    "AUDIENCES",
    "CRITERION_IDS",
    "EVIDENCE",
    "FIX_PRIORITY",
    "LANGUAGES",
    "LENGTHS",
    "MAX_TOP_FIXES",
    "PURPOSES",
    "REQUIRED_IDS",
    "Criterion",
    "Draft",
    "Review",
    "Standard",
    "count_words",
    "detect_language",
    "parse_draft",
    "review_email",
    "review_to_dict",
    "standard_summary",
]
