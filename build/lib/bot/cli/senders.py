"""--sender and --platforms, as `orbit worker` and `orbit checkin send-now` take them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.cli.errors import BadInput

if TYPE_CHECKING:
    from bot.config import Settings

Senders = dict[str, Any]  # platform -> a bot.schedule.senders.Sender


def build_senders(settings: Settings, spec: str, platforms: list[str]) -> Senders:
    """--sender and --platforms as senders; a sender that cannot be built is bad input."""
    from bot.app import worker

    try:
        return worker.build_senders(settings, spec, platforms)
    except ValueError as problem:
        raise BadInput(str(problem)) from problem
