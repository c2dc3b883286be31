"""The crisis net against its labelled corpus (tests/data/crisis/), and its word rules.

Targets: at least 95 % of distress caught with at most 10 % false alarms. The dev part
is what the lists were tuned on; the held-out part was written and committed before the
detector and is only scored, never tuned on (see RELIABILITY.md, "Crisis net").
"""

from __future__ import annotations

import pytest

from bot.core.safety import SafetyRules, words
from tests.core.crisis_corpus import load, score

RECALL, FALSE_ALARMS = 0.95, 0.10


@pytest.fixture(scope="module")
def rules() -> SafetyRules:
    return SafetyRules.load()


def test_the_corpus_is_large_enough_and_split_up_front() -> None:
    dev, held_out = load("dev"), load("heldout")
    assert len(dev) + len(held_out) >= 300 and len(held_out) >= 100
    assert not {line.text for line in dev} & {line.text for line in held_out}
    categories = {line.category for line in dev + held_out if line.crisis}
    assert {"suicide", "selfharm", "abuse", "violence", "home"} <= categories


def test_dev_part_meets_the_targets(rules: SafetyRules) -> None:
    result = score(rules, load("dev"))
    print(f"\ncrisis net, dev: {result.summary()}")
    assert result.recall >= RECALL, [line.text for line in result.missed]
    assert result.false_alarm_rate <= FALSE_ALARMS, [line.text for line in result.false_alarms]


def test_held_out_part_is_reported(rules: SafetyRules) -> None:
    result = score(rules, load("heldout"))
    print(f"\ncrisis net, held out: {result.summary()}")
    assert result.recall >= RECALL
    assert result.false_alarm_rate <= FALSE_ALARMS


@pytest.mark.parametrize(
    "text",
    [
        "kms",
        "im gonna kms lol",
        "unalive myself",
        "i'm going to hang myself",
        "i took a bunch of pills",
        "i just want to end it",
        "i feel sucidal",
        "i want to kil myself",
        "my stepdad beat me last night",
        "I'm scared of my dad",
        "I wrote a goodbye note",
        "no one would miss me",
        "I WANT TO DIEEEE",
        "i want to kill myself but we learned about suicide prevention",
    ],
)
def test_the_reported_misses_are_caught(rules: SafetyRules, text: str) -> None:
    assert rules.is_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "my brother hits me up on snapchat",
        "we learned about suicide prevention",
        "I cut myself a slice of cake",
        "take a stab at the email",
        "this homework is killing me",
        "dying to know",
        "my phone died",
        "killed it at the game",
        "I'm amused",  # one letter from "abused": not a misspelling of it
        "that video was so amusing",  # nor "amusing" of "abusing"
        "he's always hustling me for snacks",  # nor "hustling" of "hurting"
        "the steak was overdone",
        "my grades are stable",
    ],
)
def test_ordinary_uses_of_trigger_words_stay_quiet(rules: SafetyRules, text: str) -> None:
    assert not rules.is_crisis(text)


@pytest.mark.parametrize("text", ["i feel suicdal", "i overdozed", "im homless now"])
def test_long_words_are_recognised_misspelled(rules: SafetyRules, text: str) -> None:
    assert rules.is_crisis(text)


def test_words_fold_case_apostrophes_punctuation_and_stretched_letters() -> None:
    assert words("I CAN’T…go on!! 😭 sooo tired") == ("i", "cant", "go", "on", "so", "tired")


def test_a_phrase_with_an_unknown_group_is_refused() -> None:
    with pytest.raises(ValueError, match="nope"):
        SafetyRules.from_dict({"crisis": {"phrases": ["{nope} die"]}})


def test_lists_from_a_program_work_the_same_way() -> None:
    rules = SafetyRules.from_dict(
        {
            "crisis": {
                "phrases": ["{feel} hopeless*", "give ... away my stuff"],
                "groups": {"feel": ["feel", "am", "feeling so"]},
                "ignore": ["hopeless romantic"],
                "fuzzy_words": ["hopeless"],
                "fuzzy_score": 80,
            }
        }
    )
    assert rules.is_crisis("i feel hopeless") and rules.is_crisis("feeling so hopless")
    assert rules.is_crisis("im gonna give all of away my stuff")
    assert not rules.is_crisis("i am a hopeless romantic")
    assert not rules.is_crisis("give it away")
