"""Wording: what each outcome says (evidence, in the student's own words) and how to fix it.

Every fix carries an example written for the student's purpose, reader and field, in the
draft's own language (a Spanish draft gets Spanish examples). Evidence and advice never say
the same thing twice.
"""

from __future__ import annotations

import re

from bot.coaching.email.context import Context, Outcome

EVIDENCE: dict[str, dict[str, str]] = {
    "subject": {
        "pass": 'Your subject line is "{quote}".',
        "missing": "There is no subject line.",
        "empty": "The subject line is there but empty.",
        "vague": 'Your subject is "{quote}", which doesn\'t say what the email is about.',
    },
    "greeting": {
        "pass_title": 'You opened with "{quote}".',
        "pass_first_name": 'You opened with "{quote}", using their first name.',
        "missing": 'The email starts with "{quote}", with no greeting.',
        "informal": 'You wrote "{quote}", which is how you\'d greet a friend.',
        "impersonal": 'You wrote "{quote}", which doesn\'t name the person.',
        "no_name": 'You wrote "{quote}" without their name.',
        "name_format": 'You wrote "{quote}", with their name in lowercase or cut short.',
    },
    "introduction": {
        "pass": 'You introduced yourself: "{quote}".',
        "missing": "The email never says who you are.",
        "signed_only": 'You signed "{quote}", but the email never says who you are before that.',
        "no_affiliation": 'You wrote "{quote}" but not your school, grade, class or program.',
        "no_family_link": 'You wrote "{quote}" but not how your family knows them.',
    },
    "connection": {
        "pass": 'You said how you know them: "{quote}".',
        "missing": "The email doesn't say how you know them or how you found them.",
    },
    "ask": {
        "pass": 'Your ask: "{quote}".',
        "thank_you": "This is a thank-you note, so it doesn't need an ask.",
        "missing": "The email doesn't ask them for anything.",
        "vague_what": 'Your ask, "{quote}", doesn\'t name one concrete thing you want.',
        "vague_bounds": 'Your ask, "{quote}", doesn\'t say when or how much time it would take.',
        "hedged": 'Your ask, "{quote}", is softened so much it is hard to say yes to.',
        "buried": 'Your ask, "{quote}", comes late; a busy reader may never get to it.',
        "several": "The email asks {count} different things at once ({quote}).",
        "rec_deadline": 'Your ask, "{quote}", doesn\'t give the deadline.',
        "rec_provides": 'Your ask, "{quote}", doesn\'t say what you will send them.',
        "rec_both": 'Your ask, "{quote}", gives neither the deadline nor what you will send.',
    },
    "time_respect": {
        "pass": 'You showed respect for their time: "{quote}".',
        "thank_you": "A thank-you note asks nothing of their time.",
        "missing": "Nothing shows you know they're busy.",
    },
    "thanks": {
        "pass": 'You thanked them: "{quote}".',
        "missing": "The email never thanks them.",
    },
    "signoff": {
        "pass": 'You signed off with "{quote}".',
        "missing": 'The email ends with "{quote}", with no closing.',
        "informal": 'You closed with "{quote}", which is how you\'d end a text to a friend.',
        "no_name": 'You closed with "{quote}" but didn\'t sign your name.',
        "short_name": 'You signed "{quote}", which is not your full name.',
        "name_case": 'You signed "{quote}"; names need capital letters.',
        "name_mismatch": 'You signed "{quote}", but your name is {student_name}.',
    },
    "length": {
        "pass": "The body is {count} words.",
        "short": "The body is only {count} words.",
        "long": "The body is {count} words.",
    },
    "mechanics": {
        "pass": 'No text-speak, shouting, emoji or lowercase "i" found.',
        "issues": "You wrote {quotes}.",
    },
}

