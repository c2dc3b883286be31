"""Every template, rendered with what students really type, still reads as English.

Student words may only go into a sentence quoted or in a slot written for them. This
renders every `prompts/en/**.j2` with contexts full of realistic, hostile student text
(lower-case "i'm", "??", "prob Ms Kim", markup, emoji) and checks grammar markers on
what comes out: no lower-case "i"/"i'm" outside quotes, no doubled "??" or "..",
balanced quotes, no "to maybe", no template leftovers.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jinja2 import UndefinedError

from bot.core.lessons import Catalog, load_catalog
from bot.core.mapview import build_map_view
from bot.core.messages import Markup
from bot.core.templates import Prompts, as_phrase, is_name
from bot.vocab.records import PersonRecord
from tests.support.coach import LESSONS, PROMPTS

# What students really write, in every free-text slot (goal, ask, thanks, career...).
HOSTILE_TEXT = [
    "i'm failing algebra and i feel dumb asking",
    "he showed me a trick w the x box method",
    "maybe nursing?? or like engineering idk?",
    "prob Ms Kim",
    "<b>x</b> 🙃",
    "idk...",
]
# ...and in the slots for a person's name (names pass the name checks, so they are
# short, but may be descriptions rather than names).
HOSTILE_NAMES = ["my math teacher", "prob Ms Kim", "sam", "Tío Beto 🙃", "<b>x</b>"]

COORD = "How is your week going? Who did you talk to?"

# Templates whose context is built by code far from the lessons (reports, the CLI's
# email review, the map picture's captions); they show coordinator-facing numbers and
# map names, and are rendered by their own tests under tests/insights and tests/coaching.
ELSEWHERE = {
    "cli/email_review",
    "commands/report",
    "insights/cohort_summary",
    "insights/growth",
    "insights/map_rings",
    "insights/report_title",
}


def _people(name: str) -> list[PersonRecord]:
    at = datetime(2026, 11, 1, tzinfo=UTC)
    return [
        PersonRecord(
            id="p1",
            name=name,
            domain="family",
            supports=("feedback", "emotional"),
            closeness="between",
            added_at=at,
        ),
        PersonRecord(
            id="p2",
            name="Ms. Rivera",
            domain="school",
            supports=("advice",),
            closeness="close",
            added_at=at,
        ),
    ]


@cache
def _catalog() -> Catalog:
    return load_catalog(LESSONS)


def contexts(
    text: str, name: str, *, empty_map: bool = False, locale: str = "en"
) -> dict[str, Any]:
    """One context that every lesson and command template can render from (option
    labels in `locale`'s words)."""
    catalog = _catalog().in_locale(locale)
    people = [] if empty_map else _people(name)
    domain = catalog.options["domains"][2]
    ask = {"id": "a1", "helper": name, "what": text}
    data: dict[str, Any] = {
        # mapping, add_person, edit/remove
        "domain": {"value": domain.value, "label": domain.label, "hint": domain.hint},
        "person_name": name,
        "last_added": name,
        "_dropped": name,
        "added": [name],
        "_idea": 2,
        "_idea_domain": "family",
        "non_answer": "non_answer",
        "career_interest": text,
        "door_openers": text,
        "know_better": text,
        "person": {
            "id": "p1",
            "name": name,
            "domain": "family",
            "supports": ["feedback"],
            "closeness": "close",
        },
        # help-seeking and follow-up
        "goal": text,
        "kind": "school",
        "helper": {"name": name, "on_map": False},
        "suggestions": [
            {"name": name, "why": ["Feedback on how I'm doing"], "closeness": "In between"}
        ],
        "has_suggestions": True,
        "map_empty": False,
        "ask_what": text,
        "ask_by": "2026-11-27",
        "how": "message",
        "opening_line": text,
        "opening": {"who": False, "what": True, "room": False, "tip": "room"},
        "follow_up_on": "2026-12-01",
        "ask": ask,
        "outcome": text,
        "thanks_detail": text,
        "obstacle": text,
        "next_step": text,
        "next_step_on": "2026-12-03",
        # email
        "recipient": {"name": name},
        "purpose": "informational",
        "audience": "professional",
        "topic": text,
        "draft": text,
        "draft_version": 2,
        "ready": False,
        "llm_note": "Say which classes you mean.",  # the model's words, not the student's
        "review": {
            "ready": False,
            "language_ok": True,
            "word_count": 42,
            "standard": "a request for help to a teacher or staff member at your school",
            "audience_inferred": True,
            "reviewed_languages": "English and Spanish",
            "strengths": ["greeting"],
            "fixes": [{"id": "ask", "evidence": f'"{text}"', "advice": "Name one thing."}],
            "more_fixes": 1,
        },
        # check-ins, cohorts, nudges
        # a coordinator's own words, shown whole as their message (not student text)
        "checkin": {"id": "c1", "occurrence": "o1", "message": COORD, "question": COORD},
        "question": COORD,
        "message": COORD,
        "question_text": COORD,
        "cohort": {"id": "k1", "name": "Room 12", "timezone": "America/Chicago"},
        "scheduled_for": "Mon 07 Dec 15:30",
        "checkin_id": "abc123",
        "when": "tomorrow",
        "wants_question": "yes",
        "nudge": {
            "kind": "domain",
            "label": domain.label,
            "domain": domain.value,
            "people": [name],
            "count": 1,
        },
        "answer": text,
        "timezone": "America/Chicago",
    }
    return {
        "text": text,
        "student": {"name": "ana"},
        "data": data,
        "lesson": {"id": "mapping", "title": "Relationship mapping"},
        "options": [{"value": "x", "label": "Feedback on how I'm doing", "hint": ""}],
        "map": build_map_view(people, catalog.options),
        # values code passes to error, command and platform templates
        "name": name,
        "names": [name, "Ms. Rivera"],
        "asked": text,
        "titles": ["Relationship mapping", "Asking for help"],
        "title": "Asking for help",
        "limit": 300,
        "length": 412,
        "count": 5,
        "several": True,
        "words": 12,
        "parts": 2,
        "suggestion": "Try naming one thing.",
        "missing": ["when"],
        "date": "2026-11-20",
        "after": "2026-11-27",
        "code": "AB12",
        "cohort": "Room 12",
        "platform": "telegram",
        "platforms": ["telegram", "slack"],
        "role": "coordinator",
        "user": "123",
        "message": text,
        "resources": ["Call or text 988 (Suicide & Crisis Lifeline)."],
        "told": True,
        "language": "es",
        "reason": "non_answer",
        "paused": True,
        "team": "T123",
        "cohorts": ["Room 12"],
        "minutes": 15,
        "days": 365,  # retention_days (nudges/retention_warning)
        "resumes": True,
        "anyone": True,
        "consented": True,
        "lessons": [
            {
                "id": "mapping",
                "title": "Relationship mapping",
                "summary": "Map people.",
                "status": "done",
                "done": True,
            }
        ],
        "status": "done",
        "active": None,
        "upcoming": [],
        "labels": ["Feedback on how I'm doing"],
        "guess": catalog.options["help_kinds"][2].label,  # "A job or internship"
        "answer": "In person",  # the label of the button pressed
        "few_domains": False,
        "since": datetime(2026, 11, 1, tzinfo=UTC),
        "percent": 40,
        "total": 5,
        "rings": [],
        "url": "https://orbit.example.org/signin/abc",  # a dashboard sign-in link
    }


QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”')
LOWER_I = re.compile(r"(?<![\w'’])i(?:['’](?:m|ve|d|ll))?(?![\w'’])")
DOUBLED = re.compile(r"\?\?|(?<!\.)\.\.(?!\.)|\?\.|\.\?|!\.|,\.|\.,")
LEFTOVERS = ("{{", "}}", "{%", "%}", "{#", "None", "[]", "{'", "Undefined")


def grammar_problems(text: str, student: tuple[str, ...] = ()) -> list[str]:
    """What reads broken in one rendered message. A quote of exactly what the student
    wrote is fine; student words pasted into our own sentence (quoted or not) are not."""
    found = []

    def unquote(match: re.Match[str]) -> str:
        inner = match.group(0)[1:-1].strip()
        return '"…"' if inner in student else match.group(0)

    outside = QUOTED.sub(unquote, text)
    if match := LOWER_I.search(outside):
        found.append(f"lower-case {match.group(0)!r} outside a quote of the student")
    if match := DOUBLED.search(outside):
        found.append(f"doubled punctuation {match.group(0)!r}")
    if text.count('"') % 2:
        found.append("unbalanced quotes")
    if re.search(r"\bto maybe\b|\bfor (?:he|she|they|i)\b", outside):
        found.append("a student's sentence pasted after 'to'/'for'")
    if re.search(r"\b(?:[Hh]i|[Ss]end|[Aa]sk|to|with) (?:my|prob|maybe|idk|like)\b", outside):
        found.append("a description or a hedge pasted where a name goes")
    found += [f"template leftover {bit!r}" for bit in LEFTOVERS if bit in text]
    return found


def render_all(prompts_root: Path) -> tuple[list[str], list[str]]:
    """(problems, templates that could not be rendered from the fixture contexts)."""
    prompts = Prompts(prompts_root, "en")
    problems: list[str] = []
    unrenderable: list[str] = []
    every = [
        (text, who, contexts(text, who, empty_map=empty))
        for text in HOSTILE_TEXT
        for who in HOSTILE_NAMES
        for empty in (False, True)
    ]
    for path in sorted(prompts.directory.rglob("*.j2")):
        name = str(path.relative_to(prompts.directory))[: -len(".j2")]
        if name in ELSEWHERE:
            continue
        for text, who, context in every:
            try:
                out = prompts.render(name, Markup.PLAIN, **context)
            except UndefinedError as exc:
                unrenderable.append(f"{name}: {exc}")
                break
            found = grammar_problems(out, (text, who))
            problems += [f"{name} ({text!r}, {who!r}): {p}" for p in found]
    return sorted(set(problems)), sorted(set(unrenderable))


def test_every_template_reads_well_with_real_student_text() -> None:
    problems, unrenderable = render_all(PROMPTS)
    assert not unrenderable, "add these to the fixture contexts:\n" + "\n".join(unrenderable)
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize(
    "broken",
    [
        "Hi my math teacher, I'm working on i'm failing algebra and i feel dumb asking.",
        "Thank you for he showed me a trick w the x box method. It really helped.",
        "Who could help open a door to maybe nursing?? or like engineering idk?",
        "Nobody gives you feedback on how i'm doing yet.",
        'Send Sam a message: "Hi Sam, {{ data.goal }}',
    ],
)
def test_the_checker_catches_the_sentences_testers_found(broken: str) -> None:
    assert grammar_problems(broken)
    assert grammar_problems(f'Here\'s a script: "{broken}"', ("i feel dumb",))


def test_a_quote_of_the_student_is_fine() -> None:
    said = "maybe nursing?? or like engineering idk?"
    assert not grammar_problems(f'You said you\'re curious about "{said}".', (said,))


def test_names_that_are_descriptions_are_quoted_not_greeted() -> None:
    prompts = Prompts(PROMPTS, "en")
    ctx = contexts("Could you read my essay by Friday?", "my math teacher")
    script = prompts.render("help_seeking/courage", Markup.PLAIN, **ctx)
    assert "Hi my math teacher" not in script and "\"Hi, I'm working on" in script
    how = prompts.render("help_seeking/how", Markup.PLAIN, **ctx)
    assert how == 'How will you ask "my math teacher"?'
    ctx = contexts("x", "Ms. Kim")
    assert "Hi Ms. Kim, I'm working on" in prompts.render(
        "help_seeking/courage", Markup.PLAIN, **ctx
    )


def test_labels_keep_their_own_capitals() -> None:
    prompts = Prompts(PROMPTS, "en")
    ctx = contexts("x", "Sam")
    listed = prompts.render("common/map_list", Markup.PLAIN, **ctx)
    assert "feedback on how I'm doing" in listed and "how i'm" not in listed


@pytest.mark.parametrize(
    ("label", "phrase"),
    [
        ("Feedback on how I'm doing", "feedback on how I'm doing"),
        ("Emotional support", "emotional support"),
        ("I'm not sure", "I'm not sure"),
        ("YouTube friends", "YouTube friends"),
        ("STEM club", "STEM club"),
    ],
)
def test_a_label_mid_sentence_keeps_its_capitals(label: str, phrase: str) -> None:
    assert as_phrase(label) == phrase


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ("Ms Kim", True),
        ("sam", True),
        ("Coach D", True),
        ("my math teacher", False),
        ("prob Ms Kim", False),
        ("idk...", False),
        ("does sam count?", False),
        ("i guess my coach", False),
    ],
)
def test_what_reads_as_a_name(given: str, named: bool) -> None:
    assert is_name(given) is named
