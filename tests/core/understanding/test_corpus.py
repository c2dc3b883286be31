"""The readers agree with the labelled student answers in tests/data/understanding.

`train.yaml` is what the readers were developed against; `heldout.yaml` was written
before them and only scored at the end. Each must agree on at least 95 %.
Run `python -m tests.core.understanding.corpus train.yaml heldout.yaml` to see the misses.
"""

from __future__ import annotations

import pytest

from tests.core.understanding.corpus import score

REQUIRED = 0.95


@pytest.mark.parametrize("part", ["train.yaml", "heldout.yaml"])
def test_agreement_with_the_labelled_corpus(part: str) -> None:
    total, misses = score(part)
    assert total >= (300 if part == "train.yaml" else 100)
    agreement = (total - len(misses)) / total
    shown = "\n".join(f"{m.item['text']!r} -> {m.got}" for m in misses[:20])
    assert agreement >= REQUIRED, f"{agreement:.1%} on {part}:\n{shown}"


def test_a_missed_label_counts_as_a_miss() -> None:
    """The scorer can fail: a wrong label is reported as a miss."""
    from datetime import date

    from tests.core.understanding.corpus import _options, agrees, read

    item = {"kind": "choice", "options": "closeness", "text": "super close", "value": "distant"}
    got = read(item, date(2026, 11, 30), [], _options())
    assert not agrees(item, got)
