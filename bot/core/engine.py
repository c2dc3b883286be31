"""The Coach: one inbound message in, the replies out, one transaction per turn.

`Coach.handle` loads the student's conversation, runs the turn, commits the new
state together with the event id, and only then returns the replies. A
redelivered event is a no-op; a turn that lost a race with another process is
run again on fresh state (`_commit_with_retries`, the one loop that does it).

A turn sees the Coach only as its `TurnContext` (`bot/core/context.py`), built here
once; what happens before consent is `bot/core/consent.py`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bot.core.consent import Onboarding
from bot.core.context import FIRST_LESSON, CoachSettings, TurnContext
from bot.core.inbound_text import clean_message
from bot.core.join_limits import JoinLimits
from bot.core.lessons import Catalog, load_catalog
from bot.core.locks import KeyedLocks
from bot.core.map_files import forget_pictures
from bot.core.mapview import MapView, build_map_view
from bot.core.messages import ConversationKey, Inbound, Markup, Outbound
from bot.core.recovery import RESET_AFTER, Failures
from bot.core.route import route
from bot.core.safety import SafetyRules
from bot.core.templates import Prompts
from bot.core.turn import Turn
from bot.core.understanding import prepare
from bot.store.replies import Unsent
from bot.store.store import Store
from bot.support.redact import error_summary, hashed
from bot.vocab.bounded import Recent
from bot.vocab.changes import Change, CommitResult, DeleteStudent, TurnWrite
from bot.vocab.records import TurnState, utcnow

if TYPE_CHECKING:
    from bot.coaching.llm import EmailCoachLLM
    from bot.core.media import ChatMedia

__all__ = ["FIRST_LESSON", "Coach", "CoachSettings", "Later", "StudentSummary"]

log = logging.getLogger(__name__)
R = TypeVar("R")
Plan = Callable[[TurnState], Awaitable[tuple[TurnWrite | None, R]]]

MAX_ATTEMPTS = 5


class TooManyConflicts(RuntimeError):
    """The conversation kept moving on elsewhere while a turn was being saved."""


@dataclass(frozen=True, slots=True)
class StudentSummary:
    name: str
    map: MapView
    lessons: list[tuple[str, str, str]]  # (id, title, "done" | "active" | "new")
    active_lesson: str | None


def _sendable(replies: list[Outbound]) -> list[Outbound]:
    """A picture removed since (the student deleted their data) is left out, not the text."""
    return [
        replace(r, image_path=None) if r.image_path and not Path(r.image_path).exists() else r
        for r in replies
    ]


@dataclass(frozen=True, slots=True)
class Later:
    """`deliver` held a scheduled question back: the student is busy answering one of a
    lesson's, so ours would take their answer. Try again at `at`."""

    at: datetime


