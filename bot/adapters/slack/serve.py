"""Starting and stopping Orbit on Slack: Socket Mode, or HTTP on one endpoint.

Socket Mode needs no public URL, but Slack spreads events over all connected
processes at random, so it is for one process. HTTP mode (Events API,
interactivity and slash commands all on `/slack/events`) scales to several workers
behind a load balancer sharing one PostgreSQL database.

Tokens are checked before anything is served: a missing or rejected token stops
with a message that names the variable to fix.

`RunningSlack.outbox` is the scheduler's sender for this app (same HTTP session). The
adapter never starts the schedule: the composition root (`bot/app/`, `orbit run
slack` unless --no-scheduler) runs the clock and an outbox dispatcher next to
`running_slack` on the same Coach, and stops them before the app.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.library_logs import scrubbed_logger
from bot.adapters.slack.app import BotIdentity, District, build_app
from bot.adapters.slack.delivery import SDK_LOGGER, Delivery, retry_handlers, web_client
from bot.adapters.slack.district import district, resend_unsent, sweeping, workspace_tokens
from bot.adapters.slack.scheduled import SlackOutboxSender, outbox_client
from bot.adapters.slack.settings import SlackSecrets
from bot.adapters.slack.turns import SlackTurns
from bot.core.engine import Coach
from bot.core.messages import Markup

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


class StartupError(Exception):
    """Orbit cannot start on Slack; the message says what to fix."""


@dataclass(slots=True)
class RunningSlack:
    app: AsyncApp
    turns: SlackTurns
    identity: BotIdentity | None  # None with many workspaces (each has its own bot)
    outbox: SlackOutboxSender  # scheduled messages (nudges, check-ins) into students' DMs
    port: int | None = None  # HTTP mode: the port actually bound
    connected: Callable[[], Awaitable[bool]] | None = None  # Socket Mode: is the link up


async def check_bot_token(client: AsyncWebClient) -> BotIdentity:
    try:
        me = await client.auth_test()
    except SlackApiError as problem:
        raise StartupError(
            f"Slack rejected ORBIT_SLACK_BOT_TOKEN ({problem.response.get('error')}). "
            "Copy the Bot User OAuth Token (xoxb-...) from your app's OAuth & Permissions page."
        ) from problem
    except aiohttp.ClientError as problem:
        raise StartupError(f"Could not reach Slack at {client.base_url}: {problem}") from problem
    return BotIdentity(
        token=client.token or "",
        team_id=me["team_id"],
        bot_user_id=me["user_id"],
        bot_id=me.get("bot_id") or "",
    )


def http_routes(app: AsyncApp, signing_secret: str | None = None) -> web.Application:
    """The one endpoint Slack posts to, plus a health check for the load balancer.

    With a signing secret, the signature is checked here first, so a forged, unsigned
    or malformed request (bad timestamp, body that is not JSON) gets 401 without Bolt
    ever parsing or logging its body; a signed body Bolt cannot read gets 400.
    """
    verifier = SignatureVerifier(signing_secret) if signing_secret is not None else None
    refused = _Refusals()

    async def events(request: web.Request) -> web.Response:
        if verifier is not None:
            body = await request.read()
            if b"ssl_check=1" not in body and not _signed(verifier, body, request.headers):
                refused.note()
                return web.json_response({"error": "invalid request"}, status=401)
        try:
            bolt_request = await to_bolt_request(request)
        except (ValueError, UnicodeDecodeError) as problem:  # json.JSONDecodeError is one
            log.warning("refused a Slack request Bolt cannot read (%s)", type(problem).__name__)
            return web.json_response({"error": "invalid request"}, status=400)
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    async def health(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    web_app = web.Application()
    web_app.add_routes([web.post(EVENTS_PATH, events), web.get(HEALTH_PATH, health)])
    if app.oauth_flow is not None:
        web_app.add_routes(oauth_routes(app))
    return web_app


def oauth_routes(app: AsyncApp) -> list[web.RouteDef]:
    """Bolt's own install page and OAuth redirect (many workspaces): the `state` is
    checked against its cookie and the state store; a forged one is refused."""
    flow = app.oauth_flow
    assert flow is not None

    async def install(request: web.Request) -> web.Response:
        return await to_aiohttp_response(
            await flow.handle_installation(await to_bolt_request(request))
        )

    async def redirect(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

    return [web.get(flow.install_path, install), web.get(flow.redirect_uri_path, redirect)]


def _signed(verifier: SignatureVerifier, body: bytes, headers: Mapping[str, str]) -> bool:
    """Slack's signature check, where a timestamp that is not a number is just invalid."""
    try:
        return verifier.is_valid(
            body=body,
            timestamp=headers.get("X-Slack-Request-Timestamp"),
            signature=headers.get("X-Slack-Signature"),
        )
    except (ValueError, UnicodeDecodeError, OverflowError):
        return False


class _Refusals:
    """Counts refused requests; one warning a minute at most, never with a body."""

    def __init__(self, every: float = 60.0) -> None:
        self.count = 0
        self._every = every
        self._last = float("-inf")

    def note(self) -> None:
        self.count += 1
        now = time.monotonic()
        if now - self._last >= self._every:
            self._last = now
            log.warning("refused Slack request(s) with a bad signature: %d so far", self.count)


