"""The email rubric agrees with every labelled sample and explains itself in the student's words."""

import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.coaching.email_rubric import (
    ADVICE,
    ADVISORY_IDS,
    CRITERION_IDS,
    EVIDENCE,
    FIX_PRIORITY,
    MAX_WORDS,
    QUOTE_LIMIT,
    REQUIRED_IDS,
    Criterion,
    Draft,
    Review,
    parse_draft,
    review_email,
    review_to_dict,
)

CORPUS_PATH = Path(__file__).resolve().parents[1] / "data" / "emails" / "corpus.yaml"
CORPUS: list[dict[str, Any]] = yaml.safe_load(CORPUS_PATH.read_text(encoding="utf-8"))
PURPOSES = {"advice", "informational", "job_shadow", "internship", "recommendation", "thank_you"}
BODY_IDS = tuple(cid for cid in CRITERION_IDS if cid != "subject")

GOOD_EMAIL = """Subject: Lincoln High junior - 15-minute call about nursing?
Dear Ms. Alvarez,

My name is Ana Torres, and I'm a junior at Lincoln High School. We met at our career day
last Thursday, when you spoke about your work as an ICU nurse at Mercy Hospital.

Would you be open to a 15-minute phone call next week? I'd love to ask how you chose between
an associate's and a bachelor's degree in nursing. I know you're busy, so any time that works
for you is great.

Thank you for considering this.

Best regards,
Ana Torres
"""


def failed_ids(review: Review) -> set[str]:
    return {item.id for item in review.criteria if not item.passed}


def criterion(review: Review, criterion_id: str) -> Criterion:
    return next(item for item in review.criteria if item.id == criterion_id)


def with_body(body: str, subject: str = "Subject: Job shadow request from a Lincoln junior") -> str:
    return f"{subject}\n{body}"


# --- the labelled corpus ---------------------------------------------------------------------


def test_corpus_is_big_and_mixed_enough() -> None:
    ids = [sample["id"] for sample in CORPUS]
    ready = [sample for sample in CORPUS if sample["ready"]]
    assert len(CORPUS) >= 44
    assert len(ids) == len(set(ids))
    assert len(ready) >= 14
    assert {sample["purpose"] for sample in CORPUS} == PURPOSES
    fail_counts = Counter(cid for sample in CORPUS for cid in sample["fails"])
    assert set(fail_counts) == set(CRITERION_IDS)
    assert min(fail_counts.values()) >= 3


@pytest.mark.parametrize("sample", CORPUS, ids=[sample["id"] for sample in CORPUS])
def test_corpus_labels_follow_the_required_rule(sample: dict[str, Any]) -> None:
    fails = set(sample["fails"])
    assert fails <= set(CRITERION_IDS)
    assert len(fails) == len(sample["fails"])
    assert sample["ready"] == (not fails & REQUIRED_IDS)
    if not sample["ready"]:
        assert 1 <= len(fails) <= 4
    assert sample["text"].strip()


@pytest.mark.parametrize("sample", CORPUS, ids=[sample["id"] for sample in CORPUS])
def test_rubric_matches_each_labelled_sample(sample: dict[str, Any]) -> None:
    review = review_email(sample["text"])
    assert failed_ids(review) == set(sample["fails"])
    assert review.ready == sample["ready"]
    assert review.language_ok


def test_rubric_agreement_with_labels_is_total() -> None:
    agreeing = sum(
        failed_ids(review_email(sample["text"])) == set(sample["fails"])
        and review_email(sample["text"]).ready == sample["ready"]
        for sample in CORPUS
    )
    agreement = agreeing / len(CORPUS)
    print(f"rubric/label agreement: {agreeing}/{len(CORPUS)} = {agreement:.3f}")
    assert agreement == 1.0


def test_every_failing_criterion_in_the_corpus_comes_with_evidence_and_advice() -> None:
    for sample in CORPUS:
        for item in review_email(sample["text"]).fixes:
            assert item.evidence, (sample["id"], item.id)
            assert item.advice, (sample["id"], item.id)


