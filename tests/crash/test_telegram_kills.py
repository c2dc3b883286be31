"""kill -9 of `orbit run telegram` mid-turn against the Bot API emulator (slowed down):
no typed message and no committed reply lost.

Bounded for CI (20 kills over one walk of the conversation, a minute or two);
`python -m tests.crash.telegram_kills --kills 100` gives the figures in RELIABILITY.md.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.crash.telegram_kills import run
from tests.support.node import missing_node_peer
from tests.telegram.emulator_client import HERE as EMULATOR

NODE = shutil.which("node")
MISSING = missing_node_peer(EMULATOR, "telegram-test-api")
pytestmark = [pytest.mark.crash, pytest.mark.skipif(MISSING is not None, reason=str(MISSING))]


async def test_killing_orbit_run_telegram_loses_no_message_and_no_committed_reply(
    tmp_path: Path,
) -> None:
    assert NODE is not None
    figures = await run(kills=20, seed=11, workdir=tmp_path, node=NODE, delay_ms=100, cycles=1)
    print(figures.as_dict())
    assert figures.kills == 20
    assert figures.lost_messages == 0  # every typed message was redelivered and stored
    assert figures.unanswered == 0
    assert figures.lost_replies == 0
    assert figures.pending_left == 0
    assert figures.clean_exit
    # at-least-once: a kill may repeat the turn in hand's replies (a few messages), once
    assert figures.doubled_replies <= 5 * figures.kills
