"""Before consent: nothing about a student is stored until they say yes.

The welcome, the consent question (with what is stored and why), a join code kept
until that yes (in memory, in the yes button's value, and as a `pending_join` row
under a salted hash; see bot/store/pending.py), and the student created at yes.
Redelivered events before consent are recognised by a bounded memory, since no
event id may be stored either.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime

from bot.core import alerts
from bot.core.commands import COMMANDS, join_cohort, parse_command
from bot.core.context import TurnContext
from bot.core.messages import ConversationKey, Inbound
from bot.core.turn import Turn
from bot.core.understanding import read_choice
from bot.store.store import Store
from bot.support.redact import error_summary
from bot.vocab.bounded import Recent
from bot.vocab.changes import CreateStudent, TurnWrite
from bot.vocab.records import StudentRecord, new_id

log = logging.getLogger(__name__)

JOIN_COMMANDS = ("start", "join")  # before consent: keep the code, join at yes


class Onboarding:
    """The turns of someone who has not said yes yet; one per Coach."""

    def __init__(self, ctx: TurnContext, store: Store) -> None:
        self.ctx = ctx
        self.store = store  # join codes waiting for consent are kept beside the turns
        # Bounded memories of keys, for what must not be stored before consent.
        self.welcomed: Recent[ConversationKey, None] = Recent()
        self.events: Recent[tuple[str, str], None] = Recent()  # seen before consent
        self.join_codes: Recent[ConversationKey, str] = Recent()  # /start CODE

    async def turn(self, turn: Turn, held: tuple[str, datetime] | None) -> TurnWrite | None:
        """Welcome, ask, or (at yes) create the student: the write to commit, if any.
        `held`: the join code stored for them (and its expiry), read with their state."""
        inbound = turn.inbound
        if not self.events.add((inbound.key.platform, inbound.event_id), None):
            return None
        if inbound.choice is None and self.ctx.safety.is_crisis(inbound.text):
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
        said, code = self._consent_answer(inbound, command)
        if said is None:
            first = self.welcomed.add(inbound.key, None)
            turn.say("onboarding/welcome" if first else "onboarding/need_consent")
            self._ask_consent(turn)
            return None
        if said != "yes":
            self.join_codes.pop(inbound.key, None)
            await self.forget_pending_code(inbound.key)
            turn.say("onboarding/declined")
            return None
        return await self._create_student(turn, code or self._unexpired(held))

    def consents(self, inbound: Inbound) -> bool:
        """Whether this message says yes to the consent question (read before the turn's
        state, so the join code held for them is read with it, and only then)."""
        command = parse_command(inbound.text) if inbound.choice is None else None
        return self._consent_answer(inbound, command)[0] == "yes"

    def _consent_answer(
        self, inbound: Inbound, command: tuple[str, str] | None
    ) -> tuple[str | None, str | None]:
        """("yes" | "no" | None, a join code carried in the pressed button)."""
        if command is not None:
            return None, None
        consent = self.ctx.catalog.options["consent"]
        if inbound.choice is not None:
            value, _, code = inbound.choice.partition(":")
            known = {o.value for o in consent}
            return (value if value in known else None), (code or None)
        reading = read_choice(inbound.text, consent)
        return (str(reading.value) if reading.answered else None), None

    def _ask_consent(self, turn: Turn) -> None:
        """The consent question, with what is stored and why; a join code rides along
        in the yes button's value, so a press after a restart still joins."""
        consent = self.ctx.catalog.options["consent"]
        code = self.join_codes.get(turn.inbound.key)
        if code:
            consent = tuple(
                replace(o, value=f"{o.value}:{code}") if o.value == "yes" else o for o in consent
            )
        turn.say("onboarding/consent_question", choices=consent)

    async def _remember_join_code(self, key: ConversationKey, code: str) -> None:
        """In memory, and as a pending row under a salted hash of the key (see
        bot/store/pending.py), so a restart before "yes" keeps it."""
        code = code.strip()[:32]
        self.join_codes.put(key, code)
        try:
            await self.store.remember_join_code(key, code, self.ctx.clock())
        except Exception as error:  # the code still rides in memory and in the yes button
            # (the error's text may carry the SQL parameters: the code itself)
            log.error("could not keep a join code waiting for consent: %s", error_summary(error))

    async def forget_pending_code(self, key: ConversationKey) -> None:
        try:
            await self.store.forget_join_code(key)
        except Exception as error:
            log.error("could not forget a join code waiting for consent: %s", error_summary(error))

    def _unexpired(self, held: tuple[str, datetime] | None) -> str | None:
        if held is None or held[1] < self.ctx.clock():
            return None
        return held[0]

    async def _create_student(self, turn: Turn, kept_code: str | None) -> TurnWrite:
        inbound = turn.inbound
        settings = self.ctx.settings
        name = " ".join(inbound.display_name.split())[:80] or inbound.key.user[:80]
        turn.change(
            CreateStudent(
                platform=inbound.key.platform,
                team=inbound.key.team,
                user_id=inbound.key.user,
                display_name=name,
                locale=settings.locale,
            )
        )
        turn.student = StudentRecord(
            id=new_id(), display_name=name, role="student", paused=False, locale=settings.locale
        )
        turn.say("onboarding/consented")
        code = self.join_codes.pop(inbound.key, None) or kept_code  # pressed, or stored
        if code is not None:
            turn.pending_code = True
            await join_cohort(turn, code)
        await turn.start(settings.first_lesson)
        return TurnWrite(
            key=inbound.key,
            event_id=inbound.event_id,
            student_id=turn.student.id,
            expected_version=0,
            frames=turn.frames_dump(),
            changes=turn.changes,
            at=self.ctx.clock(),
        )
