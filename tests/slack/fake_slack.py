"""A local stand-in for slack.com: the Web API, `response_url`s and a Socket Mode socket.

It records every call exactly as the real client sent it (so the tests can check the
arguments against Slack's own types), answers like Slack's documented responses, can
answer `429` with `Retry-After` a set number of times, and keeps the messages the bot
posted so a test can press their buttons the way Slack would send the press.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from aiohttp import WSMsgType, web

TEAM = "T0ORBIT"
BOT_USER = "U0ORBITBOT"
BOT_ID = "B0ORBIT"
GOOD_BOT_TOKEN = "xoxb-orbit-test"
GOOD_APP_TOKEN = "xapp-orbit-test"
JSON_FIELDS = ("blocks", "view", "attachments", "files")  # form-encoded: sent as JSON text
NUMBER_FIELDS = ("length",)  # form-encoded: sent as digits


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    at: float = field(default_factory=time.monotonic)
    limited: bool = False  # answered 429


class FakeSlack:
    def __init__(self, *, names: dict[str, str] | None = None) -> None:
        self.calls: list[Call] = []
        self.responses: list[Call] = []  # posts to response_urls, method = the url's name
        self.limit: dict[str, int] = {}  # method -> how many 429s to answer first
        self.refuse: dict[str, str] = {}  # method -> the error to answer it with
        # method -> answers that are not Slack's JSON, given first: (status, content type, body)
        self.broken: dict[str, list[tuple[int, str, str]]] = {}
        self.retry_after = 1
        self.names = names or {}
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}  # (channel, ts) -> message
        self.acks: list[dict[str, Any]] = []  # Socket Mode acknowledgements
        self._acked = asyncio.Condition()
        self._sockets: list[web.WebSocketResponse] = []
        self._ts = count(1)
        self._file_ids = count(1)
        self.uploaded: dict[str, bytes] = {}  # file id -> the bytes POSTed to its upload_url
        self.shared: list[dict[str, Any]] = []  # completed uploads: id, channel, bytes, comment
        self._runner: web.AppRunner | None = None
        self.port = 0
        # Many workspaces: each bot token belongs to one workspace (team id); OAuth codes
        # Slack would hand the redirect, and what `oauth.v2.access` answers for each.
        self.tokens: dict[str, str] = {GOOD_BOT_TOKEN: TEAM}
        self.codes: dict[str, dict[str, Any]] = {}
        self.refresh: dict[str, str] = {}  # refresh token -> team id (token rotation)
        self.client = ("", "")  # the app's client id and secret, once set
        self.emails: dict[str, str] = {}  # users.lookupByEmail: email -> user id
        self.per_second: dict[str, float] = {}  # method -> calls a second before 429s
        self._window: dict[str, list[float]] = {}

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.add_routes(
            [
                web.route("*", "/api/{method}", self._api),
                web.post("/respond/{name}", self._respond),
                web.post("/upload/{file_id}", self._upload),
                web.get("/socket", self._socket),
                web.get("/_recorded", self._recorded),
            ]
        )
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        for socket in self._sockets:
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    # --- what was called ----------------------------------------------------------------

    def called(self, method: str) -> list[dict[str, Any]]:
        return [c.args for c in self.calls if c.method == method and not c.limited]

    def posts_to(self, channel: str) -> list[dict[str, Any]]:
        return [
            a for a in self.called("chat.postMessage") if self._channel(a["channel"]) == channel
        ]

    # --- the Web API --------------------------------------------------------------------

    @staticmethod
    def _channel(channel: str) -> str:
        """Posting to a user id lands in the app's DM with them (as on Slack)."""
        return "D" + channel[1:] if channel.startswith(("U", "W")) else channel

    async def _arguments(self, request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return dict(await request.json())
        args: dict[str, Any] = dict(request.query)
        if request.method == "POST":
            args.update(await request.post())
        for name in JSON_FIELDS:
            if isinstance(args.get(name), str):
                args[name] = json.loads(args[name])
        for name in NUMBER_FIELDS:
            if isinstance(args.get(name), str) and args[name].isdigit():
                args[name] = int(args[name])
        return args

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await self._arguments(request)
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):  # oauth.v2.access: the app's id and secret
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            args |= {"client_id": client_id, "client_secret": secret}
            header = ""
        token = header.removeprefix("Bearer ") if header else args.get("token")
        call = Call(method, args, token)
        self.calls.append(call)
        if self.broken.get(method):
            status, content_type, text = self.broken[method].pop(0)
            call.limited = True  # not an answer the caller could use
            return web.Response(status=status, content_type=content_type, text=text)
        if self.limit.get(method, 0) > 0 or self._over_rate(method):
            self.limit[method] = max(0, self.limit.get(method, 0) - 1)
            call.limited = True
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(self.retry_after)},
            )
        return web.json_response(self._answer(method, args, token))

    def _answer(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        if method == "apps.connections.open":
            if token != GOOD_APP_TOKEN:
                return {"ok": False, "error": "invalid_auth"}
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        if method == "oauth.v2.access":
            return self._oauth(args)
        if token not in self.tokens:
            return {"ok": False, "error": "invalid_auth"}
        if method in self.refuse:
            return {"ok": False, "error": self.refuse[method]}
        if method == "users.lookupByEmail":
            found = self.emails.get(str(args.get("email", "")).casefold())
            return self._user(found) if found else {"ok": False, "error": "users_not_found"}
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://orbit-school.slack.com/",
                "team": "Orbit School",
                "user": "orbit",
                "team_id": self.tokens[token or ""],
                "user_id": BOT_USER,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if method == "chat.postMessage":
            return self._post(args)
        if method == "chat.update":
            key = (args["channel"], args["ts"])
            if key not in self.messages:
                return {"ok": False, "error": "message_not_found"}
            self.messages[key].update(text=args.get("text", ""), blocks=args.get("blocks", []))
            return {"ok": True, "channel": args["channel"], "ts": args["ts"], "text": args["text"]}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V0HOME", "type": "home", **args["view"]}}
        if method == "users.info":
            return self._user(args["user"])
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": self._channel(args["users"])}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._file_ids):08d}"
            url = f"http://127.0.0.1:{self.port}/upload/{file_id}"
            return {"ok": True, "upload_url": url, "file_id": file_id}
        if method == "files.completeUploadExternal":
            return self._complete(args)
        return {"ok": False, "error": "unknown_method"}

    def _over_rate(self, method: str) -> bool:
        """Slack's per-method rate limits, as a sliding one-second window."""
        rate = self.per_second.get(method)
        if rate is None:
            return False
        now = time.monotonic()
        window = [t for t in self._window.get(method, []) if now - t < 1.0]
        self._window[method] = window
        if len(window) >= rate:
            return True
        window.append(now)
        return False

    def install(self, code: str, team: str, *, rotating: bool = False) -> None:
        """Slack will hand `code` to the redirect for an install into workspace `team`."""
        self.codes[code] = {"team": team, "rotating": rotating}

    def _oauth(self, args: dict[str, Any]) -> dict[str, Any]:
        """`oauth.v2.access`: a code once for a new bot token, or a refresh token for a
        fresh one (the old token stops working, as with Slack's token rotation)."""
        if (args.get("client_id"), args.get("client_secret")) != self.client:
            return {"ok": False, "error": "invalid_client_id"}
        if args.get("grant_type") == "refresh_token":
            team = self.refresh.pop(str(args.get("refresh_token")), None)
            if team is None:
                return {"ok": False, "error": "invalid_refresh_token"}
            return self._grant(team, rotating=True)
        found = self.codes.pop(str(args.get("code")), None)
        if found is None:
            return {"ok": False, "error": "invalid_code"}
        return self._grant(found["team"], rotating=found["rotating"])

    def _grant(self, team: str, *, rotating: bool) -> dict[str, Any]:
        for old in [t for t, owner in self.tokens.items() if owner == team]:
            del self.tokens[old]
        token = f"xoxb-{team.lower()}-{next(self._ts)}"
        self.tokens[token] = team
        answer = {
            "ok": True,
            "app_id": "A0ORBIT",
            "authed_user": {"id": f"U0ADMIN{team[-2:]}"},
            "scope": "chat:write,commands,im:history,users:read,users:read.email",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": f"U0BOT{team[-2:]}",
            "team": {"id": team, "name": f"School {team}"},
            "enterprise": None,
            "is_enterprise_install": False,
        }
        if rotating:
            refresh = f"xoxe-1-{team.lower()}-{next(self._ts)}"
            self.refresh[refresh] = team
            answer |= {"refresh_token": refresh, "expires_in": 43200}
        return answer

    def uninstall(self, team: str) -> None:
        """The workspace removed the app: its tokens stop working."""
        for old in [t for t, owner in self.tokens.items() if owner == team]:
            del self.tokens[old]

    def _complete(self, args: dict[str, Any]) -> dict[str, Any]:
        """Share uploaded files: only ones whose bytes arrived, into a real channel id."""
        channel = args.get("channel_id", "")
        if not channel.startswith(("C", "D", "G")):
            return {"ok": False, "error": "invalid_channel"}
        files = args["files"]
        if any(f["id"] not in self.uploaded for f in files):
            return {"ok": False, "error": "file_not_found"}
        for f in files:
            self.shared.append(
                {
                    "id": f["id"],
                    "channel": channel,
                    "bytes": self.uploaded[f["id"]],
                    "initial_comment": args.get("initial_comment"),
                }
            )
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload_url: the file's bytes, POSTed as they are."""
        self.uploaded[request.match_info["file_id"]] = await request.read()
        return web.Response(text=f"OK - {request.content_length}")

    def _post(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args["channel"])
        ts = f"1700000000.{next(self._ts):06d}"
        message = {
            "type": "message",
            "user": BOT_USER,
            "bot_id": BOT_ID,
            "app_id": "A0ORBIT",
            "text": args.get("text", ""),
            "blocks": args.get("blocks", []),
            "team": TEAM,
            "ts": ts,
        }
        self.messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _user(self, user: str) -> dict[str, Any]:
        first = self.names.get(user, "")
        profile = {"first_name": first, "real_name": f"{first} Student".strip(), "display_name": ""}
        return {
            "ok": True,
            "user": {"id": user, "team_id": TEAM, "name": user.lower(), "profile": profile},
        }

    async def _recorded(self, _request: web.Request) -> web.Response:
        """What was called and posted, for a benchmark running the fake in another process."""
        return web.json_response(
            {
                "calls": [
                    {"method": c.method, "args": c.args, "limited": c.limited} for c in self.calls
                ],
                "messages": [
                    {"channel": channel, **message}
                    for (channel, _), message in self.messages.items()
                ],
            }
        )

    # --- response_url -------------------------------------------------------------------

    async def _respond(self, request: web.Request) -> web.Response:
        self.responses.append(Call(request.match_info["name"], await request.json(), None))
        return web.Response(text="ok")

    # --- Socket Mode ---------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": 1, "debug_info": {}})
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                async with self._acked:
                    self.acks.append(json.loads(message.data))
                    self._acked.notify_all()
        return socket

    async def connected(self, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not self._sockets and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert self._sockets, "the Socket Mode client never connected"

    async def envelope(self, envelope: dict[str, Any], timeout: float = 5.0) -> dict[str, Any]:
        """Hand the client an envelope and return its acknowledgement."""
        await self.connected()
        await self._sockets[-1].send_json(envelope)
        async with self._acked:
            await asyncio.wait_for(
                self._acked.wait_for(
                    lambda: any(a.get("envelope_id") == envelope["envelope_id"] for a in self.acks)
                ),
                timeout,
            )
        return next(a for a in self.acks if a.get("envelope_id") == envelope["envelope_id"])


def serve(port_out: Any, stop: Any) -> None:
    """Run a FakeSlack in this process until `stop` (a multiprocessing Event) is set;
    its port is put on `port_out` (a multiprocessing Queue)."""

    async def main() -> None:
        fake = await FakeSlack().start()
        port_out.put(fake.port)
        while not stop.is_set():
            await asyncio.sleep(0.05)
        await fake.stop()

    asyncio.run(main())
