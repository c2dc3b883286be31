"""Optional language-model feedback on an email draft: one extra, encouraging paragraph.

Why: the rubric (:mod:`bot.coaching.email`) gives precise, repeatable feedback, but a
model can add a warmer, more specific nudge. It stays strictly optional and subordinate:

- Off unless the ``[llm]`` settings table exists. :func:`make_email_llm` returns None without
  it, and then nothing is sent anywhere.
- The rubric alone decides "ready to send". The prompt gives the model the rubric's results so
  it complements them, tells it not to judge readiness, and replies that do
  (:data:`_VERDICT_RE`) are dropped.
- The model never writes the email for the student. The system prompt says suggest, don't
  rewrite, and every reply is checked afterwards (:func:`looks_like_rewrite`): a "Subject:"
  line, a greeting line together with a sign-off line, a reply that opens with "Dear ...", a
  long quoted passage, "here's a revised version", or more than MAX_REPLY_WORDS words means
  it is dropped.
- Student text is fenced. The draft goes between two marker lines that carry a fresh random
  nonce (``<<<DRAFT-<nonce>`` ... ``DRAFT-<nonce>>>``), only after anything that looks like
  a marker (runs of ``<<<`` or ``>>>``, ``DRAFT-`` codes, the nonce itself) is removed from
  it. The prompt says that everything inside is data from the student and never
  instructions. Fencing lowers the risk of prompt injection but cannot remove it; the
  rewrite and verdict checks on the reply are the second line of defence.
- Failures are silent for the student: a timeout (the whole request, default 8 s), a
  connection error, a non-2xx status, malformed JSON or an empty answer is logged (without
  the student's words) and :meth:`EmailCoachLLM.extra_feedback` returns None. It never raises.

The prompt text lives in ``prompts/llm/system.j2`` and ``prompts/llm/email_feedback.j2``.
The API key is read from the environment variable named by ``api_key_env``, at request time,
never from a file.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import secrets
import time
from pathlib import Path
from typing import Any

import httpx
import pydantic
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.coaching.email import Review
from bot.support.redact import error_summary

log = logging.getLogger(__name__)

TEMPLATE_DIR_NAME = "llm"
SYSTEM_TEMPLATE = "system.j2"
USER_TEMPLATE = "email_feedback.j2"
TEMPERATURE = 0.4
MAX_FEEDBACK_CHARS = 700  # what the student sees, cut at a sentence end
MAX_REPLY_WORDS = 150  # a longer reply is treated as a rewritten email and dropped
MAX_QUOTED_WORDS = 35  # a quoted passage longer than this is a rewrite, not a quote
MAX_DRAFT_CHARS = 5000  # the rest of a huge draft is not sent to the model
MAX_FIELD_CHARS = 80  # recipient and purpose, flattened to one line
MAX_RESPONSE_BYTES = 200_000  # a reply bigger than this is not read
NONCE_BYTES = 8

PURPOSE_LABELS = {
    "advice": "asking for advice",
    "informational": "asking for an informational conversation",
    "job_shadow": "asking to job shadow",
    "internship": "asking about an internship",
    "recommendation": "asking for a recommendation",
    "thank_you": "saying thank you after help",
}


class LLMSettings(pydantic.BaseModel):
    """The ``[llm]`` table of Orbit's TOML settings: any OpenAI-compatible endpoint."""

    model_config = pydantic.ConfigDict(extra="forbid")

    base_url: str  # e.g. "http://127.0.0.1:8080/v1"; /chat/completions is appended
    model: str
    timeout_seconds: float = pydantic.Field(default=8.0, gt=0)
    api_key_env: str = "ORBIT_LLM_API_KEY"  # the key itself only ever comes from this variable
    max_tokens: int = pydantic.Field(default=300, gt=0)


