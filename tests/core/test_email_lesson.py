"""A student drafts a real outreach email, gets feedback by the right standard, and revises it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.coaching.llm import LLMSettings, make_email_llm
from bot.config import ROOT
from bot.core.engine import Coach
from bot.store.store import Store
from tests.support.chat import MAPPING_WALK, Chat
from tests.support.coach import NOW

SAMPLES = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "data" / "emails" / "samples.yaml").read_text(
        encoding="utf-8"
    )
)

VAGUE = "Subject: hi\nhey ms lopez can u help me with college"
# The ready email, typed paragraph by paragraph with a blank line between (the console sends
# one line at a time; a blank line while drafting is a paragraph break).
READY_PARTS = [
    "Subject: Question about civil engineering",
    "Dear Ms. Lopez,",
    "My name is Ana Torres and I am a junior at Lincoln High School. You spoke at our career "
    "day last month about your work as a civil engineer, and I have been thinking about it since.",
    "Would you have 15 minutes for a short phone call in the next two weeks? I would love to ask "
    "how you chose your engineering program. I know you are busy, so any time that works for "
    "you is great.",
    "Thank you for considering it.",
    "Best regards,\nAna Torres",
]
READY = "\n\n".join(READY_PARTS)
# The rambler: every part is there, but the ask is hedged and the ninth sentence.
RAMBLE = SAMPLES["ramble"].strip()
SPANISH = SAMPLES["spanish"].strip()
FRENCH = SAMPLES["french"].strip()
START = ("hi", "yes", "/lesson email", "Ms. Lopez")


def numbered_fixes(feedback: str) -> list[str]:
    return re.findall(r"^\d\. ([^:]+):", feedback, flags=re.MULTILINE)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.strip()) > 20]


async def test_draft_feedback_revise_until_ready(chat: Chat, store: Store) -> None:
    await chat.walk(*MAPPING_WALK)
    assert "Who will you write to?" in await chat.say("/lesson email")
    assert "What is the email for?" in await chat.say("Ms. Lopez")
    # the wording, refused before: now it picks the informational conversation
    assert "Who are they to you?" in await chat.say(
        "like an informational interview about engineering"
    )
    assert "what is it about" in await chat.say("A professional I don't know well")
    parts = await chat.say("civil engineering")
    assert "A good email of this kind has these parts" in parts
    assert "how you got started in your field?" in parts  # fits the purpose
    assert 'Start with "Subject: ..."' in parts

    ack = await chat.say(VAGUE)
    feedback = await chat.say("/done")
    count = re.search(r"Got it \((\d+) words in the body so far\)", ack)
    assert count is not None
    assert f"({count.group(1)} words in the body)" in feedback  # one word count everywhere
    assert "Feedback on draft 1" in feedback
    assert "a request for a short conversation to a professional (40-250 words)" in feedback
    # the biggest things first, never more than three: the ask, the subject, the greeting
    assert numbered_fixes(feedback) == [
        "One clear ask near the top",
        "A specific subject line",
        "A fitting greeting",
    ]
    assert "civil engineering" in feedback and "nursing" not in feedback
    said = sentences(feedback)
    assert len(said) == len(set(said))  # no sentence said twice
    assert chat.choices == ["Revise my draft", "Stop for now"]

    assert "Send your revised draft" in await chat.say("1")
    chat.line_by_line = True  # as `orbit chat` sends them: a blank line between
    for paragraph in READY_PARTS:
        await chat.walk(paragraph, "")
    ready = await chat.say("/done")
    assert "Your email is ready to send!" in ready
    assert chat.replies[-1].document == READY  # exactly as written, paragraphs kept
    assert "\n\nWould you have 15 minutes" in chat.replies[-1].document

    exported = await store.export(chat.key)
    assert exported is not None
    drafts = exported["email_drafts"]
    assert [(d["version"], d["ready"]) for d in drafts] == [(1, False), (2, True)]
    assert drafts[0]["text"] == VAGUE and drafts[1]["recipient"] == "Ms. Lopez"
    assert drafts[0]["purpose"] == "informational"
    failed = {c["id"] for c in drafts[0]["rubric"]["criteria"] if c["result"] == "needs-work"}
    assert {"greeting", "ask", "signoff", "mechanics"} <= failed


async def test_help_means_help_from_a_teacher_and_the_standard_fits(chat: Chat) -> None:
    await chat.walk(*START)
    assert "Who are they to you?" in await chat.say("help")  # not "a thank-you"
    await chat.walk("A teacher, coach or counselor at my school", "chemistry")
    draft = (
        "Subject: Help with stoichiometry before Friday\nHi Mr. D,\n\nIt's Jordan from your 3rd "
        "period chem class. Could I come to your room at lunch on Wednesday or Thursday for "
        "about 15 minutes to go over the stoichiometry problems?\n\nThanks,\nJordan"
    )
    await chat.say(draft)
    assert "Your email is ready to send!" in await chat.say("/done")


async def test_a_rambling_hedged_ask_is_not_ready(chat: Chat) -> None:
    await chat.walk(*START, "1", "2", "engineering", RAMBLE)
    feedback = await chat.say("/done")
    assert numbered_fixes(feedback)[0] == "One clear ask near the top"
    assert "hard to say yes to" in feedback and "engineering" in feedback
    assert "LEGO" not in feedback and "STEM" not in feedback  # acronyms are not shouting


async def test_spanish_is_reviewed_in_spanish_and_french_honestly_not_at_all(chat: Chat) -> None:
    await chat.walk(*START, "1", "2", "skip", SPANISH)
    assert "Your email is ready to send!" in await chat.say("/done")
    await chat.walk("/lesson email", "Ms. Lopez", "1", "2", "enfermería")
    await chat.say(SPANISH.replace("Asunto: Pregunta sobre la carrera de enfermería\n", ""))
    feedback = await chat.say("/done")
    # the rubric's sentences in the draft's language, examples too
    assert "No hay línea de asunto." in feedback and "Asunto: Llamada de 15 minutos" in feedback
    assert "There is no subject line" not in feedback and "e.g." not in feedback
    await chat.walk("1", FRENCH)
    french = await chat.say("/done")
    assert "I can only review emails in English and Spanish" in french
    assert "What to fix next" not in french


async def test_stop_keeps_every_version(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "/lesson email", "Coach Dee", "1", "1", "skip", VAGUE, "/done")
    stopped = await chat.say("Stop for now")
    assert "every version is saved" in stopped
    assert [r.document for r in chat.replies if r.document] == [VAGUE]
    exported = await store.export(chat.key)
    assert exported is not None and len(exported["email_drafts"]) == 1


async def test_draft_bad_inputs(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "/lesson email")
    assert "contact details" in await chat.say("lopez@school.org")
    await chat.walk("Ms. Lopez", "1", "2", "skip")
    assert "There's no text yet" in await chat.say("/done")
    assert "I didn't get any text" in await chat.say("   ")
    only_subject = await chat.walk("Subject: Question about nursing classes", "/done")
    assert "Feedback on draft 1" in only_subject and "no body" in only_subject
    await chat.say("1")
    huge = "Dear Ms. Lopez, " + "I would like to learn more about nursing. " * 250
    assert len(huge) > 10_000
    assert "so far" in await chat.say(huge)
    long_feedback = await chat.say("/done")
    assert "Feedback on draft 2" in long_feedback
    exported = await store.export(chat.key)
    assert exported is not None and len(exported["email_drafts"]) == 2


async def test_a_draft_survives_a_command_in_the_middle(chat: Chat) -> None:
    await chat.walk("hi", "yes", "/lesson email", "Ms. Lopez", "1", "2", "skip")
    await chat.say("Subject: Question")
    assert "Your map" in await chat.say("/map")
    await chat.say("Dear Ms. Lopez,")
    assert "Feedback on draft 1" in await chat.say("/done")


class _Model:
    """A local chat-completions server: answers `reply`, or fails with `status`."""

    def __init__(self) -> None:
        self.reply = "Your ask is clear. Naming the exact week you're free could make a yes easier."
        self.status = 200
        self.calls = 0

    async def handle(self, request: web.Request) -> web.Response:
        self.calls += 1
        body = {
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": self.reply},
                }
            ]
        }
        return web.json_response(body, status=self.status)


async def test_llm_feedback_adds_a_note_but_never_decides(store: Store) -> None:
    model = _Model()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", model.handle)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    llm = make_email_llm(
        LLMSettings(base_url=str(server.make_url("/v1")), model="m", timeout_seconds=2),
        ROOT / "prompts",
    )
    try:
        coach = Coach.from_paths(
            store=store,
            lessons_dir=ROOT / "lessons",
            prompts_dir=ROOT / "prompts",
            clock=lambda: NOW,
            email_llm=llm,
        )
        chat = Chat(coach, user="ana")
        await chat.walk("hi", "yes", "/lesson email", "Ms. Lopez", "2", "1", "skip", VAGUE)
        feedback = await chat.say("/done")
        assert "A coach's extra thought: Your ask is clear." in feedback
        assert chat.choices == ["Revise my draft", "Stop for now"]  # the rubric said not ready
        model.status = 500
        await chat.walk("1", VAGUE)
        failing = await chat.say("/done")
        assert "Feedback on draft 2" in failing and "extra thought" not in failing
        assert model.calls == 2
    finally:
        assert llm is not None
        await llm.aclose()
        await server.close()
