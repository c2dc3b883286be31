"""The ask checker tells a vague ask from a specific one and names what is missing."""

import pytest

from bot.coaching.ask_check import ASK_PARTS, SUGGESTIONS, AskCheck, check_ask, split_sentences

VAGUE_ASKS: list[tuple[str, tuple[str, ...]]] = [
    ("Help me with college", ("what", "when", "how_much")),
    ("Can you help me?", ("what", "when", "how_much")),
    ("Any advice would be really helpful.", ("what", "when", "how_much")),
    ("Could you tell me about your job?", ("what", "when", "how_much")),
    ("How do I get into college?", ("what", "when", "how_much")),
    ("Would you mentor me?", ("what", "when", "how_much")),
    ("Could we talk sometime?", ("when", "how_much")),
    ("Could you look over my resume?", ("when", "how_much")),
    ("Would you write me a recommendation?", ("when", "how_much")),
    ("Do you have 15 minutes next week?", ("what",)),
    ("Can you give me some advice whenever you get a chance?", ("what", "when", "how_much")),
]

SPECIFIC_ASKS: list[str] = [
    "Can you read my personal statement and tell me if the opening works, by Friday?",
    "Would you be open to a 15-20 minute call next week?",
    "Could I shadow you for a day during spring break?",
    "What classes helped you most in nursing school?",
    "Can you write me a recommendation for the Summer Science Academy by March 1?",
    "Could you look over my resume before Friday?",
    "Can I ask you a few questions about becoming a physical therapist?",
    "Could you look over my 650-word college essay this week?",
    "Would you have twenty minutes for a video chat on Tuesday afternoon?",
    "Could you introduce me to someone in your lab who works on robotics, before May 15?",
    "Could we practice mock interview questions for half an hour after school on Thursday?",
    "Which Division III schools would you suggest I contact first as a midfielder?",
]


@pytest.mark.parametrize(("text", "missing"), VAGUE_ASKS)
def test_vague_asks_are_not_specific_and_say_what_is_missing(
    text: str, missing: tuple[str, ...]
) -> None:
    result = check_ask(text)
    assert result.specific is False
    assert result.missing == missing
    assert result.suggestion


@pytest.mark.parametrize("text", SPECIFIC_ASKS)
def test_specific_asks_pass_with_nothing_missing(text: str) -> None:
    assert check_ask(text) == AskCheck(specific=True, missing=(), suggestion="")


def test_help_me_with_college_suggests_naming_one_thing() -> None:
    suggestion = check_ask("Help me with college").suggestion
    assert suggestion.startswith("Try naming one thing")
    assert "15 minutes" in suggestion


def test_a_concrete_thing_without_bounds_gets_the_bounds_suggestion() -> None:
    result = check_ask("Could you look over my resume?")
    assert result.suggestion == SUGGESTIONS["bounds"]
    assert result.suggestion != SUGGESTIONS["what"]


def test_sometime_and_soon_are_not_time_frames() -> None:
    assert not check_ask("Could we talk sometime soon?").specific
    assert check_ask("Could we talk next Tuesday?").specific


def test_may_as_a_verb_is_not_a_month_but_may_9_is() -> None:
    assert not check_ask("May I ask you to look over my essay?").specific
    assert check_ask("May I ask you to look over my essay by May 9?").specific


def test_missing_parts_keep_ask_parts_order() -> None:
    for text, _ in VAGUE_ASKS:
        missing = check_ask(text).missing
        assert list(missing) == [part for part in ASK_PARTS if part in missing]


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_empty_ask_is_not_specific_and_never_raises(text: str) -> None:
    result = check_ask(text)
    assert result.specific is False
    assert result.missing == ASK_PARTS


def test_curly_apostrophes_read_like_straight_ones() -> None:
    assert check_ask(
        "Could you tell me which class you’d take first as a pre-med student?"
    ).specific


def test_split_sentences_keeps_titles_and_saints_together() -> None:
    text = "I met Dr. Kim at St. Luke's. Could we talk?\nThanks"
    assert split_sentences(text) == ["I met Dr. Kim at St. Luke's.", "Could we talk?", "Thanks"]
