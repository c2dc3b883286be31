"""Student text arrives as typed on every platform: never markup, never a mention."""

from __future__ import annotations

from bot.core.engine import Coach
from bot.core.messages import Markup
from tests.support.chat import Chat


async def test_html_markup_escapes_student_text_but_keeps_ours(coach: Coach) -> None:
    chat = Chat(coach, user="ana", markup=Markup.HTML)
    await chat.walk("hi", "yes", "<b>Al</b> & Co", "1", "close")
    reply = await chat.say("/map")
    assert "&lt;b&gt;Al&lt;/b&gt; &amp; Co" in reply
    assert "<b>Family</b>" in reply  # our own bold survives


async def test_slack_mrkdwn_cannot_ping_a_channel(coach: Coach) -> None:
    chat = Chat(coach, user="ana", markup=Markup.MRKDWN)
    await chat.walk("hi", "yes", "<!channel>", "1", "close")
    reply = await chat.say("/map")
    assert "&lt;!channel&gt;" in reply and "<!channel>" not in reply
    assert "*Family*" in reply


async def test_plain_text_is_left_as_typed(coach: Coach) -> None:
    chat = Chat(coach, user="ana")
    await chat.walk("hi", "yes", "<i>Jo</i>", "1", "close")
    assert "<i>Jo</i> (close" in await chat.say("/map")