# --- the shape of a review -------------------------------------------------------------------


def test_criteria_come_in_rubric_order_and_only_time_respect_is_advisory() -> None:
    review = review_email(GOOD_EMAIL)
    assert tuple(item.id for item in review.criteria) == CRITERION_IDS
    assert frozenset({"time_respect"}) == ADVISORY_IDS
    assert {item.id for item in review.criteria if not item.required} == {"time_respect"}


def test_a_good_email_is_ready_with_every_criterion_a_strength() -> None:
    review = review_email(GOOD_EMAIL)
    assert review.ready
    assert review.fixes == ()
    assert tuple(item.id for item in review.strengths) == CRITERION_IDS


def test_missing_time_respect_alone_still_leaves_the_email_ready() -> None:
    draft = GOOD_EMAIL.replace(" I know you're busy, so any time that works\nfor you is great.", "")
    review = review_email(draft)
    assert failed_ids(review) == {"time_respect"}
    assert review.ready


def test_fixes_follow_the_fixed_priority_and_top_fixes_keeps_three() -> None:
    draft = "Subject: hi\nhey,\nu should hire me lol. can u help me?\nbye"
    review = review_email(draft)
    fixes = [item.id for item in review.fixes]
    assert fixes == [cid for cid in FIX_PRIORITY if cid in fixes]
    assert fixes[:3] == ["ask", "connection", "introduction"]
    assert [item.id for item in review.top_fixes] == fixes[:3]
    assert not review.ready


def test_review_to_dict_is_plain_data() -> None:
    review = review_email(GOOD_EMAIL.replace("Thank you for considering this.", ""))
    data = review_to_dict(review)
    assert set(data) == {"ready", "word_count", "criteria"}
    assert data["ready"] is False
    assert data["word_count"] == review.word_count
    assert [row["id"] for row in data["criteria"]] == list(CRITERION_IDS)
    for row in data["criteria"]:
        assert set(row) == {"id", "required", "result", "evidence", "advice"}
    results = {row["id"]: row["result"] for row in data["criteria"]}
    assert results == {cid: "needs-work" if cid == "thanks" else "pass" for cid in CRITERION_IDS}
    required = {row["id"]: row["required"] for row in data["criteria"]}
    assert required == {cid: cid != "time_respect" for cid in CRITERION_IDS}


def test_every_criterion_has_its_wording_in_one_place() -> None:
    assert set(EVIDENCE) == set(CRITERION_IDS)
    assert set(ADVICE) == set(CRITERION_IDS)


# --- parse_draft -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Subject: Job shadow\nDear Dr. Kim,", Draft("Job shadow", "Dear Dr. Kim,")),
        ("SUBJECT:Job shadow\nbody", Draft("Job shadow", "body")),
        ("subject - Job shadow\nbody", Draft("Job shadow", "body")),
        ("\n\n  Subject: Job shadow  \r\nbody\r\n", Draft("Job shadow", "body")),
        ("Subject:\nbody", Draft("", "body")),
        ("Dear Dr. Kim,\nSubject: later line", Draft(None, "Dear Dr. Kim,\nSubject: later line")),
        ("Subject-verb agreement is hard", Draft(None, "Subject-verb agreement is hard")),
        ("", Draft(None, "")),
    ],
)
def test_parse_draft_finds_the_subject_only_on_the_first_line(text: str, expected: Draft) -> None:
    assert parse_draft(text) == expected


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t  \n"])
def test_empty_draft_fails_every_criterion_with_advice(text: str) -> None:
    review = review_email(text)
    assert failed_ids(review) == set(CRITERION_IDS)
    assert review.word_count == 0
    assert not review.ready
    assert all(item.evidence and item.advice for item in review.criteria)


def test_only_a_subject_line_fails_every_body_criterion() -> None:
    review = review_email("Subject: Question about your summer internship program")
    assert failed_ids(review) == set(BODY_IDS)
    assert criterion(review, "subject").passed
    assert "no body" in criterion(review, "greeting").evidence


