"""The App Home view: an invitation before consent, then the map, progress and lessons."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.adapters.slack.home import home_view
from bot.core.engine import Coach, StudentSummary
from bot.core.mapview import build_map_view
from bot.vocab.records import PersonRecord


def _summary(coach: Coach, people: int, active: str | None = None) -> StudentSummary:
    records = [
        PersonRecord(
            id=str(n),
            name=f"Friend{n} <&>",
            domain="peers",
            supports=("emotional",),
            closeness="close",
            added_at=datetime.now(UTC),
        )
        for n in range(people)
    ]
    lessons = [
        (lesson.id, lesson.title, "active" if lesson.title == active else "new")
        for lesson in coach.catalog.listed
    ]
    return StudentSummary(
        name="Ana",
        map=build_map_view(records, coach.catalog.options),
        lessons=lessons,
        active_lesson=active,
    )


def _texts(view: dict) -> str:
    return "\n".join(b["text"]["text"] for b in view["blocks"] if "text" in b)


def test_before_consent_home_only_invites(coach: Coach) -> None:
    view = home_view(coach, None)
    assert view["type"] == "home"
    [start] = view["blocks"][-1]["elements"]
    assert start["value"] == f"lesson:{coach.settings.first_lesson}"
    assert "Nothing about you is stored" in _texts(view)


def test_home_shows_the_map_the_next_step_and_a_button_per_lesson(coach: Coach) -> None:
    view = home_view(coach, _summary(coach, 2, active="Relationship mapping"))
    text = _texts(view)
    assert "Your map: 2 people" in text
    assert "Friend0 &lt;&amp;&gt; (close; emotional support)" in text  # names escaped
    assert "carry on with *Relationship mapping*" in text
    buttons = {b["accessory"]["value"]: b["accessory"] for b in view["blocks"] if "accessory" in b}
    assert set(buttons) == {f"lesson:{lesson.id}" for lesson in coach.catalog.listed}
    assert buttons["lesson:mapping"]["text"]["text"] == "Continue"


def test_a_huge_map_still_fits_slacks_limits(coach: Coach) -> None:
    view = home_view(coach, _summary(coach, 400))
    assert len(view["blocks"]) <= 100
    assert all(len(b["text"]["text"]) <= 3000 for b in view["blocks"] if "text" in b)
    assert "Friend399" in _texts(view)
