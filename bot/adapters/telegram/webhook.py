"""Receiving updates by webhook: Telegram posts each update to us as JSON.

A small aiohttp server (aiohttp is already Orbit's web client) takes the posts on the
webhook's path, checks Telegram's secret header, puts the update's JSON, as it came, on
the Application's update queue and answers 200 at once, so a slow turn never makes
Telegram send the update again. The Application then hands it to the adapter exactly
as our poller does (`ChatOrderedProcessor`, `TypeHandler(dict)`). python-telegram-bot's
own webhook server would first turn every update into an `Update` object, which the
adapter does not need (see incoming.py).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from hmac import compare_digest
from urllib.parse import urlsplit

from aiohttp import web
from telegram.ext import Application

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1 << 20  # an update is a few kilobytes; Telegram's own limit for a message is 4 KB


@dataclass(frozen=True, slots=True)
class Webhook:
    url: str  # the public HTTPS address Telegram posts to (a reverse proxy in front of us)
    secret: str  # checked on every request (X-Telegram-Bot-Api-Secret-Token)
    listen: str = "127.0.0.1"
    port: int = 8080

    @property
    def path(self) -> str:
        """The proxy forwards the public path unchanged, so we listen on the same path."""
        return urlsplit(self.url).path or "/"


class WebhookServer:
    """Serves `webhook` for `application` between `start` and `stop`."""

    def __init__(self, application: Application, webhook: Webhook) -> None:
        self.application = application
        self.webhook = webhook
        self._secret = webhook.secret.encode()
        self._runner: web.AppRunner | None = None

    async def start(self, allowed_updates: list[str]) -> None:
        """Listen first, then tell Telegram where to post."""
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self.webhook.path, self._receive)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.webhook.listen, self.webhook.port).start()
        await self.application.bot.set_webhook(
            url=self.webhook.url, secret_token=self.webhook.secret, allowed_updates=allowed_updates
        )

    async def stop(self) -> None:
        """No more posts are taken (the updates already queued are still handled)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        secret = request.headers.get(SECRET_HEADER, "").encode()
        if not compare_digest(secret, self._secret):
            return web.Response(status=403)
        try:
            update = json.loads(await request.read())
        except ValueError:
            update = None
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            log.warning("the webhook got a post that is not a Telegram update")
            return web.Response(status=400)
        self.application.update_queue.put_nowait(update)
        return web.Response(status=200)
