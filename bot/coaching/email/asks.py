"""The ask: one clear, specific request near the top -- not buried, hedged or one of many.

Why: a busy adult answers an email whose request they can see and say yes to. A request in
the fourth paragraph, softened with "maybe sometime possibly", or mixed with three other
questions tends to go unanswered, so each of those is flagged even when the words are there.
"""

from __future__ import annotations

import re

from bot.coaching.ask_check import check_ask
from bot.coaching.email.context import Context, Outcome, quote

MAX_ASK_CANDIDATES = 25  # an email with more requests than this is too long anyway
MAX_PARAGRAPH = 2  # the ask belongs in the first two paragraphs of the body
MAX_SENTENCES_BEFORE = 7  # ...and not after the seventh sentence of one long block
MIN_HEDGES = 3  # "if maybe sometime you might possibly": hedged to nothing
MIN_SEVERAL = 3  # three or more separate requests at once
_QUESTION = re.compile(
    r"^(?:and |also,? |so )?(?:can|could|would|will|do|does|is|are|may|what|when|where|how|"
    r"which|who|should)\b.*\?$|¿",
    re.IGNORECASE,
)
# a question written without its "?" ("Also could you check my grade, I think it's wrong.")
_ASKS_THE_READER = re.compile(
    r"^(?:and |also,? |so |plus )?(?:can|could|would|will) (?:you|u|i)\b(?![^.]*\blet me know\b)",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(
    r"\b(?:check|look (?:at|over)|read|review|sign|grade|fix|change|update|approve|explain|"
    r"go over|revisar?l[oa]|explicarl[oa])\s+(?:it|them|this|that)\b",
    re.IGNORECASE,
)
_WHEN_BACK = re.compile(
    r"\b(?:that|the same) (?:day|morning|afternoon|evening|night|week|weekend)\b|\bese d[ií]a\b",
    re.IGNORECASE,
)
_HELP_ME = re.compile(
    r"\bhelp (?:me|u|us)\b(?!\s+(?:with|on|understand|figure|find|learn|decide|choose)\b)",
    re.IGNORECASE,
)
_WRITE = re.compile(r"\b(?:write|writing|escrib\w*)\b", re.IGNORECASE)
_CLAUSES = re.compile(
    r";|,\s+(?:and|but|y|pero|also)\s+|\s+and\s+(?=(?:i|i'd|i'm|also|could|would|can)\b)"
    r"|,\s+(?:and\s+)?(?=(?:if|whether)\s+(?:i|you|we)\b)",  # "ask if..., if I could..."
    re.IGNORECASE,
)


def check_the_ask(ctx: Context) -> Outcome:
    """Find the ask and say what keeps it from being one clear request near the top."""
    purpose = ctx.standard.purpose
    if purpose == "thank_you":
        return Outcome(True, "thank_you")
    sentences = ctx.parts.sentences
    requests = [
        index
        for index, sentence in enumerate(sentences)
        if ctx.language.request.search(ctx.language.spell_out(sentence))
        or _QUESTION.search(sentence)
    ][:MAX_ASK_CANDIDATES]
    if not requests:
        return Outcome(False, "missing")
    # requests phrased as questions ("Could you...?"), not the questions for the call itself
    questions = [
        i
        for i in requests
        if ("?" in sentences[i] or _ASKS_THE_READER.search(sentences[i]))
        and ctx.language.request.search(sentences[i].replace("?", "").replace("¿", ""))
    ]
    several = questions if len(questions) >= MIN_SEVERAL else _different_asks(ctx, requests)
    if several:
        quotes = " / ".join(quote(sentences[i]) for i in several[:2])
        count = max(len(several), len(_kinds_asked(ctx, requests)))
        return Outcome(False, "several", {"quote": quotes, "count": count})
    found = _first_specific(ctx, requests)
    if found is None and purpose == "recommendation":
        found = next((i for i in requests if _asks_for_the_letter(ctx, i)), None)
    if found is None and purpose == "follow_up":  # "Would you still be willing to meet?"
        found = next((i for i in requests if ctx.language.reask.search(sentences[i])), None)
    if found is None:
        return _vague(ctx, requests)
    sentence = sentences[found]
    fields: dict[str, str | int] = {"quote": quote(sentence)}
    if len(ctx.language.hedges.findall(sentence)) >= MIN_HEDGES:
        return Outcome(False, "hedged", fields)
    if _buried(ctx, found):
        return Outcome(False, "buried", fields)
    if purpose == "recommendation":
        return _recommendation(ctx, found, fields)
    return Outcome(True, "pass", fields)


def _asks_for_the_letter(ctx: Context, index: int) -> bool:
    """ "Would you write me a recommendation?", or "...it asks for a letter. Would you be
    willing to write one?": the letter named in the sentence before."""
    sentences = ctx.parts.sentences
    if ctx.language.letter.search(sentences[index]):
        return True
    before = sentences[index - 1] if index else ""
    return bool(_WRITE.search(sentences[index]) and ctx.language.letter.search(before))


def _different_asks(ctx: Context, requests: list[int]) -> list[int]:
    """The sentences asking for three or more different kinds of thing (a talk, a shadow
    day, a look at a resume, an opening...), in one paragraph or across several; one ask
    said over several sentences names one kind."""
    kinds = _kinds_asked(ctx, requests)
    return sorted(set(kinds.values())) if len(kinds) >= MIN_SEVERAL else []


def _kinds_asked(ctx: Context, requests: list[int]) -> dict[int, int]:
    """Each kind of thing asked for, with the first sentence asking for it; a clause counts
    the first kind it names ("come by to talk about a position" is one visit)."""
    kinds: dict[int, int] = {}
    patterns = ctx.language.ask_kinds
    for index in requests:
        for clause in _CLAUSES.split(ctx.parts.sentences[index]):
            if not (ctx.language.request.search(clause) or _QUESTION.search(clause.strip())):
                continue
            found = [(m.start(), k) for k, p in enumerate(patterns) if (m := p.search(clause))]
            if found:
                kinds.setdefault(min(found)[1], index)
    return kinds


def _first_specific(ctx: Context, requests: list[int]) -> int | None:
    """The first request that is specific alone, else with the sentences either side."""
    sentences = [ctx.language.spell_out(sentence) for sentence in ctx.parts.sentences]
    for index in requests:
        if ctx.language.is_specific(sentences[index]):
            return index
        if not sentences[index].endswith("?"):
            continue  # "Please let me know." borrows nothing from the sentence before
        if ctx.language.is_specific(" ".join(sentences[index : index + 2])):
            return index
        # "My lab grade was entered as a 0. Could you check it this week?": "it" is the grade
        before = " ".join(sentences[index - 1 : index + 1]) if index else ""
        if _POINTS_BACK.search(sentences[index]) and ctx.language.is_specific(before):
            return index
        if _WHEN_BACK.search(sentences[index]) and ctx.language.is_specific(before):
            return index  # "I have a dentist appointment Thursday. Could I come late that day?"
        if _help_with_the_trouble_before(ctx, sentences, index):
            return index
    return None


def _help_with_the_trouble_before(ctx: Context, sentences: list[str], index: int) -> bool:
    """ "I don't get the thesis for the Gatsby essay. Can you help me at lunch tomorrow?":
    help, with a when, on the schoolwork the sentence before names."""
    if not index or not _HELP_ME.search(sentences[index]) or ctx.language.code != "en":
        return False
    if check_ask(sentences[index]).missing != ("what",):
        return False
    before = {word.lower() for word in re.findall(r"[^\W\d_]+", sentences[index - 1])}
    return bool(before & ctx.language.subject_purpose)


def _vague(ctx: Context, requests: list[int]) -> Outcome:
    """The ask is there but names no concrete thing, or no when or how much."""
    sentence = ctx.parts.sentences[requests[0]]
    fields: dict[str, str | int] = {"quote": quote(sentence)}
    if len(ctx.language.hedges.findall(sentence)) >= MIN_HEDGES:
        return Outcome(False, "hedged", fields)
    if ctx.language.code == "en" and "what" not in check_ask(sentence).missing:
        return Outcome(False, "vague_bounds", fields)
    return Outcome(False, "vague_what", fields)


def _buried(ctx: Context, index: int) -> bool:
    """True when the ask comes after the first two paragraphs or deep in one long block."""
    sentence = ctx.parts.sentences[index]
    paragraphs = ctx.parts.paragraphs
    where = next((i for i, p in enumerate(paragraphs) if sentence in p), 0)
    if where >= MAX_PARAGRAPH:
        return True
    before = sum(1 for s in ctx.parts.sentences[1:index] if s) if index else 0
    return before >= MAX_SENTENCES_BEFORE


def _recommendation(ctx: Context, index: int, fields: dict[str, str | int]) -> Outcome:
    """A recommendation request names the deadline and what the student will send."""
    paragraphs = ctx.parts.paragraphs
    sentence = ctx.parts.sentences[index]
    where = next((i for i, p in enumerate(paragraphs) if sentence in p), 0)
    text = " ".join(paragraphs[: max(MAX_PARAGRAPH, where + 1)]) or ctx.parts.draft.body
    has_deadline = bool(ctx.language.deadline.search(text))
    provides = bool(ctx.language.provides.search(text))
    if has_deadline and provides:
        return Outcome(True, "pass", fields)
    if not has_deadline and not provides:
        return Outcome(False, "rec_both", fields)
    return Outcome(False, "rec_provides" if has_deadline else "rec_deadline", fields)
