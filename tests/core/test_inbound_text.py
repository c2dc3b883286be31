"""Clean text at the door: the one function every adapter runs on what a student sends."""

from __future__ import annotations

import unicodedata

import pytest

from bot.adapters.slack.inbound import message_job, press_job
from bot.adapters.telegram.incoming import message_inbound, press_inbound
from bot.core.inbound_text import clean_display_name, clean_inbound, clean_message
from bot.core.messages import ConversationKey, Inbound
from tests.slack.payloads import block_actions, dm, envelope
from tests.support.chat import Chat
from tests.telegram.botapi import press_update, text_update

KEPT = "👨‍👩‍👧 نور \u202eabc <b>{{ x }}</b> '); DROP"


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("\x1b]0;pwned\x07Tom", "Tom"),  # an OSC title change, closed by BEL
        ("\x1b]0;pwned\x1b\\Tom", "Tom"),  # ... closed by ST
        ("\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"),  # a hyperlink
        ("\x1b[31mRed\x1b[0m", "Red"),  # CSI colours
        ("\x1b[2J\x1b[HHi", "Hi"),  # clear screen, cursor home
        ("\x1bcTom", "Tom"),  # reset the terminal
        ("\x1b]0;never closed\nnext line", "\nnext line"),
        ("\x9b31mX", "31mX"),  # an 8-bit CSI: the introducer goes, harmless text stays
        ("a\x00b", "ab"),  # PostgreSQL refuses NUL
        ("bell\x07 back\x08 del\x7f", "bell back del"),
        ("line\r\nother\rthird\u2028fourth", "line\nother\nthird\nfourth"),
        ("tab\there\nnewline", "tab\there\nnewline"),
        ("\ud800", "\ufffd"),  # a lone surrogate (a broken client, JSON "\ud800")
        ("Tom\udc80\udcff", "Tom\ufffd\ufffd"),  # undecodable bytes read with surrogateescape
        ("\ud83d\ude00", "😀"),  # a pair written as two code points is the character
        ("e\u0301", "é"),  # NFC
        (KEPT, KEPT),  # emoji, right-to-left text, markup, Jinja and SQL stay as typed
        ("plain ascii", "plain ascii"),
        ("", ""),
    ],
)
def test_clean_inbound(sent: str, kept: str) -> None:
    assert clean_inbound(sent) == kept


def test_clean_text_can_be_stored_and_printed_anywhere() -> None:
    hostile = "".join(chr(c) for c in range(0x00, 0xA0)) + "\ud800\udfff\ud800" + "é" * 3
    cleaned = clean_inbound(hostile)
    cleaned.encode("utf-8")  # no surrogates: SQLite and PostgreSQL take it
    assert "\x00" not in cleaned and "\x1b" not in cleaned
    assert all(ch in "\n\t" or unicodedata.category(ch) != "Cc" for ch in cleaned)
    assert clean_inbound(cleaned) == cleaned  # cleaning twice changes nothing


def test_display_names_are_one_short_line() -> None:
    assert clean_display_name("\x1b]0;pwned\x07Tom") == "Tom"
    assert clean_display_name("  Ana\n\tMaria\u200b ") == "Ana Maria"
    assert len(clean_display_name("A" * 500)) == 80


def test_the_core_cleans_an_inbound_an_adapter_did_not() -> None:
    key = ConversationKey("test", "t", "u")
    raw = Inbound(key=key, event_id="e", text="Tom\x00", choice="\ud800", display_name="\x1b[1mJo")
    cleaned = clean_message(raw)
    assert (cleaned.text, cleaned.choice, cleaned.display_name) == ("Tom", "\ufffd", "Jo")
    already = Inbound(key=key, event_id="e", text="hi", display_name="Jo")
    assert clean_message(already) is already


# --- every adapter cleans at the door ---------------------------------------------------


def test_telegram_messages_presses_and_names_are_cleaned() -> None:
    from telegram import CallbackQuery, Update

    update = Update.de_json(
        text_update(5, "Tom\ud800\x00", message_id=3, name="\x1b]0;pwned\x07Tom"), None
    )
    inbound = message_inbound(update, bot_id=1, username="OrbitTestBot")
    assert inbound is not None
    assert (inbound.text, inbound.display_name) == ("Tom\ufffd", "Tom")
    chat = {"id": 5, "type": "private"}
    raw = press_update(5, "c:yes", {"message_id": 9, "date": 0, "chat": chat})
    query = CallbackQuery.de_json(raw["callback_query"], None)
    assert press_inbound(query, bot_id=1, choice="yes\x00\ud800").choice == "yes\ufffd"


def test_slack_messages_and_presses_are_cleaned() -> None:
    job = message_job(envelope(dm("Tom\x1b[31m\x00\ud800", user="U1", channel="D1")))
    assert job is not None and job.inbound is not None
    assert job.inbound.text == "Tom\ufffd"
    action = {
        "action_id": "orbit-choice",
        "block_id": "q",
        "value": "close\x00",
        "text": {"type": "plain_text", "text": "Close"},
        "type": "button",
    }
    container = {"type": "message", "channel_id": "D1", "message_ts": "1.1"}
    pressed = press_job(
        block_actions(user="U1", action=action, container=container, response_url="http://x")
    )
    assert pressed is not None and pressed.inbound is not None
    assert pressed.inbound.choice == "close"


# --- numbers typed by a student are bounded before int() --------------------------------


async def test_5000_digits_at_the_consent_question_and_at_a_choice(chat: Chat) -> None:
    reply = await chat.say("9" * 5000)  # int() refuses more than 4,300 digits
    assert "something went wrong" not in reply and chat.choices[0] == "Yes, let's start"
    await chat.walk("yes", "Mom")  # after consent, the length limit (4,000) comes first
    assert "I didn't understand that choice" in await chat.say("1, " + "2" * 3990)
    assert "How close" in await chat.say("1")
