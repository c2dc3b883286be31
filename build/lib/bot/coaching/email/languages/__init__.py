"""The languages the email rubric can review, each one a module of phrase lists and examples.

Why: adding a language should mean writing data (greetings, closings, how students say who
they are and how they know someone, example sentences), not new checking code. Each module
exposes one ``LANGUAGE``; :func:`detect_language` picks the one whose common words the draft
uses most, or says the draft is in a language with no rubric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.coaching.email.languages.base import Language, words
from bot.coaching.email.languages.en import LANGUAGE as ENGLISH
from bot.coaching.email.languages.es import LANGUAGE as SPANISH

LANGUAGES: dict[str, Language] = {ENGLISH.code: ENGLISH, SPANISH.code: SPANISH}
REVIEWED_NAMES = " and ".join(lang.name for lang in LANGUAGES.values())

# Words common in languages with no rubric yet, so a French or Portuguese draft is named
# honestly instead of being read as English.
OTHER_MARKERS: dict[str, frozenset[str]] = {
    "fr": words(
        """
        je vous nous merci les est et pour avec sur objet madame monsieur bonjour suis des une
        dans pas qui au aux votre mon ma cordialement salutations
        """
    ),
    "pt": words(
        """
        você não obrigado obrigada muito com uma sua seu olá assunto aqui agora tenho quero
        estou ao pela pelo abraço atenciosamente senhor senhora
        """
    ),
    "it": words(
        """
        il che di per sono mi grazie gentile cordiali saluti della una è chiamo oggetto
        studente vorrei sua suo molto
        """
    ),
    "de": words(
        """
        ich und der die das nicht sie mit für ist sehr geehrte geehrter grüße vielen dank
        betreff mein bin wir haben freundliche
        """
    ),
}
MIN_WORDS_TO_GUESS = 6
LATIN_END = "\u024f"  # the end of Latin Extended-B
MIN_MARKER_SHARE = 0.1  # English drafts in the corpus are at 0.25 or more
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


@dataclass(frozen=True)
class Detected:
    """Which language a draft is in: a reviewed one (``language`` set) or another ``code``."""

    code: str
    language: Language | None = field(default=None, repr=False)
    scores: dict[str, float] = field(default_factory=dict)


def detect_language(text: str) -> Detected:
    """The language whose marker words make up the biggest share of the draft.

    Short drafts and ties go to English: slang English ("hey ms kim can u help me") is
    English, and a one-line draft says too little to call it anything else.
    """
    letters = [char for char in text if char.isalpha()]
    if letters and sum(char <= LATIN_END for char in letters) < len(letters) / 2:
        return Detected("other", None)  # mostly another script: Chinese, Arabic, Cyrillic...
    words = [word.lower() for word in _TOKEN_RE.findall(text)]
    if len(words) < MIN_WORDS_TO_GUESS:
        return Detected(ENGLISH.code, ENGLISH)
    markers = {code: lang.markers for code, lang in LANGUAGES.items()} | OTHER_MARKERS
    scores = {
        code: sum(word in found for word in words) / len(words) for code, found in markers.items()
    }
    best = max(scores, key=lambda code: (scores[code], code == ENGLISH.code))
    if scores[best] < MIN_MARKER_SHARE:  # Tagalog, Vietnamese, Chinese...: none of ours
        return Detected("other", None, scores)
    return Detected(best, LANGUAGES.get(best), scores)
