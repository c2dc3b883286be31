"""Readings the probe drafts t199-t217 showed were wrong, each checked in new words (not the
drafts' own), so a fix that matched only the exact phrase would fail here."""

from __future__ import annotations

import pytest

from bot.coaching.email import Review, review_email

BODY = (
    "Subject: Question about lab work\n{greeting}\n\nMy name is Ana Torres, and I'm a junior at "
    "Lincoln High. {connection}\n\n{ask}\n\nThank you,\nAna Torres\n"
)


def result(review: Review, criterion_id: str) -> tuple[bool, str]:
    found = next(item for item in review.criteria if item.id == criterion_id)
    return found.passed, found.key


def draft(
    *,
    greeting: str = "Dear Dr. Chu,",
    connection: str = "Mr. Ives, my chemistry teacher, told me you run a lab.",
    ask: str = "Could we talk for 15 minutes next Tuesday? I know you're busy.",
) -> str:
    return BODY.format(greeting=greeting, connection=connection, ask=ask)


def test_a_lowercase_greeting_names_the_reader_but_is_a_mechanics_slip() -> None:
    review = review_email(draft(greeting="hello dr chu,"), purpose="informational")
    assert result(review, "greeting") == (True, "pass_title")
    assert result(review, "mechanics") == (False, "lowercase_name")
    advice = next(item.advice for item in review.criteria if item.id == "mechanics")
    assert '"Dear Dr. Chu,"' in advice


@pytest.mark.parametrize(
    "connection",
    [
        "My swim coach, Dana Price, figured I should email you.",
        "I dropped by your office on Monday, but you were out.",
        "I'm the Lincoln junior who contacted you in January about your lab.",
        "Last year I interned at the front desk of your clinic.",
        "My neighbor passed along your email address.",
    ],
)
def test_connections_in_their_many_forms(connection: str) -> None:
    review = review_email(draft(connection=connection), purpose="informational")
    assert result(review, "connection")[0], connection


def test_interest_alone_is_still_no_connection() -> None:
    text = draft(connection="I am really interested in your research.")
    assert result(review_email(text, purpose="informational"), "connection") == (False, "missing")


def test_several_different_asks_fail_even_as_statements_in_one_paragraph() -> None:
    ask = (
        "I would really like to tour the lab in May. I'd also love to shadow a researcher for "
        "a day, and I was hoping you could read my science fair report. Please let me know if "
        "you have any summer internships."
    )
    review = review_email(draft(ask=ask), purpose="informational")
    assert result(review, "ask") == (False, "several")


def test_one_ask_said_over_several_sentences_is_one_ask() -> None:
    ask = (
        "Could I come by the lab for 20 minutes on Friday to talk about a summer position? "
        "I'd love to hear how you started. Please let me know what time works."
    )
    assert result(review_email(draft(ask=ask), purpose="job_inquiry"), "ask") == (True, "pass")


@pytest.mark.parametrize(
    "ask",
    [
        "Would you be a reference for the STEM camp? Applications close on May 2, and I'll "
        "mail you the camp's requirements tonight.",
        "Could I list you as a reference? It's due June 1; I'll text you the flyer and my "
        "first-aid certificate.",
    ],
)
def test_complete_recommendation_requests_pass(ask: str) -> None:
    review = review_email(draft(ask=ask), purpose="recommendation", audience="professional")
    assert result(review, "ask") == (True, "pass"), ask


@pytest.mark.parametrize(
    "ask",
    [
        "I wanted to see whether you had a chance to read my note about the lab.",
        "I'm writing to ask again whether a visit in June could work.",
    ],
)
def test_a_short_follow_up_re_asks(ask: str) -> None:
    text = draft(connection="I emailed you on May 4 about your lab.", ask=ask)
    assert result(review_email(text, purpose="follow_up"), "ask") == (True, "pass"), ask


def test_asking_to_hand_in_late_work_is_a_concrete_ask() -> None:
    text = draft(ask="Would it be all right if I handed in the report on Monday?")
    assert result(review_email(text, purpose="teacher_help"), "ask")[0]


def test_a_thank_you_signed_but_never_named_says_so_after_a_group_visit() -> None:
    text = (
        "Subject: Thank you for the tour\nDear Ms. Park,\n\nThank you for showing our "
        "journalism club around the newsroom on Friday. Watching the editors pick the front "
        "page made me want to study journalism.\n\nSincerely,\nLeo Grant\n"
    )
    review = review_email(text, purpose="thank_you")
    assert result(review, "introduction") == (False, "signed_only")
    assert result(review, "connection")[0] and result(review, "ask")[0]


def test_an_ask_borrows_no_time_from_the_sentence_before() -> None:
    text = draft(
        connection="I read your article about sleep in Parenting Today.",
        ask="Could we talk about your work in psychology?",
    )
    assert result(review_email(text, purpose="informational"), "ask") == (False, "vague_bounds")


@pytest.mark.parametrize(
    "connection",
    [
        "I shadowed in the lab two summers ago, assisting under you.",
        "Dr. Chu, I messaged you in February about the lab.",
        "You trained me on the centrifuge during the science camp.",
        "I used to be your dog sitter on weekends.",
        "My family has been ordering our prescriptions from Chu Pharmacy for years.",
    ],
)
def test_a_relation_to_the_reader_in_any_tense_is_a_connection(connection: str) -> None:
    review = review_email(draft(connection=connection), purpose="informational")
    assert result(review, "connection")[0], connection


@pytest.mark.parametrize(
    "connection",
    [
        "I have interned at a hospital lab and would like to join your team someday.",
        "I was hoping you might have time for me.",
        "I have been going to Lincoln High since ninth grade.",
    ],
)
def test_a_relation_to_someone_else_is_still_no_connection(connection: str) -> None:
    review = review_email(draft(connection=connection), purpose="informational")
    assert result(review, "connection") == (False, "missing"), connection
