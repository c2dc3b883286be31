"""Benchmark: Telegram updates through `Application.process_update`, Orbit against a stock bot.

500 students (by default) walk the mapping lesson at the same time, typing some answers
and pressing buttons for others: 21 updates each, 10,500 in all. Each update starts as
the JSON Telegram sends and is handed to python-telegram-bot's
`Application.process_update` the way each bot's own receiving code does in production:
the stock bot as PTB's Updater does (`Update.de_json`, then `process_update`), Orbit as
its poller and webhook do (the JSON itself; the adapter never builds `Update` objects).
The Bot API calls the bots make are answered by `LoopbackBotApi`, a fast in-process
`BaseRequest` (no sockets: PTB still serialises every call and parses every answer, but
no HTTP is spoken). Both bots run in the same process, one after the other, on the same
updates, and make the same API calls (counted and printed).

- Orbit: the real Telegram adapter and Coach; every turn is committed to SQLite (WAL,
  synchronous=FULL) before its replies are sent. Concurrent turns share commits.
  Pacing is switched off (Telegram's 30 messages/s would otherwise be the result).
- Baseline: the usual python-telegram-bot bot, a `ConversationHandler` with
  `PicklePersistence` (its default 60 s interval), asking the same questions with the
  same keyboards, keeping its state in memory. Its pickle is written once at the end,
  outside the timing (`final_pickle_seconds`): within a run it persists nothing, so a
  crash would lose every answer, where Orbit's every turn is on disk.

    python -m bench.telegram_updates                       # 500 students, 3 rounds each
    python -m bench.telegram_updates --rounds 1 --profile  # pyinstrument on Orbit
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PicklePersistence,
    filters,
)
from telegram.request import BaseRequest, RequestData

from bot.adapters.telegram.app import attach, build_application
from bot.adapters.telegram.settings import TelegramSettings
from bot.app import settle_memory
from bot.config import ROOT
from bot.core.engine import Coach
from bot.core.messages import Markup
from bot.store.migrate import upgrade
from bot.store.store import Store

TOKEN = "4242:bench"
ME = {"id": 4242, "is_bot": True, "first_name": "Orbit", "username": "OrbitBenchBot"}

# (kind, what): "type" a text, or "press" the button with this callback data on the
# newest keyboard the bot sent to the student.
WALK: list[tuple[str, str]] = [
    ("type", "hi"),
    ("press", "c:yes"),
    ("type", "Mom"),
    ("type", "1, 2"),
    ("press", "c:close"),
    ("type", "Tío Beto"),
    ("type", "practical"),
    ("press", "c:distant"),
    ("type", "done"),
    ("type", "skip"),
    ("type", "Ms. Rivera"),
    ("type", "advice and feedback"),
    ("press", "c:between"),
    ("type", "done"),
    ("type", "skip"),
    ("type", "skip"),
    ("type", "skip"),
    ("type", "skip"),
    ("type", "nursing"),
    ("type", "Ms. Rivera"),
    ("type", "Coach Dee"),
]


class LoopbackBotApi(BaseRequest):
    """Answers Bot API calls in process, the way Telegram would, and counts them."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.keyboards: dict[int, dict[str, Any]] = {}  # chat -> newest message with buttons
        self._next_id = 1

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **_: Any
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        self.calls[endpoint] += 1
        params = request_data.parameters if request_data else {}
        result: Any = True
        if endpoint == "getMe":
            result = ME
        elif endpoint in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            result = self._message(endpoint, params)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _message(self, endpoint: str, params: dict[str, Any]) -> dict[str, Any]:
        chat = int(params["chat_id"])
        message_id = params.get("message_id")
        if message_id is None:
            message_id, self._next_id = self._next_id, self._next_id + 1
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private"},
            "from": ME,
            "text": params.get("text", ""),
        }
        markup = params.get("reply_markup")
        if endpoint == "sendMessage" and markup and markup.get("inline_keyboard"):
            message["reply_markup"] = markup
            self.keyboards[chat] = message
        return message


# --- the updates ---------------------------------------------------------------------


def _user(n: int) -> dict[str, Any]:
    return {"id": 10_000 + n, "is_bot": False, "first_name": f"S{n}"}


