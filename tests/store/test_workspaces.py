"""A district's workspaces stay apart: cohorts, staff, alerts, join codes and /grant.

Two Slack workspaces share one deployment (one database). A coordinator or admin of
workspace A never sees workspace B's cohorts; a student of B cannot join A's cohort
even with its code; an admin of A is never alerted about B's students. Cohorts with
no workspace (Telegram, the terminal, or one workspace as before) are open to all.
"""

from __future__ import annotations

from bot.core.messages import ConversationKey
from bot.store import cohorts
from bot.store.store import Store
from bot.vocab.records import utcnow
from tests.support.chat import Chat
from tests.support.coach import make_coach

A, B = "T0AAAAA", "T0BBBBB"


async def _cohort(store: Store, name: str, team: str) -> cohorts.CohortRecord:
    return await store.writer.run(
        lambda conn: cohorts.create_cohort(
            conn, name=name, timezone="UTC", quiet_hours="", weekly_cap=3, now=utcnow(), team=team
        )
    )


def _slack(coach: object, team: str, user: str) -> Chat:
    chat = Chat(coach, user=user, platform="slack")  # type: ignore[arg-type]
    chat.key = ConversationKey("slack", team, user)
    return chat


async def _grant(store: Store, key: ConversationKey, role: str, cohort_id: str = "") -> None:
    await store.writer.run(cohorts.grant, key, role, cohort_id, "", utcnow())


async def test_staff_see_only_their_own_workspace(store: Store) -> None:
    room_a = await _cohort(store, "Room A", A)
    room_b = await _cohort(store, "Room B", B)
    shared = await _cohort(store, "Telegram club", "")
    admin_a = ConversationKey("slack", A, "U0ADMIN")
    coordinator_b = ConversationKey("slack", B, "U0COORD")
    await _grant(store, admin_a, "admin")
    await _grant(store, coordinator_b, "coordinator", room_b.id)
    assert [c.name for c in await store.cohorts_for_staff(admin_a)] == [room_a.name, shared.name]
    assert [c.name for c in await store.cohorts_for_staff(coordinator_b)] == [room_b.name]
    single = ConversationKey("slack", "T0ORBIT", "U0ADMIN")  # one workspace, as before
    await _grant(store, single, "admin")
    assert [c.name for c in await store.cohorts_for_staff(single)] == [shared.name]


async def test_a_student_of_b_cannot_join_a_with_its_code_nor_alert_a(store: Store) -> None:
    room_a = await _cohort(store, "Room A", A)
    await _grant(store, ConversationKey("slack", A, "U0ADMIN"), "admin")
    coach = make_coach(store)
    ben = _slack(coach, B, "U0BEN")
    await ben.walk("hi", "yes")
    said = await ben.say(f"/join {room_a.join_code}")
    assert "couldn't find a group" in said
    ana = _slack(coach, A, "U0ANA")
    await ana.walk("hi", "yes")
    assert "Room A" in await ana.say(f"/join {room_a.join_code}")
    student_b = await store.load_turn(ben.key, "x")
    assert student_b.student is not None
    assert await store.coordinators_of(student_b.student.id) == []  # A's admin: not B's
    student_a = await store.load_turn(ana.key, "y")
    assert student_a.student is not None
    assert [s.key.user for s in await store.coordinators_of(student_a.student.id)] == ["U0ADMIN"]


async def test_grant_in_chat_stays_in_the_admins_workspace(store: Store) -> None:
    await _cohort(store, "Room A", A)
    await _cohort(store, "Room B", B)
    admin_a = ConversationKey("slack", A, "U0ADMIN")
    await _grant(store, admin_a, "admin")
    coach = make_coach(store)
    admin = _slack(coach, A, "U0ADMIN")
    await admin.walk("hi", "yes")
    refused = await admin.say("/grant coordinator Room B slack U0OTHER")
    assert "Room B" in refused  # no such cohort, as far as workspace A can see
    assert await store.roles_of(ConversationKey("slack", A, "U0OTHER")) == []
    await admin.say("/grant coordinator Room A slack U0COORD")
    assert await store.roles_of(ConversationKey("slack", A, "U0COORD")) != []


async def test_installs_states_and_the_grace_period_on_each_database(store: Store) -> None:
    from datetime import timedelta

    from bot.store import workspaces

    now = utcnow()
    install = workspaces.Install(
        enterprise_id="", team_id=A, bot_token="xoxb-a", installed_at=now,
        bot_refresh_token="xoxe-a", bot_token_expires_at=now + timedelta(hours=12),
    )  # fmt: skip
    await store.writer.run(workspaces.save_install, install)
    assert await store.read(workspaces.find_install, None, A) == install
    await store.writer.run(workspaces.issue_state, "s1", now + timedelta(minutes=10), now)
    assert await store.writer.run(workspaces.consume_state, "s1", now) is True
    assert await store.writer.run(workspaces.consume_state, "s1", now) is False
    await store.writer.run(workspaces.issue_state, "s2", now - timedelta(seconds=1), now)
    assert await store.writer.run(workspaces.consume_state, "s2", now) is False  # expired

    ana = _slack(make_coach(store), A, "U0ANA")
    await ana.walk("hi", "yes")
    assert await store.writer.run(workspaces.remove_install, None, A, now, timedelta(days=30))
    assert await store.read(workspaces.find_install, None, A) is None
    await store.writer.run(workspaces.save_install, install)  # reinstalled within the grace
    assert await workspaces.purge_removed_workspaces(store, now + timedelta(days=31)) == 0
    await store.writer.run(workspaces.remove_install, None, A, now, timedelta(days=30))
    assert await workspaces.purge_removed_workspaces(store, now + timedelta(days=31)) == 1
    state = await store.load_turn(ana.key, "z")
    assert state.student is None  # gone, as after /delete
