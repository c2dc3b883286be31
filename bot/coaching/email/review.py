"""Review a draft: pick its language and standard, run every check, word the results."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.coaching.email.context import Context
from bot.coaching.email.criteria import CHECKS, starts_with_any
from bot.coaching.email.feedback import find_field, word_outcome
from bot.coaching.email.languages import ENGLISH, REVIEWED_NAMES, detect_language
from bot.coaching.email.languages.base import Language
from bot.coaching.email.model import CRITERION_IDS, REQUIRED_IDS, Criterion, Review
from bot.coaching.email.parse import parse_draft, split_parts
from bot.coaching.email.standards import Standard, choose_standard
from bot.coaching.email.wording import ENGLISH_WORDING

EMPTY_BODY_EVIDENCE = "The email has no body yet, so there is nothing here to check."
EMPTY_BODY_ADVICE = (
    "Write the body under the subject line: greeting, who you are, your ask, thanks."
)
OTHER_LANGUAGE_EVIDENCE = (
    f"I can only review emails in {REVIEWED_NAMES}, so I didn't check this one."
)
OTHER_LANGUAGE_ADVICE = "A teacher or mentor who reads the language can check it with you."


def review_email(
    text: str,
    *,
    student_name: str | None = None,
    purpose: str | None = None,
    audience: str | None = None,
    field: str | None = None,
    recipient: str | None = None,
) -> Review:
    """Review a draft against every criterion; never raises, even on empty input."""
    draft = parse_draft(text or "")
    detected = detect_language(f"{draft.subject or ''}\n{draft.body}")
    language = detected.language or ENGLISH
    standard = choose_standard(draft, language, purpose=purpose, audience=audience)
    greeting_line = _greeting_on_own_line(draft.body, language)
    parts = split_parts(draft, greeting_line=greeting_line, closing_lines=2)
    ctx = Context(parts, language, standard, (student_name or "").strip() or None)
    ctx = replace(ctx, field=find_field(ctx, field), recipient=(recipient or "").strip())
    if detected.language is None:
        criteria = tuple(_not_checked(cid) for cid in CRITERION_IDS)
    else:
        criteria = tuple(_criterion(ctx, cid) for cid in CRITERION_IDS)
    return Review(
        criteria=criteria,
        word_count=parts.word_count,
        language_ok=detected.language is not None,
        standard=standard,
        language=detected.code,
        field=ctx.field,
    )


def _criterion(ctx: Context, criterion_id: str) -> Criterion:
    """Run one check and word its outcome."""
    required = criterion_id in REQUIRED_IDS
    if criterion_id != "subject" and ctx.parts.word_count == 0:
        return Criterion(criterion_id, required, False, EMPTY_BODY_EVIDENCE, EMPTY_BODY_ADVICE)
    outcome = CHECKS[criterion_id].run(ctx)
    evidence, advice = word_outcome(ctx, criterion_id, outcome)
    key = str(outcome.fields.get("kinds", "")) or outcome.key
    return Criterion(criterion_id, required, outcome.passed, evidence, advice, key=key)


def _not_checked(criterion_id: str) -> Criterion:
    """A criterion left unchecked because the draft's language has no rubric."""
    required = criterion_id in REQUIRED_IDS
    return Criterion(
        criterion_id,
        required,
        False,
        OTHER_LANGUAGE_EVIDENCE,
        OTHER_LANGUAGE_ADVICE,
        key="other_language",
        checked=False,
    )


def _greeting_on_own_line(body: str, language: Language) -> bool:
    """True when the body's first line is a greeting, not the start of a paragraph."""
    first = body.split("\n", 1)[0].strip().lower()
    greetings = language.greetings + language.informal_greetings + language.impersonal_greetings
    ends_like_one = first.endswith(",") or (first.endswith(":") and len(first.split()) <= 6)
    return bool(first) and (ends_like_one or starts_with_any(first, greetings) is not None)


def standard_summary(standard: Standard) -> str:
    """ "a thank-you note to a professional (25-200 words)" for the feedback."""
    low, high = standard.length
    return (
        f"{ENGLISH_WORDING.standard_name(standard.purpose, standard.audience)} ({low}-{high} words)"
    )


def review_to_dict(review: Review) -> dict[str, Any]:
    """A plain, JSON-ready form of a review (the shape `orbit coach email --json` prints)."""
    standard = review.standard
    return {
        "ready": review.ready,
        "word_count": review.word_count,
        "language": review.language,
        "language_ok": review.language_ok,
        "purpose": standard.purpose,
        "purpose_inferred": standard.purpose_inferred,
        "audience": standard.audience,
        "audience_inferred": standard.audience_inferred,
        "standard": standard_summary(standard),
        "criteria": [
            {
                "id": item.id,
                "required": item.required,
                "result": _result(item),
                "evidence": item.evidence,
                "advice": item.advice,
            }
            for item in review.criteria
        ],
    }


def _result(item: Criterion) -> str:
    if not item.checked:
        return "not-checked"
    return "pass" if item.passed else "needs-work"
