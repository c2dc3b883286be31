"""An in-process Bot API for adapter tests: records every call and answers like Telegram.

It plugs into python-telegram-bot as its `BaseRequest`, so the whole library runs
(serialising parameters, parsing answers, raising RetryAfter/Conflict from the HTTP
status) and a test can assert the exact payload that would have gone to Telegram.
`fail(endpoint, ...)` scripts failures: an HTTP answer (status, body) or an exception.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections import defaultdict, deque
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT = {"id": 4242, "is_bot": True, "first_name": "Orbit", "username": "OrbitTestBot"}


class FakeBotApi(BaseRequest):
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: deque[dict[str, Any]] = deque()
        self._failures: dict[str, deque[Any]] = defaultdict(deque)
        self._message_id = 100
        self.delivered: list[dict[str, Any]] = []  # messages as Telegram stored them

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    def fail(self, endpoint: str, *outcomes: Any) -> None:
        """The next calls of `endpoint` get these outcomes, then normal answers again."""
        self._failures[endpoint].extend(outcomes)

    def sent(self, endpoint: str = "sendMessage") -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == endpoint]

    def texts(self) -> list[str]:
        return [params["text"] for params in self.sent()]

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_: Any
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append((endpoint, params))
        if self._failures[endpoint]:
            outcome = self._failures[endpoint].popleft()
            if isinstance(outcome, BaseException):
                raise outcome
            status, body = outcome
            return status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": self.answer(endpoint, params)}).encode()

    def answer(self, endpoint: str, params: dict[str, Any]) -> Any:
        if endpoint == "getMe":
            return BOT
        if endpoint == "getUpdates":
            batch = list(self.updates)
            self.updates.clear()
            return batch
        if endpoint in ("sendMessage", "sendPhoto"):
            self.delivered.append(self.message(params))
            return self.delivered[-1]
        if endpoint in ("editMessageText", "editMessageReplyMarkup"):
            return self.message(params)
        return True

    def last_keyboard(self) -> dict[str, Any]:
        """The newest message with buttons, as a press on it would carry it."""
        return next(m for m in reversed(self.delivered) if "reply_markup" in m)

    def message(self, params: dict[str, Any]) -> dict[str, Any]:
        if "message_id" in params:
            message_id = int(params["message_id"])
        else:
            self._message_id += 1
            message_id = self._message_id
        chat_id = int(params["chat_id"])
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": BOT,
            "text": visible(params.get("text", "")),
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message


def visible(text: str) -> str:
    """What Telegram keeps of an HTML message: the text (formatting goes to entities)."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def retry_after(seconds: int) -> tuple[int, dict[str, Any]]:
    """Telegram's flood-control answer."""
    body = {
        "ok": False,
        "error_code": 429,
        "description": f"Too Many Requests: retry after {seconds}",
        "parameters": {"retry_after": seconds},
    }
    return 429, body


def conflict() -> tuple[int, dict[str, Any]]:
    description = (
        "Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running"
    )
    return 409, {"ok": False, "error_code": 409, "description": description}


def unauthorized() -> tuple[int, dict[str, Any]]:
    return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}


# --- updates as Telegram sends them -----------------------------------------------------

_update_ids = iter(range(5000, 10**9))


def user(user_id: int, name: str = "Ana") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": name}


def text_update(
    user_id: int,
    text: str,
    *,
    message_id: int,
    chat: dict[str, Any] | None = None,
    name: str = "Ana",
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat or {"id": user_id, "type": "private", "first_name": name},
        "from": user(user_id, name),
        "text": text,
    }
    if text.startswith("/"):
        head = text.split(" ", 1)[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(head)}]
    return {"update_id": next(_update_ids), "message": message}


def press_update(
    user_id: int, data: str, message: dict[str, Any], *, query_id: str | None = None
) -> dict[str, Any]:
    update_id = next(_update_ids)
    return {
        "update_id": update_id,
        "callback_query": {
            "id": query_id or f"q{update_id}",
            "from": user(user_id),
            "chat_instance": f"ci{user_id}",
            "message": message,
            "data": data,
        },
    }
