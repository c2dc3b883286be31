"""Slack text in and out: what the student typed, cut to size, with Slack's command form."""

from __future__ import annotations

from bot.adapters.slack.text import SECTION_LIMIT, from_slack, split_text, with_slash_orbit
from bot.core.commands import COMMANDS


def test_typed_text_comes_back_as_typed() -> None:
    assert from_slack("&lt;b&gt;Mom &amp; Dad&lt;/b&gt;") == "<b>Mom & Dad</b>"
    assert from_slack("&amp;lt;") == "&lt;"  # a typed entity stays an entity


def test_mentions_and_links_become_plain_words() -> None:
    assert from_slack("<!channel> hi <!here>") == "@channel hi @here"
    assert from_slack("ask <@U123> or <@U456|ben>") == "ask @U123 or @ben"
    assert from_slack("in <#C123|general>") == "in #general"
    assert from_slack("<!subteam^S1|@coaches> <!date^1392734382^{date}|Feb 18>") == (
        "@coaches Feb 18"
    )
    assert from_slack("see <https://ex.org/a?b=1&amp;c=2|ex.org>") == "see ex.org"
    assert from_slack("<https://ex.org>") == "https://ex.org"
    assert from_slack("<mailto:ana@ex.org|ana@ex.org>") == "ana@ex.org"


def test_commands_take_the_orbit_form() -> None:
    text = "Try /lessons to pick one, /map to see your map, or /lesson mapping."
    assert with_slash_orbit(text, COMMANDS) == (
        "Try /orbit lessons to pick one, /orbit map to see your map, or /orbit lesson mapping."
    )
    assert with_slash_orbit("see https://ex.org/map and a/map", COMMANDS) == (
        "see https://ex.org/map and a/map"
    )
    assert with_slash_orbit("/mapping /maps", COMMANDS) == "/mapping /maps"


def test_short_text_is_one_piece() -> None:
    assert split_text("Hello") == ["Hello"]
    assert split_text("") == [""]


def test_long_text_is_cut_at_paragraphs_under_the_limit() -> None:
    paragraphs = [f"Paragraph {n}. " + "word " * 150 for n in range(12)]
    pieces = split_text("\n\n".join(paragraphs))
    assert len(pieces) > 1 and all(len(p) <= SECTION_LIMIT for p in pieces)
    assert all(p.startswith("Paragraph") for p in pieces)  # never mid-paragraph
    assert " ".join(" ".join(pieces).split()) == " ".join(" ".join(paragraphs).split())


def test_one_huge_line_is_cut_at_spaces_and_never_inside_an_entity() -> None:
    text = "&amp;" * 2000
    pieces = split_text(text)
    assert "".join(pieces) == text and all(len(p) <= SECTION_LIMIT for p in pieces)
    assert all(p.startswith("&amp;") and p.endswith("&amp;") for p in pieces)
    words = split_text("nursing " * 1000)
    assert all(len(p) <= SECTION_LIMIT and not p.endswith("nursin") for p in words)


def test_a_cut_code_block_is_closed_and_reopened() -> None:
    draft = "\n".join(f"line {n} of the draft email" for n in range(300))
    pieces = split_text(f"Here is your draft:\n```{draft}```\nLooks good!")
    assert len(pieces) > 1
    assert all(p.count("```") % 2 == 0 for p in pieces)
    assert all(len(p) <= SECTION_LIMIT for p in pieces)
