"""A student whose Slack is in Spanish: users.info's locale and tz are the hints (the
first stored at consent with the time zone), `/orbit` takes Spanish subcommands, and the
command names in Spanish replies are written as `/orbit mapa`."""

from __future__ import annotations

from bot.adapters.slack.serve import RunningSlack
from bot.core.messages import ConversationKey
from bot.store.store import Store
from tests.slack.fake_slack import TEAM, FakeSlack
from tests.slack.harness import Student, texts

LUCIA = ConversationKey("slack", TEAM, "U0LUCIA")


async def test_a_spanish_slack_student_is_spoken_to_in_spanish(
    slack, fake: FakeSlack, store: Store, running: RunningSlack
) -> None:
    fake.names["U0LUCIA"] = "Lucía"
    fake.locales["U0LUCIA"] = ("es-LA", "America/Los_Angeles")
    lucia = Student(slack, fake, user="U0LUCIA", channel="D0LUCIA")
    welcome = texts(await lucia.types("hola"))
    assert "¡Hola, Lucía! Soy Orbit" in welcome and "/orbit privacidad" in welcome
    first = texts(await lucia.presses("Sí, empecemos"))
    assert "Familia" in first
    shown = await lucia.command("mapa")  # `/orbit mapa`
    assert "Tu mapa todavía está vacío" in shown["text"] and "/orbit agregar" in shown["text"]
    exported = await store.export(LUCIA)
    assert exported is not None
    student = exported["student"]
    assert (student["locale"], student["timezone"]) == ("es", "America/Los_Angeles")
