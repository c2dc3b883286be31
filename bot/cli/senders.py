"""The senders `orbit worker` and `orbit checkin send-now` deliver through (--sender)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.cli.errors import BadInput

if TYPE_CHECKING:
    from bot.config import Settings

Senders = dict[str, Any]  # platform -> bot.schedule.worker's Sender


def build_senders(settings: Settings, spec: str, platforms: list[str]) -> Senders:
    """--sender and --platforms as senders; a sender that cannot be built is bad input."""
    from bot.schedule import worker

    try:
        return worker.build_senders(settings, spec, platforms)
    except ValueError as problem:
        raise BadInput(str(problem)) from problem


async def close_senders(senders: Senders) -> None:
    """Close each sender once (one may serve several platforms)."""
    for one in {id(s): s for s in senders.values()}.values():
        close = getattr(one, "close", None)
        if close is not None:
            await close()
