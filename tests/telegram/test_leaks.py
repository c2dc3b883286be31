"""No student's words or name in the logs, and group commands answered once
(the real python-telegram-bot stack on the recording Bot API)."""

from __future__ import annotations

import logging

import pytest
from telegram.error import NetworkError

from tests.telegram.botapi import press_update, text_update
from tests.telegram.harness import Bot

ANA = 918273645  # long enough never to turn up by chance inside a hash
GROUP = {"id": -100777, "type": "supergroup", "title": "Robotics club"}
NAME = "Zephyrine"
WORDS = "marigold"


def _all_logged(caplog: pytest.LogCaptureFixture) -> str:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    return "\n".join(formatter.format(r) for r in caplog.records)


async def test_a_redelivered_group_command_is_answered_once(bot: Bot) -> None:
    update = text_update(ANA, "/map", message_id=7, chat=GROUP)
    await bot.feed(update)
    await bot.feed({**update, "update_id": update["update_id"] + 1})  # Telegram again
    to_group = [p for p in bot.api.sent() if p["chat_id"] == GROUP["id"]]
    assert len(to_group) == 1


async def test_a_new_group_command_is_still_answered(bot: Bot) -> None:
    await bot.feed(text_update(ANA, "/map", message_id=7, chat=GROUP))
    await bot.feed(text_update(ANA, "/map", message_id=8, chat=GROUP))
    assert len([p for p in bot.api.sent() if p["chat_id"] == GROUP["id"]]) == 2


async def test_no_student_words_or_names_in_any_log_line(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await bot.feed(text_update(ANA, "hi", message_id=1, name=NAME))
    await bot.feed(press_update(ANA, "c:yes", bot.api.last_keyboard()))
    await bot.feed(text_update(ANA, f"i want to die {WORDS}", message_id=2, name=NAME))
    refusal = {"ok": False, "error_code": 400, "description": f"Bad Request: {WORDS} {NAME}"}
    bot.api.fail("sendMessage", (400, refusal))  # Telegram refuses a message
    await bot.feed(text_update(ANA, f"{WORDS} again", message_id=3, name=NAME))
    # A failure nothing handles reaches PTB's error handler with the whole update.
    bot.adapter.sender.attempts = 1
    bot.api.fail("sendMessage", NetworkError(f"lost while sending {WORDS}"))
    await bot.feed(text_update(ANA, f"{WORDS} once more", message_id=4, name=NAME))
    logged = _all_logged(caplog)
    assert "Telegram refused a SendMessage" in logged  # the refusal is logged ...
    assert "could not be handled: NetworkError at" in logged  # ... and the failure
    for secret in (NAME, WORDS, "want to die", str(ANA)):
        assert secret.casefold() not in logged.casefold(), secret


async def test_an_update_telegram_sends_that_cannot_be_read_is_not_logged(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """python-telegram-bot logs the raw data of an update it cannot parse, at CRITICAL."""
    caplog.set_level(logging.DEBUG)
    bot.api.updates.append({"update_id": 1, "message": {"text": f"{WORDS} from {NAME}"}})
    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever PTB raises for it
        await bot.app.bot.get_updates()
    logged = _all_logged(caplog)
    assert "Error while parsing updates" in logged
    assert WORDS not in logged and NAME not in logged
