"""Say whether a student's ask is specific enough for a busy adult to answer with a yes.

Why: a vague ask ("help me with college") leaves the reader to work out what the student
wants, so it tends to go unanswered; a specific ask names one thing and bounds it.

Heuristics (deterministic, offline, English only):

- ``what`` -- the ask names something concrete, found in one of three ways:
  1. a self-contained action or thing: meet, talk, chat, call, conversation, shadow,
     internship, interview, tour, visit, recommendation, reference, and the things
     students ask teachers and employers for: a retake, an extension, making up a lab,
     turning work in, coming by, applying, volunteering, a position, part-time work, and
     the verbs that name the work itself (intern, assist, apprentice, sit in on, observe);
  2. an action verb that needs an object (read, review, look over, proofread, edit, show,
     introduce, explain, practice, share, tell me, ask you, hear about...) followed within
     eight words by at least one content word that is not vague ("college", "career",
     "advice", "stuff", "anything"... are vague);
  3. a concrete question: a sentence that starts with a question word (what, which, how...)
     and ends with "?", or "tell me / let me know" + what/which/how/whether/if, with at
     least two non-vague content words.
  "advice on/about X" counts when X has a non-vague content word; "any advice" does not.
- ``when`` -- a time frame: a weekday, a month, a date (5/9, May 9), today/tomorrow,
  this/next week, before/by/during a named time, spring break, after school, a clock
  time, "deadline" or "due". "Sometime", "soon" and "whenever" do not count.
- ``how_much`` -- a bounded size: a duration (15 minutes, 15-20 minutes, half an hour,
  for a day/afternoon), a count (one question, a few questions, two pages, a 650-word
  essay). A concrete question (rule 3 above) is bounded by nature: it is one question.

``specific`` is ``what and (when or how_much)``. ``missing`` lists exactly the parts that keep
the ask from being specific, so it is empty when the ask is specific; when neither a time
frame nor a size is found, both "when" and "how_much" are listed.

Known limits: it reads words, not meaning, so a concrete-sounding but odd ask can pass and an
unusual phrasing of a good ask can fail; month names that are also words ("may", "march")
count only next to a day number or after in/by/before.
"""

import re
from dataclasses import dataclass

ASK_PARTS = ("what", "when", "how_much")


def _word_set(text: str) -> frozenset[str]:
    """Readable word lists: one string, split on whitespace."""
    return frozenset(text.split())


SUGGESTIONS: dict[str, str] = {
    "what": (
        "Try naming one thing: 'Could you look over my college essay draft for 15 minutes "
        "this week?'"
    ),
    "bounds": (
        "Say how big or by when: 'for 15 minutes' or 'by Friday, May 9' tells them exactly "
        "what saying yes would mean."
    ),
    "specific": "",
}

