"""Every language's wording says something for every outcome the checks can give."""

from __future__ import annotations

import pytest

from bot.coaching.email import review_email
from bot.coaching.email.wording import ENGLISH_WORDING, WORDINGS


@pytest.mark.parametrize("code", sorted(WORDINGS))
def test_each_wording_has_every_sentence_english_has(code: str) -> None:
    wording = WORDINGS[code]
    for table, english in (
        (wording.evidence, ENGLISH_WORDING.evidence),
        (wording.advice, ENGLISH_WORDING.advice),
    ):
        assert set(table) == set(english)
        for criterion_id, keys in english.items():
            assert set(table[criterion_id]) == set(keys), (code, criterion_id)
    assert set(wording.purpose_names) == set(ENGLISH_WORDING.purpose_names)
    assert set(wording.audience_names) == set(ENGLISH_WORDING.audience_names)
    assert set(wording.length_parts) == set(ENGLISH_WORDING.length_parts)


def test_a_spanish_draft_is_answered_in_spanish_with_spanish_quotes_joined() -> None:
    review = review_email(
        "hola profe!! q onda, me ayuda con la tarea? 😅 gracias", audience="school_staff"
    )
    sentences = [c.evidence + " " + c.advice for c in review.criteria]
    assert all("e.g." not in s and "You " not in s for s in sentences), sentences
    mechanics = next(c for c in review.criteria if c.id == "mechanics")
    assert mechanics.evidence.startswith("Escribiste ") and '" y "' in mechanics.evidence
    length = next(c for c in review.criteria if c.id == "length")
    assert "una petición de ayuda a un maestro" in length.advice
