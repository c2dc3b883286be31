"""Long polling that confirms an update only once its turn is done.

Telegram forgets an update when getUpdates is next called with a higher `offset`.
python-telegram-bot's Updater asks for the next batch as soon as it has queued the
last one, so an update was confirmed while its turn was still running: a process
killed then lost the student's message for good (not stored, not answered, never
sent again). Here a batch is handled to the end (committed, replies sent) before
the offset moves past it. A process killed mid-batch gets the batch again on its
next start; updates already committed are recognised by their event id, and their
replies, if they never went out, are sent then.

Updates of a batch are handled concurrently, one chat in order, through the
Application's update processor (`ChatOrderedProcessor`), exactly as PTB would. They
are fetched with a raw `getUpdates` and passed on as the Bot API's JSON (incoming.py
says why no `Update` objects are built).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Callable
from typing import Any

from telegram.error import Conflict, InvalidToken, TelegramError
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

log = logging.getLogger(__name__)
Json = dict[str, Any]

MAX_PAUSE = 30.0


class ConfirmingPoller:
    def __init__(
        self,
        application: Application,
        *,
        timeout: float,
        interval: float,
        allowed_updates: list[str],
        on_error: Callable[[TelegramError], None],
    ) -> None:
        self.application = application
        self.timeout = timeout
        self.interval = interval
        self.allowed_updates = allowed_updates
        self.on_error = on_error
        self.offset: int | None = None  # the first update not yet handled to the end
        self.handled = 0
        # do_api_request points to get_updates, which would build an Update per update
        warnings.filterwarnings(
            "ignore", message="Please use 'Bot.getUpdates'", category=PTBUserWarning
        )

    async def run(self, stop: asyncio.Event) -> None:
        """Fetch, handle, confirm, until `stop` is set (a batch in hand is finished first)."""
        bot = self.application.bot
        await bot.delete_webhook()  # polling and a webhook exclude each other
        pause = self.interval
        while not stop.is_set():
            try:
                updates = await self._fetch(stop)
            except Conflict as error:
                self.on_error(error)
                return
            except InvalidToken:
                raise
            except TelegramError as error:
                self.on_error(error)
                pause = min(max(pause * 2, 0.5), MAX_PAUSE)
                await _sleep(pause, stop)
                continue
            pause = self.interval
            if updates is None:  # stopped while waiting
                break
            if updates:
                await asyncio.gather(*(self._handle(u) for u in updates))
                self.offset = updates[-1]["update_id"] + 1
                self.handled += len(updates)
            elif self.interval:
                await _sleep(self.interval, stop)
        await self._confirm()

    async def _fetch(self, stop: asyncio.Event) -> list[Json] | None:
        fetch = asyncio.ensure_future(
            self._get_updates(
                {
                    "offset": self.offset,
                    "timeout": round(self.timeout),
                    "allowed_updates": self.allowed_updates,
                },
                read_timeout=self.timeout + 5,
            )
        )
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait([fetch, stopping], return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        if not fetch.done():
            fetch.cancel()  # nothing fetched is lost: it was not confirmed
            with contextlib.suppress(asyncio.CancelledError, TelegramError):
                await fetch
            return None
        return [u for u in fetch.result() if isinstance(u, dict)]

    async def _get_updates(self, params: Json, read_timeout: float) -> Any:
        """getUpdates through the bot (its own long-polling request object, the limiter's
        retry-after), answered as JSON."""
        params = {name: value for name, value in params.items() if value is not None}
        return await self.application.bot.do_api_request(
            "getUpdates", api_kwargs=params, read_timeout=read_timeout
        )

    async def _handle(self, update: Json) -> None:
        application = self.application
        await application.update_processor.process_update(
            update, application.process_update(update)
        )

    async def _confirm(self) -> None:
        """Tell Telegram the handled updates are done, so a clean restart does not get them
        again (those fetched by this call are not confirmed: they come again)."""
        if self.offset is None:
            return
        try:
            await self._get_updates({"offset": self.offset, "timeout": 0, "limit": 1}, 5)
        except TelegramError as error:
            log.warning("could not confirm the last updates (they will come again): %s", error)


async def _sleep(seconds: float, stop: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
