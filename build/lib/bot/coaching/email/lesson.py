"""What the email lesson keeps and shows after a review: plain data for its templates."""

from __future__ import annotations

from typing import Any

from bot.coaching.email.languages import REVIEWED_NAMES
from bot.coaching.email.model import Review
from bot.coaching.email.review import review_email, standard_summary


def lesson_review(
    draft: str,
    *,
    purpose: str | None,
    audience: str | None,
    topic: str | None,
    student_name: str | None,
    recipient: str = "",
) -> tuple[Review, dict[str, Any]]:
    """Review the draft for the purpose, reader and field the student gave in the lesson."""
    name = (student_name or "").strip()
    review = review_email(
        draft,
        student_name=name if len(name.split()) > 1 else None,
        purpose=purpose,
        audience=None if audience in (None, "", "not_sure") else audience,
        field=topic,
        recipient=recipient,
    )
    standard = review.standard
    data = {
        "ready": review.ready,
        "language_ok": review.language_ok,
        "language": review.language,
        "reviewed_languages": REVIEWED_NAMES,
        "word_count": review.word_count,
        "standard": standard_summary(standard),
        "audience_inferred": standard.audience_inferred,
        "strengths": [c.id for c in review.strengths],
        "fixes": [
            {"id": c.id, "evidence": c.evidence, "advice": c.advice} for c in review.top_fixes
        ],
        "more_fixes": max(0, len(review.fixes) - len(review.top_fixes)),
    }
    return review, data
