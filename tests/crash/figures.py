"""What a crash run counts, the same for every transport (see RELIABILITY.md)."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass
class Figures:
    kills: int = 0
    messages: int = 0
    lost_messages: int = 0
    lost_replies: int = 0
    doubled_replies: int = 0
    pending_left: int = 0
    left_unsent: int = 0  # replies a kill left in pending_reply (sent at the next start)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def pending(path: Path) -> int:
    """Reply rows still waiting in the SQLite file at `path`."""
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM pending_reply").fetchone()[0]
