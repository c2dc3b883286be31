"""Outbound -> Block Kit: pieces, buttons, checkboxes, and a question once answered."""

from __future__ import annotations

from bot.adapters.slack.blocks import as_one, message_text, to_messages, without_choices
from bot.adapters.slack.inbound import DONE, PICK
from bot.core.escaping import escape
from bot.core.messages import Choice, Markup, Outbound

SUPPORTS = tuple(
    Choice(v, label)
    for v, label in [
        ("emotional", "Emotional support"),
        ("advice", "Advice and information"),
        ("practical", "Practical help"),
    ]
)


def test_plain_text_is_a_plain_message() -> None:
    [message] = to_messages(Outbound(text="Added Mom."), done_label="Done")
    assert message.text == "Added Mom." and message.blocks == []


def test_one_answer_choices_are_buttons_under_the_question() -> None:
    [message] = to_messages(Outbound(text="How close?", choices=SUPPORTS), done_label="Done")
    section, actions = message.blocks
    assert section == {"type": "section", "text": {"type": "mrkdwn", "text": "How close?"}}
    assert actions["type"] == "actions" and actions["block_id"].startswith("orbit-")
    assert [(e["type"], e["text"]["text"], e["value"]) for e in actions["elements"]] == [
        ("button", "Emotional support", "emotional"),
        ("button", "Advice and information", "advice"),
        ("button", "Practical help", "practical"),
    ]
    assert len({e["action_id"] for e in actions["elements"]}) == 3
    assert message.has_choices


def test_several_answer_choices_are_checkboxes_and_done() -> None:
    out = Outbound(text="What does Mom give you?", choices=SUPPORTS, multi=True)
    [message] = to_messages(out, done_label="Done")
    boxes, done = message.blocks[1]["elements"]
    assert boxes["type"] == "checkboxes" and boxes["action_id"] == PICK
    assert [o["value"] for o in boxes["options"]] == ["emotional", "advice", "practical"]
    assert done["action_id"] == DONE and done["text"]["text"] == "Done"


def test_many_choices_fill_several_rows_of_buttons() -> None:
    many = tuple(Choice(str(n), f"Option {n}") for n in range(30))
    [message] = to_messages(Outbound(text="Pick", choices=many, multi=True), done_label="Done")
    rows = message.blocks[1:]
    assert [len(r["elements"]) for r in rows] == [25, 5]  # over 10: buttons, 25 to a row
    assert len({r["block_id"] for r in rows}) == 2


def test_long_labels_are_shortened_to_fit_a_button() -> None:
    long = (Choice("x", "A very long option label " * 5),)
    [message] = to_messages(Outbound(text="Pick", choices=long), done_label="Done")
    label = message.blocks[1]["elements"][0]["text"]["text"]
    assert len(label) <= 75 and label.endswith("…")


def test_a_long_reply_is_split_and_the_buttons_go_on_the_last_piece() -> None:
    text = "\n\n".join(f"Part {n}: " + "x " * 700 for n in range(5))
    messages = to_messages(Outbound(text=text, choices=SUPPORTS), done_label="Done")
    assert len(messages) > 1
    assert all(len(m.text) <= 3000 for m in messages)
    assert [m.has_choices for m in messages] == [False] * (len(messages) - 1) + [True]


def test_a_document_is_its_own_escaped_code_block() -> None:
    draft = "Dear <!channel>, I'd like ```help``` & advice"
    reply, document = to_messages(
        Outbound(text="Here is your draft:", document=draft), done_label="Done"
    )
    assert reply.text == "Here is your draft:"
    assert document.text == "```Dear &lt;!channel&gt;, I'd like '''help''' &amp; advice```"


def test_an_answered_question_keeps_its_text_and_shows_the_pick() -> None:
    [message] = to_messages(Outbound(text="How close?", choices=SUPPORTS), done_label="Done")
    note = f"You picked *{escape('<@U1> & co', Markup.MRKDWN)}*"
    blocks = without_choices(message.blocks, note)
    assert [b["type"] for b in blocks] == ["section", "context"]
    assert blocks[1]["elements"][0]["text"] == "You picked *&lt;@U1&gt; &amp; co*"
    assert message_text(blocks) == "How close?"
    assert without_choices(message.blocks) == message.blocks[:1]


def test_a_turn_as_one_ephemeral_answer() -> None:
    messages = to_messages(Outbound(text="Your map: Mom"), done_label="Done")
    messages += to_messages(Outbound(text="How close?", choices=SUPPORTS), done_label="Done")
    one = as_one(messages)
    assert [b["type"] for b in one.blocks] == ["section", "section", "actions"]
    assert one.text == "Your map: Mom\n\nHow close?"


def test_a_picture_goes_with_the_last_piece_of_text_and_survives_as_one() -> None:
    out = Outbound(text="Your map\n\n" + "x" * 3500, image_path="/m/map-1.png", document="doc")
    *pieces, code = to_messages(out, done_label="Done")
    assert [m.image_path for m in pieces] == [None, "/m/map-1.png"] and code.image_path is None
    assert as_one([*pieces, code]).image_path == "/m/map-1.png"
    [alone] = to_messages(Outbound(text="", image_path="/m/map-1.png"), done_label="Done")
    assert alone.text == "" and alone.image_path == "/m/map-1.png"
