"""The finished email keeps its paragraphs on every platform, and the purpose question
understands how students say what the email is for."""

from __future__ import annotations

import pytest

from bot.adapters.console import format_outbound
from bot.adapters.slack.blocks import to_messages
from bot.adapters.telegram.outgoing import SendMessage, plan
from bot.config import ROOT
from bot.core.lessons import load_catalog
from bot.core.messages import Outbound
from bot.core.understanding import Status, read_choice

EMAIL = (
    "Subject: Question about civil engineering\n\nDear Ms. Lopez,\n\nMy name is Ana Torres.\n\n"
    "Would you have 15 minutes next week?\n\nBest regards,\nAna Torres"
)
READY = Outbound(text="Your email is ready to send!", document=EMAIL)
OPTIONS = load_catalog(ROOT / "lessons").options


def test_telegram_shows_the_email_with_its_blank_lines() -> None:
    [message] = plan(READY, done_label="Done")
    assert isinstance(message, SendMessage)
    assert "<pre>Subject: Question about civil engineering\n\nDear Ms. Lopez,\n\n" in message.text


def test_slack_shows_the_email_with_its_blank_lines() -> None:
    messages = to_messages(READY, done_label="Done")
    block = messages[-1].text
    assert block.startswith("```") and block.endswith("```")
    assert "Dear Ms. Lopez,\n\nMy name is Ana Torres.\n\nWould you" in block


def test_the_console_shows_the_email_with_its_blank_lines() -> None:
    assert EMAIL in format_outbound(READY)


@pytest.mark.parametrize(
    ("typed", "purpose"),
    [
        ("help", "teacher_help"),  # not "a thank-you after their help"
        ("like an informational interview about engineering", "informational"),
        ("informational conversation", "informational"),
        ("rec letter", "recommendation"),
        ("thank you", "thank_you"),
        ("internship", "job_inquiry"),
        ("job shadow", "job_inquiry"),
        ("follow up", "follow_up"),
        ("they never answered", "follow_up"),
    ],
)
def test_the_purpose_question_reads_how_students_say_it(typed: str, purpose: str) -> None:
    reading = read_choice(typed, OPTIONS["email_purposes"])
    assert reading.status is Status.ANSWER, reading
    assert reading.value == purpose


@pytest.mark.parametrize(
    ("typed", "audience"),
    [
        ("my teacher", "school_staff"),
        ("coach", "school_staff"),
        ("a professional", "professional"),
        ("neighbor", "family_friend"),
        ("family friend", "family_friend"),
    ],
)
def test_the_reader_question_reads_how_students_say_it(typed: str, audience: str) -> None:
    reading = read_choice(typed, OPTIONS["email_audiences"])
    assert reading.status is Status.ANSWER, reading
    assert reading.value == audience
