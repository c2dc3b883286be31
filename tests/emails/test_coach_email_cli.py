"""`orbit coach email` keeps its JSON shape and takes --purpose and --audience."""

from __future__ import annotations

import json

from tests.support.cli import orbit

THANKS = (
    "Subject: Thank you for my recommendation letter\nHi Mrs. Castillo,\n\nThis is Isabella. "
    "I just wanted to say thank you for writing my recommendation for the Summer Bridge "
    "program. I found out yesterday that I got in!\n\nThank you,\nIsabella\n"
)


def test_purpose_and_audience_are_inferred_and_said_so_or_given() -> None:
    inferred = orbit("coach", "email", "--json", stdin=THANKS)
    data = json.loads(inferred.stdout)
    assert data["purpose"] == "thank_you" and data["purpose_inferred"] is True
    assert data["audience"] == "professional" and data["audience_inferred"] is True
    assert inferred.returncode == 1  # "Isabella" alone is not a full name for a stranger
    for row in data["criteria"]:
        assert set(row) == {"id", "required", "result", "evidence", "advice"}
    given = orbit("coach", "email", "--json", "--audience", "school_staff", stdin=THANKS)
    data = json.loads(given.stdout)
    assert data["audience"] == "school_staff" and data["audience_inferred"] is False
    assert data["ready"] is True and given.returncode == 0
    text = orbit("coach", "email", "--purpose", "thank_you", stdin=THANKS)
    assert "Judged as a thank-you note to a professional (25-200 words)" in text.stdout
    assert "audience inferred from the draft" in text.stdout


def test_an_unknown_purpose_is_refused() -> None:
    result = orbit("coach", "email", "--purpose", "advice", stdin=THANKS)
    assert result.returncode == 2 and "informational" in result.stderr


def test_another_language_is_named_honestly() -> None:
    french = (
        "Objet : Question\nMadame Dubois,\n\nJe m'appelle Chloé Martin et je suis en première "
        "au lycée Victor Hugo. Auriez-vous quinze minutes pour un appel ?\n\nMerci,\nChloé Martin"
    )
    result = orbit("coach", "email", stdin=french)
    assert result.returncode == 1
    assert "I can only review emails in English and Spanish" in result.stdout
    data = json.loads(orbit("coach", "email", "--json", stdin=french).stdout)
    assert data["language"] == "fr" and data["language_ok"] is False and not data["ready"]
