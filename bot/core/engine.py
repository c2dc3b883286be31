"""The Coach: one inbound message in, the replies out, one transaction per turn.

`Coach.handle` loads the student's conversation, runs the turn, commits the new
state together with the event id, and only then returns the replies. A
redelivered event is a no-op; a turn that lost a race with another process is
run again on fresh state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core import alerts
from bot.core.commands import COMMANDS, STOP_WORDS, begin_lesson, join_cohort, parse_command
from bot.core.inbound_text import clean_message
from bot.core.join_limits import JoinLimits
from bot.core.lessons import Catalog, Option, Step, load_catalog
from bot.core.locks import KeyedLocks
from bot.core.map_files import forget_pictures
from bot.core.mapview import MapView, build_map_view
from bot.core.messages import ConversationKey, Inbound, Markup, Outbound
from bot.core.recovery import RESET_AFTER, Failures
from bot.core.safety import SafetyRules
from bot.core.templates import Prompts
from bot.core.turn import Turn
from bot.core.understanding import prepare, read_choice
from bot.store.replies import Unsent
from bot.store.store import Store
from bot.support.redact import error_summary, hashed
from bot.vocab.bounded import Recent
from bot.vocab.changes import CommitResult, CreateStudent, DeleteStudent, TurnWrite
from bot.vocab.records import StudentRecord, new_id, utcnow

if TYPE_CHECKING:
    from bot.coaching.llm import EmailCoachLLM
    from bot.core.media import ChatMedia

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_LESSON = "mapping"
JOIN_COMMANDS = ("start", "join")  # before consent: keep the code, join at yes


@dataclass(frozen=True, slots=True)
class CoachSettings:
    max_message_chars: int = 4000
    first_lesson: str = FIRST_LESSON
    locale: str = "en"
    media_dir: Path | None = None  # where map pictures are written; None: text only


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
        self.clock = clock
        self.email_llm = email_llm
        self.media = media  # pictures in chat (bot/insights/chat_media.py); None: text only
        self.catalog = catalog
        prepare(catalog.option_lists())  # compile every option list for reading answers once
        self.prompts = prompts
        self.settings = settings or CoachSettings()
        self._locks: KeyedLocks[ConversationKey] = KeyedLocks()
        # Bounded memories of keys, for what must not be stored before consent.
        self._welcomed: Recent[ConversationKey, None] = Recent()
        self._events_before_consent: Recent[tuple[str, str], None] = Recent()
        self._public_events: Recent[tuple[str, str], None] = Recent()  # group/channel, answered
        self._handed_out: Recent[tuple[str, str], None] = Recent()  # replies this process gave
        self._join_codes: Recent[ConversationKey, str] = Recent()  # /start CODE
        self._failures = Failures()  # failed turns in a row, per student (see recovery.py)
        self.join_limits = JoinLimits()  # wrong join codes: per student, per platform
        self.safety = SafetyRules.load()

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

    def today(self) -> date:
        return self.clock().date()

    # --- rendering --------------------------------------------------------------

    def render(self, template: str, markup: Markup, /, **context: Any) -> str:
        return self.prompts.render(template, markup, **context)

    def command_menu(self) -> list[tuple[str, str]]:
        """(command, description) pairs for a platform's command menu."""
        return [(c.name, c.description) for c in self.prompts.command_menu()]

    @staticmethod
    def template_for(lesson_id: str, step: Step) -> str:
        return step.template or f"{lesson_id}/{step.name}"

    async def summary(self, key: ConversationKey) -> StudentSummary | None:
        """A student's map and progress for a platform's home screen; None before consent."""
        async with self._locks.hold(key):  # never fill the cache beside a turn in progress
            return await self._summary(key)

    async def _summary(self, key: ConversationKey) -> StudentSummary | None:
        state = await self.store.load_turn(key, "")
        if state.student is None:
            return None
        student = state.student
        view = build_map_view(await self.store.people(student.id), self.catalog.options)
        done = await self.store.lessons_done(student.id)
        active = next(
            (
                self.catalog.lessons[f["lesson"]]
                for f in state.frames
                if self.catalog.lessons[f["lesson"]].listed
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
                for lesson in self.catalog.listed
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
        who = hashed(inbound.key)
        try:
            async with self._locks.hold(inbound.key):
                for _ in range(MAX_ATTEMPTS):
                    state = await self.store.load_turn(inbound.key, inbound.event_id)
                    if state.student is None or state.already_processed:
                        return None
                    reply = [Outbound(text=self.render("errors/reset", inbound.markup))]
                    write = TurnWrite(
                        key=inbound.key,
                        event_id=inbound.event_id,
                        student_id=state.student.id,
                        expected_version=state.version,
                        frames=[],
                        at=self.clock(),
                        replies=reply,  # kept until sent, like any turn's
                    )
                    result = await self.store.commit(write)
                    if result is CommitResult.COMMITTED:
                        log.warning(
                            "reset student %s to no lesson after %d failed turns (%s)",
                            who,
                            RESET_AFTER,
                            type(error).__name__,
                        )
                        self._failures.succeeded(inbound.key)
                        self._handed_out.add((inbound.key.platform, inbound.event_id), None)
                        return reply
                    if result is CommitResult.DUPLICATE:
                        return None
        except Exception as problem:
            log.error("could not reset student %s: %s", who, type(problem).__name__)
        return None

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
        if inbound.choice is not None or not self.safety.is_crisis(inbound.text):
            return said
        care = await self._turn(inbound)
        return said + [replace(reply, private=True) for reply in care]

    async def _turn(self, inbound: Inbound) -> list[Outbound]:
        async with self._locks.hold(inbound.key):
            for _ in range(MAX_ATTEMPTS):
                state = await self.store.load_turn(inbound.key, inbound.event_id)
                if state.already_processed:
                    return await self._unsent_of(inbound)
                if state.student is None:
                    turn = Turn(self, inbound, None, [])
                    write = await self._before_consent(turn)
                    if write is None:
                        return turn.out
                else:
                    turn = Turn(self, inbound, state.student, state.frames)
                    await self._dispatch(turn)
                    write = TurnWrite(
                        key=inbound.key,
                        event_id=inbound.event_id,
                        student_id=state.student.id,
                        expected_version=state.version,
                        frames=turn.frames_dump(),
                        changes=turn.changes,
                        at=self.clock(),
                    )
                write.replies = turn.out  # kept with the turn until the adapter says sent
                result = await self.store.commit(write)
                if result is CommitResult.COMMITTED:
                    if turn.pending_code:
                        await self._forget_pending_code(inbound.key)
                    if any(isinstance(c, DeleteStudent) for c in write.changes):
                        self._welcomed.pop(inbound.key)  # a fresh start after /delete
                        forget_pictures(self.settings.media_dir, write.student_id)
                    self._handed_out.add((inbound.key.platform, inbound.event_id), None)
                    return turn.out
                if result is CommitResult.DUPLICATE:
                    return await self._unsent_of(inbound)
                log.info(
                    "conversation %s moved on elsewhere; running the turn again",
                    hashed(inbound.key),
                )
        raise RuntimeError(
            f"could not save a turn for {hashed(inbound.key)} after {MAX_ATTEMPTS} tries"
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
        async with self._locks.hold(key):
            for _ in range(MAX_ATTEMPTS):
                state = await self.store.load_turn(key, event_id)
                if state.student is None:
                    return None
                if state.already_processed:
                    again = Turn(self, inbound, state.student, [])
                    await again.start(lesson, data)
                    return again.out
                if hold_while_answering is not None and state.frames:
                    since = await self.store.last_active(state.student.id)
                    if since is not None and self.clock() - since < hold_while_answering:
                        return Later(since + hold_while_answering)
                turn = Turn(self, inbound, state.student, state.frames)
                await turn.start(lesson, data)
                result = await self.store.commit(
                    TurnWrite(
                        key=key,
                        event_id=event_id,
                        student_id=state.student.id,
                        expected_version=state.version,
                        frames=turn.frames_dump(),
                        changes=turn.changes,
                        at=self.clock(),
                        by_student=False,
                    )
                )
                if result is CommitResult.COMMITTED:
                    return turn.out
                # DUPLICATE (the cache did not know) or CONFLICT: look again, fresh
        raise RuntimeError(
            f"could not deliver {event_id} to {hashed(key)} after {MAX_ATTEMPTS} tries"
        )

    async def withdraw(self, key: ConversationKey, *, event_id: str, lesson: str) -> None:
        """Undo `deliver` for a message that was never sent: close the flow it opened, if
        the student has not moved on from it, so their next message is not read as an
        answer to a question they never saw."""
        inbound = Inbound(key=key, event_id=f"{event_id}:withdrawn")
        async with self._locks.hold(key):
            for _ in range(MAX_ATTEMPTS):
                state = await self.store.load_turn(key, inbound.event_id)
                frames = state.frames
                if state.student is None or state.already_processed or not frames:
                    return
                if frames[-1]["lesson"] != lesson:
                    return
                write = TurnWrite(
                    key=key,
                    event_id=inbound.event_id,
                    student_id=state.student.id,
                    expected_version=state.version,
                    frames=frames[:-1],
                    at=self.clock(),
                    by_student=False,
                )
                if await self.store.commit(write) is not CommitResult.CONFLICT:
                    return

    async def _dispatch(self, turn: Turn) -> None:
        inbound = turn.inbound
        text = inbound.text.strip()
        assert turn.student is not None
        command = parse_command(text) if inbound.choice is None else None
        if inbound.choice is None and self.safety.is_crisis(text):
            # Before anything else, commands and paused or not: care first.
            await alerts.crisis(turn, text)
            return
        if command is None and inbound.choice is None:
            if text.casefold().strip(" .!") in STOP_WORDS:
                command = ("stop", "")
            elif self.safety.wants_human(text):
                command = ("human", text)
        if inbound.choice and inbound.choice.startswith("lesson:"):
            lesson_id = inbound.choice.removeprefix("lesson:")
            if lesson_id in self.catalog.lessons and self.catalog.lessons[lesson_id].listed:
                await begin_lesson(turn, lesson_id)
                return
        if command is not None:
            name, args = command
            if name in COMMANDS:
                await COMMANDS[name].handler(turn, args)
            else:
                turn.say("errors/unknown_command", name=name)
                await turn.reprompt()
        elif turn.student.paused and (turn.frame is None or turn.lesson_of(turn.frame).listed):
            # Paused means no lessons; a command the student started (/delete, /add) can
            # still be finished.
            turn.say("commands/paused_notice")
        else:
            await turn.answer()

    async def _before_consent(self, turn: Turn) -> TurnWrite | None:
        """Onboarding: nothing about the student is stored until they say yes."""
        inbound = turn.inbound
        if not self._events_before_consent.add((inbound.key.platform, inbound.event_id), None):
            return None
        consent = self.catalog.options["consent"]
        if inbound.choice is None and self.safety.is_crisis(inbound.text):
            # Nothing is stored about them, but they get the help and the admins hear.
            await alerts.crisis_before_consent(turn, inbound.text.strip())
            return None
        command = parse_command(inbound.text) if inbound.choice is None else None
        if command is not None and command[0] in JOIN_COMMANDS and command[1]:
            await self._remember_join_code(inbound.key, command[1])  # join on consent
        if command is not None and command[0] in COMMANDS and command[0] not in JOIN_COMMANDS:
            if COMMANDS[command[0]].before_consent:
                await COMMANDS[command[0]].handler(turn, command[1])
            else:
                turn.say("onboarding/need_consent")
            self._ask_consent(turn)
            return None
        said, code = self._consent_answer(inbound, consent, command)
        if said is None:
            first = self._welcomed.add(inbound.key, None)
            turn.say("onboarding/welcome" if first else "onboarding/need_consent")
            self._ask_consent(turn)
            return None
        if said != "yes":
            self._join_codes.pop(inbound.key, None)
            await self._forget_pending_code(inbound.key)
            turn.say("onboarding/declined")
            return None
        return await self._create_student(turn, code)

    def _consent_answer(
        self, inbound: Inbound, consent: tuple[Option, ...], command: tuple[str, str] | None
    ) -> tuple[str | None, str | None]:
        """("yes" | "no" | None, a join code carried in the pressed button)."""
        if command is not None:
            return None, None
        if inbound.choice is not None:
            value, _, code = inbound.choice.partition(":")
            known = {o.value for o in consent}
            return (value if value in known else None), (code or None)
        reading = read_choice(inbound.text, consent)
        return (str(reading.value) if reading.answered else None), None

    def _ask_consent(self, turn: Turn) -> None:
        """The consent question, with what is stored and why; a join code rides along
        in the yes button's value, so a press after a restart still joins."""
        consent = self.catalog.options["consent"]
        code = self._join_codes.get(turn.inbound.key)
        if code:
            consent = tuple(
                replace(o, value=f"{o.value}:{code}") if o.value == "yes" else o for o in consent
            )
        turn.say("onboarding/consent_question", choices=consent)

    async def _remember_join_code(self, key: ConversationKey, code: str) -> None:
        """In memory, and as a pending row under a salted hash of the key (see
        bot/store/pending.py), so a restart before "yes" keeps it."""
        code = code.strip()[:32]
        self._join_codes.put(key, code)
        try:
            await self.store.remember_join_code(key, code, self.clock())
        except Exception as error:  # the code still rides in memory and in the yes button
            # (the error's text may carry the SQL parameters: the code itself)
            log.error("could not keep a join code waiting for consent: %s", error_summary(error))

    async def _forget_pending_code(self, key: ConversationKey) -> None:
        try:
            await self.store.forget_join_code(key)
        except Exception as error:
            log.error("could not forget a join code waiting for consent: %s", error_summary(error))

    async def _create_student(self, turn: Turn, pressed_code: str | None = None) -> TurnWrite:
        inbound = turn.inbound
        name = " ".join(inbound.display_name.split())[:80] or inbound.key.user[:80]
        turn.change(
            CreateStudent(
                platform=inbound.key.platform,
                team=inbound.key.team,
                user_id=inbound.key.user,
                display_name=name,
                locale=self.settings.locale,
            )
        )
        turn.student = StudentRecord(
            id=new_id(),
            display_name=name,
            role="student",
            paused=False,
            locale=self.settings.locale,
        )
        turn.say("onboarding/consented")
        code = self._join_codes.pop(inbound.key, None) or pressed_code
        if code is None:
            code = await self.store.recall_join_code(inbound.key, self.clock())
        if code is not None:
            turn.pending_code = True
            await join_cohort(turn, code)
        await turn.start(self.settings.first_lesson)
        return TurnWrite(
            key=inbound.key,
            event_id=inbound.event_id,
            student_id=turn.student.id,
            expected_version=0,
            frames=turn.frames_dump(),
            changes=turn.changes,
            at=self.clock(),
        )
