"""The email lesson in a Slack DM: a draft sent one message per paragraph comes back with its
paragraphs in the code block, and a Spanish draft gets the rubric's Spanish sentences.

The real Bolt app in HTTP mode gets signed Events API requests; its Web API calls go to the
fake Slack.
"""

from __future__ import annotations

import html

from bot.adapters.slack.serve import RunningSlack
from tests.slack.harness import Student, texts
from tests.telegram.test_email_drafts import PARAGRAPHS, SPANISH


async def start_email_lesson(ana: Student) -> None:
    await ana.types("hi")
    await ana.presses("Yes, let's start")
    for answer in ("/lesson email", "Ms. Lopez", "1", "2", "civil engineering"):
        await ana.types(answer)


async def send_draft(ana: Student, paragraphs: list[str]) -> str:
    said: list[dict] = []
    for paragraph in [*paragraphs, "/done"]:
        said += await ana.types(paragraph)
    return html.unescape(texts(said))


async def test_a_draft_sent_one_paragraph_per_message_keeps_its_paragraphs(
    ana: Student, running: RunningSlack
) -> None:
    await start_email_lesson(ana)
    said = await send_draft(ana, PARAGRAPHS)
    assert "Your email is ready to send!" in said
    assert "\n\n".join(PARAGRAPHS) in said  # in the ``` block, blank lines between


async def test_a_spanish_draft_gets_spanish_feedback_in_slack(
    ana: Student, running: RunningSlack
) -> None:
    await start_email_lesson(ana)
    said = await send_draft(ana, SPANISH)
    assert "No hay línea de asunto." in said
    assert "There is no subject line" not in said and "e.g." not in said
