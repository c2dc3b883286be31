"""A student drafts a real outreach email, gets rubric feedback, and revises it."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.coaching.llm import LLMSettings, make_email_llm
from bot.config import ROOT
from bot.core.engine import Coach
from bot.store.store import Store
from tests.support.chat import MAPPING_WALK, Chat
from tests.support.coach import NOW

VAGUE = "Subject: hi\nhey ms lopez can u help me with college"
READY = """Subject: Question about nursing programs
Dear Ms. Lopez,
My name is Ana Torres and I am a junior at Lincoln High School. You spoke at our career day
last month about your work as a nurse, and I have been thinking about it since.
Would you have 15 minutes for a short phone call in the next two weeks? I would love to ask
how you chose your nursing program. I know you are busy, so any time that works for you is
great.
Thank you for considering it.
Best regards,
Ana Torres"""


async def test_draft_feedback_revise_until_ready(chat: Chat, store: Store) -> None:
    await chat.walk(*MAPPING_WALK)
    assert "Who will you write to?" in await chat.say("/lesson email")
    assert "Mom, Tío Beto or Ms. Rivera" in chat.replies[-1].text
    assert "What is the email for?" in await chat.say("Ms. Lopez")
    parts = await chat.say("An informational conversation")
    assert "A good outreach email has these parts" in parts
    assert "15-20 minutes" in parts  # the example fits the purpose
    assert 'Start with "Subject: ..."' in parts

    assert "so far" in await chat.say(VAGUE)
    feedback = await chat.say("/done")
    assert "Feedback on draft 1" in feedback
    assert feedback.count("\n1. ") == 1 and "\n3. " in feedback and "\n4. " not in feedback
    assert chat.choices == ["Revise my draft", "Stop for now"]

    assert "Send your revised draft" in await chat.say("1")
    await chat.say(READY)
    ready = await chat.say("/done")
    assert "Your email is ready to send!" in ready
    assert chat.replies[-1].document == READY  # a block that is easy to copy

    exported = await store.export(chat.key)
    assert exported is not None
    drafts = exported["email_drafts"]
    assert [(d["version"], d["ready"]) for d in drafts] == [(1, False), (2, True)]
    assert drafts[0]["text"] == VAGUE and drafts[1]["recipient"] == "Ms. Lopez"
    failed = {c["id"] for c in drafts[0]["rubric"]["criteria"] if c["result"] == "needs-work"}
    assert {"greeting", "ask", "signoff", "mechanics"} <= failed
    assert any(p["lesson"] == "email" for p in exported["lessons"])


async def test_stop_keeps_every_version(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "/lesson email", "Coach Dee", "1", VAGUE, "/done")
    stopped = await chat.say("Stop for now")
    assert "every version is saved" in stopped
    assert [r.document for r in chat.replies if r.document] == [VAGUE]
    assert "Back to Relationship mapping." in stopped  # the lesson it interrupted resumes
    exported = await store.export(chat.key)
    assert exported is not None and len(exported["email_drafts"]) == 1


async def test_draft_bad_inputs(chat: Chat, store: Store) -> None:
    await chat.walk("hi", "yes", "/lesson email")
    assert "contact details" in await chat.say("lopez@school.org")
    await chat.walk("Ms. Lopez", "1")
    assert "There's no text yet" in await chat.say("/done")
    assert "I didn't get any text" in await chat.say("   ")
    only_subject = await chat.walk("Subject: Question about nursing classes", "/done")
    assert "Feedback on draft 1" in only_subject and "no body" in only_subject
    await chat.say("1")
    huge = "Dear Ms. Lopez, " + "I would like to learn more about nursing. " * 250
    assert len(huge) > 10_000
    assert "so far" in await chat.say(huge)
    long_feedback = await chat.say("/done")
    assert "Feedback on draft 2" in long_feedback and "a good length" not in long_feedback
    await chat.say("1")
    spanish = (
        "Asunto: Pregunta\nEstimada señora López, me llamo Ana y soy estudiante en la "
        "escuela. Me gustaría hablar con usted sobre su trabajo como enfermera. Gracias."
    )
    await chat.say(spanish)
    assert "made for emails in English" in await chat.say("/done")
    exported = await store.export(chat.key)
    assert exported is not None and len(exported["email_drafts"]) == 3


async def test_a_draft_survives_a_command_in_the_middle(chat: Chat) -> None:
    await chat.walk("hi", "yes", "/lesson email", "Ms. Lopez", "1", "Subject: Question")
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
        await chat.walk("hi", "yes", "/lesson email", "Ms. Lopez", "2", VAGUE)
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
