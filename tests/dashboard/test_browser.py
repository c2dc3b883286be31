"""The dashboard in real Chromium: a coordinator signs in with the link Orbit put in
their DM, reads their cohort, downloads its CSV, makes a check-in that reaches the
students, and acknowledges a crisis alert a student raised; the refusals (a used
link, an expired one, another cohort's pages, a form without its CSRF token) as a
browser meets them. Every page is screenshotted and checked with axe-core: no
serious or critical violations."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.dashboard import issue_link
from bot.schedule.waiting import deliver_waiting
from bot.vocab.records import utcnow
from tests.dashboard.browser import Browser, missing_browser
from tests.dashboard.conftest import Site
from tests.dashboard.world import MSR
from tests.support.schedule import RecordingSender

MISSING = missing_browser()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=str(MISSING))


@pytest.fixture
def database_url(sqlite_url: str) -> str:  # the browser tests run on SQLite only
    return sqlite_url


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[Browser]:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    opened = await asyncio.to_thread(Browser, downloads, tmp_path / "profile")
    yield opened
    await opened.close()


async def check(browser: Browser, name: str) -> None:
    """Screenshot the page and hold it to axe-core."""
    await browser.shot(name)
    bad = [v for v in await browser.axe() if v["impact"] in ("serious", "critical")]
    assert bad == [], f"{name}: {bad}"


async def sign_in(site: Site, browser: Browser) -> None:
    link = await site.world.link_for(MSR)
    await browser.get(site.base + site.path(link))
    await check(browser, "01-signin-link")
    await browser.click("form[action='/signin'] button")
    await browser.see("Room 12")


async def test_a_coordinators_day(site: Site, browser: Browser) -> None:
    world = site.world
    await sign_in(site, browser)
    await check(browser, "02-cohorts")

    await browser.click(f"a[href='/cohorts/{world.room12.id}']")
    text = await browser.see("Who may be left out")
    assert "Ana" in text and "Cy" not in text
    await check(browser, "03-cohort")

    await browser.click("a[download]")
    for _ in range(50):
        found = list(browser.downloads.glob("*.csv"))
        if found:
            break
        await asyncio.sleep(0.1)
    assert found and "student,at,people" in found[0].read_text()

    await browser.click("td a")  # the first student: their page
    await browser.see("Names of the people on a student's map are never shown")
    await check(browser, "04-student")

    await browser.get(f"{site.base}/cohorts/{world.room12.id}/checkins")
    await browser.fill("#message", "Who helped you this week?")
    await browser.fill("#question", "One name is enough.")
    await browser.fill("#cron", "0 15 * * MON")
    await browser.click("button[value='preview']")
    await browser.see("What students will see")
    await check(browser, "05-checkin-preview")
    await browser.click("button[value='create']")
    await browser.see("Send now")
    await browser.click("form[action$='/send'] button")
    await browser.see("Send now")
    await check(browser, "06-checkins")
    for user in ("ana", "ben"):
        sender = RecordingSender()
        await deliver_waiting(world.coach, world.students[user].key, sender)
        assert any("Who helped you this week?" in t for t in sender.to(user)), user

    await world.students["ana"].say("i want to kill myself")
    await browser.get(f"{site.base}/outbox")
    await browser.see("not yet acknowledged")  # marked on every page
    await check(browser, "07-outbox")
    await browser.click(".crisis-banner a")
    await browser.see("kill myself")
    await check(browser, "08-alerts-new")
    await browser.click("button[value='acknowledge']")
    text = await browser.see("Acknowledged by Ms. Rivera")
    assert "not yet acknowledged" not in text
    await browser.call(browser.driver.set_window_size, 390, 844)  # a phone
    await check(browser, "09-alerts-phone")


async def test_what_a_browser_is_refused(site: Site, browser: Browser) -> None:
    world = site.world
    link = await world.link_for(MSR)
    await browser.get(site.base + site.path(link))
    await browser.click("form[action='/signin'] button")
    await browser.see("Room 12")
    await browser.get(site.base + site.path(link))  # the same link again
    await browser.click("form[action='/signin'] button")
    await browser.see("already used")
    await check(browser, "10-link-used")

    await issue_link(world.coach.store, world.settings, MSR, now=utcnow() - timedelta(minutes=20))
    sender = RecordingSender()
    await deliver_waiting(world.coach, MSR, sender)
    late = sender.to("msr")[-1].split("/signin/")[1].split()[0]
    await browser.get(f"{site.base}/signin/{late}")
    await browser.click("form[action='/signin'] button")
    await browser.see("expired")

    await sign_in(site, browser)
    await browser.get(f"{site.base}/cohorts/{world.room14.id}")
    assert "Not Found" in await browser.text() or "No such cohort" in await browser.text()
    await browser.get(f"{site.base}/cohorts/{world.room12.id}/checkins")
    await browser.call(
        browser.driver.execute_script,
        "document.querySelectorAll('input[name=csrf]').forEach(e => e.remove());",
    )
    await browser.fill("#message", "Sneaky")
    await browser.fill("#cron", "0 15 * * MON")
    await browser.click("button[value='create']")
    await browser.see("This form was not sent from the dashboard")
    await browser.get(f"{site.base}/cohorts/{world.room12.id}/checkins")
    assert "Sneaky" not in await browser.text()
