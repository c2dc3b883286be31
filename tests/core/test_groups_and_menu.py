"""What adapters rely on: group messages never expose a map; the command menu is true."""

from __future__ import annotations

from dataclasses import replace

from bot.core.commands import COMMANDS
from bot.core.engine import Coach
from bot.store.store import Store
from tests.support.chat import MAPPING_WALK, Chat


async def test_a_group_command_gets_an_invite_and_no_data(chat: Chat, store: Store) -> None:
    await chat.walk(*MAPPING_WALK)
    group = replace(chat.inbound("/map"), private=False)
    [reply] = await chat.coach.handle(group)
    assert "Send me a direct message" in reply.text
    assert "Mom" not in reply.text
    exported = await store.export(chat.key)
    assert exported is not None and exported["conversation"]["version"] == len(MAPPING_WALK) - 1


async def test_a_group_message_before_consent_stores_nothing(chat: Chat, store: Store) -> None:
    group = replace(chat.inbound("yes"), private=False)
    await chat.coach.handle(group)
    assert await store.export(chat.key) is None


def test_the_command_menu_names_real_commands(coach: Coach) -> None:
    menu = dict(coach.command_menu())
    assert set(menu) <= set(COMMANDS)
    assert {"map", "add", "help", "privacy", "delete"} <= set(menu)
    assert all(0 < len(description) <= 256 for description in menu.values())


async def test_summary_for_a_home_screen(chat: Chat) -> None:
    assert await chat.coach.summary(chat.key) is None  # nothing before consent
    await chat.walk("hi", "yes", "Mom", "1", "close")
    summary = await chat.coach.summary(chat.key)
    assert summary is not None
    assert summary.map.count == 1 and summary.active_lesson == "Relationship mapping"
    assert ("mapping", "Relationship mapping", "active") in summary.lessons
