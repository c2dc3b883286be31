"""Wording: what each outcome says (evidence, in the student's own words) and how to fix it.

Every fix carries an example written for the student's purpose, reader and field, in the
draft's own language (a Spanish draft gets Spanish examples). Evidence and advice never say
the same thing twice.
"""

from __future__ import annotations

import re

from bot.coaching.email.context import Context, Outcome
from bot.coaching.email.wording import ENGLISH_WORDING, wording_for

EVIDENCE = ENGLISH_WORDING.evidence  # the English sentences, for older imports and tests
ADVICE = ENGLISH_WORDING.advice

# Which example each outcome shows: "<criterion>.<purpose>" or "<criterion>.<audience>".
_EXAMPLE_KEYS = {
    "subject": "subject.{purpose}",
    "greeting": "greeting.{audience}",
    "introduction": "intro.{audience}",
    "connection": "connection.{audience}",
    "ask": "ask.{purpose}",
    "time_respect": "time_respect",
    "thanks": "thanks",
    "signoff": "signoff.{staff}",
}
_CLEAN_TOPIC = re.compile(r"[^\W\d_][\w' -]*[^\W_]", re.UNICODE)
MAX_TOPIC_WORDS = 5
_WORD = re.compile(r"[^\W\d_][\w'-]*")
GREETING_WORDS = 4
TITLE_SPELLINGS = {
    "mr": "Mr.",
    "mrs": "Mrs.",
    "ms": "Ms.",
    "mx": "Mx.",
    "dr": "Dr.",
    "prof": "Prof.",
    "sr": "Sr.",
    "sra": "Sra.",
    "srta": "Srta.",
    "dra": "Dra.",
    "ing": "Ing.",
}


def word_outcome(ctx: Context, criterion_id: str, outcome: Outcome) -> tuple[str, str]:
    """The evidence and the advice for one outcome, filled with the student's own details."""
    wording = wording_for(ctx.language.code)
    values = dict(outcome.fields) | _details(ctx)
    evidence = wording.evidence[criterion_id].get(outcome.key, "").format(**values)
    if outcome.passed and outcome.key != "pass_first_name":
        return evidence, ""
    advice = wording.advice[criterion_id]
    if criterion_id == "mechanics":
        kinds = str(outcome.fields.get("kinds", "")).split()
        values["example"] = example(ctx, _EXAMPLE_KEYS["greeting"])
        return evidence, " ".join(advice[kind].format(**values) for kind in kinds)
    if criterion_id == "connection" and ctx.standard.purpose in ("thank_you", "follow_up"):
        values["example"] = example(ctx, f"connection.{ctx.standard.purpose}")
    elif criterion_id == "introduction" and ctx.standard.purpose in ("thank_you", "follow_up"):
        values["example"] = example(ctx, f"intro.{ctx.standard.purpose}")
    elif criterion_id in _EXAMPLE_KEYS:
        values["example"] = example(ctx, _EXAMPLE_KEYS[criterion_id])
    return evidence, advice.get(outcome.key, "").format(**values)


def example(ctx: Context, pattern: str) -> str:
    """One example sentence in the draft's language, for this purpose, reader and field."""
    standard = ctx.standard
    key = pattern.format(
        purpose=standard.purpose,
        audience=standard.audience,
        staff="school_staff" if standard.audience == "school_staff" else "other",
    )
    text = ctx.language.examples.get(key, "")
    return text.format(**_details(ctx)).replace("\n", " / ")


def find_field(ctx: Context, given: str | None) -> str:
    """The topic the student named in the lesson, else the first one their draft names."""
    topic = " ".join((given or "").split())
    named = _known_field(ctx, topic)
    plain = not any(word in ctx.language.text_speak for word in topic.lower().split())
    if _CLEAN_TOPIC.fullmatch(topic) and len(topic.split()) <= MAX_TOPIC_WORDS and plain:
        return topic  # the student's own words: "my chemistry grade"
    if named:
        return named  # "maybe nursing?? or like engineering idk" -> nursing
    draft = ctx.parts.draft
    return _known_field(ctx, draft.subject or "") or _known_field(ctx, draft.body)


def _known_field(ctx: Context, text: str) -> str:
    """The first field from the language's list that the text names."""
    lowered = text.lower()
    for name in ctx.language.fields:
        if re.search(rf"\b{re.escape(name.lower())}\b", lowered):
            return name
    return ""


def _details(ctx: Context) -> dict[str, str]:
    """The student's name, the reader's title and name, the field and the standard's name."""
    wording = wording_for(ctx.language.code)
    examples = ctx.language.examples
    full = ctx.student_name or _signed(ctx) or _introduced(ctx) or examples["default_full"]
    first_line = ctx.parts.lines[0] if ctx.parts.lines else ""
    title_name = (
        _title_name(ctx, " ".join(first_line.split()[:GREETING_WORDS]))
        or _title_name(ctx, ctx.recipient)
        or examples["default_title_name"]
    )
    standard = ctx.standard
    return {
        "full": full,
        "first": full.split()[0],
        "title_name": title_name,
        "field": ctx.field or examples.get(f"default_field.{standard.purpose}", "your field"),
        "standard": wording.standard_name(standard.purpose, standard.audience),
        "parts": wording.length_parts.get(standard.purpose, wording.length_parts["other"]),
        "low": str(standard.length[0]),
        "high": str(standard.length[1]),
    }


def _title_name(ctx: Context, text: str) -> str | None:
    """ "Ms. Lopez" from "hey ms lopez can u" or a recipient's name: a title and a surname."""
    found = _WORD.findall(text)
    for title, surname in zip(found, found[1:], strict=False):
        plain = surname.lower() not in ctx.language.text_speak | ctx.language.markers
        if title.lower() in ctx.language.titles and len(surname) > 1 and plain:
            written = TITLE_SPELLINGS.get(title.lower(), title.capitalize())
            return f"{written} {surname[0].upper()}{surname[1:]}"
    return None


def _introduced(ctx: Context) -> str | None:
    """ "Jorge Méndez" from "Me llamo Jorge Méndez y..." (a first and a last name)."""
    for sentence in ctx.parts.sentences[:6]:
        for match in ctx.language.name_intro.finditer(sentence):
            rest = sentence[match.start(next(i for i, g in enumerate(match.groups(), 1) if g)) :]
            names = re.match(r"([A-ZÁÉÍÓÚÑ][\w'-]+)\s+([A-ZÁÉÍÓÚÑ][\w'-]+)", rest)
            if names:
                return f"{names.group(1)} {names.group(2)}"
    return None


def _signed(ctx: Context) -> str | None:
    """A two-word signature on the last line, to reuse in examples."""
    lines = ctx.parts.lines
    last = lines[-1].strip() if lines else ""
    tokens = last.split()
    if 2 <= len(tokens) <= 3 and all(t[:1].isupper() and t.isalpha() for t in tokens):
        return last
    return None