_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_WHEN_RE = re.compile(
    "|".join(
        (
            rf"\b{_DAYS}\b",
            r"\b(?:today|tonight|tomorrow|tmrw|tmr|2moro)\b",
            r"\b(?:this|next|coming)\s+(?:week|weekend|month|semester|term|summer|spring|fall"
            r"|winter|year)\b",
            r"\bover the (?:summer|weekend|break)\b",
            # "this June"; not "this may be", "next march" is a month only by luck
            r"\b(?:this|next|coming) (?:january|february|april|june|july|august|september|"
            r"october|november|december)\b",
            rf"\b(?:by|before|in|during|early|late|mid|until|after)[- ](?:the end of )?{_MONTHS}\b",
            rf"\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b",
            r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b",
            r"\b(?:spring|winter|summer|fall|thanksgiving|holiday|mid-winter)\s+break\b",
            r"\bafter school\b",
            r"\b(?:during|at) (?:lunch|office hours|your office hours|(?:\w+ )?period)\b",
            r"\boffice hours\b",
            r"\b(?:deadline|due)\b",
            r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)",
            r"\bweek of\b",
            r"\bwithin (?:the next )?(?:a|one|two|three|\d+) (?:days?|weeks?)\b",
            r"\bend of (?:the )?(?:week|month|semester|day)\b",
            # Spanish: "el viernes", "esta semana", "antes del 15 de marzo", "en el almuerzo"
            r"\b(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)\b",
            r"\b(?:hoy|ma[ñn]ana|esta noche|pasado ma[ñn]ana)\b",
            r"\b(?:est[ea]|la pr[oó]xima|el pr[oó]ximo|la otra|el otro)\s+(?:semana|fin de "
            r"semana|mes|semestre|verano|a[ñn]o)\b",
            r"\b\d{1,2} de (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
            r"octubre|noviembre|diciembre)\b",
            r"\b(?:despu[eé]s|antes) de (?:clases?|la escuela)\b",
            r"\b(?:a la hora del|en el) (?:almuerzo|receso|recreo)\b",
            r"\bfecha l[ií]mite\b",
            r"\ben (?:un|una|dos|tres|\d+) (?:d[ií]as?|semanas?)\b",
        )
    ),
    re.IGNORECASE,
)
_NUMBER_WORDS = r"(?:five|ten|fifteen|twenty|thirty|forty[- ]five|sixty)"
_HOW_MUCH_RE = re.compile(
    "|".join(
        (
            r"\b\d+\s*(?:(?:-|–|to|or)\s*\d+\s*)?[- ]?(?:min|mins|minutes?|hours?|hrs?)\b",
            rf"\b{_NUMBER_WORDS}(?:\s*(?:-|to|or)\s*{_NUMBER_WORDS})?[- ]minutes?\b",
            r"\b(?:half an|half[- ]an?|an|one|a half|a|1)[- ]hour\b",
            r"\bfor (?:one|a|half a|an|the|1) (?:full |half |school )?(?:day|afternoon|morning|"
            r"shift|class period|period)\b",
            r"\bhalf[- ]day\b",
            r"\b(?:a|one|1|two|2|three|3|a few|a couple of|a couple|couple of)"
            r" (?:quick |short |brief |specific )?(?:questions?|pages?|paragraphs?)\b",
            r"\b\d+[- ](?:word|page)s?\b",
            r"\bone[- ]page\b",
            r"\b\d+\s*(?:minutos?|horas?)\b",
            r"\b(?:cinco|diez|quince|veinte|treinta) minutos\b",
            r"\b(?:media hora|una hora)\b",
            r"\b(?:una|dos|tres|unas|un par de) (?:preguntas?|p[aá]ginas?|p[aá]rrafos?)\b",
        )
    ),
    re.IGNORECASE,
)
_SELF_CONTAINED_RE = re.compile(
    r"\b(?:meet|meeting|talk|chat|conversation|call|speak|shadow|shadowing|internship|"
    r"interview|tour|visit|recommendation|reference|retake|re-take|extension|make-?up|"
    r"make (?:it|this|the [\w-]+|them) up|turn (?:it|this|them) in|hand (?:it|this) in|"
    r"come (?:by|in|to your)|stop by|drop by|apply|volunteer|position|part-time|"
    r"work (?:at|for|with|on|alongside|under) your|work (?:for|with|alongside|under) you|"
    r"join your|helper|assistant|coffee|help out|intern|assist|apprentice|sit in(?: on)?|"
    r"ride along|observe|job[- ]shadow|hiring|openings?|"
    r"(?:summer|part-time|weekend|after-school) jobs?|jobs? (?:open|available)|"
    r"(?:spot|opening|room|place|slot|space) for me|"
    r"reunirnos|reuni[oó]n|platicar|llamada|entrevista|visitar|recomendaci[oó]n|carta|"
    r"referencia|pr[oó]rroga|voluntariado|pasar a su sal[oó]n|un caf[eé])\b",
    re.IGNORECASE,
)
_OBJECT_VERB_RE = re.compile(
    r"\b(?:read|re-read|review|look (?:over|at|through)|proofread|edit|check|critique|"
    r"give (?:me )?(?:feedback|notes|comments)|feedback on|show me|show|introduce|explain|"
    r"practice|share|write|observe|join|tell me|ask you|answer|sign|recommend|send|describe|teach|"
    r"walk me through|go over|hear about|learn about|suggest|point me to|quiz|drill|tutor|"
    r"drive|give me a ride|pick me up|lend|borrow|fill out|help me (?:fill|practice|study)|"
    r"email me|text me|send me|post|upload|approve|initial|excuse|"
    r"revisar|leer|corregir|explicar|explicarme|ense[ñn]arme|mostrarme|ayudarme (?:a|con)|"
    r"escribirme|escribir|firmar|llenar|practicar|repasar|contarme)\b",
    re.IGNORECASE,
)
_ADVICE_ON_RE = re.compile(r"\b(?:advice|tips|help|thoughts|input)\s+(?:on|about|with)\b", re.I)
_QUESTION_START_RE = re.compile(
    r"^(?:(?:and|also|so|but)[, ]+)?(?:what|which|how|where|who|when|is there|are there)\b",
    re.IGNORECASE,
)
_EMBEDDED_QUESTION_RE = re.compile(
    r"\b(?:tell me|let me know|explain)\s+(?:about\s+)?(?:what|which|how|whether|if|where|who)\b",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE_SPLIT_RE = re.compile(
    r"(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bMrs\.)(?<!\bProf\.)(?<=[.!?])\s+|\n+"
)
_OBJECT_WINDOW = 8
_MIN_QUESTION_CONTENT = 2

# Words that carry no concrete content of their own.
_STOPWORDS = _word_set(
    """
    a an the and or but if so to of in on at for with from by about into onto over under
    as than then that this these those there here it its it's me my mine you your yours
    i i'm i've i'd we us our they them their he she him her his hers who whom whose what
    which when where why how whether is am are was were be been being do does did have
    has had get got getting go going make made can could would will should shall may
    might must some any all each every most more much many very really just also too
    quite please maybe perhaps possibly kind sort lot bit around up down out back again
    still even one ones someone somebody anyone anybody no not yes ok okay want like
    need know think sure would've you'd you're i'll let'd tell let give show help hear
    learn ask mean means
    """
)
_VAGUE_WORDS = _word_set(
    """
    college colleges future career careers life stuff things thing everything anything
    something advice help questions question job jobs work field experience experiences
    path plans plan options general stuff info information tips guidance opportunities
    opportunity good best great better success successful ever free available willing
    able open interested
    """
)
_TIME_WORDS = _word_set(
    """
    minute minutes min mins hour hours day days week weeks weekend month months time
    today tomorrow soon sometime whenever quick short brief next monday tuesday
    wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays
    fridays
    """
)


@dataclass(frozen=True)
class AskCheck:
    """Whether an ask is specific, what keeps it from being so, and one way to fix it."""

    specific: bool
    missing: tuple[str, ...]
    suggestion: str


def check_ask(text: str) -> AskCheck:
    """Check one ask (a sentence or two) for a concrete what and a time frame or size."""
    normalized = (text or "").replace("’", "'").strip()
    sentences = split_sentences(normalized)
    concrete_question = any(_is_concrete_question(sentence) for sentence in sentences)
    has_what = concrete_question or _names_concrete_thing(normalized)
    has_when = bool(_WHEN_RE.search(normalized))
    has_how_much = concrete_question or bool(_HOW_MUCH_RE.search(normalized))
    missing = _missing_parts(has_what=has_what, has_when=has_when, has_how_much=has_how_much)
    return AskCheck(specific=not missing, missing=missing, suggestion=_suggestion_for(missing))


def split_sentences(text: str) -> list[str]:
    """Split on line breaks and sentence ends, but not after titles like "Mr." or "St."."""
    return [part.strip() for part in _SENTENCE_SPLIT_RE.split(text) if part.strip()]


def _missing_parts(*, has_what: bool, has_when: bool, has_how_much: bool) -> tuple[str, ...]:
    """List the parts that keep the ask from being specific, in ASK_PARTS order."""
    missing: list[str] = []
    if not has_what:
        missing.append("what")
    if not (has_when or has_how_much):
        missing.extend(("when", "how_much"))
    return tuple(missing)


def _suggestion_for(missing: tuple[str, ...]) -> str:
    """Pick the suggestion that fixes the most important missing part."""
    if "what" in missing:
        return SUGGESTIONS["what"]
    if missing:
        return SUGGESTIONS["bounds"]
    return SUGGESTIONS["specific"]


def _names_concrete_thing(text: str) -> bool:
    """True when the ask names a self-contained action or an action with a concrete object."""
    if _SELF_CONTAINED_RE.search(text):
        return True
    for pattern in (_OBJECT_VERB_RE, _ADVICE_ON_RE):
        for match in pattern.finditer(text):
            if _content_words(_words_after(text, match.end())):
                return True
    return False


def _is_concrete_question(sentence: str) -> bool:
    """True for one answerable question with real content, asked directly or via 'tell me'."""
    direct = sentence.endswith("?") and _QUESTION_START_RE.search(sentence)
    embedded = _EMBEDDED_QUESTION_RE.search(sentence)
    if not (direct or embedded):
        return False
    start = embedded.start() if embedded and not direct else 0
    content = _content_words(_WORD_RE.findall(sentence[start:].lower()))
    return len(content) >= _MIN_QUESTION_CONTENT


def _words_after(text: str, position: int) -> list[str]:
    """The words that follow a verb in the same sentence, up to the object window."""
    rest = re.split(r"[.!?;]", text[position:], maxsplit=1)[0]
    return _WORD_RE.findall(rest.lower())[:_OBJECT_WINDOW]


def _content_words(words: list[str]) -> list[str]:
    """Keep words that name something concrete: not function, vague, time words or numbers."""
    return [
        word
        for word in words
        if word not in _STOPWORDS
        and word not in _VAGUE_WORDS
        and word not in _TIME_WORDS
        and not word.isdigit()
    ]
