"""Outbound -> Bot API calls: HTML as the core escaped it, pieces that fit, keyboards."""

from __future__ import annotations

import re

from bot.adapters.telegram.outgoing import SendMessage, SendPhoto, plan
from bot.adapters.telegram.splitting import length, split_html
from bot.core.engine import Coach
from bot.core.messages import Choice, Markup, Outbound

CHOICES = (Choice("close", "Close"), Choice("between", "In between"))


def test_student_text_is_escaped_by_the_core_and_sent_as_is(sqlite_coach: Coach) -> None:
    text = sqlite_coach.render(
        "mapping/closeness", Markup.HTML, data={"person_name": "Tom & <b>Jo</b>"}
    )
    [call] = plan(Outbound(text=text), done_label="Done")
    assert isinstance(call, SendMessage)
    assert call.kwargs(5)["text"] == "How close are you and Tom &amp; &lt;b&gt;Jo&lt;/b&gt;?"
    assert call.kwargs(5)["parse_mode"] == "HTML"


def test_choices_become_numbered_buttons_under_the_last_piece() -> None:
    long = "\n\n".join(["para " * 300] * 6)
    calls = plan(Outbound(text=long, choices=CHOICES), done_label="Done")
    assert len(calls) > 1
    assert all(c.reply_markup is None for c in calls[:-1])  # type: ignore[union-attr]
    markup = calls[-1].reply_markup  # type: ignore[union-attr]
    assert markup == {
        "inline_keyboard": [
            [{"text": "1. Close", "callback_data": "c:close"}],
            [{"text": "2. In between", "callback_data": "c:between"}],
        ]
    }


def test_a_multiple_choice_has_toggles_and_done() -> None:
    [call] = plan(Outbound(text="Pick", choices=CHOICES, multi=True), done_label="Done")
    rows = call.reply_markup["inline_keyboard"]  # type: ignore[union-attr,index]
    assert [b["callback_data"] for row in rows for b in row] == ["t:close", "t:between", "d:"]


def test_values_too_long_for_telegram_leave_the_question_to_typing() -> None:
    wide = (Choice("x" * 70, "A long one"),)
    [call] = plan(Outbound(text="Pick", choices=wide), done_label="Done")
    assert call.reply_markup is None  # type: ignore[union-attr]


def test_a_document_follows_as_an_escaped_pre_block() -> None:
    [call] = plan(Outbound(text="Your draft:", document="Dear Ms. <Rivera> & co"), done_label="D")
    assert call.text == "Your draft:\n\n<pre>Dear Ms. &lt;Rivera&gt; &amp; co</pre>"  # type: ignore[union-attr]


def test_a_picture_carries_a_short_text_as_its_caption() -> None:
    calls = plan(Outbound(text="Your map", image_path="/tmp/map.png"), done_label="D")
    assert calls == [SendPhoto("/tmp/map.png", "Your map")]


def test_a_picture_comes_first_when_the_text_is_too_long_for_a_caption() -> None:
    text = "A long map. " * 200
    calls = plan(Outbound(text=text, image_path="/tmp/map.png", choices=CHOICES), done_label="D")
    assert calls[0] == SendPhoto("/tmp/map.png")
    assert isinstance(calls[-1], SendMessage) and calls[-1].reply_markup is not None


def test_long_text_is_cut_at_paragraph_breaks() -> None:
    paragraphs = [f"Paragraph {n}: " + " ".join(["word"] * 150) for n in range(20)]
    pieces = split_html("\n\n".join(paragraphs))
    assert len(pieces) > 1 and all(length(p) <= 4096 for p in pieces)
    assert "\n\n".join(pieces) == "\n\n".join(paragraphs).strip()
    assert all(p.startswith("Paragraph") for p in pieces)


def test_a_long_pre_block_is_closed_and_reopened_in_every_piece() -> None:
    block = "<pre>" + "\n".join(f"line {n} &amp; more" for n in range(900)) + "</pre>"
    pieces = split_html("Intro\n\n" + block)
    assert len(pieces) > 2
    for piece in pieces[1:]:
        assert piece.startswith("<pre>") and piece.endswith("</pre>")
        assert piece.count("<pre>") == piece.count("</pre>") == 1
        assert not re.search(r"&[a-z]*$", piece.removesuffix("</pre>"))  # no cut entity
        assert length(piece) <= 4096


def test_a_word_longer_than_a_message_is_cut_inside() -> None:
    pieces = split_html("x" * 10_000)
    assert [len(p) for p in pieces] == [4096, 4096, 1808]


def test_length_counts_utf16_like_telegram() -> None:
    assert length("🙂") == 2 and length("é") == 1
    pieces = split_html("🙂" * 3000)
    assert all(length(p) <= 4096 for p in pieces) and "".join(pieces) == "🙂" * 3000
