"""The running bot: a python-telegram-bot Application wired to the Coach.

`build_application` assembles PTB's parts the way Orbit needs them: every API call
through our limiter (pacing, retry-after), updates of one chat in order and of many
chats concurrently. `running_telegram` serves it while its block runs and gives the
scheduler's sender for this bot (`RunningTelegram.outbox`, through the same limiter and
`Pacer` as the replies); `serve` runs it until `stop` is set. On the way out it stops
taking updates, lets the ones in hand finish, including their replies, and only then
returns, so the caller can close the database. The adapter never starts the schedule:
the composition root (`bot/app/`) runs it next to this block when a command asks.

Long polling is the default, by our own loop (`polling.py`) rather than PTB's Updater:
an update is confirmed to Telegram only after its turn is done, so a killed process
gets it again. Before polling starts, replies a crash left unsent are sent. A token
allows one poller at a time, and a second one gets `Conflict`, which ends the run with
`PollingConflict`. With `Webhook`, Telegram posts updates to us; our web server
(`webhook.py`) queues each one and answers 200 at once, so a slow turn never makes
Telegram send the update again. Either way an update reaches the adapter as the Bot
API's JSON, never as PTB's `Update` (incoming.py says why), through the Application's
update processor and handler, as PTB would pass an object.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from telegram import BotCommand
from telegram.error import Conflict, InvalidToken, TelegramError
from telegram.ext import Application, ApplicationBuilder, TypeHandler
from telegram.request import BaseRequest

from bot.adapters.library_logs import quiet_libraries
from bot.adapters.telegram.adapter import TelegramAdapter
from bot.adapters.telegram.limiter import PacedLimiter, group_chat
from bot.adapters.telegram.ordering import ChatOrderedProcessor
from bot.adapters.telegram.outbox import TelegramOutboxSender, TelegramWorkerSender
from bot.adapters.telegram.polling import ConfirmingPoller
from bot.adapters.telegram.sender import TelegramDelivery
from bot.adapters.telegram.settings import TelegramSettings
from bot.adapters.telegram.webhook import Webhook, WebhookServer
from bot.core.engine import Coach
from bot.schedule.pacing import Pacer
from bot.support.redact import error_summary, hashed

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "callback_query"]


class PollingConflict(Exception):
    """Another process is polling with the same token."""


def make_pacer(settings: TelegramSettings) -> Pacer:
    """Telegram's limits. With every rate off the pacer is `unlimited` (no `rate_for`
    is left behind) and the limiter lets calls straight through."""
    group, chat = settings.group_pace(), settings.chat_pace()
    return Pacer(
        per_key=chat,
        overall=settings.global_pace(),
        rate_for=None
        if group.unlimited and chat.unlimited
        else lambda key: group if group_chat(key) else None,
    )


def build_application(
    settings: TelegramSettings, *, pacer: Pacer | None = None, request: BaseRequest | None = None
) -> Application:
    """The Application for `settings`; `request` replaces HTTP (tests, benchmarks)."""
    builder = (
        ApplicationBuilder()
        .token(settings.token_value)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .rate_limiter(PacedLimiter(pacer or make_pacer(settings)))
        .concurrent_updates(ChatOrderedProcessor())
        .job_queue(None)  # Orbit's schedule lives in the database, not in PTB's JobQueue
        .updater(None)  # updates come from our own poller or webhook (as JSON)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    quiet_libraries()  # PTB logs API parameters at DEBUG, httpx the token in URLs at INFO
    return builder.build()


def attach(application: Application, coach: Coach) -> TelegramAdapter:
    """Route every update (its JSON, from our poller or webhook) to a TelegramAdapter
    (the bot must be initialized: we need its id)."""
    bot = application.bot
    adapter = TelegramAdapter(coach, TelegramDelivery(bot), bot_id=bot.id, username=bot.username)
    application.add_handler(TypeHandler(dict, adapter.on_update))
    application.add_error_handler(_log_error)
    return adapter


async def _log_error(update: object, context: object) -> None:
    """PTB's error handler: the update's id, a hashed sender and the error's type and
    place, never the update itself (a student's words and name)."""
    error = getattr(context, "error", None)
    update_id = getattr(update, "update_id", None)
    user = getattr(getattr(update, "effective_user", None), "id", None)
    log.error(
        "update %s from %s could not be handled: %s",
        update_id,
        hashed(user) if user is not None else "-",
        error_summary(error),
    )


async def _until_stopped(stop: asyncio.Event, polling: asyncio.Task[None] | None) -> None:
    """Until `stop` is set, or polling ends on its own (a conflict, a rejected token)."""
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait(
            [stopped] + ([polling] if polling else []), return_when="FIRST_COMPLETED"
        )
    finally:
        stopped.cancel()


async def publish_commands(application: Application, coach: Coach) -> None:
    """The command menu (with descriptions) that Telegram shows when a student types /."""
    commands = [BotCommand(name, description) for name, description in coach.command_menu()]
    try:
        await application.bot.set_my_commands(commands)
    except InvalidToken:
        raise
    except TelegramError as error:
        log.warning("could not set the command menu: %s", error)


@dataclass(slots=True)
class RunningTelegram:
    adapter: TelegramAdapter
    outbox: TelegramOutboxSender  # scheduled messages, through the bot's limiter and Pacer
    polling: asyncio.Task[None] | None  # long polling; None with a webhook

    async def until(self, stop: asyncio.Event) -> None:
        """Until `stop` is set, or polling ends on its own (a conflict, a rejected token)."""
        await _until_stopped(stop, self.polling)


@contextlib.asynccontextmanager
async def running_telegram(
    application: Application,
    coach: Coach,
    settings: TelegramSettings,
    *,
    stop: asyncio.Event,
    webhook: Webhook | None = None,
) -> AsyncIterator[RunningTelegram]:
    """Orbit on Telegram while the block runs; see the module docstring. A polling
    conflict sets `stop` and raises PollingConflict on the way out; InvalidToken."""
    conflict: list[Conflict] = []

    def polling_error(error: TelegramError) -> None:
        if isinstance(error, Conflict):
            conflict.append(error)
            stop.set()
        else:
            log.warning("getting updates failed, trying again: %s", error)

    async with application:  # initialize: getMe, which rejects a bad token
        adapter = attach(application, coach)
        await publish_commands(application, coach)
        resent = await adapter.resend_unsent()  # what a crash left, before anything new
        if resent:
            log.info("sent the replies of %d turns a stop had left unsent", resent)
        server = WebhookServer(application, webhook) if webhook is not None else None
        polling: asyncio.Task[None] | None = None
        stop_polling = asyncio.Event()
        try:
            polling = await _start_receiving(
                application, settings, server, on_error=polling_error, stop=stop_polling
            )
            log.info("Orbit is on Telegram as @%s", application.bot.username)
            outbox = TelegramOutboxSender(
                adapter.sender, done_label=adapter.done_label, live=adapter.live
            )
            yield RunningTelegram(adapter, outbox, polling)
        finally:
            stop_polling.set()
            if server is not None:
                await server.stop()  # no new posts; the queued updates are still handled
            if polling is not None:
                await polling  # the batch in hand is handled to the end, then confirmed
            if application.running:
                await application.stop()  # the updates in hand finish, replies included
    if conflict:
        raise PollingConflict(str(conflict[0])) from conflict[0]


async def _start_receiving(
    application: Application,
    settings: TelegramSettings,
    server: WebhookServer | None,
    *,
    on_error: Callable[[TelegramError], None],
    stop: asyncio.Event,
) -> asyncio.Task[None] | None:
    """Start the webhook, or our own confirming poller (its task is returned)."""
    if server is not None:
        await server.start(ALLOWED_UPDATES)
    await application.start()
    if server is not None:
        return None
    poller = ConfirmingPoller(
        application,
        timeout=settings.poll_timeout,
        interval=settings.poll_interval,
        allowed_updates=ALLOWED_UPDATES,
        on_error=on_error,
    )
    return asyncio.create_task(poller.run(stop), name="orbit-telegram-poll")


async def serve(
    application: Application,
    coach: Coach,
    settings: TelegramSettings,
    *,
    stop: asyncio.Event,
    webhook: Webhook | None = None,
) -> None:
    """Answer students until `stop` is set (no schedule: `bot.app.telegram.serve_telegram` adds it).
    Raises PollingConflict, InvalidToken."""
    async with running_telegram(
        application, coach, settings, stop=stop, webhook=webhook
    ) as running:
        await running.until(stop)


def worker_sender(done_label: str) -> TelegramWorkerSender:
    """The sender of a worker process (`orbit worker --sender platform`): a bot of its
    own from ORBIT_TELEGRAM_* (the token is required), paced by its own limiter."""
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # as in `orbit run telegram`
    telegram_settings = TelegramSettings()
    if not telegram_settings.token_value:
        raise ValueError(
            "ORBIT_TELEGRAM_TOKEN is not set (the worker sends as that bot); set it, "
            "or leave telegram out of --platforms"
        )
    return TelegramWorkerSender(build_application(telegram_settings), done_label=done_label)
