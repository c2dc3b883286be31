"""Keyboards hold their own state; old or used keyboards are recognised."""

from __future__ import annotations

from bot.adapters.telegram import keyboards
from bot.adapters.telegram.presses import LiveKeyboards
from bot.core.messages import Choice

SUPPORTS = (Choice("emotional", "Emotional support"), Choice("advice", "Advice and information"))


def test_toggling_checks_and_unchecks_and_done_reads_the_checks() -> None:
    markup = keyboards.build_json(SUPPORTS, multi=True, done_label="Done")
    assert keyboards.checked(markup) == []
    markup = keyboards.toggled(markup, "advice")
    assert keyboards.checked(markup) == [("advice", "Advice and information")]
    markup = keyboards.toggled(keyboards.toggled(markup, "emotional"), "advice")
    assert keyboards.checked(markup) == [("emotional", "Emotional support")]


def test_the_pressed_label_comes_from_the_button() -> None:
    markup = keyboards.build_json(SUPPORTS, multi=False, done_label="Done")
    assert keyboards.picked_label(markup, "c:advice") == "Advice and information"
    assert keyboards.picked_label(markup, "c:gone") is None
    assert keyboards.label_of("✓ 12. 3. Odd label") == "3. Odd label"


def test_presses_are_parsed_and_foreign_data_is_not() -> None:
    assert keyboards.parse_press("c:lesson:email") == keyboards.Press("c:", "lesson:email")
    assert keyboards.parse_press("d:") == keyboards.Press("d:", "")
    assert keyboards.parse_press("something-else") is None
    assert keyboards.parse_press(None) is None


def test_only_the_newest_unused_keyboard_is_live() -> None:
    live = LiveKeyboards()
    assert live.claim(501, 10)  # unknown chat (restart, another worker): trusted
    assert not live.claim(501, 10)  # a double tap
    live.shown(501, 20)
    live.shown(501, 24)
    assert live.stale(501, 20) and not live.stale(501, 24)
    assert live.claim(501, 24) and not live.claim(501, 20)
    assert live.claim(501, 30)  # sent by another worker: newer, so fine
    assert not live.stale(777, 1)  # other chats are unaffected


def test_the_memory_is_bounded() -> None:
    live = LiveKeyboards(size=3)
    for chat in range(10):
        live.shown(chat, 5)
    assert not live.stale(0, 1)  # forgotten: trusted again
    assert live.stale(9, 1)
