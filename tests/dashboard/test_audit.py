"""The dashboard's audit trail: sign-ins (and refusals), pages that show student data,
CSV downloads and every change, with the signed-in person as the actor and students
only hashed, in the deployment's audit trail (`orbit audit`)."""

from __future__ import annotations

import re

from bot.support.redact import hashed
from tests.dashboard.conftest import Site
from tests.dashboard.test_http import csrf_of, signed_in
from tests.dashboard.world import MSR


async def test_what_a_coordinator_did_is_in_the_trail(site: Site) -> None:
    world = site.world
    async with site.client() as stranger, stranger.post("/signin", data={"token": "x" * 43}):
        pass
    browser = await signed_in(site)
    token = await csrf_of(browser)
    ana = world.students["ana"]
    ana_id = await world.coach.store.read(
        lambda conn: conn.exec_driver_sql("select id from student where user_id='ana'").scalar()
    )
    for url in (
        f"/cohorts/{world.room12.id}",
        f"/cohorts/{world.room12.id}/students.csv",
        f"/cohorts/{world.room12.id}/students/{ana_id}",
    ):
        async with browser.get(url) as page:
            assert page.status == 200
    form = {"csrf": token, "message": "Hi", "cron": "0 15 * * MON", "action": "create"}
    async with browser.post(f"/cohorts/{world.room12.id}/checkins", data=form) as made:
        checkin = re.search(r'action="/checkins/(\w+)/pause"', await made.text())
    assert checkin
    async with browser.post("/signout", data={"csrf": token}):
        pass
    await browser.close()

    rows = [
        (r.actor, r.action, r.subject, r.detail) for r in await world.coach.store.audit_since(None)
    ]
    me = str(MSR)
    assert ("-", "sign-in", "dashboard", "refused: unknown") in rows
    assert (me, "sign-in", "dashboard", "ok") in rows
    assert (me, "view", "cohort:Room 12", "") in rows
    assert (me, "download", "cohort:Room 12", "csv, 2 students") in rows
    assert (me, "view", f"student:{hashed(ana.key)}", "cohort:Room 12") in rows
    assert (me, "change", f"checkin:{checkin.group(1)}", "created for cohort:Room 12") in rows
    assert rows[-1] == (me, "sign-out", "dashboard", "")
    assert not any("ana" in cell.casefold() for row in rows for cell in row)  # only hashed