def make_update(api: LoopbackBotApi, n: int, step: int, kind: str, what: str) -> dict[str, Any]:
    """One student action as Telegram would deliver it (update ids are unique per run)."""
    user = _user(n)
    update_id = n * 100 + step + 1
    if kind == "press":
        return {
            "update_id": update_id,
            "callback_query": {
                "id": f"{n}-{step}",
                "from": user,
                "chat_instance": str(user["id"]),
                "message": api.keyboards[user["id"]],
                "data": what,
            },
        }
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1_000_000 + update_id,
            "date": int(time.time()),
            "chat": {"id": user["id"], "type": "private", "first_name": user["first_name"]},
            "from": user,
            "text": what,
        },
    }


CPU_SECONDS: list[float] = []  # CPU time of each drive (all threads: Orbit's writer too)


Feed = Callable[[dict[str, Any]], Awaitable[None]]


def stock_feed(app: Application) -> Feed:
    """How PTB's Updater hands an update to a stock bot (polling or webhook): an `Update`."""

    async def feed(data: dict[str, Any]) -> None:
        await app.process_update(Update.de_json(data, app.bot))

    return feed


def json_feed(app: Application) -> Feed:
    """How Orbit's poller and webhook hand an update over: the Bot API's JSON as it came."""
    return app.process_update


async def drive(feed: Feed, api: LoopbackBotApi, students: int) -> tuple[int, float]:
    """All students at once, each one update after another; (updates, seconds). Each
    update starts as the JSON Telegram sends and is handed over as each bot's own
    receiving code does in production (`feed`)."""

    async def student(n: int) -> int:
        for step, (kind, what) in enumerate(WALK):
            await feed(make_update(api, n, step, kind, what))
        return len(WALK)

    start, cpu = time.perf_counter(), time.process_time()
    counts = await asyncio.gather(*(student(n) for n in range(students)))
    CPU_SECONDS.append(time.process_time() - cpu)
    return sum(counts), time.perf_counter() - start


# --- Orbit ---------------------------------------------------------------------------


async def run_orbit(students: int, folder: Path, profile: bool) -> dict[str, Any]:
    url = f"sqlite:///{folder / 'orbit.db'}"
    await asyncio.to_thread(upgrade, url)
    store = await Store(url).open()
    coach = Coach.from_paths(
        store=store, lessons_dir=ROOT / "lessons", prompts_dir=ROOT / "prompts"
    )
    coach.prompts.warm((Markup.HTML, Markup.PLAIN))  # as `orbit run telegram` does
    settle_memory()  # as `orbit run` does (once per process: the baseline, run in the
    # same process, gains the same from it)
    api = LoopbackBotApi()
    settings = TelegramSettings(token=TOKEN, chat_rate=0, global_rate=0, group_rate=0)
    app = build_application(settings, request=api)
    profiler = None
    async with app:
        attach(app, coach)
        api.calls.clear()
        if profile:
            from pyinstrument import Profiler

            profiler = Profiler(async_mode="disabled")
            profiler.start()
        updates, seconds = await drive(json_feed(app), api, students)
        if profiler is not None:
            profiler.stop()
    batches, turns = store.writer.batches, store.writer.turns
    await check_orbit(store, students)
    await store.close()
    if profiler is not None:
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return {
        "updates": updates,
        "seconds": round(seconds, 2),
        "updates_per_second": round(updates / seconds),
        "updates_per_cpu_second": round(updates / CPU_SECONDS[-1]),
        "bot_api_calls": dict(api.calls),
        "turns_per_commit": round(turns / max(batches, 1), 1),
    }


async def check_orbit(store: Store, students: int) -> None:
    """Every student's three people and finished lesson are in the database."""
    async with store.engine.connect() as conn:
        people = (await conn.execute(text("SELECT count(*) FROM person"))).scalar()
        done = (await conn.execute(text("SELECT count(*) FROM lesson_progress"))).scalar()
    if people != 3 * students or done != students:
        raise RuntimeError(f"Orbit lost work: {people} people, {done} lessons done")


# --- the baseline: a ConversationHandler bot with PicklePersistence --------------------

CONSENT, NAME, SUPPORTS, CLOSENESS, MORE, CAREER, DOORS, KNOW = range(8)
DOMAINS = [
    ("Family", "parents, grandparents, siblings, cousins, aunts and uncles"),
    ("Friends and peers", "friends, classmates, teammates, people your age you trust"),
    ("School staff", "teachers, counselors, coaches at school, librarians"),
    ("Activities and coaches", "clubs, sports, music, arts, after-school programs, tutors"),
    ("Community and faith", "neighbours, faith community, community centres, volunteering"),
    ("Work and employers", "bosses, co-workers, people from an internship or a summer job"),
    ("Online", "people you know through games, forums, or online classes"),
]
SUPPORT_LABELS = [
    ("emotional", "Emotional support"),
    ("advice", "Advice and information"),
    ("feedback", "Feedback on how I'm doing"),
    ("practical", "Practical help"),
    ("career", "Career and opportunity"),
]
CLOSENESS_LABELS = [("close", "Close"), ("between", "In between"), ("distant", "Distant")]
SKIP = {"skip", "done", "no", "none", "next", "nobody", "pass"}


