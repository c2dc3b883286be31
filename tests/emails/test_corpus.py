"""The rubric agrees with the labelled training drafts (the held-out set is scored by hand,
once, with `python -m tests.emails.corpus tests/data/emails/heldout.yaml` and `heldout2.yaml`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from bot.coaching.email import AUDIENCES, CRITERION_IDS, PURPOSES, REQUIRED_IDS
from tests.emails.corpus import TRAIN_FILES, load, main, score

TRAIN = load(*TRAIN_FILES)
LANGUAGES = {"en", "es"}


def test_the_training_corpus_is_big_and_mixed_enough() -> None:
    ids = [item["id"] for item in TRAIN]
    assert len(ids) == len(set(ids))
    new = [item for item in TRAIN if item["id"].startswith("t")]
    assert len(new) >= 70
    assert {item["purpose"] for item in new} == set(PURPOSES)
    assert {item["audience"] for item in new} == set(AUDIENCES)
    languages = Counter(item.get("language", "en") for item in new)
    assert languages["es"] >= 10 and sum(n for k, n in languages.items() if k not in LANGUAGES) >= 2
    assert 0.25 <= sum(item["ready"] for item in TRAIN) / len(TRAIN) <= 0.6
    fails = Counter(cid for item in TRAIN for cid in item["fails"])
    assert set(fails) == set(CRITERION_IDS) and min(fails.values()) >= 5


@pytest.mark.parametrize("item", TRAIN, ids=[item["id"] for item in TRAIN])
def test_labels_follow_the_spec(item: dict[str, Any]) -> None:
    assert item["purpose"] in PURPOSES and item["audience"] in AUDIENCES
    fails = set(item["fails"])
    assert fails <= set(CRITERION_IDS) and len(fails) == len(item["fails"])
    if item.get("language", "en") in LANGUAGES:
        assert item["ready"] == (not fails & REQUIRED_IDS)
    else:
        assert item["ready"] is False and not fails
    assert item["text"].strip()


def test_agreement_on_the_training_drafts() -> None:
    result = score(TRAIN)
    worst, share = result.min_criterion
    print(f"ready {result.ready_share:.1%}, lowest criterion {worst} {share:.1%}")
    assert result.ready_share >= 0.95, result.misses
    assert share >= 0.90, result.misses


def test_agreement_when_purpose_and_audience_are_inferred() -> None:
    result = score(TRAIN, infer=True)
    assert result.ready_share >= 0.90, result.misses
    assert result.min_criterion[1] >= 0.85, result.misses


def test_the_runner_prints_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(TRAIN_FILES[1]), "--misses"]) == 0
    out = capsys.readouterr().out
    assert "ready agreement:" in out and "lowest criterion:" in out