ADVICE: dict[str, dict[str, str]] = {
    "subject": {
        "missing": 'Add a first line that says why you\'re writing, e.g. "{example}".',
        "empty": 'Fill it in with your purpose, e.g. "{example}".',
        "vague": 'Name your purpose instead, e.g. "{example}".',
    },
    "greeting": {
        "pass_first_name": (
            "That's fine if they asked you to use their first name; if not, a title and last "
            'name is safer, e.g. "{example}".'
        ),
        "missing": 'Open with a greeting and their name, e.g. "{example}".',
        "informal": 'Try "{example}" -- a title and last name show respect.',
        "impersonal": 'Find their name and use it, e.g. "{example}"; a form letter gets skipped.',
        "no_name": 'Add their title and last name, e.g. "{example}".',
        "name_format": 'Use a capital letter and their full last name, e.g. "{example}".',
    },
    "introduction": {
        "missing": 'Say who you are near the top, e.g. "{example}"',
        "signed_only": 'Say who you are near the top, e.g. "{example}"',
        "no_affiliation": 'Add where they know you from, e.g. "{example}"',
        "no_family_link": 'Add how your family knows them, e.g. "{example}"',
    },
    "connection": {"missing": 'Add one line on how you know or found them, e.g. "{example}"'},
    "ask": {
        "missing": 'Add one clear request, e.g. "{example}"',
        "vague_what": 'Name one thing and when, e.g. "{example}"',
        "vague_bounds": 'Say when or for how long, e.g. "{example}"',
        "hedged": 'Say it plainly, once: "{example}"',
        "buried": 'Move it up to the first or second paragraph, e.g. "{example}"',
        "several": 'Pick the one that matters most and ask only that, e.g. "{example}"',
        "rec_deadline": 'Add the deadline and what you will send, e.g. "{example}"',
        "rec_provides": 'Offer what you will send them, e.g. "{example}"',
        "rec_both": 'Add the deadline and what you will send, e.g. "{example}"',
    },
    "time_respect": {"missing": 'One short line helps: "{example}"'},
    "thanks": {"missing": 'Thank them before you close, e.g. "{example}"'},
    "signoff": {
        "missing": 'End with a closing and your name, e.g. "{example}".',
        "informal": 'Use a professional closing instead, e.g. "{example}".',
        "no_name": 'Put your name on the line under the closing, e.g. "{example}".',
        "short_name": 'Sign with your first and last name, e.g. "{example}".',
        "name_case": 'Capitalize your name, e.g. "{example}".',
        "name_mismatch": "Sign with your name exactly as it is: {student_name}.",
    },
    "length": {
        "short": "For {standard} aim for {low}-{high} words: {parts}.",
        "long": (
            "For {standard} keep it under {high} words: cut the backstory and save it for "
            "the conversation."
        ),
    },
    "mechanics": {
        "text_speak": (
            'Spell words out ("you", "please", "going to"); text-speak reads like a text.'
        ),
        "caps": "Write words in normal case; all caps reads as shouting (acronyms are fine).",
        "bangs": 'Use one "!" or "?" at most.',
        "lowercase_i": 'Always write "I" as a capital letter.',
        "emoji": "Leave emoji and smileys out of an email like this.",
        "lowercase_name": 'Capitalize their title and name in the greeting, e.g. "{example}".',
    },
}

LENGTH_PARTS = {
    "thank_you": "what they did, what it changed for you, and thanks",
    "follow_up": "who you are, when you wrote before, your ask again, and thanks",
    "other": "who you are, how you know them, what you want, and thanks",
}
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
    values = dict(outcome.fields) | _details(ctx)
    evidence = EVIDENCE[criterion_id].get(outcome.key, "").format(**values)
    if outcome.passed and outcome.key != "pass_first_name":
        return evidence, ""
    if criterion_id == "mechanics":
        kinds = str(outcome.fields.get("kinds", "")).split()
        values["example"] = example(ctx, _EXAMPLE_KEYS["greeting"])
        return evidence, " ".join(ADVICE["mechanics"][kind].format(**values) for kind in kinds)
    if criterion_id == "connection" and ctx.standard.purpose in ("thank_you", "follow_up"):
        values["example"] = example(ctx, f"connection.{ctx.standard.purpose}")
    elif criterion_id == "introduction" and ctx.standard.purpose in ("thank_you", "follow_up"):
        values["example"] = example(ctx, f"intro.{ctx.standard.purpose}")
    elif criterion_id in _EXAMPLE_KEYS:
        values["example"] = example(ctx, _EXAMPLE_KEYS[criterion_id])
    return evidence, ADVICE[criterion_id].get(outcome.key, "").format(**values)


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
    from bot.coaching.email.standards import AUDIENCE_NAMES, PURPOSE_NAMES

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
        "standard": f"{PURPOSE_NAMES[standard.purpose]} to {AUDIENCE_NAMES[standard.audience]}",
        "parts": LENGTH_PARTS.get(standard.purpose, LENGTH_PARTS["other"]),
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
