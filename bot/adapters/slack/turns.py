"""After the ack: run each queued job through the Coach and deliver what it says.

Listeners only acknowledge and `submit`; the work happens here, on a few worker
tasks, so Slack always gets its answer within milliseconds (the 3-second rule)
however slow a turn or a Slack call is. One student's jobs run one at a time and
in order (a lock per student), so replies never overtake each other.

In memory only, and only for looks: which question message still shows buttons
(so an answer typed instead retires them) and which Home each student last saw
(so it is published only when it changed). Losing either on a restart is harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from dataclasses import replace

from bot.adapters.slack.blocks import SlackMessage, answered, as_one, slack_messages
from bot.adapters.slack.delivery import Delivery, Posted
from bot.adapters.slack.home import home_view
from bot.adapters.slack.inbound import PLATFORM, Job, Pressed, Target
from bot.core.engine import Coach
from bot.core.inbound_text import clean_display_name
from bot.core.locks import KeyedLocks
from bot.core.messages import ConversationKey, Markup, Outbound
from bot.support.redact import error_summary, hashed
from bot.vocab.bounded import Recent

log = logging.getLogger(__name__)
REMEMBERED = 10_000


class SlackTurns:
    """The queue between Bolt's listeners and the Coach, and what follows a turn."""

    def __init__(self, coach: Coach, delivery: Delivery, *, workers: int = 16) -> None:
        self.coach = coach
        self.delivery = delivery
        self._workers = workers
        self._queue: asyncio.Queue[Job] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self._locks: KeyedLocks[ConversationKey] = KeyedLocks()
        self._questions: Recent[ConversationKey, Posted] = Recent(REMEMBERED)  # with buttons
        self._homes: Recent[ConversationKey, str] = Recent(REMEMBERED)  # last Home's digest
        self._done_label = coach.render("slack/done_button", Markup.PLAIN)

    # --- the queue ----------------------------------------------------------------------

    def submit(self, job: Job) -> None:
        """Queue a job; never waits, so it is safe between ack and response."""
        if not self._tasks:
            self._tasks = [
                asyncio.create_task(self._work(), name=f"orbit-slack-{n}")
                for n in range(self._workers)
            ]
        self._queue.put_nowait(job)

    async def drain(self) -> None:
        """Wait until every submitted job is done (tests, shutdown)."""
        await self._queue.join()

    async def close(self, timeout: float = 10.0) -> None:
        """Finish what was acknowledged (within `timeout`), then stop the workers."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._queue.join(), timeout)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def _work(self) -> None:
        while True:
            job = await self._queue.get()
            try:
                await self.run(job)
            except Exception as error:  # the job's text and names stay out of the log
                who = hashed(job.inbound.key) if job.inbound is not None else "-"
                log.error("could not finish a Slack job for %s: %s", who, error_summary(error))
            finally:
                self._queue.task_done()

    # --- one job ------------------------------------------------------------------------

    async def run(self, job: Job) -> None:
        assert job.inbound is not None
        with self.delivery.workspace(job.token):
            await self._run(job)

    async def _run(self, job: Job) -> None:
        assert job.inbound is not None
        key = job.inbound.key
        async with self._locks.hold(key):
            if job.home_only:
                await self.refresh_home(key, force=True)
                return
            inbound = job.inbound
            if inbound.private and not inbound.display_name:
                name = await self.delivery.first_name(key.team, key.user)
                inbound = replace(inbound, display_name=clean_display_name(name))
            replies = await self.coach.handle(inbound)
            privately = [r for r in replies if r.private]
            if privately:  # crisis care for a message in a channel: to the app's DM
                await self.delivery.post(Target(channel=key.user), self._messages(privately))
                replies = [r for r in replies if not r.private]
            if not replies:  # a redelivery, or a second press on one question
                self.coach.sent(inbound)
                return
            if job.pressed is not None:
                await self._show_pick(job.pressed)
            await self._retire_question(key, job.pressed)
            await self._deliver(job, replies)
            self.coach.sent(inbound)
            if inbound.private:
                await self.refresh_home(key)

    async def resend_unsent(self, team: str) -> int:
        """At start-up, before any event: replies a killed process committed but never
        sent, into each student's DM with the app (a user id as channel)."""
        unsent = await self.coach.unsent(PLATFORM, team=team)
        for turn in unsent:
            await self.delivery.post(Target(channel=turn.key.user), self._messages(turn.replies))
            self.coach.sent_event(turn.key, turn.event_id)
        return len(unsent)

    def _messages(self, replies: list[Outbound]) -> list[SlackMessage]:
        return slack_messages(replies, done_label=self._done_label)

    async def _deliver(self, job: Job, replies: list[Outbound]) -> None:
        messages = self._messages(replies)
        if not messages:
            return
        if job.target.response_url:
            await self.delivery.respond(job.target.response_url, as_one(messages))
            return
        posted = await self.delivery.post(job.target, messages)
        asking = [p for p in posted if p.message.has_choices]
        if asking and job.inbound is not None and job.inbound.private:
            self._questions.put(job.inbound.key, asking[-1])

    def asked(self, key: ConversationKey, question: Posted) -> None:
        """A question with buttons was posted outside a turn (a scheduled check-in or
        nudge): a typed answer retires its buttons like a reply's."""
        self._questions.put(key, question)

    async def _show_pick(self, pressed: Pressed) -> None:
        """The pressed question keeps its text, loses its buttons, shows the choice."""
        if pressed.blocks is None and not pressed.response_url:
            return  # Slack did not send the message back: nothing to show it from
        note = self.coach.render("slack/picked", Markup.MRKDWN, labels=list(pressed.picked))
        await self.delivery.replace(
            answered(pressed.blocks or [], note),
            channel=pressed.channel,
            ts=pressed.ts,
            response_url=pressed.response_url,
        )

    async def _retire_question(self, key: ConversationKey, pressed: Pressed | None) -> None:
        """A question answered by typing loses its buttons, so they cannot be pressed late."""
        question: Posted | None = self._questions.pop(key, None)
        if question is None:
            return
        if pressed is not None and (pressed.channel, pressed.ts) == (question.channel, question.ts):
            return
        retired = answered(question.message.blocks, text=question.message.text)
        await self.delivery.replace(retired, channel=question.channel, ts=question.ts)

    # --- App Home -----------------------------------------------------------------------

    async def refresh_home(self, key: ConversationKey, *, force: bool = False) -> None:
        """Publish the student's Home if it changed since we last published it."""
        view = home_view(self.coach, await self.coach.summary(key))
        digest = hashlib.sha256(json.dumps(view, sort_keys=True).encode()).hexdigest()
        if not force and self._homes.get(key) == digest:
            return
        if await self.delivery.publish(key.user, view):
            self._homes.put(key, digest)
