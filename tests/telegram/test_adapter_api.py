"""Payload in, Bot API calls out: the real python-telegram-bot stack on a recording Bot API."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from telegram.error import NetworkError

from bot.adapters.telegram.incoming import conversation_key
from bot.adapters.telegram.presses import LiveKeyboards
from bot.core.messages import Outbound
from tests.telegram.botapi import press_update, retry_after, text_update
from tests.telegram.harness import Bot

ANA = 501
GROUP = {"id": -100777, "type": "supergroup", "title": "Robotics club"}


async def consented(bot: Bot) -> None:
    await bot.feed(text_update(ANA, "hi", message_id=1))
    await bot.feed(press_update(ANA, "c:yes", bot.api.last_keyboard()))


async def test_a_student_message_gets_html_replies_with_numbered_buttons(bot: Bot) -> None:
    await bot.feed(text_update(ANA, "hi", message_id=1))
    sent = bot.api.sent()
    assert sent and all(p["parse_mode"] == "HTML" and p["chat_id"] == ANA for p in sent)
    assert "reply_markup" not in sent[0]  # the welcome; buttons go under the question
    assert sent[-1]["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "1. Yes, let's start", "callback_data": "c:yes"}],
            [{"text": "2. No thanks", "callback_data": "c:no"}],
        ]
    }


async def test_a_press_is_answered_and_its_keyboard_replaced_by_the_answer(bot: Bot) -> None:
    await bot.feed(text_update(ANA, "hi", message_id=1))
    question = bot.api.last_keyboard()
    bot.api.calls.clear()
    await bot.feed(press_update(ANA, "c:yes", question, query_id="q-yes"))
    names = [name for name, _ in bot.api.calls]
    assert names[:2] == ["answerCallbackQuery", "editMessageText"]
    assert bot.api.sent("answerCallbackQuery") == [{"callback_query_id": "q-yes"}]
    [edit] = bot.api.sent("editMessageText")
    assert edit["message_id"] == question["message_id"]
    assert edit["text"].endswith("\n\n→ <b>Yes, let's start</b>")
    assert edit["reply_markup"] == {"inline_keyboard": []}  # nothing left to press
    assert any("Family" in text for text in bot.api.texts())  # the lesson began
    assert await bot.adapter.coach.store.export(conversation_key(ANA)) is not None


async def test_student_text_arrives_as_typed(bot: Bot) -> None:
    await consented(bot)
    await bot.feed(text_update(ANA, "Tom & <b>Jo</b>", message_id=3))
    assert "Tom &amp; &lt;b&gt;Jo&lt;/b&gt;" in bot.api.texts()[-1]
    await bot.feed(text_update(ANA, "1", message_id=4), text_update(ANA, "close", message_id=5))
    exported = await bot.adapter.coach.store.export(conversation_key(ANA))
    assert exported is not None
    assert [p["name"] for p in exported["map"]] == ["Tom & <b>Jo</b>"]


async def test_several_answers_are_checked_on_the_keyboard_then_sent_with_done(bot: Bot) -> None:
    await consented(bot)
    await bot.feed(text_update(ANA, "Mom", message_id=3))
    question = bot.api.last_keyboard()
    buttons = [row[0]["text"] for row in question["reply_markup"]["inline_keyboard"]]
    assert buttons[-1] == "Done" and buttons[0] == "1. Emotional support"

    bot.api.calls.clear()
    await bot.feed(press_update(ANA, "d:", question))  # nothing checked yet
    assert bot.api.sent("answerCallbackQuery")[0]["text"].startswith("Pick at least one")
    assert not bot.api.sent()

    for value in ("emotional", "practical"):
        await bot.feed(press_update(ANA, f"t:{value}", question))
        question = {
            **question,
            "reply_markup": bot.api.sent("editMessageReplyMarkup")[-1]["reply_markup"],
        }
    checked = [
        r[0]["text"] for r in question["reply_markup"]["inline_keyboard"] if "✓" in r[0]["text"]
    ]
    assert checked == ["✓ 1. Emotional support", "✓ 4. Practical help"]
    assert not bot.api.sent()  # toggles never reach the coach

    await bot.feed(press_update(ANA, "d:", question))
    assert bot.api.sent("editMessageText")[-1]["text"].endswith(
        "→ <b>Emotional support, Practical help</b>"
    )
    assert "How close are you and Mom?" in bot.api.texts()[-1]


async def test_a_buttons_short_note_is_in_the_language_of_the_students_app(bot: Bot) -> None:
    await consented(bot)
    await bot.feed(text_update(ANA, "Mom", message_id=3))
    question = bot.api.last_keyboard()
    bot.api.calls.clear()
    press = press_update(ANA, "d:", question)  # Done with nothing checked
    press["callback_query"]["from"]["language_code"] = "es-MX"
    await bot.feed(press)
    assert bot.api.sent("answerCallbackQuery")[0]["text"].startswith("Primero elige")
    unserved = press_update(ANA, "d:", question)
    unserved["callback_query"]["from"]["language_code"] = "fr"  # not served: the default
    await bot.feed(unserved)
    assert bot.api.sent("answerCallbackQuery")[1]["text"].startswith("Pick at least one")


async def test_an_old_button_is_refused_kindly_and_removed(bot: Bot) -> None:
    await consented(bot)
    await bot.feed(text_update(ANA, "Mom", message_id=3))
    await bot.feed(text_update(ANA, "1", message_id=4))  # typed instead of pressing
    await bot.feed(text_update(ANA, "close", message_id=5))
    await bot.feed(text_update(ANA, "Beto", message_id=6))
    await bot.feed(text_update(ANA, "2", message_id=7))
    closeness_for_beto = bot.api.last_keyboard()
    closeness_for_mom = [m for m in bot.api.delivered if "How close" in m["text"]][0]
    bot.api.calls.clear()
    await bot.feed(press_update(ANA, "c:distant", closeness_for_mom))
    assert bot.api.sent("answerCallbackQuery")[0]["text"].startswith("That question is already")
    assert (
        bot.api.sent("editMessageReplyMarkup")[0]["message_id"] == closeness_for_mom["message_id"]
    )
    assert not bot.api.sent()  # the coach never saw it: Beto's question is still open

    await bot.feed(press_update(ANA, "c:close", closeness_for_beto))
    await bot.feed(press_update(ANA, "c:close", closeness_for_beto))  # a double tap
    assert sum("Added Beto" in t for t in bot.api.texts()) == 1


async def test_a_redelivered_message_is_answered_once(bot: Bot) -> None:
    await bot.feed(text_update(ANA, "hi", message_id=1))
    await bot.feed(press_update(ANA, "c:yes", bot.api.last_keyboard()))
    before = len(bot.api.sent())
    again = text_update(ANA, "Mom", message_id=3)
    await bot.feed(again, {**again, "update_id": again["update_id"] + 1})
    assert len(bot.api.sent()) == before + 1


async def test_group_chatter_is_ignored_and_commands_get_an_invite(bot: Bot) -> None:
    await consented(bot)
    await bot.feed(text_update(ANA, "Mom", message_id=3))
    bot.api.calls.clear()
    await bot.feed(text_update(ANA, "hello everyone", message_id=50, chat=GROUP))
    await bot.feed(text_update(ANA, "/map@SomeOtherBot", message_id=51, chat=GROUP))
    assert bot.api.calls == []
    await bot.feed(text_update(ANA, "/map@OrbitTestBot", message_id=52, chat=GROUP))
    [invite] = bot.api.sent()
    assert invite["chat_id"] == GROUP["id"] and "direct message" in invite["text"]
    assert "Mom" not in invite["text"]


async def test_a_long_reply_is_split_and_the_keyboard_goes_last(bot: Bot) -> None:
    paragraph = "word " * 500
    await bot.adapter.reply(ANA, [Outbound(text="\n\n".join([paragraph] * 5))])
    pieces = bot.api.texts()
    assert len(pieces) > 1 and all(len(p) <= 4096 for p in pieces)


async def test_the_map_picture_is_uploaded_with_its_text_as_caption(
    bot: Bot, tmp_path: Path
) -> None:
    picture = tmp_path / "map.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    await bot.adapter.reply(ANA, [Outbound(text="Your <b>map</b>", image_path=str(picture))])
    [photo] = bot.api.sent("sendPhoto")
    assert (photo["chat_id"], photo["caption"], photo["parse_mode"]) == (
        ANA,
        "Your <b>map</b>",
        "HTML",
    )
    assert not bot.api.sent()  # one message, not two


async def test_flood_control_is_waited_out_and_the_message_still_goes(bot: Bot) -> None:
    bot.api.fail("sendMessage", retry_after(1))
    start = time.monotonic()
    await bot.feed(text_update(ANA, "hi", message_id=1))
    assert time.monotonic() - start >= 1.0
    texts = bot.api.texts()
    assert texts[0] == texts[1]  # the refused message, sent again
    assert len(texts) == 3


async def test_network_errors_are_retried(bot: Bot) -> None:
    bot.adapter.sender.first_pause = 0.01
    bot.api.fail("sendMessage", NetworkError("connection reset"), NetworkError("again"))
    await bot.feed(text_update(ANA, "hi", message_id=1))
    assert len(bot.api.texts()) == 4  # two failed tries, then welcome and question
    assert bot.adapter.sender.network_retries == 2


async def test_a_refused_message_does_not_stop_the_others(bot: Bot) -> None:
    bot.api.fail("sendMessage", (400, {"ok": False, "error_code": 400, "description": "Bad"}))
    await bot.feed(text_update(ANA, "hi", message_id=1))
    assert len(bot.api.texts()) == 2
    assert "reply_markup" in bot.api.sent()[-1]


async def test_scheduled_messages_go_through_the_same_bot(bot: Bot) -> None:
    from bot.adapters.telegram.outbox import TelegramOutboxSender
    from bot.schedule.senders import PermanentSendError

    outbox = TelegramOutboxSender(bot.adapter.sender, done_label="Done")
    key = conversation_key(ANA)
    await outbox.send(key, Outbound(text="Time to <b>check in</b>", choices=()))
    assert bot.api.sent()[-1] == {
        "chat_id": ANA,
        "text": "Time to <b>check in</b>",
        "parse_mode": "HTML",
    }
    bot.api.fail("sendMessage", (403, {"ok": False, "error_code": 403, "description": "blocked"}))
    with pytest.raises(PermanentSendError):
        await outbox.send(key, Outbound(text="Still there?"))


async def test_after_a_restart_an_old_done_is_refused_by_the_core(bot: Bot) -> None:
    await consented(bot)
    await bot.feed(text_update(ANA, "Mom", message_id=3))
    supports = bot.api.last_keyboard()
    await bot.feed(text_update(ANA, "1, 2", message_id=4))  # typed; the buttons stay
    bot.adapter.live = LiveKeyboards()  # a new process remembers no keyboards
    await bot.feed(press_update(ANA, "t:career", supports))
    checked = bot.api.sent("editMessageReplyMarkup")[-1]["reply_markup"]
    supports = {**supports, "reply_markup": checked}
    await bot.feed(press_update(ANA, "d:", supports))
    refusal, question = bot.api.texts()[-2:]
    assert "That button belongs to an earlier question" in refusal
    assert question == "How close are you and Mom?"
    exported = await bot.adapter.coach.store.export(conversation_key(ANA))
    assert exported is not None and exported["map"] == []  # Mom is not saved with "career"


async def test_distress_in_a_group_is_answered_in_the_private_chat_only(bot: Bot) -> None:
    from bot.store import cohorts
    from bot.store.transactions import Transactions
    from bot.vocab.records import utcnow

    store = bot.adapter.coach.store
    tx = Transactions(store)
    boss = conversation_key(777)
    await tx.run(cohorts.grant, boss, "admin", "", "Boss", utcnow())
    await consented(bot)
    bot.api.calls.clear()
    await bot.feed(
        text_update(ANA, "@OrbitTestBot i want to kill myself", message_id=60, chat=GROUP)
    )
    await bot.feed(text_update(ANA, "ugh kms", message_id=61, chat=GROUP))  # overheard
    sent = bot.api.sent()
    in_group = [p["text"] for p in sent if p["chat_id"] == GROUP["id"]]
    privately = [p["text"] for p in sent if p["chat_id"] == ANA]
    assert len(in_group) == 1 and "direct message" in in_group[0]
    assert not any(word in in_group[0] for word in ("988", "kill", "adults"))
    assert len(privately) == 2 and all("988" in text for text in privately)
    assert "let the adults" in privately[0]

    def alerts(conn):  # type: ignore[no-untyped-def]
        from sqlalchemy import select

        from bot.store.outbox import O

        return conn.execute(select(O.c.user_id).where(O.c.kind == "alert")).scalars().all()

    assert await tx.run(alerts) == ["777", "777"]  # one per message, to the admin
    await tx.close()