@contextlib.asynccontextmanager
async def _http(
    app: AsyncApp, host: str, port: int, signing_secret: str | None = None
) -> AsyncIterator[int]:
    runner = web.AppRunner(http_routes(app, signing_secret), access_log=None)
    await runner.setup()
    # A burst of Slack requests opens many connections at once; the default backlog
    # (128) would drop some, and each drop costs a client 1 s before it tries again.
    site = web.TCPSite(runner, host, port, backlog=1024)
    try:
        await site.start()
    except OSError as problem:
        await runner.cleanup()
        raise StartupError(f"Cannot listen on {host}:{port}: {problem}") from problem
    try:
        yield runner.addresses[0][1]
    finally:
        await runner.cleanup()


async def check_app_token(client: AsyncWebClient, app_token: str) -> None:
    """Ask for a socket URL once ourselves: the Socket Mode client would retry a
    rejected token forever instead of saying so."""
    try:
        await client.apps_connections_open(app_token=app_token)
    except SlackApiError as problem:
        raise StartupError(
            f"Slack rejected ORBIT_SLACK_APP_TOKEN ({problem.response.get('error')}). "
            "Create an app-level token (xapp-...) with connections:write under Basic Information."
        ) from problem


@contextlib.asynccontextmanager
async def _socket(
    app: AsyncApp, app_token: str, client: AsyncWebClient
) -> AsyncIterator[AsyncSocketModeHandler]:
    await check_app_token(client, app_token)
    handler = AsyncSocketModeHandler(app, app_token, web_client=client)
    try:
        await handler.connect_async()
        yield handler
    finally:
        await handler.close_async()


async def _connect(
    coach: Coach, secrets: SlackSecrets, client: AsyncWebClient, workers: int
) -> tuple[BotIdentity | None, SlackTurns, SlackOutboxSender, District | None]:
    """The one bot checked (one workspace), or the district's stores (many); the queue
    of turns and the scheduler's sender either way."""
    identity = None if secrets.many_workspaces else await check_bot_token(client)
    found = district(secrets, coach.store) if secrets.many_workspaces else None
    turns = SlackTurns(coach, Delivery(client), workers=workers)
    outbox = SlackOutboxSender(
        outbox_client(client.token or "", secrets.api_url, client.session),  # type: ignore[arg-type]
        done_label=coach.render("slack/done_button", Markup.PLAIN),
        on_question=turns.asked,
    )
    return identity, turns, outbox, found


@contextlib.asynccontextmanager
async def running_slack(
    coach: Coach,
    secrets: SlackSecrets,
    *,
    http: bool,
    host: str = "0.0.0.0",
    port: int = 3000,
    workers: int = 16,
) -> AsyncIterator[RunningSlack]:
    """Orbit connected to Slack until the block exits; acknowledged work is finished first."""
    missing = secrets.missing(http=http)
    if missing:
        raise StartupError(
            f"Set {' and '.join(missing)} (see the README: Install in your school's Slack)."
        )
    if secrets.many_workspaces and not http:
        raise StartupError("Many workspaces (ORBIT_SLACK_CLIENT_ID) need HTTP mode: --http.")
    async with aiohttp.ClientSession() as session, contextlib.AsyncExitStack() as stack:
        bolt_client = AsyncWebClient(
            base_url=secrets.api_url,
            session=session,
            retry_handlers=retry_handlers(),
            logger=scrubbed_logger(SDK_LOGGER),
        )
        token = secrets.bot_token.get_secret_value() if secrets.bot_token else ""
        client = web_client(token, secrets.api_url, session)
        identity, turns, outbox, found = await _connect(coach, secrets, client, workers)
        if found is not None:
            await stack.enter_async_context(sweeping(coach.store))
            outbox.tokens = workspace_tokens(secrets, found, bolt_client).token
            resent = await resend_unsent(turns, workspace_tokens(secrets, found, bolt_client))
        else:
            assert identity is not None
            resent = await turns.resend_unsent(identity.team_id)
        if resent:  # what a crash left, before new events
            log.info("sent the replies a stop had left unsent")
        signing = None
        if http and secrets.signing_secret is not None:
            signing = secrets.signing_secret.get_secret_value()
        app = build_app(turns, identity, client=bolt_client, signing_secret=signing, district=found)
        try:
            if http:
                async with _http(app, host, port, signing) as bound:
                    log.info("Orbit on Slack: HTTP mode on %s:%s%s", host, bound, EVENTS_PATH)
                    yield RunningSlack(app, turns, identity, outbox, bound)
            else:
                assert secrets.app_token is not None
                async with _socket(
                    app, secrets.app_token.get_secret_value(), bolt_client
                ) as handler:
                    log.info("Orbit on Slack: Socket Mode connected")
                    link = handler.client.is_connected
                    yield RunningSlack(app, turns, identity, outbox, connected=link)
        finally:
            await turns.close()
