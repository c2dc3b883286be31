"""The App Home tab: the student's map at a glance, lessons done, the next step.

Built from `Coach.summary` (never from raw store rows) and published with
`views.publish`. Home is private to its student, so the map may show there; it is
the place a student returns to between lessons, with a button to start each one.
"""

from __future__ import annotations

from typing import Any

from bot.adapters.slack.blocks import Block, button, plain, sections
from bot.adapters.slack.inbound import HOME
from bot.core.engine import Coach, StudentSummary
from bot.core.messages import Markup

HEADER_LIMIT = 150
MAX_BLOCKS = 100  # in a Home view


def _lesson_rows(coach: Coach, summary: StudentSummary) -> list[Block]:
    return [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": coach.render(
                    "slack/home_lesson", Markup.MRKDWN, title=title, status=status
                ),
            },
            "accessory": button(
                coach.render("slack/lesson_button", Markup.PLAIN, status=status),
                f"lesson:{lesson_id}",
                f"{HOME}-{lesson_id}",
                primary=status == "active",
            ),
        }
        for lesson_id, title, status in summary.lessons
    ]


def home_view(coach: Coach, summary: StudentSummary | None) -> dict[str, Any]:
    """The Home view; before consent only an invitation, since nothing is stored yet."""
    title = coach.render("slack/home_title", Markup.PLAIN)
    blocks: list[Block] = [{"type": "header", "text": plain(title, HEADER_LIMIT)}]
    if summary is None:
        blocks += sections(coach.render("slack/home_welcome", Markup.MRKDWN))
        start = button(
            coach.render("slack/home_start_button", Markup.PLAIN),
            f"lesson:{coach.settings.first_lesson}",
            f"{HOME}-start",
            primary=True,
        )
        blocks.append({"type": "actions", "elements": [start]})
        return {"type": "home", "blocks": blocks}
    upcoming = next((title for _, title, status in summary.lessons if status == "new"), None)
    blocks += sections(coach.render("slack/home_map", Markup.MRKDWN, map=summary.map))
    blocks.append({"type": "divider"})
    blocks += sections(
        coach.render(
            "slack/home_next", Markup.MRKDWN, active=summary.active_lesson, upcoming=upcoming
        )
    )
    rows = _lesson_rows(coach, summary)
    room = MAX_BLOCKS - len(blocks)
    return {"type": "home", "blocks": blocks + rows[:room]}
