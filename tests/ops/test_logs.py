"""Logs say what happened, never what a student wrote or who is on their map.

Everything runs at DEBUG with the JSON format a deployment would collect: a crisis
message (its alert then fails to send, the platform's error quoting the words), an
email draft, a map name, and a Telegram update whose handling fails. Every line must
parse as one JSON object, and none may hold the student's words.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from types import SimpleNamespace

import pytest
from telegram import Bot, Update

from bot.adapters.telegram.app import _log_error
from bot.app.logs import configure_logging
from bot.schedule.dispatcher import Dispatcher, DispatchSettings
from bot.store import cohorts
from bot.store.store import Store
from bot.store.transactions import Transactions
from bot.vocab.keys import ConversationKey
from bot.vocab.messages import Markup, Outbound
from bot.vocab.records import utcnow
from tests.ops.health import measured_coach
from tests.support.chat import Chat
from tests.telegram.botapi import text_update

CRISIS = "zebra42 i want to kill myself tonight"
DRAFT = "Subject: hi\nhey ms quokkason can u help me with college zebra42"
MAP_NAME = "Quokkason"
SECRETS = ("zebra42", "quokkason", "kill myself")


class RefusingSender:
    """A platform that refuses, quoting the message back (as some APIs do)."""

    markup = Markup.PLAIN

    async def send(self, key: ConversationKey, outbound: Outbound) -> None:
        raise RuntimeError(f"refused to send {outbound.text!r} to {key}")


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    out = io.StringIO()
    configure_logging("DEBUG", "json", stream=out)
    yield out
    root.handlers[:], _ = saved[0], root.setLevel(saved[1])


@pytest.fixture
async def store(sqlite_url: str) -> AsyncIterator[Store]:
    opened = await Store(sqlite_url).open()
    yield opened
    await opened.close()


def _lines(out: io.StringIO) -> list[dict[str, str]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_json_line_is_one_object_with_the_event_and_no_error_message(
    logs: io.StringIO,
) -> None:
    log = logging.getLogger("bot.test")
    log.info("turn of %s committed", "a1b2c3")
    try:
        raise ValueError(f"bad answer {CRISIS}")
    except ValueError:
        log.exception("could not handle an event")
    first, second = _lines(logs)
    assert set(first) == {"time", "level", "logger", "event"}
    assert first["event"] == "turn of a1b2c3 committed" and first["level"] == "INFO"
    assert second["error"].startswith("ValueError at ") and "zebra42" not in logs.getvalue()


def test_the_text_format_writes_no_traceback_text(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "text")
    try:
        raise ValueError(CRISIS)
    except ValueError:
        logging.getLogger("bot.test").exception("failed")
    assert "zebra42" not in capsys.readouterr().err
    with pytest.raises(ValueError, match="ORBIT_LOG_FORMAT"):
        configure_logging("INFO", "yaml")


async def test_crisis_draft_map_and_failing_send_leave_no_words_in_the_logs(
    logs: io.StringIO, store: Store
) -> None:
    boss = ConversationKey("test", "t1", "boss")
    await store.writer.run(cohorts.grant, boss, "admin", "", "Boss", utcnow())
    coach = measured_coach(store)
    ana = Chat(coach, user="ana")
    await ana.walk("hi", "yes", MAP_NAME, "1", "close", "done")
    await ana.say(CRISIS)
    await ana.walk("/lesson email", "Ms. Lopez", "1", "2", "skip", DRAFT, "/done")
    tx = Transactions(store)
    dispatcher = Dispatcher(
        tx=tx,
        coach=coach,
        senders={"test": RefusingSender()},
        worker="w1",
        pacers={},
        settings=DispatchSettings(max_attempts=1),
    )
    await dispatcher.drain()
    await tx.close()
    await _telegram_error(CRISIS)
    text = logs.getvalue()
    assert "sending alert:" in text and "could not be handled" in text  # it did log
    assert [line["event"] for line in _lines(logs)]  # and every line is JSON
    assert not [s for s in SECRETS if s in text.casefold()], text[-3000:]


async def _telegram_error(words: str) -> None:
    """PTB's error handler, given a real update whose handling raised."""
    bot = Bot("123:abc")
    update = Update.de_json(text_update(501, words, message_id=7), bot)
    await _log_error(update, SimpleNamespace(error=RuntimeError(f"while handling {words}")))
