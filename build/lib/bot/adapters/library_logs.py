"""Other people's loggers, kept from writing a student's words into our logs.

python-telegram-bot logs every Bot API call's parameters at DEBUG (message texts),
httpx logs request URLs at INFO (the bot token is in them), slack_sdk logs request
and response bodies at DEBUG, and Bolt logs whole request bodies (when a signature
fails, for an unhandled event). `quiet_libraries` raises those loggers to a level
that says only what happened; `Scrubbed` cuts any remaining library message before
its payload ("Invalid request signature detected (signature: ..., body: ...)" ->
"Invalid request signature detected").
"""

from __future__ import annotations

import logging
import re

LIBRARY_LEVELS = {
    "telegram": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "slack_sdk": logging.INFO,
    "slack_bolt": logging.INFO,
}
_PAYLOAD = re.compile(r"[({\[:`\"']|\bbody\b")


class Scrubbed(logging.Filter):
    """Keeps a record's event words and its level, drops what follows them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cut = _PAYLOAD.search(message)
        record.msg = (message[: cut.start()] if cut else message).strip(" -,") or "(payload)"
        record.args = None
        return True


# python-telegram-bot logs whole updates at CRITICAL when one cannot be parsed
# ("Received data was {...}", from getUpdates and from the webhook).
SCRUBBED = (
    "telegram.Bot",
    "telegram.ext.ExtBot",
    "telegram.ext.Updater",
    "telegram.ext.Application",
)


def quiet_libraries() -> None:
    """Raise the libraries' loggers to `LIBRARY_LEVELS` (never lower one set higher) and
    scrub the ones that log payloads even at their highest levels."""
    for name, level in LIBRARY_LEVELS.items():
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level < level:
            logger.setLevel(level)
    for name in SCRUBBED:
        scrubbed_logger(name)


def scrubbed_logger(name: str) -> logging.Logger:
    """A logger for a library to use (Bolt's, slack_sdk clients') that scrubs payloads."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, Scrubbed) for f in logger.filters):
        logger.addFilter(Scrubbed())
    return logger