def test_a_ten_thousand_character_draft_is_reviewed_fast_and_fails_length() -> None:
    sentence = (
        "My name is Ana Torres and I'm a junior at Lincoln High. We met at career day. "
        "Could we talk for 15 minutes next week? I know you're busy. "
    )
    text = "Subject: A very long email\nDear Ms. Lopez,\n" + (sentence * 80)[:10_000]
    assert len(text) > 10_000
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        review = review_email(text)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.05
    length = criterion(review, "length")
    assert not length.passed
    assert review.word_count > MAX_WORDS
    assert f"{review.word_count:,}" in length.evidence
    assert f"under {MAX_WORDS} words" in length.advice


def test_many_requests_in_a_huge_draft_stay_fast() -> None:
    text = "Subject: Help\nDear Ms. Lopez,\n" + "Could you help me with this? " * 350
    started = time.perf_counter()
    review = review_email(text)
    assert time.perf_counter() - started < 0.05
    assert not criterion(review, "ask").passed


@pytest.mark.parametrize(
    "text",
    [
        "Asunto: Pregunta sobre pasantías\nEstimada Sra. López:\n\nMe llamo Ana Torres y soy "
        "estudiante de tercer año en la escuela Lincoln. Nos conocimos en la feria de carreras. "
        "¿Podríamos hablar quince minutos la próxima semana sobre su trabajo como enfermera?\n\n"
        "Muchas gracias,\nAna Torres",
        "Objet : Demande de stage\nMadame Dupont,\n\nJe m'appelle Léa Martin et je suis élève "
        "de première au lycée Victor Hugo. Nous nous sommes rencontrées au forum des métiers. "
        "Pourriez-vous me parler de votre travail pendant quinze minutes la semaine prochaine ?"
        "\n\nCordialement,\nLéa Martin",
    ],
)
def test_a_draft_in_another_language_is_flagged_but_still_reviewed(text: str) -> None:
    review = review_email(text)
    assert review.language_ok is False
    assert len(review.criteria) == len(CRITERION_IDS)
    assert all(item.evidence for item in review.criteria)


def test_english_drafts_are_language_ok() -> None:
    assert review_email(GOOD_EMAIL).language_ok
    assert all(review_email(sample["text"]).language_ok for sample in CORPUS)


# --- evidence quotes the student's words -----------------------------------------------------


def test_greeting_evidence_quotes_the_student_and_advice_reuses_their_name() -> None:
    review = review_email(with_body("hey mr k,\nMy name is Jordan."))
    greeting = criterion(review, "greeting")
    assert not greeting.passed
    assert greeting.evidence == 'You wrote "hey mr k", which is how you\'d greet a friend.'
    assert 'Start with "Dear Mr. Kowalski,"' in greeting.advice
    yo = criterion(review_email(with_body("Yo Mr. Davis,\nhello")), "greeting")
    assert '"Dear Mr. Davis,"' in yo.advice


def test_long_quotes_are_cut_to_about_sixty_characters() -> None:
    long_opening = (
        "My name is Priya Raman and I really love the ocean and every animal that lives in it."
    )
    review = review_email(with_body(f"Dear Dr. Silva,\n{long_opening}"))
    evidence = criterion(review, "introduction").evidence
    quote = evidence.split('"')[1]
    assert quote.endswith("…")
    assert len(quote) <= QUOTE_LIMIT
    assert quote.startswith("My name is Priya Raman")


def test_mechanics_evidence_quotes_each_problem_in_context() -> None:
    body = "Dear Ms. Lopez,\nCould u pls help?? i think it would be AMAZING 😊"
    mechanics = criterion(review_email(with_body(body)), "mechanics")
    assert not mechanics.passed
    for fragment in ('"Could u pls', '"AMAZING"', "??", "i think", "😊"):
        assert fragment in mechanics.evidence, fragment
    for fragment in ("Spell words out", "all caps", '"!"', "capital letter", "emoji"):
        assert fragment in mechanics.advice, fragment


