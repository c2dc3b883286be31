"""What a turn may read and use: a narrow port instead of the whole Coach.

Commands, actions, alerts and pictures get a `Turn`; through `turn.ctx` they see
exactly this: the store reads a turn may make (`TurnStore`, which `Store`
implements), the lessons, the templates, the settings, the crisis rules, the
clock and the optional email LLM. It is built once with the Coach and shared by
every turn, so it costs a turn nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bot.core.join_limits import JoinLimits
from bot.core.lessons import Catalog
from bot.core.locales import Locale
from bot.core.messages import ConversationKey, Markup
from bot.core.safety import SafetyRules
from bot.core.templates import Prompts

if TYPE_CHECKING:
    from bot.coaching.llm import EmailCoachLLM
    from bot.core.media import ChatMedia
    from bot.store.cohort_data import StudentData
    from bot.store.cohorts import CohortRecord, Staff
    from bot.vocab.changes import OutboxMessage
    from bot.vocab.records import AskRecord, PersonRecord

FIRST_LESSON = "mapping"


@dataclass(frozen=True, slots=True)
class CoachSettings:
    max_message_chars: int = 4000
    first_lesson: str = FIRST_LESSON
    locale: str = "en"
    media_dir: Path | None = None  # where map pictures are written; None: text only
    dashboard_url: str = ""  # the dashboard's public address; "" : /dashboard is off


class TurnStore(Protocol):
    """The reads a turn may make mid-turn (its writes are `Change` records committed
    with it). `bot.store.store.Store` implements it."""

    async def people(self, student_id: str) -> list[PersonRecord]:
        """The student's map (from the cache when it has it)."""

    async def lessons_done(self, student_id: str) -> set[str]:
        """Ids of the lessons the student finished."""

    async def asks(self, student_id: str) -> list[AskRecord]:
        """The student's planned and past asks, newest first."""

    async def cohort_with_code(self, code: str) -> CohortRecord | None:
        """The cohort a join code opens, or None."""

    async def code_was_rotated(self, code: str) -> bool:
        """Whether a code once opened a cohort and was rotated away."""

    async def cohorts_of(self, student_id: str) -> list[CohortRecord]:
        """The cohorts the student is a member of."""

    async def coordinators_of(self, student_id: str) -> list[Staff]:
        """Who hears the student's alerts (coordinators, else the admins)."""

    async def admins(self) -> list[Staff]:
        """Everyone with the admin role."""

    async def roles_of(self, key: ConversationKey) -> list[tuple[str, str]]:
        """(role, cohort id) pairs granted to a platform identity."""

    async def cohorts_for_staff(self, key: ConversationKey) -> list[CohortRecord]:
        """The cohorts a coordinator (or admin: all) may speak to."""

    async def cohort_students(self, cohort_id: str) -> list[StudentData]:
        """What a cohort report measures about each member."""

    async def enqueue(self, messages: list[OutboxMessage], now: datetime) -> int:
        """Queue outbox rows outside a turn (a crisis before consent: no turn is saved)."""

    async def sign_in_link(
        self, key: ConversationKey, base_url: str, now: datetime, ttl: timedelta
    ) -> datetime | None:
        """A dashboard link queued to a staff member's DM; None for anyone else."""


@dataclass(frozen=True, slots=True)
class TurnContext:
    """Everything a turn may use besides its own state; one per Coach."""

    store: TurnStore
    catalog: Catalog
    prompts: Prompts
    settings: CoachSettings
    safety: SafetyRules
    clock: Callable[[], datetime]
    join_limits: JoinLimits
    email_llm: EmailCoachLLM | None = None
    media: ChatMedia | None = None  # pictures in chat (`/map`, `/report`); None: text only
    locales: Mapping[str, Locale] = field(default_factory=dict)  # every language served
    _views: dict[str, TurnContext] = field(default_factory=dict, repr=False, compare=False)

    def in_locale(self, locale: str) -> TurnContext:
        """This context speaking `locale`: its templates and catalog (made once per
        locale and shared); itself for its own locale or one that is not served."""
        if locale == self.settings.locale:
            return self
        view = self._views.get(locale)
        if view is None:
            if locale not in self.locales:
                return self
            kit = self.locales[locale]
            view = replace(
                self,
                prompts=kit.prompts,
                catalog=kit.catalog,
                settings=replace(self.settings, locale=locale),
            )
            self._views[locale] = view
        return view

    def render(self, template: str, markup: Markup, /, **context: Any) -> str:
        return self.prompts.render(template, markup, **context)

    def today(self) -> date:
        return self.clock().date()
