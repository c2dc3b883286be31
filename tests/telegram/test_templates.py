"""Every Telegram-only sentence is a template that exists and renders."""

from __future__ import annotations

import re
from pathlib import Path

from bot.config import ROOT
from bot.core.engine import Coach
from bot.core.messages import Markup

CODE = ROOT / "bot" / "adapters" / "telegram"


def test_templates_named_in_the_adapter_exist_and_render(sqlite_coach: Coach) -> None:
    names = {
        name
        for path in Path(CODE).glob("*.py")
        for name in re.findall(r'"(telegram/[a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    assert {"telegram/pressed", "telegram/stale_button", "telegram/done_button"} <= names
    for name in names:
        assert sqlite_coach.render(name, Markup.HTML, answer="Close & <b>near</b>").strip()
    shown = sqlite_coach.render("telegram/pressed", Markup.HTML, answer="Close & <b>near</b>")
    assert shown == "→ <b>Close &amp; &lt;b&gt;near&lt;/b&gt;</b>"
