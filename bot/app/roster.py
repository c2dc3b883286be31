"""`orbit cohort import`: a class list in, invitations out.

Slack students (by email through `users.lookupByEmail`, or by user id) get a DM
with a Join button; pressing it is the same as typing `/join CODE`, so consent
comes first. Telegram students cannot be written to first (a bot may only answer),
so they are counted for the printed invitation (`orbit cohort invite`). Nothing
from the file is stored: a student exists in Orbit only once they say yes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.core.messages import Markup
from bot.core.templates import Prompts
from bot.store import cohorts
from bot.store.cohorts import CohortRecord
from bot.store.store import Store
from bot.support.roster_csv import Roster, RosterRow

if TYPE_CHECKING:  # the platform's library is imported only when Slack is used
    from bot.adapters.slack.roster import Invitation, SlackInviter

CONCURRENCY = 8  # Slack calls at once; their rate limits are honoured by Retry-After


@dataclass(slots=True)
class RosterOutcome:
    """What happened to each row (line numbers, never names or emails)."""

    dry_run: bool
    invited: list[int] = field(default_factory=list)  # or would be, in a dry run
    already: list[int] = field(default_factory=list)
    not_found: list[int] = field(default_factory=list)
    by_link: list[int] = field(default_factory=list)  # Telegram: give them the invitation
    failed: list[int] = field(default_factory=list)  # Slack refused the DM
    bad: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[int, int]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "would invite" if self.dry_run else "invited": len(self.invited),
            "already members": len(self.already),
            "not found": len(self.not_found),
            "Telegram (give them the invitation)": len(self.by_link),
            "not sent (Slack refused)": len(self.failed),
            "bad rows": len(self.bad),
            "duplicate rows": len(self.duplicates),
        }


async def import_roster(
    settings: Settings,
    cohort_name: str,
    roster: Roster,
    *,
    dry_run: bool,
    advance: Callable[[int], None] = lambda _n: None,
) -> RosterOutcome:
    """Every row looked up and (unless `dry_run`) invited; `advance` after each row."""
    from bot.app import open_store

    outcome = RosterOutcome(dry_run, bad=list(roster.bad), duplicates=list(roster.duplicates))
    async with open_store(settings) as store:
        cohort = await store.read(cohorts.find_cohort, cohort_name)
        if cohort is None:
            raise LookupError(f"No cohort called {cohort_name!r}; `orbit cohort list` shows them.")
        slack_rows = [r for r in roster.rows if r.email or r.slack_user]
        outcome.by_link = [r.line for r in roster.rows if not (r.email or r.slack_user)]
        advance(len(outcome.by_link) + len(roster.bad) + len(roster.duplicates))
        if slack_rows:
            async with _inviting(store, cohort) as inviter:
                invitation = _invitation(settings, cohort)
                members = {
                    m.key.user
                    for m in await store.read(cohorts.members, cohort.id)
                    if m.key.platform == "slack" and m.key.team == inviter.team
                }
                gate = asyncio.Semaphore(CONCURRENCY)

                async def one(row: RosterRow) -> None:
                    async with gate:
                        await _row(inviter, row, members, invitation, outcome)
                    advance(1)

                await asyncio.gather(*(one(r) for r in slack_rows))
    for lines in (outcome.invited, outcome.already, outcome.not_found, outcome.failed):
        lines.sort()
    return outcome


@contextlib.asynccontextmanager
async def _inviting(store: Store, cohort: CohortRecord) -> AsyncIterator[SlackInviter]:
    from bot.adapters.slack.roster import slack_inviter

    async with slack_inviter(store, cohort.team) as inviter:
        yield inviter


def _invitation(settings: Settings, cohort: CohortRecord) -> Invitation:
    from bot.adapters.slack.roster import Invitation

    prompts = Prompts(settings.prompts_dir, settings.locale)
    return Invitation(
        text=prompts.render("slack/roster_invite", Markup.MRKDWN, cohort=cohort.name),
        button=prompts.render("slack/join_button", Markup.PLAIN),
        code=cohort.join_code,
    )


async def _row(
    inviter: SlackInviter,
    row: RosterRow,
    members: set[str],
    invitation: Invitation,
    out: RosterOutcome,
) -> None:
    user = row.slack_user or await inviter.find(row.email)
    if user is None:
        out.not_found.append(row.line)
    elif user in members:
        out.already.append(row.line)
    elif out.dry_run or await inviter.invite(user, invitation):
        out.invited.append(row.line)
    else:
        out.failed.append(row.line)
