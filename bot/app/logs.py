"""How a long-running Orbit logs: `ORBIT_LOG_LEVEL` and `ORBIT_LOG_FORMAT` (text | json).

One line per event on stderr, for a service manager or a container runtime to collect.
`json` writes one object a line: `time` (UTC), `level`, `logger`, `event` (the message:
an event kind, counts, hashed ids, error types) and, for a failure, `error` (its type
and place). In both formats an exception is written as `error_summary` (type and where,
never its message, which may quote a student or carry the SQL parameters), not as a
traceback. APScheduler's per-tick lines and the platforms' libraries are quieted
(bot/adapters/library_logs.py), at every level.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime
from typing import TextIO

from bot.adapters.library_logs import quiet_libraries
from bot.support.redact import error_summary

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
FORMATS = ("text", "json")
QUIET = {"apscheduler": logging.WARNING, "aiohttp.access": logging.WARNING}


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        if record.exc_info and record.exc_info[1] is not None:
            line["error"] = error_summary(record.exc_info[1])
        return json.dumps(line, ensure_ascii=False)


class TextLines(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatException(self, ei) -> str:  # type: ignore[no-untyped-def,override]  # noqa: N802
        return f"  error: {error_summary(ei[1])}"


def configure_logging(
    level: str | None = None, fmt: str | None = None, *, stream: TextIO | None = None
) -> None:
    """Log to stderr (or `stream`) at `level` in `fmt`, defaulting to ORBIT_LOG_LEVEL
    (INFO) and ORBIT_LOG_FORMAT (text). ValueError names the accepted values."""
    level = (level or os.environ.get("ORBIT_LOG_LEVEL") or "INFO").upper()
    fmt = (fmt or os.environ.get("ORBIT_LOG_FORMAT") or "text").lower()
    if level not in LEVELS:
        raise ValueError(f"ORBIT_LOG_LEVEL={level}: use one of {', '.join(LEVELS)}")
    if fmt not in FORMATS:
        raise ValueError(f"ORBIT_LOG_FORMAT={fmt}: use text or json")
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines() if fmt == "json" else TextLines())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, quiet in QUIET.items():
        logging.getLogger(name).setLevel(quiet)
    quiet_libraries()
