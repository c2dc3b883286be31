"""The rehearsed opening line gets one tip: what you want, who you are, room for no."""

from __future__ import annotations

import pytest

from bot.coaching.opening_check import check_opening

ASK = "Could you show me the x box method for 15 minutes after school on Friday?"


@pytest.mark.parametrize(
    ("line", "tip"),
    [
        ("um hi", "what"),
        ("hey", "what"),
        ("Hi Ms Kim!", "what"),
        ("hi ms kim, could you help me with algebra", "who"),
        ("Hi, I'm Bea from your 3rd period. Could you show me the x box method?", "room"),
        ("hi its bea from ur class, can u show me the box thing? no worries if ur busy", None),
        ("I'm Bea. I was wondering if you have time to look at my essay, if not that's ok", None),
        ("hi my name is bea, the x box method confuses me", "room"),  # shares the ask's words
        (
            "Hello Mr. Park, this is Dev. Would it be okay to ask you a question if you have time?",
            None,
        ),
    ],
)
def test_one_tip_in_order(line: str, tip: str | None) -> None:
    assert check_opening(line, ASK).tip == tip


def test_no_introduction_needed_for_someone_close() -> None:
    found = check_opening("Mom, can you quiz me on biology tonight? It's ok if you're tired", "")
    assert found.tip == "who"
    close = check_opening(
        "Mom, can you quiz me on biology tonight? It's ok if you're tired", "", knows_well=True
    )
    assert close.tip is None and close.who and close.what and close.room
