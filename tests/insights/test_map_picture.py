"""A student's map as a picture: it renders, reads back as a real PNG, and lays out well."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import pytest

from bot.insights import map_picture
from bot.insights.map_fonts import Measure, drawable, fonts
from bot.insights.map_layout import layout_for
from bot.insights.map_picture import growth_text, render_map
from bot.insights.map_style import DPI, LABEL_H, STAR, WIDTH
from bot.insights.measures import growth
from tests.insights.maps import (
    CLOSENESS,
    DOMAINS,
    OPTIONS,
    SUPPORTS,
    crowded_map,
    day,
    ink_share,
    person,
    pixels_near,
    png_size,
)

UNICODE_NAMES = [
    person("سارة", "family", ("emotional",), "close", added=1),
    person("محمد عبد الله", "peers", ("advice", "career"), "between", added=2),
    person("🐱", "online", ("emotional",), "distant", added=3),
    person("👍🏽🎉", "online", ("feedback",), "between", added=4),
    person("Zoë ✨", "school", ("feedback",), "close", added=5),
    person("李明", "work", ("career",), "distant", added=6),
    person("Ngô Bảo Châu", "community", ("advice",), "between", added=7),
    person("$x^2$ Ca$h", "activities", ("practical",), "close", added=8),
    person("Ms. Ñúñez-O'Brien", "school", tuple(s.value for s in SUPPORTS), "distant", added=9),
    person("Дмитрий", "peers", ("emotional",), "close", added=10),
    person("שרה", "family", ("practical",), "between", added=11),
]


def draw(people, tmp_path: Path, name: str = "map.png", **extra) -> Path:
    return render_map(
        people,
        **OPTIONS,
        student_name=extra.pop("student_name", "Ana"),
        path=tmp_path / name,
        **extra,
    )


def assert_real_picture(path: Path, *, min_ink: float) -> None:
    width, height = png_size(path)
    assert width == WIDTH
    assert 1200 <= height <= 1600
    colours, ink = ink_share(path)
    assert colours > 50, "a flat picture"
    assert ink > min_ink, f"only {ink:.1%} of the picture is not background"


def test_an_empty_map_still_shows_the_target_and_its_invitations(tmp_path: Path) -> None:
    path = draw([], tmp_path)
    assert_real_picture(path, min_ink=0.25)  # the sectors are tinted even with nobody


def test_one_person(tmp_path: Path) -> None:
    path = draw([person("Mom", "family", ("emotional", "practical"), "close")], tmp_path)
    assert_real_picture(path, min_ink=0.25)


def test_sixty_people(tmp_path: Path) -> None:
    path = draw(crowded_map(60), tmp_path, new_since=day(45))
    assert_real_picture(path, min_ink=0.3)


def test_unicode_names_render_without_warnings(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph warns; mathtext would raise
        path = draw(UNICODE_NAMES, tmp_path, student_name="José 🌟 محمد", new_since=day(5))
    assert_real_picture(path, min_ink=0.25)


def test_new_people_get_gold_stars_only_when_someone_is_new(tmp_path: Path) -> None:
    people = crowded_map(12)
    plain = draw(people, tmp_path, "plain.png")
    starred = draw(people, tmp_path, "starred.png", new_since=day(30))
    nobody_new = draw(people, tmp_path, "nobody.png", new_since=day(90))
    new = sum(p.added_at > day(30) for p in people)
    assert new == 4
    assert pixels_near(plain, STAR) == 0
    assert pixels_near(nobody_new, STAR) == 0
    assert pixels_near(starred, STAR) > 20 * (new + 1)  # each person's star and the legend's


def test_drawable_keeps_letters_and_drops_what_no_font_draws() -> None:
    assert drawable("Zoë ✨") == "Zoë"  # ✨ is not in DejaVu Sans
    assert drawable("سارة") == "سارة"
    assert drawable("Ngô Bảo Châu") == "Ngô Bảo Châu"
    assert drawable("👍🏽🎉") == ""  # nothing left: the picture shows "?"
    assert drawable("Ana\u200d Lucía") == "Ana Lucía"  # format characters go


# --- the layout itself -----------------------------------------------------------


def arrange(people, new_since=None):
    """The layout render_map would draw, without drawing it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from bot.insights import default_prompts

    canvas = FigureCanvasAgg(Figure(figsize=(7.2, 9), dpi=DPI))
    measure = Measure(canvas.get_renderer(), fonts().families)
    new_ids = map_picture._new_ids(people, new_since)
    return layout_for(people, DOMAINS, SUPPORTS, CLOSENESS, new_ids, measure, default_prompts())


