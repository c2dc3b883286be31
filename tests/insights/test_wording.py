"""Every word the insights show comes from a template that exists and renders."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from bot.insights import PROMPTS_ROOT, default_prompts, labels
from bot.insights.measures import DISTRIBUTED, FLAGS, StudentMeasures
from bot.insights.report import ACTION_COLUMNS, MAP_COLUMNS

CODE = Path(__file__).resolve().parents[2] / "bot" / "insights"
USED = re.compile(r"""["'](insights/[a-z_]+)["']""")


def test_every_template_the_code_names_exists() -> None:
    prompts = default_prompts()
    names = {name for path in CODE.glob("*.py") for name in USED.findall(path.read_text())}
    assert {"insights/labels", "insights/map_title", "insights/growth"} <= names
    missing = sorted(name for name in names if not prompts.exists(name))
    assert missing == []
    assert (PROMPTS_ROOT / "en" / "insights" / "labels.j2").is_file()


def test_labels_cover_every_measure_flag_and_column() -> None:
    words = labels(default_prompts())
    measured = {f.name for f in fields(StudentMeasures)} - {"at"}
    assert measured <= set(words["measures"])
    assert set(DISTRIBUTED) <= set(words["measures"])
    assert set(FLAGS) == set(words["flags"])
    assert set(MAP_COLUMNS + ACTION_COLUMNS) <= set(words["short"])
    assert words["flags"]["few_domains"] == "2 or fewer parts of life"
    assert all(isinstance(v, str) and v for group in words.values() for v in group.values())
