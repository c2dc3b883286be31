"""kill -9 of piped `orbit chat` at random moments: no committed reply, no message lost.

Bounded for CI (20 kills, about a minute); `python -m tests.crash.console_kills
--kills 100` gives the figures in RELIABILITY.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.crash.console_kills import run

pytestmark = pytest.mark.crash


def test_killing_orbit_chat_loses_no_message_and_no_committed_reply(tmp_path: Path) -> None:
    figures = run(kills=20, seed=7, workdir=tmp_path)
    print(figures.as_dict())
    assert figures.kills == 20
    assert figures.lost_messages == 0
    assert figures.lost_replies == 0
    assert figures.missing_pictures == 0
    assert figures.pending_left == 0  # everything committed was sent in the end
    # At-least-once: a kill between printing and recording "sent" prints that turn's
    # replies again (a turn prints up to a few blocks), never more than once per kill.
    assert figures.doubled_replies <= 5 * figures.kills