class EmailCoachLLM:
    """Asks a chat-completions endpoint for one paragraph of extra suggestions on a draft."""

    def __init__(
        self,
        settings: LLMSettings,
        *,
        prompts_dir: Path,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        """``prompts_dir`` is Orbit's ``prompts/`` folder; the templates are in its ``llm/``.

        A ``client`` passed in stays the caller's to close; otherwise one is made here and
        :meth:`aclose` closes it. Missing templates raise here, at startup, not per request.
        """
        self.settings = settings
        self.url = settings.base_url.rstrip("/") + "/chat/completions"
        env = Environment(
            loader=FileSystemLoader(Path(prompts_dir) / TEMPLATE_DIR_NAME),
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self._system = env.get_template(SYSTEM_TEMPLATE)
        self._user = env.get_template(USER_TEMPLATE)
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(settings.timeout_seconds), follow_redirects=False
        )

    async def extra_feedback(
        self, draft: str, review: Review, *, purpose: str, recipient: str
    ) -> str | None:
        """One short paragraph of extra suggestions, or None (off-topic, failed or too slow).

        Never raises: every failure is logged and answered with None, so the caller simply
        shows the rubric's feedback alone.
        """
        if not (draft or "").strip():
            return None
        started = time.monotonic()
        try:
            messages = self.build_messages(draft, review, purpose=purpose, recipient=recipient)
            async with asyncio.timeout(self.settings.timeout_seconds):
                content = await self._complete(messages)
        except TimeoutError:
            log.warning(
                "llm: no answer within %.1f s; using the rubric alone", self._elapsed(started)
            )
            return None
        except httpx.HTTPError as exc:
            log.warning("llm: request failed (%s); using the rubric alone", type(exc).__name__)
            return None
        except _BadReply as exc:
            log.warning("llm: unusable reply (%s); using the rubric alone", exc)
            return None
        except Exception as exc:  # never let an optional extra break a coaching turn
            log.error("llm: unexpected error (%s); using the rubric alone", error_summary(exc))
            return None
        feedback = clean_feedback(content)
        if feedback is None:
            log.info("llm: reply dropped (empty, a rewritten email or a verdict)")
            return None
        log.info("llm: feedback in %.2f s (%d chars)", self._elapsed(started), len(feedback))
        return feedback

    def build_messages(
        self, draft: str, review: Review, *, purpose: str, recipient: str
    ) -> list[dict[str, str]]:
        """The system and user messages: rubric results first, then the fenced draft."""
        nonce = new_nonce()
        fenced_draft = sanitize_draft(draft, nonce)
        failed = [
            {"id": item.id, "required": item.required, "advice": _one_line(item.advice)}
            for item in review.fixes
        ]
        context = {
            "ready": review.ready,
            "language_ok": review.language_ok,
            "word_count": review.word_count,
            "passed": [item.id for item in review.criteria if item.passed],
            "failed": failed,
            "top_fix_ids": [item.id for item in review.top_fixes],
            "purpose": PURPOSE_LABELS.get(purpose, _field(purpose, nonce)),
            "recipient": _field(recipient, nonce),
            "draft": fenced_draft,
            "draft_was_cut": len((draft or "").strip()) > MAX_DRAFT_CHARS,
            "fence_open": f"<<<DRAFT-{nonce}",
            "fence_close": f"DRAFT-{nonce}>>>",
            "max_suggestions": 3,
        }
        return [
            {"role": "system", "content": self._system.render(**context).strip()},
            {"role": "user", "content": self._user.render(**context).strip()},
        ]

    async def aclose(self) -> None:
        """Close the HTTP client if this object made it."""
        if self._owns_client:
            await self._client.aclose()

    async def _complete(self, messages: list[dict[str, str]]) -> str:
        """POST the chat-completions request and return the first choice's text."""
        payload = {
            "model": self.settings.model,
            "messages": messages,
            "max_tokens": self.settings.max_tokens,
            "temperature": TEMPERATURE,
            "stream": False,
        }
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        key = os.environ.get(self.settings.api_key_env, "").strip()
        if key:
            headers["Authorization"] = f"Bearer {key}"
        async with self._client.stream("POST", self.url, json=payload, headers=headers) as resp:
            if not 200 <= resp.status_code < 300:
                raise _BadReply(f"HTTP {resp.status_code}")
            body = bytearray()
            async for chunk in resp.aiter_bytes():
                body += chunk
                if len(body) > MAX_RESPONSE_BYTES:
                    raise _BadReply("reply too large")
        return _reply_text(bytes(body))

    @staticmethod
    def _elapsed(started: float) -> float:
        return time.monotonic() - started


def make_email_llm(settings: LLMSettings | None, prompts_dir: Path) -> EmailCoachLLM | None:
    """The model-feedback helper when ``[llm]`` is configured, else None (nothing is sent)."""
    if settings is None:
        return None
    return EmailCoachLLM(settings, prompts_dir=prompts_dir)


# --- fencing -------------------------------------------------------------------------------

_MARKER_RE = re.compile(r"<{3,}|>{3,}|\bDRAFT-[A-Za-z0-9]+")


def new_nonce() -> str:
    """A fresh random code for this request's fence (tests replace it to know the fence)."""
    return secrets.token_hex(NONCE_BYTES)


def sanitize_draft(draft: str, nonce: str) -> str:
    """The draft as it goes inside the fence: no marker-like text, no nonce, bounded length.

    Removal repeats until nothing changes, so pieces that join up into a marker once the
    text between them is removed ("<<DRAFT-x<") are removed too.
    """
    text = (draft or "").replace("\r\n", "\n").replace("\r", "\n").strip()[:MAX_DRAFT_CHARS]
    previous = None
    while previous != text:
        previous = text
        text = _MARKER_RE.sub("", text)
        if nonce:
            text = text.replace(nonce, "")
    return text.strip()


def _field(value: str, nonce: str) -> str:
    """A short student-provided value (recipient, purpose) on one line, without markers."""
    flat = " ".join(sanitize_draft(value or "", nonce).split())
    return flat[:MAX_FIELD_CHARS]


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


# --- reading the reply -----------------------------------------------------------------------


class _BadReply(Exception):
    """The endpoint answered, but not with a usable chat completion."""


def _reply_text(body: bytes) -> str:
    """``choices[0].message.content`` of a chat-completions response, as text."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _BadReply("malformed JSON") from exc
    try:
        choice = data["choices"][0]
        content: Any = choice["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise _BadReply("no choices[0].message.content") from exc
    if isinstance(content, list):  # some servers return content parts
        content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
    if not isinstance(content, str) or not content.strip():
        raise _BadReply("empty answer")
    if isinstance(choice, dict) and choice.get("finish_reason") == "length":
        content = _whole_sentences(content) or content
    return content


_SUBJECT_LINE_RE = re.compile(r"^[\s>*_#`\"'-]*subject(?:\s+line)?\s*[:：]", re.IGNORECASE)
_GREETING_LINE_RE = re.compile(
    r"^[\s>*_\"']*(?:dear|hello|hi|hey|greetings|good (?:morning|afternoon|evening))\b"
    r"[^\n]{0,50}[,:!]?\s*$",
    re.IGNORECASE,
)
_OPENS_AS_LETTER_RE = re.compile(r"^[\s>*_\"']*(?:dear\s|to whom it may concern)", re.IGNORECASE)
_SIGNOFF_LINE_RE = re.compile(
    r"^[\s>*_\"']*(?:sincerely|best|best regards|best wishes|kind regards|warm regards|"
    r"warmest regards|regards|respectfully|yours truly|sincerely yours|warmly|thank you|"
    r"thanks|many thanks|with gratitude|gratefully|cheers|all the best)\b[\s,.!]*"
    r"(?-i:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})?[\s\"'*_]*$",
    re.IGNORECASE,
)
_REWRITE_PHRASE_RE = re.compile(
    r"\bhere(?:'s| is) (?:a |an |the |your )?(?:revised|rewritten|improved|updated|new|"
    r"better|polished|edited|corrected|full|complete|sample) (?:version|email|draft|message)\b"
    r"|\b(?:revised|rewritten|improved|updated|corrected) (?:version|email|draft):",
    re.IGNORECASE,
)
_QUOTED_RE = re.compile(r"\"([^\"]*)\"|“([^”]*)”")
_VERDICT_RE = re.compile(
    r"\bready to (?:send|go)\b|\bgood to go\b|\bsend it (?:now|as is|as-is)\b"
    r"|\bperfect as (?:is|it is)\b|\bno (?:changes|edits|fixes) (?:are )?needed\b",
    re.IGNORECASE,
)
_BULLET_RE = re.compile(r"^\s*(?:[-*•]+|\d{1,2}[.)])\s+")
_WORDS_RE = re.compile(r"[\w'’-]+")


def looks_like_rewrite(reply: str) -> bool:
    """True when a reply looks like an email written for the student rather than advice."""
    text = reply.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line for line in text.split("\n") if line.strip()]
    if len(_WORDS_RE.findall(text)) > MAX_REPLY_WORDS:
        return True
    if any(_SUBJECT_LINE_RE.match(line) for line in lines):
        return True
    if lines and _OPENS_AS_LETTER_RE.match(lines[0]):
        return True
    has_greeting = any(_GREETING_LINE_RE.match(line) for line in lines)
    has_signoff = any(_SIGNOFF_LINE_RE.match(line) for line in lines)
    if has_greeting and has_signoff:
        return True
    if _REWRITE_PHRASE_RE.search(text):
        return True
    for match in _QUOTED_RE.finditer(text):
        quoted = match.group(1) if match.group(1) is not None else match.group(2)
        if len(_WORDS_RE.findall(quoted)) > MAX_QUOTED_WORDS:
            return True
    return False


def gives_verdict(reply: str) -> bool:
    """True when the reply says whether the email is ready; only the rubric may say that."""
    return bool(_VERDICT_RE.search(reply))


def clean_feedback(reply: str | None) -> str | None:
    """The reply as one short paragraph for the student, or None when it must not be shown."""
    if reply is None or not reply.strip():
        return None
    if looks_like_rewrite(reply) or gives_verdict(reply):
        return None
    lines = [_BULLET_RE.sub("", line).strip() for line in reply.splitlines()]
    paragraph = " ".join(" ".join(line for line in lines if line).split())
    paragraph = paragraph.replace("**", "").replace("__", "")
    if not paragraph:
        return None
    if len(paragraph) > MAX_FEEDBACK_CHARS:
        paragraph = _whole_sentences(paragraph[:MAX_FEEDBACK_CHARS]) or _cut_words(paragraph)
    return paragraph or None


def _whole_sentences(text: str) -> str:
    """The text up to its last sentence end ('' when it has none)."""
    ends = [m.end() for m in re.finditer(r"[.!?](?:[\"')\]]*)(?=\s|$)", text)]
    return text[: ends[-1]].strip() if ends else ""


def _cut_words(text: str) -> str:
    """Cut at a word boundary under MAX_FEEDBACK_CHARS, with an ellipsis."""
    cut = text[: MAX_FEEDBACK_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"
