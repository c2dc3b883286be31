"""Warming the templates at start: every one compiled once, the words unchanged."""

from __future__ import annotations

from bot.core.messages import Markup
from bot.core.templates import Prompts
from tests.support.coach import PROMPTS


def test_warming_compiles_every_template_once_and_changes_no_words() -> None:
    warm = Prompts(PROMPTS)
    files = list(warm.directory.rglob("*.j2"))
    assert warm.warm([Markup.HTML, Markup.PLAIN]) == 2 * len(files)
    assert warm.warm([Markup.HTML]) == 0  # already compiled: nothing again
    compiled = len(warm._templates)

    cold = Prompts(PROMPTS)
    for name, markup, context in [
        ("onboarding/consent_question", Markup.HTML, {}),  # reads no variable
        ("mapping/closeness", Markup.HTML, {"data": {"person_name": "Rosa & <b>Tom</b>"}}),
        ("onboarding/consent_question", Markup.PLAIN, {}),
    ]:
        assert warm.render(name, markup, **context) == cold.render(name, markup, **context)
    assert len(warm._templates) == compiled  # rendering after warming compiled nothing
    assert len(cold._templates) == 3
