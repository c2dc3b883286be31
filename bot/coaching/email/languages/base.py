"""What a language module provides: the phrases each criterion looks for, and examples.

Everything here is data; the checks in ``bot.coaching.email.criteria`` read it the same way
for every language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


def words(text: str) -> frozenset[str]:
    """Readable word lists: one string, split on whitespace."""
    return frozenset(text.split())


def phrases(text: str) -> tuple[str, ...]:
    """Readable phrase lists, in order: one string, comma-separated ("civil engineering, law")."""
    return tuple(" ".join(part.split()) for part in text.split(",") if part.strip())


def any_of(*patterns: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One compiled pattern that matches any of the given ones."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), flags)


@dataclass(frozen=True, kw_only=True)
class Language:
    """One language's phrase lists (patterns are case-insensitive unless noted)."""

    code: str
    name: str
    markers: frozenset[str]  # common small words, to recognise the language
    subject_label: re.Pattern[str]  # "Subject:", "Asunto:" (group 1: the subject text)
    subject_filler: frozenset[str]  # words that say nothing about the purpose
    subject_purpose: frozenset[str]  # words that alone say what the email is about
    greetings: tuple[str, ...]
    informal_greetings: tuple[str, ...]
    impersonal_greetings: tuple[str, ...]
    nameless_greeting_words: frozenset[str]
    titles: frozenset[str]  # lowercase, without the dot
    name_intro: re.Pattern[str]  # "My name is Ana", "I'm Ana" (group "name")
    not_names: frozenset[str]  # words after "I'm" that are not names ("I'm Excited")
    affiliation: re.Pattern[str]  # school, grade, program
    staff_intro: re.Pattern[str]  # "it's Maya from robotics", "Jordan from your 3rd period"
    family_link: re.Pattern[str]  # "Rosa's daughter", "my parents know you"
    connection: re.Pattern[str]
    thanks_for: re.Pattern[str]  # "thank you for letting me shadow you"
    personal: re.Pattern[str]  # the writer alone: "me", "my"; they met one to one
    group: re.Pattern[str]  # "our", "us": a group visit, where one name means nothing yet
    request: re.Pattern[str]  # a sentence that asks for something
    hedges: re.Pattern[str]  # words that soften an ask; many together hedge it to nothing
    is_specific: Callable[[str], bool]  # one concrete thing plus a time frame or size
    letter: re.Pattern[str]  # recommendation: the letter itself ("recommendation", "carta")
    reask: re.Pattern[str]  # follow-up: asking again ("still", "todavía")
    deadline: re.Pattern[str]  # recommendation: when it is due
    provides: re.Pattern[str]  # recommendation: what the student will send or bring
    time_respect: re.Pattern[str]
    thanks: re.Pattern[str]
    closings: tuple[str, ...]  # lowercase, longest first is not required
    informal_closings: tuple[str, ...]
    text_speak: frozenset[str]
    text_speak_lowercase_only: frozenset[str]  # "U" alone may be an initial
    acronyms: frozenset[str]
    shouted_short_words: frozenset[str]  # words that are shouting in caps ("SO", "VERY")
    lowercase_i: re.Pattern[str] | None  # English's "i" pronoun (case-sensitive)
    fields: tuple[str, ...]  # topics a student may write about, to fit examples to them
    examples: dict[str, str]  # example sentences, keyed "<criterion>.<purpose or audience>"
    # titles that name a teacher on their own ("Hola profe,"); none in English ("Dear Coach,")
    address_titles: frozenset[str] = frozenset()
    capitalised_titles: bool = True  # "Ms. Kim" in English; "profesora Castillo" in Spanish
    # the kinds of things students ask for (a talk, a shadow day, a review...), to tell
    # several separate asks from one ask said in several sentences
    ask_kinds: tuple[re.Pattern[str], ...] = ()
    # text-speak spelled out before looking for a connection ("my friend said ur hiring")
    spelled_out: tuple[tuple[re.Pattern[str], str], ...] = ()

    def spell_out(self, text: str) -> str:
        """The text with text-speak ("ur", "u") written as the words it stands for."""
        for pattern, words_meant in self.spelled_out:
            text = pattern.sub(words_meant, text)
        return text