def keyboard(options: list[tuple[str, str]], prefix: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(f"{n}. {label}", callback_data=f"{prefix}{value}")]
            for n, (value, label) in enumerate(options, start=1)
        ]
    )


def pick(text: str, options: list[tuple[str, str]]) -> list[str]:
    picked = []
    for token in text.replace(" and ", ",").split(","):
        token = token.strip().casefold()
        for n, (value, label) in enumerate(options, start=1):
            if token in (str(n), value, label.casefold()) or token in label.casefold().split():
                picked.append(value)
    return picked


def build_baseline(folder: Path, api: LoopbackBotApi) -> tuple[Application, PicklePersistence]:
    persistence = PicklePersistence(folder / "baseline.pickle", update_interval=60)

    async def ask_domain(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        data = context.user_data
        index = data["domain"]
        if index >= len(DOMAINS):
            count = len(data["people"])
            await update.effective_chat.send_message(
                f"Nice work: you have {count} people on your map.", parse_mode="HTML"
            )
            await update.effective_chat.send_message(
                "Is there a career, field or job you're curious about (even a little)?",
                parse_mode="HTML",
            )
            return CAREER
        label, hint = DOMAINS[index]
        await update.effective_chat.send_message(
            f"<b>{label}</b> ({hint})\nWho is one person here you can think of? "
            'Send a first name or nickname, or "skip".',
            parse_mode="HTML",
        )
        return NAME

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        await update.effective_chat.send_message(
            f"Hi {update.effective_user.first_name}! I'm Orbit, a coach for building your "
            "network.\n\nWhat I store, and why: your first name and your map.",
            parse_mode="HTML",
        )
        await update.effective_chat.send_message(
            "Is it OK for me to store that so we can get started?",
            reply_markup=keyboard([("yes", "Yes, let's start"), ("no", "No thanks")], "c:"),
        )
        return CONSENT

    async def consent(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        query = update.callback_query
        await query.answer()
        await query.edit_message_text(
            f"{query.message.text_html}\n\n→ <b>Yes, let's start</b>", parse_mode="HTML"
        )
        context.user_data.update(domain=0, people=[])
        await update.effective_chat.send_message("Thank you! Let's start with your map.")
        await update.effective_chat.send_message("Everyone already knows more people ...")
        return await ask_domain(update, context)

    async def name(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        text = update.message.text.strip()
        if text.casefold() in SKIP:
            context.user_data["domain"] += 1
            return await ask_domain(update, context)
        context.user_data["person"] = {"name": text, "domain": context.user_data["domain"]}
        await update.message.reply_text(
            f'What does {text} give you? Pick one or more (for example "1, 3").',
            reply_markup=keyboard(SUPPORT_LABELS, "t:"),
        )
        return SUPPORTS

    async def supports(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        context.user_data["person"]["supports"] = pick(update.message.text, SUPPORT_LABELS)
        person = context.user_data["person"]["name"]
        await update.message.reply_text(
            f"How close are you and {person}?", reply_markup=keyboard(CLOSENESS_LABELS, "c:")
        )
        return CLOSENESS

    async def closeness(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        query = update.callback_query
        await query.answer()
        value = query.data.removeprefix("c:")
        label = dict(CLOSENESS_LABELS)[value]
        await query.edit_message_text(
            f"{query.message.text_html}\n\n→ <b>{label}</b>", parse_mode="HTML"
        )
        person = {**context.user_data.pop("person"), "closeness": value}
        context.user_data["people"].append(person)
        domain = DOMAINS[context.user_data["domain"]][0].lower()
        await update.effective_chat.send_message(
            f'Added {person["name"]}. Anyone else in {domain}? Send another name, or "done".'
        )
        return MORE

    async def career(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        context.user_data["career"] = update.message.text
        await update.message.reply_text(
            f"Who could help open a door to {update.message.text}? Name one or two."
        )
        return DOORS

    async def doors(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        context.user_data["doors"] = update.message.text
        await update.message.reply_text("Last question: who would you like to know better?")
        return KNOW

    async def know(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        people = ", ".join(p["name"] for p in context.user_data["people"])
        await update.message.reply_text(
            f"Here's your map: {people}.\n\nCareer interest: {context.user_data['career']}."
        )
        return ConversationHandler.END

    typed = filters.TEXT & ~filters.COMMAND
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB's per_message advice for CallbackQueryHandler
        conversation = ConversationHandler(
            entry_points=[MessageHandler(typed, start)],
            states={
                CONSENT: [CallbackQueryHandler(consent, pattern="^c:yes$")],
                NAME: [MessageHandler(typed, name)],
                SUPPORTS: [MessageHandler(typed, supports)],
                CLOSENESS: [CallbackQueryHandler(closeness, pattern="^c:")],
                MORE: [MessageHandler(typed, name)],
                CAREER: [MessageHandler(typed, career)],
                DOORS: [MessageHandler(typed, doors)],
                KNOW: [MessageHandler(typed, know)],
            },
            fallbacks=[],
            name="mapping",
            persistent=True,
        )
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .request(api)
        .get_updates_request(api)
        .persistence(persistence)
        .concurrent_updates(True)
        .job_queue(None)
        .build()
    )
    app.add_handler(conversation)
    return app, persistence


async def run_baseline(students: int, folder: Path) -> dict[str, Any]:
    api = LoopbackBotApi()
    app, persistence = build_baseline(folder, api)
    async with app:
        api.calls.clear()
        updates, seconds = await drive(stock_feed(app), api, students)
        start = time.perf_counter()
        await app.update_persistence()
        await persistence.flush()
        persist = time.perf_counter() - start
        stored = await persistence.get_user_data()
    people = sum(len(data.get("people", [])) for data in stored.values())
    if people != 3 * students:
        raise RuntimeError(f"the baseline lost work: {people} people")
    return {
        "updates": updates,
        "seconds": round(seconds, 2),
        "updates_per_second": round(updates / seconds),
        "updates_per_cpu_second": round(updates / CPU_SECONDS[-1]),
        "bot_api_calls": dict(api.calls),
        "final_pickle_seconds": round(persist, 2),  # not in updates_per_second; see docstring
    }


async def run(students: int, rounds: int, profile: bool) -> dict[str, Any]:
    """`rounds` runs of each bot, alternating which goes first; medians are compared."""
    load_before = os.getloadavg()[0]  # other work on the machine skews both bots
    orbit: list[dict[str, Any]] = []
    baseline: list[dict[str, Any]] = []
    for round_ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            if round_ % 2:
                orbit.append(await run_orbit(students, folder, profile and not orbit))
                baseline.append(await run_baseline(students, folder))
            else:
                baseline.append(await run_baseline(students, folder))
                orbit.append(await run_orbit(students, folder, profile and not orbit))
    best_orbit = statistics.median(r["updates_per_second"] for r in orbit)
    best_baseline = statistics.median(r["updates_per_second"] for r in baseline)
    cpu_orbit = statistics.median(r["updates_per_cpu_second"] for r in orbit)
    cpu_baseline = statistics.median(r["updates_per_cpu_second"] for r in baseline)
    return {
        "students": students,
        "updates_per_run": orbit[0]["updates"],
        "bot_api": "in-process BaseRequest (no HTTP)",
        "rounds": rounds,
        "load_average_before": round(load_before, 2),
        "orbit_updates_per_second": {
            "median": best_orbit,
            "runs": [r["updates_per_second"] for r in orbit],
        },
        "baseline_updates_per_second": {
            "median": best_baseline,
            "runs": [r["updates_per_second"] for r in baseline],
        },
        "orbit_to_baseline": round(best_orbit / best_baseline, 2),
        # Per CPU second (process time, all threads): steadier when the machine is shared.
        "orbit_updates_per_cpu_second": cpu_orbit,
        "baseline_updates_per_cpu_second": cpu_baseline,
        "orbit_to_baseline_cpu": round(cpu_orbit / cpu_baseline, 2),
        "orbit_last_run": orbit[-1],
        "baseline_last_run": baseline[-1],
    }


def main(argv: list[str] | None = None, out: Callable[[str], object] = print) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each bot (median)")
    parser.add_argument("--profile", action="store_true", help="profile Orbit with pyinstrument")
    args = parser.parse_args(argv)
    result = asyncio.run(run(args.students, args.rounds, args.profile))
    out(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