def label_box(label) -> tuple[float, float, float, float]:
    half_w, half_h = label.width / 2, LABEL_H / 2
    return (label.x - half_w, label.y - half_h, label.x + half_w, label.y + half_h)


def test_sixty_people_all_fit_without_overlapping(tmp_path: Path) -> None:
    people = crowded_map(60)
    layout = arrange(people, new_since=day(45))
    shown = [lab for lab in layout.labels if lab.person is not None]
    assert layout.hidden == 0
    assert sorted(lab.person.id for lab in shown) == sorted(p.id for p in people)
    boxes = [label_box(lab) for lab in layout.labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, f"labels overlap: {a} {b}"


def test_every_label_sits_inside_its_own_ring_and_sector() -> None:
    people = crowded_map(60, seed=3)
    layout = arrange(people)
    sectors = {s.value: s for s in layout.sectors}
    rings = [c.value for c in CLOSENESS]
    for label in layout.labels:
        if label.person is None:
            continue
        sector = sectors[label.person.domain]
        r_in, r_out = sector.bands[rings.index(label.person.closeness)]
        x0, y0, x1, y1 = label_box(label)
        for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1)):
            assert math.hypot(x, y) <= r_out + 0.5
            angle = math.atan2(y, x)
            # the same angle, brought into the sector's range
            while angle < sector.a_from - 1e-6:
                angle += 2 * math.pi
            while angle > sector.a_to + 1e-6:
                angle -= 2 * math.pi
            assert sector.a_from - 1e-6 <= angle <= sector.a_to + 1e-6
        nearest = math.hypot(max(abs(label.x) - (x1 - x0) / 2, 0), max(abs(label.y) - 15, 0))
        assert nearest >= r_in - 0.5


def test_sectors_follow_the_configured_order_clockwise_from_the_top() -> None:
    layout = arrange(crowded_map(20))
    assert [s.value for s in layout.sectors] == [d.value for d in DOMAINS]
    assert layout.sectors[0].a_to == pytest.approx(math.pi / 2)
    for before, after in zip(layout.sectors, layout.sectors[1:], strict=False):
        assert after.a_to == pytest.approx(before.a_from)
    total = sum(s.a_to - s.a_from for s in layout.sectors)
    assert total == pytest.approx(2 * math.pi)


def test_empty_parts_of_life_are_marked_and_keep_room_for_their_caption() -> None:
    layout = arrange([person("Mom", "family", ("emotional",), "close")])
    empty = [s.value for s in layout.sectors if s.empty]
    assert empty == [d.value for d in DOMAINS[1:]]
    for s in layout.sectors:
        assert s.a_to - s.a_from >= min(s.floor, 2 * math.pi / len(DOMAINS)) - 1e-9


def test_a_crowded_cell_says_how_many_it_could_not_show() -> None:
    # forty close family members cannot all fit in one ring of one sector
    people = [
        person(f"Cousin {i}", "family", ("emotional",), "close", pid=f"c{i}") for i in range(80)
    ]
    layout = arrange(people)
    notes = [lab for lab in layout.labels if lab.person is None]
    shown = [lab for lab in layout.labels if lab.person is not None]
    assert layout.hidden > 0
    assert len(notes) == 1 and notes[0].text == f"+{layout.hidden} more"
    assert len(shown) + layout.hidden == len(people)


def test_a_domain_that_is_no_longer_configured_gets_its_own_sector() -> None:
    layout = arrange([person("Kai", "gaming_club", ("emotional",), "close")])
    assert [s.value for s in layout.sectors][-1] == "gaming_club"
    assert [lab.person.name for lab in layout.labels if lab.person] == ["Kai"]


def test_growth_line() -> None:
    people = [
        person("Mom", "family", ("emotional",), "close", added=0),
        person("Coach Dee", "activities", ("career",), "between", added=35),
        person("Sam", "work", ("advice",), "distant", added=36),
        person("Kai", "online", ("emotional",), "distant", added=37),
    ]
    line = growth_text(growth(people, day(32), day(40)), domains=DOMAINS)
    assert line.startswith("3 new people since 3 October (Coach Dee, Sam and Kai)")
    assert "your first career tie: Coach Dee" in line
    assert "someone in Activities and coaches, Work and employers and Online" in line


def test_labels_of_the_shipped_options_work_too(tmp_path: Path) -> None:
    from bot.config import ROOT
    from bot.core.lessons import load_catalog

    options = load_catalog(ROOT / "lessons").options
    path = render_map(
        crowded_map(8),
        domains=options["domains"],
        supports=options["supports"],
        closeness=options["closeness"],
        student_name="Ana",
        path=tmp_path / "shipped.png",
    )
    assert png_size(path)[0] == WIDTH
