"""The dashboard over real HTTP on SQLite and PostgreSQL: sign-in links, sessions, CSRF,
who sees what, the CSV, check-ins reaching students, and a crisis acknowledged."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import aiohttp
import pytest
from sqlalchemy import update

from bot.app.dashboard import NotStaff, issue_link
from bot.insights.report import CSV_COLUMNS
from bot.schedule.waiting import deliver_waiting
from bot.store.signin import SESSION
from bot.vocab.records import utcnow
from tests.dashboard.conftest import Site
from tests.dashboard.world import MSR, OKA
from tests.support.chat import Chat
from tests.support.schedule import RecordingSender

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


async def signed_in(site: Site, key=MSR) -> aiohttp.ClientSession:  # type: ignore[no-untyped-def]
    browser = site.client()
    link = await site.world.link_for(key)
    async with browser.get(site.path(link)) as page:
        assert page.status == 200 and "Continue to the dashboard" in await page.text()
    token = site.path(link).rsplit("/", 1)[1]
    async with browser.post("/signin", data={"token": token}) as done:
        assert done.status == 200 and done.url.path == "/cohorts"
    return browser


async def csrf_of(browser: aiohttp.ClientSession) -> str:
    async with browser.get("/outbox") as page:
        found = CSRF.search(await page.text())
    assert found
    return found.group(1)


async def test_a_link_signs_in_once_with_a_safe_cookie(site: Site) -> None:
    browser = site.client()
    link = await site.world.link_for(MSR)
    token = site.path(link).rsplit("/", 1)[1]
    async with browser.get("/cohorts", allow_redirects=False) as before:
        assert before.status == 303 and before.headers["Location"] == "/signin"
    async with browser.post("/signin", data={"token": token}, allow_redirects=False) as done:
        assert done.status == 303
        cookie = done.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    async with browser.get("/cohorts") as page:
        html = await page.text()
    assert "Room 12" in html and "Room 14" not in html
    async with site.client() as other, other.post("/signin", data={"token": token}) as replay:
        assert replay.status == 403 and "already used" in await replay.text()
    await browser.close()


async def test_an_expired_or_made_up_link_opens_nothing(site: Site) -> None:
    world = site.world
    await issue_link(world.coach.store, world.settings, MSR, now=utcnow() - timedelta(minutes=16))
    sender = RecordingSender()
    await deliver_waiting(world.coach, MSR, sender)
    (text,) = sender.to("msr")
    token = text.split("/signin/")[1].split()[0]
    async with site.client() as browser:
        async with browser.post("/signin", data={"token": token}) as late:
            assert late.status == 403 and "expired" in await late.text()
        async with browser.post("/signin", data={"token": "x" * 43}) as made_up:
            assert made_up.status == 403 and "not valid" in await made_up.text()
        async with browser.get("/cohorts", allow_redirects=False) as page:
            assert page.status == 303


async def test_a_student_gets_no_link(site: Site) -> None:
    with pytest.raises(NotStaff):
        await issue_link(
            site.world.coach.store, site.world.settings, site.world.students["ana"].key
        )


async def test_another_cohorts_pages_are_not_found(site: Site) -> None:
    world = site.world
    browser = await signed_in(site)
    token = await csrf_of(browser)
    cy = await world.coach.store.read(
        lambda conn: conn.exec_driver_sql("select id from student where user_id='cy'").scalar()
    )
    for url in (
        f"/cohorts/{world.room14.id}",
        f"/cohorts/{world.room14.id}/students.csv",
        f"/cohorts/{world.room14.id}/checkins",
        f"/cohorts/{world.room12.id}/students/{cy}",
        f"/cohorts/{world.room14.id}/students/{cy}",
    ):
        async with browser.get(url) as page:
            assert page.status == 404, url
    async with browser.post(
        f"/cohorts/{world.room14.id}/checkins",
        data={"csrf": token, "message": "hi", "cron": "0 15 * * MON", "action": "create"},
    ) as post:
        assert post.status == 404
    await browser.close()


async def test_a_form_without_its_csrf_token_changes_nothing(site: Site) -> None:
    world = site.world
    browser = await signed_in(site)
    form = {"message": "How was your week?", "cron": "0 15 * * MON", "action": "create"}
    url = f"/cohorts/{world.room12.id}/checkins"
    async with browser.post(url, data=form) as refused:
        assert refused.status == 403
    async with browser.post(url, data={**form, "csrf": "not-the-token"}) as refused:
        assert refused.status == 403
    async with browser.get(url) as page:
        assert "How was your week?" not in await page.text()
    await browser.close()


async def test_the_csv_has_the_report_columns_and_only_this_cohort(site: Site) -> None:
    browser = await signed_in(site)
    async with browser.get(f"/cohorts/{site.world.room12.id}/students.csv") as got:
        assert got.status == 200 and got.content_type == "text/csv"
        assert "attachment" in got.headers["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(await got.text())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert sorted(r["student"] for r in rows) == ["Ana", "Ben"]
    await browser.close()


async def test_a_checkin_made_in_the_dashboard_reaches_the_students(site: Site) -> None:
    world = site.world
    browser = await signed_in(site)
    token = await csrf_of(browser)
    url = f"/cohorts/{world.room12.id}/checkins"
    form = {"csrf": token, "message": "Who helped you this week?", "cron": "0 15 * * MON"}
    async with browser.post(url, data={**form, "action": "preview"}) as preview:
        html = await preview.text()
    assert html.count("Who helped you this week?") >= 4  # the form and three platforms
    async with browser.post(url, data={**form, "action": "create"}) as made:
        html = await made.text()
    checkin_id = re.search(r'action="/checkins/(\w+)/send"', html).group(1)  # type: ignore[union-attr]
    async with browser.post(f"/checkins/{checkin_id}/send", data={"csrf": token}) as sent:
        assert sent.status == 200
    for user in ("ana", "ben", "cy"):
        chat = world.students[user]
        sender = RecordingSender()
        await deliver_waiting(world.coach, chat.key, sender)
        got = sender.to(user)
        if user == "cy":
            assert got == []
        else:
            assert any("Who helped you this week?" in text for text in got)
    async with browser.post(f"/checkins/{checkin_id}/pause", data={"csrf": token}) as paused:
        assert "paused" in await paused.text()
    await browser.close()


async def test_a_crisis_is_flagged_everywhere_until_acknowledged(site: Site) -> None:
    world = site.world
    ana = world.students["ana"]
    reply = await ana.say("honestly i want to kill myself")
    assert "988" in reply
    browser = await signed_in(site)
    async with browser.get("/cohorts") as page:
        assert "1 crisis alert not yet acknowledged" in await page.text()
    oka = await signed_in(site, OKA)
    async with oka.get("/alerts") as theirs:
        assert "kill myself" not in await theirs.text()
    await oka.close()
    async with browser.get("/alerts") as page:
        html = await page.text()
    assert "kill myself" in html and "Ana" in html
    alert_id = re.search(r'action="/alerts/([^"]+)"', html).group(1)  # type: ignore[union-attr]
    token = CSRF.search(html).group(1)  # type: ignore[union-attr]
    async with browser.post(
        f"/alerts/{alert_id}", data={"csrf": token, "action": "acknowledge"}
    ) as done:
        html = await done.text()
    assert "Acknowledged by Ms. Rivera" in html and "not yet acknowledged" not in html
    async with browser.post(
        f"/alerts/{alert_id}", data={"csrf": token, "action": "note", "note": "Called home."}
    ) as noted:
        assert "Called home." in await noted.text()
    sender = RecordingSender()
    await deliver_waiting(world.coach, ana.key, sender)
    assert any("has seen your message" in text for text in sender.to("ana"))
    await browser.close()


async def test_sign_out_and_idle_sessions_end(site: Site) -> None:
    browser = await signed_in(site)
    token = await csrf_of(browser)
    async with browser.post("/signout", data={"csrf": token}) as out:
        assert out.url.path == "/signin"
    async with browser.get("/cohorts", allow_redirects=False) as page:
        assert page.status == 303
    idle = await signed_in(site)
    await site.world.tx.run(
        lambda conn: conn.execute(update(SESSION).values(seen_at=utcnow() - timedelta(hours=9)))
    )
    async with idle.get("/cohorts", allow_redirects=False) as page:
        assert page.status == 303
    await idle.close()
    await browser.close()


async def test_dashboard_in_chat_sends_staff_a_link_and_students_none(site: Site) -> None:
    world = site.world
    staff = Chat(world.coach, user="msr", platform="console")
    staff.key = MSR
    reply = await staff.say("/dashboard")
    assert "sent you a sign-in link" in reply and "signin/" not in reply  # not in the chat
    sender = RecordingSender()
    await deliver_waiting(world.coach, MSR, sender)
    (dm,) = sender.to("msr")
    token = dm.split("http://dashboard.test/signin/")[1].split()[0]
    async with site.client() as browser, browser.post("/signin", data={"token": token}) as done:
        assert done.url.path == "/cohorts" and "Room 12" in await done.text()

    ana = world.students["ana"]
    assert "for coordinators and admins" in await ana.say("/dashboard")
    sender = RecordingSender()
    await deliver_waiting(world.coach, ana.key, sender)
    assert not any("signin/" in text for text in sender.to("ana"))


async def test_the_chart_sheet_is_a_png_for_this_cohort_only(site: Site) -> None:
    browser = await signed_in(site)
    async with browser.get(f"/cohorts/{site.world.room12.id}/chart.png") as got:
        assert got.status == 200 and (await got.read()).startswith(b"\x89PNG")
    async with browser.get(f"/cohorts/{site.world.room14.id}/chart.png") as other:
        assert other.status == 404
    await browser.close()


async def test_the_outbox_says_an_alert_goes_at_once_though_its_student_paused(
    site: Site,
) -> None:
    browser = await signed_in(site)
    await site.world.students["ana"].say("i want to kill myself")  # pauses Ana
    async with browser.get("/outbox") as page:
        html = await page.text()
    rows = html[html.index("<tbody>") :]
    assert "an alert to staff: goes at once" in rows and "paused Orbit" not in rows, rows
    await browser.close()