class Coach:
    """Platform-neutral: adapters call `handle` and deliver what it returns."""

    def __init__(
        self,
        *,
        store: Store,
        catalog: Catalog,
        prompts: Prompts,
        settings: CoachSettings | None = None,
        clock: Callable[[], datetime] = utcnow,
        email_llm: EmailCoachLLM | None = None,
        media: ChatMedia | None = None,
    ) -> None:
        self.store = store
        prepare(catalog.option_lists())  # compile every option list for reading answers once
        self.ctx = TurnContext(
            store=store,
            catalog=catalog,
            prompts=prompts,
            settings=settings or CoachSettings(),
            safety=SafetyRules.load(),
            clock=clock,
            join_limits=JoinLimits(),  # wrong join codes: per student, per platform
            email_llm=email_llm,
            media=media,  # pictures in chat (bot/insights/chat_media.py); None: text only
        )
        self.onboarding = Onboarding(self.ctx, store)
        self._locks: KeyedLocks[ConversationKey] = KeyedLocks()
        self._public_events: Recent[tuple[str, str], None] = Recent()  # group/channel, answered
        self._handed_out: Recent[tuple[str, str], None] = Recent()  # replies this process gave
        self._failures = Failures()  # failed turns in a row, per student (see recovery.py)

    @classmethod
    def from_paths(
        cls,
        *,
        store: Store,
        lessons_dir: Path,
        prompts_dir: Path,
        settings: CoachSettings | None = None,
        clock: Callable[[], datetime] = utcnow,
        email_llm: EmailCoachLLM | None = None,
        media: ChatMedia | None = None,
    ) -> Coach:
        settings = settings or CoachSettings()
        return cls(
            store=store,
            catalog=load_catalog(lessons_dir),
            prompts=Prompts(prompts_dir, settings.locale),
            settings=settings,
            clock=clock,
            email_llm=email_llm,
            media=media,
        )

    # What adapters, the scheduler and the CLI read; a turn reads `ctx`.

    @property
    def catalog(self) -> Catalog:
        return self.ctx.catalog

    @property
    def prompts(self) -> Prompts:
        return self.ctx.prompts

    @property
    def settings(self) -> CoachSettings:
        return self.ctx.settings

    @property
    def safety(self) -> SafetyRules:
        return self.ctx.safety

    @property
    def clock(self) -> Callable[[], datetime]:
        return self.ctx.clock

    def today(self) -> date:
        return self.ctx.today()

    # --- rendering --------------------------------------------------------------

    def render(self, template: str, markup: Markup, /, **context: Any) -> str:
        return self.ctx.prompts.render(template, markup, **context)

    def command_menu(self) -> list[tuple[str, str]]:
        """(command, description) pairs for a platform's command menu."""
        return [(c.name, c.description) for c in self.ctx.prompts.command_menu()]

    async def summary(self, key: ConversationKey) -> StudentSummary | None:
        """A student's map and progress for a platform's home screen; None before consent."""
        async with self._locks.hold(key):  # never fill the cache beside a turn in progress
            return await self._summary(key)

    async def _summary(self, key: ConversationKey) -> StudentSummary | None:
        state = await self.store.load_turn(key, "")
        if state.student is None:
            return None
        student = state.student
        view = build_map_view(await self.store.people(student.id), self.ctx.catalog.options)
        done = await self.store.lessons_done(student.id)
        active = next(
            (
                self.ctx.catalog.lessons[f["lesson"]]
                for f in state.frames
                if self.ctx.catalog.lessons[f["lesson"]].listed
            ),
            None,
        )
        return StudentSummary(
            name=student.display_name,
            map=view,
            lessons=[
                (
                    lesson.id,
                    lesson.title,
                    "done" if lesson.id in done else "active" if active is lesson else "new",
                )
                for lesson in self.ctx.catalog.listed
            ],
            active_lesson=active.title if active else None,
        )

    # --- the turn ---------------------------------------------------------------

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        inbound = clean_message(inbound)  # adapters clean at the door; this is the net
        try:
            replies = await self._handle(inbound)
        except Exception as error:
            # A bug must not take the bot down or lose the student's place: nothing of
            # this turn was saved, so they can simply try again. The log gets hashed ids
            # and where it failed, never the message (the error's text may quote it).
            log.error(
                "could not handle event %s of %s: %s",
                hashed(inbound.event_id),
                hashed(inbound.key),
                error_summary(error),
            )
            # The same again in their own chat: a way out (a group's turns never reset it).
            if inbound.private and self._failures.failed(inbound.key) >= RESET_AFTER:
                reset = await self._reset(inbound, error)
                if reset is not None:
                    return reset
            return [Outbound(text=self.render("errors/internal", inbound.markup))]
        if inbound.private:
            self._failures.succeeded(inbound.key)
        return replies

    async def _reset(self, inbound: Inbound, error: Exception) -> list[Outbound] | None:
        """Leave every lesson and flow (what was saved stays), as a committed turn; None
        when there is nothing to reset or even that cannot be saved."""
        reply: list[Outbound] = []

        async def plan(state: TurnState) -> tuple[TurnWrite | None, None]:
            if state.student is None or state.already_processed:
                return None, None
            reply[:] = [Outbound(text=self.render("errors/reset", inbound.markup))]
            return self._write(inbound, state, [], replies=reply), None  # kept until sent

        who = hashed(inbound.key)
        try:
            async with self._locks.hold(inbound.key):
                write, _ = await self._commit_with_retries(inbound.key, inbound.event_id, plan)
        except Exception as problem:
            log.error("could not reset student %s: %s", who, type(problem).__name__)
            return None
        if write is None:
            return None
        log.warning(
            "reset student %s to no lesson after %d failed turns (%s)",
            who,
            RESET_AFTER,
            type(error).__name__,
        )
        self._failures.succeeded(inbound.key)
        self._handed_out.add((inbound.key.platform, inbound.event_id), None)
        return reply

    async def _handle(self, inbound: Inbound) -> list[Outbound]:
        if self._repeated_in_public(inbound):
            return []
        if not inbound.private:
            return await self._in_group(inbound)
        return await self._turn(inbound)

    async def _in_group(self, inbound: Inbound) -> list[Outbound]:
        """In a group or channel: never load or show a student's data, invite to a DM
        when spoken to. A crisis still gets care: the turn's crisis branch runs (it
        comes before anything else) and its replies go to the student privately."""
        invite = Outbound(text=self.render("common/private_only", inbound.markup))
        said = [invite] if inbound.addressed else []
        if inbound.choice is not None or not self.ctx.safety.is_crisis(inbound.text):
            return said
        care = await self._turn(inbound)
        return said + [replace(reply, private=True) for reply in care]

    async def _turn(self, inbound: Inbound) -> list[Outbound]:
        turn: Turn | None = None

        async def plan(state: TurnState) -> tuple[TurnWrite | None, list[Outbound]]:
            nonlocal turn
            if state.already_processed:
                return None, await self._unsent_of(inbound)
            if state.student is None:
                turn = Turn(self.ctx, inbound, None, [])
                write = await self.onboarding.turn(turn, state.pending_join)
                if write is None:
                    return None, turn.out
            else:
                turn = Turn(self.ctx, inbound, state.student, state.frames)
                await route(turn)
                write = self._write(inbound, state, turn.frames_dump(), turn.changes)
            write.replies = turn.out  # kept with the turn until the adapter says sent
            return write, turn.out

        async with self._locks.hold(inbound.key):
            write, replies = await self._commit_with_retries(
                inbound.key,
                inbound.event_id,
                plan,
                join_code=lambda: self.onboarding.consents(inbound),
            )
            if write is not None:
                if turn is not None and turn.pending_code:
                    await self.onboarding.forget_pending_code(inbound.key)
                self._committed(inbound, write)
            return replies

    def _committed(self, inbound: Inbound, write: TurnWrite) -> None:
        """After a student's turn is saved: what this process must forget or note."""
        if any(isinstance(c, DeleteStudent) for c in write.changes):
            self.onboarding.welcomed.pop(inbound.key)  # a fresh start after /delete
            forget_pictures(self.ctx.settings.media_dir, write.student_id)
        self._handed_out.add((inbound.key.platform, inbound.event_id), None)

    def _write(
        self,
        inbound: Inbound,
        state: TurnState,
        frames: list[dict[str, Any]],
        changes: list[Change] | None = None,
        *,
        replies: list[Outbound] | None = None,
        by_student: bool = True,
    ) -> TurnWrite:
        assert state.student is not None
        return TurnWrite(
            key=inbound.key,
            event_id=inbound.event_id,
            student_id=state.student.id,
            expected_version=state.version,
            frames=frames,
            changes=changes if changes is not None else [],
            at=self.ctx.clock(),
            by_student=by_student,
            replies=replies if replies is not None else [],
        )

    async def _commit_with_retries(
        self,
        key: ConversationKey,
        event_id: str,
        plan: Plan[R],
        *,
        join_code: Callable[[], bool] | None = None,
    ) -> tuple[TurnWrite | None, R]:
        """Load the student's state, plan the turn on it, commit what it writes.

        When the commit finds the conversation moved on (another process) or the event
        already processed (which the cache did not know), the plan runs again on fresh
        state, which tells it so. (The committed write, or None when the plan saved
        nothing; what the plan returned.) The caller holds the student's lock. `join_code`:
        see `Store.load_turn`.
        """
        for _ in range(MAX_ATTEMPTS):
            state = await self.store.load_turn(key, event_id, join_code=join_code)
            write, result = await plan(state)
            if write is None:
                return None, result
            if await self.store.commit(write) is CommitResult.COMMITTED:
                return write, result
            log.info("conversation %s moved on elsewhere; running the turn again", hashed(key))
        raise TooManyConflicts(
            f"could not save a turn for {hashed(key)} after {MAX_ATTEMPTS} tries"
        )

    def _repeated_in_public(self, inbound: Inbound) -> bool:
        """A group or channel event seen before (Slack retries an app_mention, Telegram
        redelivers a group command): answered once. Nothing is stored for these, so a
        bounded memory per process recognises them, as before consent."""
        if inbound.private:
            return False
        return not self._public_events.add((inbound.key.platform, inbound.event_id), None)

    # --- replies that must survive a crash -----------------------------------------

    def sent(self, inbound: Inbound) -> None:
        """The adapter delivered the replies `handle` returned for `inbound`.

        A committed turn keeps its replies in the store until this is called, so a
        process that dies in between sends them after its restart (`unsent`).
        """
        self.sent_event(inbound.key, inbound.event_id)

    def sent_event(self, key: ConversationKey, event_id: str) -> None:
        self.store.replies_sent(key, event_id)

    async def unsent(
        self, platform: str, *, team: str | None = None, user: str | None = None
    ) -> list[Unsent]:
        """Replies that committed turns left unsent (a crash): an adapter sends them at
        start-up, before taking new messages, then calls `sent_event` for each."""
        unsent = await self.store.unsent(platform, team, user)
        for u in unsent:  # the same event redelivered meanwhile must not send them again
            self._handed_out.add((platform, u.event_id), None)
        return [replace(u, replies=_sendable(u.replies)) for u in unsent]

    async def _unsent_of(self, inbound: Inbound) -> list[Outbound]:
        """A redelivered event: its replies if they never went out, else nothing.

        Replies this process handed to an adapter once are not handed out again (they
        are being sent, or were, and the sent mark may not be written yet); after a
        restart, what was left unsent is.
        """
        if (inbound.key.platform, inbound.event_id) in self._handed_out:
            return []
        return _sendable(await self.store.replies_of(inbound.key, inbound.event_id))

    async def deliver(
        self,
        key: ConversationKey,
        *,
        event_id: str,
        lesson: str,
        data: dict[str, Any],
        markup: Markup = Markup.PLAIN,
        hold_while_answering: timedelta | None = None,
    ) -> list[Outbound] | Later | None:
        """A scheduled message (nudge, check-in) as a turn: open its flow, return the text.

        The outbox row's dedupe key is the event id, so a row delivered twice (a worker
        died after the turn but before sending) opens the flow once; the second time
        the same text is rendered again on a throwaway turn and nothing is saved.
        None: the student no longer exists.

        `hold_while_answering`: a student who is in a lesson's question (a frame waits)
        and wrote less than this long ago is answering it, so their next message belongs
        to the lesson: nothing is opened and `Later` says when to try again. Once they
        pause that long, our question comes last, takes the next reply, and the lesson's
        question is asked again after it (see ARCHITECTURE.md, "Scheduled messages").
        """
        inbound = Inbound(key=key, event_id=event_id, markup=markup)

        async def plan(state: TurnState) -> tuple[TurnWrite | None, list[Outbound] | Later | None]:
            if state.student is None:
                return None, None
            if state.already_processed:
                again = Turn(self.ctx, inbound, state.student, [])
                await again.start(lesson, data)
                return None, again.out
            if hold_while_answering is not None and state.frames:
                since = await self.store.last_active(state.student.id)
                if since is not None and self.ctx.clock() - since < hold_while_answering:
                    return None, Later(since + hold_while_answering)
            turn = Turn(self.ctx, inbound, state.student, state.frames)
            await turn.start(lesson, data)
            write = self._write(inbound, state, turn.frames_dump(), turn.changes, by_student=False)
            return write, turn.out

        async with self._locks.hold(key):
            _, result = await self._commit_with_retries(key, event_id, plan)
            return result

    async def withdraw(self, key: ConversationKey, *, event_id: str, lesson: str) -> None:
        """Undo `deliver` for a message that was never sent: close the flow it opened, if
        the student has not moved on from it, so their next message is not read as an
        answer to a question they never saw."""
        inbound = Inbound(key=key, event_id=f"{event_id}:withdrawn")

        async def plan(state: TurnState) -> tuple[TurnWrite | None, None]:
            frames = state.frames
            if state.student is None or state.already_processed or not frames:
                return None, None
            if frames[-1]["lesson"] != lesson:
                return None, None
            return self._write(inbound, state, frames[:-1], by_student=False), None

        async with self._locks.hold(key):
            try:
                await self._commit_with_retries(key, inbound.event_id, plan)
            except TooManyConflicts:  # the student is busy: their own turns move them on
                log.warning("left a withdrawn message's flow open for %s", hashed(key))
