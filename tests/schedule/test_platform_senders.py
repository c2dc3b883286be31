"""`orbit worker --sender platform`: Telegram and Slack senders, built from ORBIT_* variables."""

from __future__ import annotations

import pytest

from bot.adapters.slack.scheduled import SlackWorkerSender
from bot.adapters.telegram.outbox import TelegramWorkerSender
from bot.app.worker import build_senders
from bot.config import Settings
from bot.core.messages import Markup
from bot.schedule.policy import pacers_for


def test_platform_builds_both_senders_and_only_slack_is_paced_by_the_dispatcher(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ORBIT_TELEGRAM_TOKEN", "4242:test-token")
    monkeypatch.setenv("ORBIT_SLACK_BOT_TOKEN", "xoxb-test")
    senders = build_senders(Settings(), "platform", ["console", "telegram", "slack"])
    assert set(senders) == {"telegram", "slack"}  # nothing reaches a console from a worker
    assert isinstance(senders["telegram"], TelegramWorkerSender)
    assert isinstance(senders["slack"], SlackWorkerSender)
    assert senders["telegram"].markup is Markup.HTML
    assert senders["slack"].markup is Markup.MRKDWN
    assert senders["telegram"].done_label and senders["slack"].done_label
    # Telegram's bot paces itself (its limiter); a second pacer would halve the budget.
    assert list(pacers_for(senders)) == ["slack"]
    assert list(pacers_for(build_senders(Settings(), "log", ["telegram", "slack"]))) == []
    http = build_senders(Settings(), "http://127.0.0.1:9/bot", ["telegram", "slack"])
    assert sorted(pacers_for(http)) == ["slack", "telegram"]  # a plain endpoint is paced


def test_a_missing_token_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORBIT_TELEGRAM_TOKEN", raising=False)
    monkeypatch.delenv("ORBIT_SLACK_BOT_TOKEN", raising=False)
    with pytest.raises(ValueError, match="ORBIT_TELEGRAM_TOKEN"):
        build_senders(Settings(), "platform", ["telegram"])
    with pytest.raises(ValueError, match="ORBIT_SLACK_BOT_TOKEN"):
        build_senders(Settings(), "platform", ["slack"])
    for spec in ("platform", "log", "http://127.0.0.1:9/bot"):  # `orbit chat` shows them
        with pytest.raises(ValueError, match="workers do not send to the console"):
            build_senders(Settings(), spec, ["console"])