def test_ask_evidence_quotes_the_vague_ask_and_gives_the_checkers_suggestion() -> None:
    body = "Dear Mr. Hoffman,\nCan you help me with college stuff? Thanks."
    ask = criterion(review_email(with_body(body)), "ask")
    assert not ask.passed
    assert '"Can you help me with college stuff?"' in ask.evidence
    assert ask.advice.startswith("Try naming one thing")


def test_signoff_evidence_quotes_a_short_signature() -> None:
    signoff = criterion(review_email(with_body("Dear Ms. Lopez,\nHi.\n\nBest,\nLiv")), "signoff")
    assert not signoff.passed
    assert signoff.evidence == 'You signed "Liv", which is not your full name.'


# --- individual criteria ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    ["Subject: hi", "Subject: Question", "Subject: hello", "Subject: help", "Subject: Hi from Ana"],
)
def test_filler_subjects_fail(subject: str) -> None:
    assert not criterion(review_email(with_body("Dear Dr. Kim,", subject)), "subject").passed


@pytest.mark.parametrize(
    "subject",
    [
        "Subject: Internship question",
        "Subject: Following up from career day",
        "Subject: Thank you!",
        "Subject: Lincoln High junior interested in nursing",
    ],
)
def test_specific_subjects_pass(subject: str) -> None:
    assert criterion(review_email(with_body("Dear Dr. Kim,", subject)), "subject").passed


@pytest.mark.parametrize(
    "greeting",
    [
        "Hi Ms. Lopez,",
        "Dear Dr. Kim,",
        "Hello Coach Rivera,",
        "Good morning Dr. Patel,",
        "Dear Professor Adeyemi:",
    ],
)
def test_title_and_last_name_greetings_pass_without_advice(greeting: str) -> None:
    item = criterion(review_email(with_body(f"{greeting}\nMy name is Ana.")), "greeting")
    assert item.passed
    assert item.advice == ""


def test_a_first_name_greeting_passes_with_a_tip() -> None:
    item = criterion(review_email(with_body("Hi Maya,\nThanks for the tour.")), "greeting")
    assert item.passed
    assert "first name" in item.evidence
    assert "Dear Ms. Chen" in item.advice


@pytest.mark.parametrize(
    "greeting",
    [
        "hey Ms. Lopez,",
        "Yo,",
        "sup coach",
        "Hi!!",
        "Hello,",
        "Hi Coach,",
        "To whom it may concern,",
    ],
)
def test_informal_or_nameless_greetings_fail(greeting: str) -> None:
    assert not criterion(review_email(with_body(f"{greeting}\nMy name is Ana.")), "greeting").passed


def test_introduction_needs_a_name_and_a_school_or_grade() -> None:
    def passed(sentence: str) -> bool:
        return criterion(
            review_email(with_body(f"Dear Dr. Kim,\n{sentence}")), "introduction"
        ).passed

    assert passed("My name is Ana, and I'm a junior at Lincoln High.")
    assert passed("I'm Ana Torres, a 10th grader in the Step Up program.")
    assert passed("My name is Ana Torres. I'm a senior at Lincoln High.")
    assert not passed("My name is Ana Torres.")
    assert not passed("I'm a junior at Lincoln High.")
    assert not passed("I'm interested in nursing.")


@pytest.mark.parametrize(
    "sentence",
    [
        "We met at the career fair on Saturday.",
        "You spoke at our school last week.",
        "My teacher Ms. Ortiz suggested I reach out.",
        "I found your profile on LinkedIn.",
        "You were my coach in middle school.",
        "I was in your AP Chemistry class.",
        "We're neighbors on Elm Street.",
    ],
)
def test_connection_phrases_pass(sentence: str) -> None:
    assert criterion(review_email(with_body(f"Dear Dr. Kim,\n{sentence}")), "connection").passed


def test_no_connection_fails() -> None:
    body = "Dear Dr. Kim,\nI want to be a pharmacist and I like chemistry."
    assert not criterion(review_email(with_body(body)), "connection").passed


def test_a_thank_you_note_needs_no_ask_but_other_emails_do() -> None:
    body = "Dear Mr. Haddad,\nThank you for speaking at our career day. It helped me a lot."
    thank_you = review_email(with_body(body, "Subject: Thank you for career day"))
    assert criterion(thank_you, "ask").passed
    other = review_email(with_body(body, "Subject: Following up from career day"))
    assert not criterion(other, "ask").passed
    assert criterion(other, "ask").evidence == "The email doesn't ask them for anything."


def test_thank_you_for_your_time_is_thanks_but_not_time_respect() -> None:
    review = review_email(with_body("Dear Dr. Kim,\nThank you for your time."))
    assert criterion(review, "thanks").passed
    assert not criterion(review, "time_respect").passed


@pytest.mark.parametrize(
    ("ending", "passes"),
    [
        ("Best regards,\nAna Torres", True),
        ("Sincerely,\nAna Torres\nLincoln High School, Class of 2026", True),
        ("Thank you for your time,\nAna Torres", True),
        ("Best, Ana Torres", True),
        ("Best,\nAna", False),
        ("Best,\nAna T.", False),
        ("Best,\nana torres", False),
        ("Cheers,\nAna Torres", False),
        ("Ana Torres", False),
        ("Thanks so much for reading this.", False),
    ],
)
def test_signoff_needs_a_professional_closing_and_a_full_name(ending: str, passes: bool) -> None:
    text = with_body(f"Dear Dr. Kim,\nMy name is Ana.\n\n{ending}")
    assert criterion(review_email(text), "signoff").passed is passes


def test_signoff_checks_the_given_student_name() -> None:
    text = with_body("Dear Dr. Kim,\nMy name is Ana.\n\nBest regards,\nAna Torres")
    assert criterion(review_email(text, student_name="Ana Sofia Torres"), "signoff").passed
    mismatch = criterion(review_email(text, student_name="Maria Lopez"), "signoff")
    assert not mismatch.passed
    assert "Maria Lopez" in mismatch.evidence
    assert "Maria Lopez" in mismatch.advice


@pytest.mark.parametrize(("words", "passes"), [(59, False), (60, True), (200, True), (201, False)])
def test_length_bounds_are_inclusive(words: int, passes: bool) -> None:
    text = with_body(" ".join(["word"] * words))
    review = review_email(text)
    assert review.word_count == words
    assert criterion(review, "length").passed is passes


@pytest.mark.parametrize(
    "sentence",
    [
        "I love STEM, NASA and the SAT prep class.",
        "I moved here from the U.S. Virgin Islands.",
        "My friend Ty Johnson told me about you.",
        "I liked it, i.e. the lab part.",
        "I am excited!",
        "My middle initial is R. as in Rosa.",
    ],
)
def test_mechanics_allows_acronyms_names_and_normal_punctuation(sentence: str) -> None:
    assert criterion(review_email(with_body(f"Dear Dr. Kim,\n{sentence}")), "mechanics").passed


@pytest.mark.parametrize(
    "sentence",
    [
        "Thx for ur help.",
        "idk what to study lol",
        "I'm gonna apply b4 May.",
        "This is SUPER important.",
        "Can't wait!!",
        "Is that ok??",
        "i think so.",
        "and i'm excited",
        "See you soon :)",
        "Great talk 🔥",
    ],
)
def test_mechanics_flags_text_speak_shouting_bangs_lowercase_i_and_emoji(sentence: str) -> None:
    assert not criterion(review_email(with_body(f"Dear Dr. Kim,\n{sentence}")), "mechanics").passed


def test_mechanics_reads_the_subject_too() -> None:
    text = "Subject: URGENT internship question\nDear Dr. Kim,\nMy name is Ana."
    mechanics = criterion(review_email(text), "mechanics")
    assert not mechanics.passed
    assert '"URGENT"' in mechanics.evidence
