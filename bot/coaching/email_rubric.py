"""Review a student's outreach email against a fixed, explainable ten-point rubric.

Why: students learn faster from feedback that quotes their own words and says exactly what to
change, and a deterministic rubric gives the same answer every time, offline, with no model.

Criteria, in review order (all required for "ready" except ``time_respect``):

- ``subject`` -- a "Subject:" (or "Subject -") first line that is not empty, not only filler
  ("hi", "question", "help"...), and either names a purpose (internship, shadow, advice,
  recommendation, thank you...) or has 3+ words with at least 2 that are not filler.
- ``greeting`` -- the first body line opens with Dear/Hello/Hi/Good morning + a name. A title
  and last name ("Dear Dr. Kim,", "Hello Coach Rivera,") is the expected form for adults. A bare
  first name ("Hi Maya,") passes with a tip: the rubric cannot tell whether the person invited
  the student to use it, so it trusts the student and says when a title is safer. "Hey", "yo",
  "sup", "Hi!!" with no name, "To whom it may concern" and a title with no real surname
  ("Hi Mr. K") fail.
- ``introduction`` -- a name ("My name is Ana", "I'm Ana") with a school, program, grade or
  year in the same or the next sentence ("a junior at Lincoln High", "in the Step Up program").
- ``connection`` -- how they know or found the person: met at, you spoke at, my teacher
  suggested, found your profile, you were my coach, I was in your class, neighbours...
- ``ask`` -- at least one request sentence ("Could you...", "I'd love to...", any "?") that
  :func:`check_ask` finds specific (a concrete thing plus a time frame or size), read alone
  or with the sentences either side ("Would you write one for me?" after "it asks for a
  recommendation by October 1"). Only the first MAX_ASK_CANDIDATES requests are read, to stay
  fast on huge drafts. A thank-you note (its subject starts with thanks) needs no ask.
- ``time_respect`` -- "I know you're busy", "at a time that works for you", "if you have time",
  "flexible", offering days. Advisory, not required: a tightly bounded ask ("a 15-minute
  call") already respects time, and a thank-you note has nothing to schedule. A bare "thank
  you for your time" counts as thanks, not as flexibility.
- ``thanks`` -- thank/thanks/grateful/appreciate anywhere, including the closing.
- ``signoff`` -- a professional closing line (Sincerely, Best, Best regards, Thank you,
  Thanks, Kind regards, Respectfully, Warmly..., or a short "Thank you for your time,")
  followed by a full name: two or more capitalized words of 2+ letters; when
  ``student_name`` is given, it must hold that name's first and last words. Cheers, Later,
  Love, Thx and the like are informal and fail.
- ``length`` -- MIN_WORDS to MAX_WORDS words in the body (everything below the subject).
- ``mechanics`` -- no text-speak words, ALL-CAPS words of 4+ letters (known acronyms allowed),
  runs of "!"/"?", lowercase "i" as a pronoun, or emoji/smileys; in the subject or body.

Bad input never raises: an empty draft fails every criterion with advice; a draft with no
body fails every body criterion; a draft that looks like another language (under
MIN_ENGLISH_SHARE of its words are common English function words) gets ``language_ok=False``
and is still reviewed as far as it can be.

All wording lives in EVIDENCE, ADVICE and the small constants below so it can be changed (or
moved to templates) in one place. Quotes of the student's words are cut to QUOTE_LIMIT.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.coaching.ask_check import AskCheck, check_ask, split_sentences


def _word_set(text: str) -> frozenset[str]:
    """Readable word lists: one string, split on whitespace."""
    return frozenset(text.split())


CRITERION_IDS: tuple[str, ...] = (
    "subject",
    "greeting",
    "introduction",
    "connection",
    "ask",
    "time_respect",
    "thanks",
    "signoff",
    "length",
    "mechanics",
)
ADVISORY_IDS = frozenset({"time_respect"})
REQUIRED_IDS = frozenset(CRITERION_IDS) - ADVISORY_IDS
FIX_PRIORITY: tuple[str, ...] = (
    "ask",
    "connection",
    "introduction",
    "greeting",
    "subject",
    "signoff",
    "thanks",
    "time_respect",
    "length",
    "mechanics",
)
MAX_TOP_FIXES = 3
MIN_WORDS = 60
MAX_ASK_CANDIDATES = 25  # an email with more requests than this is too long anyway; keeps it fast
MAX_WORDS = 200
QUOTE_LIMIT = 60
MIN_WORDS_FOR_LANGUAGE_CHECK = 8
MIN_ENGLISH_SHARE = 0.15

EMPTY_BODY_EVIDENCE = "The email has no body yet, so there is nothing here to check."

EVIDENCE: dict[str, dict[str, str]] = {
    "subject": {
        "pass": 'Your subject line is "{quote}".',
        "missing": "There is no subject line.",
        "empty": "The subject line is there but empty.",
        "vague": 'Your subject is "{quote}", which doesn\'t say what the email is about.',
    },
    "greeting": {
        "pass_title": 'You opened with "{quote}".',
        "pass_first_name": 'You opened with "{quote}", using their first name.',
        "missing": 'The email starts with "{quote}", with no greeting.',
        "informal": 'You wrote "{quote}", which is how you\'d greet a friend.',
        "impersonal": 'You wrote "{quote}", which doesn\'t name the person.',
        "no_name": 'You wrote "{quote}" without their name.',
        "name_format": 'You wrote "{quote}", with their name in lowercase or cut short.',
    },
    "introduction": {
        "pass": 'You introduced yourself: "{quote}".',
        "missing": "The email never says who you are.",
        "no_affiliation": 'You wrote "{quote}" but not your school, program or grade.',
        "no_name": 'You wrote "{quote}" but never gave your name.',
    },
    "connection": {
        "pass": 'You said how you know them: "{quote}".',
        "missing": "The email doesn't say how you know them or how you found them.",
    },
    "ask": {
        "pass": 'Your ask: "{quote}".',
        "thank_you": "This is a thank-you note, so it doesn't need an ask.",
        "vague_what": 'Your ask, "{quote}", doesn\'t name one concrete thing you want.',
        "vague_bounds": 'Your ask, "{quote}", doesn\'t say when or how much time it would take.',
        "missing": "The email doesn't ask them for anything.",
    },
    "time_respect": {
        "pass": 'You showed respect for their time: "{quote}".',
        "missing": "Nothing shows you know they're busy or that you can fit their schedule.",
    },
    "thanks": {
        "pass": 'You thanked them: "{quote}".',
        "missing": "The email never thanks them.",
    },
    "signoff": {
        "pass": 'You signed off with "{quote}".',
        "missing": 'The email ends with "{quote}", with no closing like "Best regards,".',
        "informal": 'You closed with "{quote}", which is how you\'d end a text to a friend.',
        "no_name": 'You closed with "{quote}" but didn\'t sign your name.',
        "short_name": 'You signed "{quote}", which is not your full name.',
        "name_case": 'You signed "{quote}"; names need capital letters.',
        "name_mismatch": 'You signed "{quote}", but your name is {student_name}.',
    },
    "length": {
        "pass": "The body is {count} words.",
        "short": "The body is only {count} words.",
        "long": "The body is {count} words.",
    },
    "mechanics": {
        "pass": 'No text-speak, shouting, emoji or lowercase "i" found.',
        "issues": "You wrote {quotes}.",
    },
}

ADVICE: dict[str, dict[str, str]] = {
    "subject": {
        "pass": "",
        "missing": (
            'Add a first line like "Subject: Lincoln High junior - 15-minute call about '
            "nursing?\" so they know what it's about before they open it."
        ),
        "empty": (
            'Fill in the subject with your purpose, e.g. "Subject: Job shadow request from a '
            'Lincoln High junior".'
        ),
        "vague": (
            'Name your purpose, e.g. "Subject: Question about your summer engineering internship".'
        ),
    },
    "greeting": {
        "pass_title": "",
        "pass_first_name": (
            "That's fine if they asked you to use their first name; if not, a title and last "
            'name is safer, e.g. "Dear Ms. Chen,".'
        ),
        "missing": 'Start with "Dear" plus a title and last name, e.g. "Dear {suggested},".',
        "informal": 'Start with "Dear {suggested}," -- a title and last name show respect.',
        "impersonal": (
            'Find their name and use it: "Dear Ms. Lopez," gets read; a form letter doesn\'t.'
        ),
        "no_name": 'Add their title and last name: "Hello Coach Rivera," or "Dear Dr. Kim,".',
        "name_format": 'Use a capital letter and their full last name, e.g. "Dear {suggested},".',
    },
    "introduction": {
        "pass": "",
        "missing": (
            "Say who you are in your first sentence: \"My name is Ana Torres, and I'm a junior "
            'at Lincoln High."'
        ),
        "no_affiliation": (
            'Add your grade and school or program: "..., a junior at Lincoln High" or '
            '"..., a 10th grader in the Step Up program."'
        ),
        "no_name": 'Add your name: "My name is Ana Torres, and I\'m a junior at Lincoln High."',
    },
    "connection": {
        "pass": "",
        "missing": (
            'Add one line on how you know them, e.g. "We met at the Lincoln High career day on '
            'March 3" or "Ms. Ortiz suggested I reach out to you."'
        ),
    },
    "ask": {
        "pass": "",
        "thank_you": "",
        "vague_what": "",  # filled from check_ask's suggestion
        "vague_bounds": "",  # filled from check_ask's suggestion
        "missing": (
            'Add one clear ask, e.g. "Would you be open to a 15-minute call next week about how '
            'you got started in nursing?"'
        ),
    },
    "time_respect": {
        "pass": "",
        "missing": (
            "Show you know they're busy and can fit their schedule: \"I know you're busy, so "
            "any time that works for you is great -- I'm free most afternoons after 3.\""
        ),
    },
    "thanks": {
        "pass": "",
        "missing": 'Thank them before you close: "Thank you for considering this."',
    },
    "signoff": {
        "pass": "",
        "missing": 'End with "Best regards," on its own line and your full name below it.',
        "informal": 'Use a professional closing like "Best regards," or "Sincerely," instead.',
        "no_name": 'Put your full name on the line under your closing, e.g. "Ana Torres".',
        "short_name": (
            'Sign with your first and last name, e.g. "Ana Torres", so they know who wrote.'
        ),
        "name_case": 'Capitalize your name, e.g. "Ana Torres".',
        "name_mismatch": "Sign with your full name exactly as it is: {student_name}.",
    },
    "length": {
        "pass": "",
        "short": (
            f"Aim for {MIN_WORDS}-{MAX_WORDS} words: who you are, how you know them, one clear "
            "ask, and thanks."
        ),
        "long": (
            f"Cut it to under {MAX_WORDS} words: keep who you are, how you know them, one ask "
            "and thanks, and save the rest for the conversation."
        ),
    },
    "mechanics": {
        "pass": "",
        "text_speak": (
            'Spell words out ("you", "please", "going to"); text-speak reads like a text.'
        ),
        "caps": "Write words in normal case; all caps reads as shouting.",
        "bangs": 'Use one "!" at most, or just a period.',
        "lowercase_i": 'Always write "I" as a capital letter.',
        "emoji": "Leave emoji and smileys out of a professional email.",
    },
}

EMPTY_BODY_ADVICE_KEY = {
    "greeting": "missing",
    "introduction": "missing",
    "connection": "missing",
    "ask": "missing",
    "time_respect": "missing",
    "thanks": "missing",
    "signoff": "missing",
    "length": "short",
}
EMPTY_BODY_MECHANICS_ADVICE = "Write the body first; spelling and tone get checked once it's there."

SUBJECT_FILLER_WORDS = _word_set(
    """
    hi hello hey heyy yo hiya greetings question questions quick help please request re
    fw fwd urgent important email message from me a an the student there you your hi!
    note update
    """
)
SUBJECT_PURPOSE_WORDS = _word_set(
    """
    shadow shadowing internship internships intern advice recommendation reference
    letter thank thanks informational interview call chat conversation career careers
    mentor mentorship volunteer volunteering job jobs opportunity essay resume
    application scholarship program follow-up following meeting visit tour
    """
)
GREETING_WORDS = ("dear", "hello", "hi", "good morning", "good afternoon", "good evening")
INFORMAL_GREETING_WORDS = (
    "hey",
    "heyy",
    "heyyy",
    "heya",
    "hiya",
    "hii",
    "hiii",
    "yo",
    "sup",
    "wassup",
    "what's up",
    "whats up",
    "howdy",
)
GREETING_WORDS_KEPT = 5
IMPERSONAL_GREETINGS = ("to whom it may concern", "dear sir or madam", "dear sir", "dear madam")
EXAMPLE_SALUTATION = "Mr. Kowalski"
TITLE_SPELLINGS = {
    "mr": "Mr.",
    "mrs": "Mrs.",
    "ms": "Ms.",
    "mx": "Mx.",
    "dr": "Dr.",
    "prof": "Prof.",
}
NAMELESS_GREETING_WORDS = frozenset({"there", "all", "everyone", "everybody", "team", "friend"})
TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "coach",
        "professor",
        "prof",
        "dean",
        "principal",
        "judge",
        "officer",
        "nurse",
        "chef",
        "pastor",
        "rabbi",
        "reverend",
        "rev",
        "captain",
        "senator",
    }
)
PROFESSIONAL_CLOSINGS = (
    "sincerely",
    "sincerely yours",
    "yours truly",
    "best",
    "best regards",
    "best wishes",
    "all the best",
    "kind regards",
    "warm regards",
    "warmest regards",
    "regards",
    "respectfully",
    "respectfully yours",
    "warmly",
    "thank you",
    "thank you so much",
    "thank you again",
    "thanks",
    "thanks so much",
    "thanks again",
    "many thanks",
    "with gratitude",
    "gratefully",
    "with appreciation",
    "with thanks",
)
THANKS_CLOSING_STARTS = ("thank you", "thanks", "many thanks", "with thanks")
MAX_THANKS_CLOSING_WORDS = 8
INFORMAL_CLOSINGS = (
    "cheers",
    "later",
    "laters",
    "love",
    "xoxo",
    "xo",
    "ttyl",
    "bye",
    "peace",
    "peace out",
    "see ya",
    "see you",
    "cya",
    "talk soon",
    "thx",
    "ty",
    "take care",
)
CLOSING_SEARCH_LINES = 6
TEXT_SPEAK_WORDS = _word_set(
    """
    u ur pls plz thx thnx ty idk lol omg gonna wanna r b4 btw tbh bc cuz tmrw ppl ttyl
    """
)
TEXT_SPEAK_LOWERCASE_ONLY = frozenset({"u", "r", "ty", "bc"})
KNOWN_ACRONYMS = _word_set(
    """
    STEM STEAM NASA SAT ACT AP FAFSA USA CEO PSAT NCAA ROTC JROTC HOSA FBLA DECA UCLA
    HTML AVID YMCA YWCA NAACP SHPE IEEE NOAA USDA FIRST NSBE MESA LGBTQ CUNY SUNY UNICEF
    OSHA
    """
)
MIN_CAPS_LETTERS = 4
MAX_MECHANICS_QUOTES = 5  # one per kind of problem
MAX_QUOTES_PER_ISSUE = 2

_TEXT_SPEAK_RE = re.compile(
    r"(?<![\w'.&-])(" + "|".join(sorted(TEXT_SPEAK_WORDS, key=len, reverse=True)) + r")"
    r"(?![\w'&-]|\.\w)",
    re.IGNORECASE,
)
_BANGS_RE = re.compile(r"[!?]{2,}")
_LOWERCASE_I_RE = re.compile(r"(?<![\w'.-])i(?=[\s,;:!?)]|'(?:m|ve|ll|d)\b|$)")
_EMOJI_RE = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]"
    r"|(?<![\w:])[:;]-?[)(DPp](?!\w)|<3|(?<!\w)xD(?!\w)"
)
_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*")
_SUBJECT_LINE_RE = re.compile(r"^subject(?:\s+line)?\s*(?::|\s[-–—]+)\s*(.*)$", re.IGNORECASE)
_NAME_INTRO_RE = re.compile(
    r"\b(?i:my name is|my name's)\s+(?P<any>[A-Za-z][\w'-]*)"
    r"|\b(?i:i am|i'm|this is)\s+(?P<capital>[A-Z][a-z][\w'-]*)"
)
_NOT_NAMES = _word_set(
    """
    Also Currently Really Very So Not Just Still Glad Happy Sorry Excited Grateful
    Thankful Interested Curious Passionate Available Free Part One Your My The In At On
    From Here
    """
)
_AFFILIATION_RE = re.compile(
    r"\b(?:freshman|sophomore|junior|senior|first[- ]year|second[- ]year|"
    r"(?:9|10|11|12)th[- ]grade(?:r)?|(?:ninth|tenth|eleventh|twelfth)[- ]grade(?:r)?|"
    r"grade (?:9|10|11|12)|grader|student|high school|middle school|high|academy|program|"
    r"club|class of \d{4}|class|team|school|intern|cadet)\b",
    re.IGNORECASE,
)
_CONNECTION_RE = re.compile(
    "|".join(
        (
            r"\b(?:we|you|i) met\b",
            r"\bmet you\b",
            r"\b(?:you|your team) (?:spoke|talked|presented|visited|came|gave)\b",
            r"\byour (?:talk|presentation|panel|session|workshop|demo|visit|booth|table)\b",
            r"\bheard you (?:speak|talk|present)\b",
            r"\bcareer (?:day|fair|night|panel|expo)\b",
            r"\bjob fair\b",
            r"\b(?:suggested|recommended) (?:that )?i\b",
            r"\bsuggested (?:i |that i )?(?:reach|contact|email|write|talk)",
            r"\breferred me\b",
            r"\btold me (?:about you|to (?:reach|contact|email|write))",
            r"\bgave me your (?:name|email|contact|information|info|address)\b",
            r"\bpassed along your\b",
            r"\bpointed me\b",
            r"\bmentioned (?:you|your name|that you)\b",
            r"\b(?:found|saw|read|came across) your (?:profile|name|email|article|website|post|"
            r"blog|bio|interview|work|talk|video|page)\b",
            r"\bfound you\b",
            r"\blinkedin\b",
            r"\balumni (?:directory|network|page|database|list|office|newsletter)\b",
            r"\byou(?:'ve been| have been| were| are) my\b",
            r"\byou(?:'ve| have)? (?:coached|taught|mentored|supervised|advised|helped) me\b",
            r"\b(?:in|from) your (?:[\w-]+ ){0,3}(?:class|team|club|program|lab)\b",
            r"\b(?:i was|i am|i'm|i've been) (?:in|on) your\b",
            r"\bi took your\b",
            r"\byour (?:former )?(?:student|mentee|camper|player|intern)\b",
            r"\bneighbou?rs?\b",
            r"\bnext door\b",
            r"\bdown the (?:street|block|hall)\b",
            r"\bmy (?:mom|dad|mother|father|parents?|aunt|uncle|cousin|sister|brother|"
            r"grandmother|grandma|grandfather|grandpa|friend|counselor|teacher|coach)\b"
            r"[^.]{0,60}\b(?:told|said|mentioned|suggested|recommended|works|worked|knows)\b",
            r"\b(?:also|both) (?:went to|graduated from|attended)\b",
            r"\bfellow (?:alum\w*|graduate)\b",
            r"\b(?:alumna|alumnus|alum)\b",
            r"\b(?:meeting|talking|speaking) with me\b",
            r"\bour (?:call|conversation|chat|meeting|talk)\b",
            r"\bwhen we (?:met|talked|spoke)\b",
        )
    ),
    re.IGNORECASE,
)
_REQUEST_RE = re.compile(
    r"\b(?:could|would|can|will) (?:you|i|we)\b|\bwould it be possible\b|\bis it possible\b|"
    r"\b(?:i was|i am|i'm) (?:wondering|hoping|asking|writing to ask)\b|\bi hope (?:to|you)\b|"
    r"\b(?:i'd|i would) (?:like|love|be grateful|be thankful|be honored|really appreciate)\b|"
    r"\b(?:you'd|you would|you might) be (?:open|willing|available|able)\b|"
    r"\bare you (?:open|available|willing)\b|\bmay i\b|\bis there any chance\b|"
    r"\bdo you have (?:time|a few|\d+|any)\b|\blet me know if\b|\bany advice\b|"
    r"\bif you (?:could|would|might)\b|\bi want to ask\b|\bwould you mind\b",
    re.IGNORECASE,
)
_THANK_YOU_SUBJECT_RE = re.compile(r"^\W*(?:a\s+)?(?:thank|thanks)\b", re.IGNORECASE)
_TIME_RESPECT_RE = re.compile(
    "|".join(
        (
            r"\b(?:i know|i understand|i realize|i'm sure) (?:that )?you(?:'re| are)? "
            r"(?:very |really |so |super )?busy\b",
            r"\bbusy (?:schedule|season|time|week|month|semester)\b",
            r"\btime that (?:works|suits|is convenient)\b",
            r"\bconvenient\b",
            r"\bconvenience\b",
            r"\bworks (?:best )?for you\b",
            r"\bsuits you\b",
            r"\bwhenever you(?:'re| are)? (?:free|available)\b",
            r"\bif you have (?:the )?(?:time|a few minutes|a moment|a minute|a chance|"
            r"\d+ minutes)\b",
            r"\bif your schedule\b",
            r"\bif you(?:'re| are) (?:free|available|able)\b",
            r"\bflexib(?:le|ility)\b",
            r"\bi(?:'m| am) (?:free|available)\b",
            r"\bno pressure\b",
            r"\bsave you (?:some )?time\b",
            r"\bno worries if\b",
            r"\bunderstand if\b",
            r"\bif (?:it's|it is|that's|that is) not possible\b",
            r"\bif (?:you can't|you cannot|you're not able|you are not able)\b",
            r"\b(?:work|fit) around your\b",
            r"\bon your schedule\b",
            r"\bwhatever (?:time|day) works\b",
            r"\b(?:any|most) (?:day|afternoon|morning|weekday|evening)s?\b",
            r"\b(?:mon|tues|wednes|thurs|fri)days?\b[^.]{0,40}\b(?:or|and)\b[^.]{0,20}"
            r"\b(?:mon|tues|wednes|thurs|fri)days?\b",
        )
    ),
    re.IGNORECASE,
)
_THANKS_RE = re.compile(
    r"\b(?:thank|thanks|thankful|grateful|gratitude|appreciate|appreciated|appreciation)\b",
    re.IGNORECASE,
)
_ENGLISH_FUNCTION_WORDS = _word_set(
    """
    the to and of i you in for my your is it that with at be am are this would could can
    was have if about we from so do will not or but an as what would like how our they
    he she his her been were has had there their which when who also just really
    """
)


@dataclass(frozen=True)
class Draft:
    """A draft split into its subject line (None when there is none) and its body."""

    subject: str | None
    body: str


@dataclass(frozen=True)
class Criterion:
    """One rubric line: whether it passed, the student's words as evidence, and a fix."""

    id: str
    required: bool
    passed: bool
    evidence: str
    advice: str


@dataclass(frozen=True)
class Review:
    """Every criterion's result for one draft, plus the body word count and language check."""

    criteria: tuple[Criterion, ...]
    word_count: int
    language_ok: bool

    @property
    def ready(self) -> bool:
        """Ready to send when every required criterion passed."""
        return all(item.passed for item in self.criteria if item.required)

    @property
    def strengths(self) -> tuple[Criterion, ...]:
        """Passed criteria, to praise first."""
        return tuple(item for item in self.criteria if item.passed)

    @property
    def fixes(self) -> tuple[Criterion, ...]:
        """Failed criteria, most important first (FIX_PRIORITY)."""
        failed = [item for item in self.criteria if not item.passed]
        return tuple(sorted(failed, key=lambda item: FIX_PRIORITY.index(item.id)))

    @property
    def top_fixes(self) -> tuple[Criterion, ...]:
        """The few fixes worth raising in one reply."""
        return self.fixes[:MAX_TOP_FIXES]


@dataclass(frozen=True)
class _Outcome:
    """A check's verdict before wording: which message key and what to fill it with."""

    passed: bool
    key: str
    fields: dict[str, str | int]
    advice_override: str | None = None


@dataclass(frozen=True)
class _Parts:
    """The pieces of a draft every check reads, computed once."""

    draft: Draft
    lines: tuple[str, ...]
    sentences: tuple[str, ...]
    word_count: int
    student_name: str | None


def parse_draft(text: str) -> Draft:
    """Split off a "Subject:" / "Subject -" first non-empty line, if there is one."""
    lines = _normalize(text).split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        match = _SUBJECT_LINE_RE.match(line.strip())
        if match:
            return Draft(subject=match.group(1).strip(), body="\n".join(lines[index + 1 :]).strip())
        break
    return Draft(subject=None, body="\n".join(lines).strip())


def review_email(text: str, *, student_name: str | None = None) -> Review:
    """Review a draft against every criterion; never raises, even on empty input."""
    draft = parse_draft(text or "")
    parts = _Parts(
        draft=draft,
        lines=tuple(line.strip() for line in draft.body.split("\n") if line.strip()),
        sentences=tuple(split_sentences(draft.body)),
        word_count=len(_WORD_RE.findall(draft.body)),
        student_name=(student_name or "").strip() or None,
    )
    criteria = tuple(_criterion(criterion_id, parts) for criterion_id in CRITERION_IDS)
    return Review(
        criteria=criteria,
        word_count=parts.word_count,
        language_ok=_looks_english(f"{draft.subject or ''}\n{draft.body}"),
    )


def review_to_dict(review: Review) -> dict[str, Any]:
    """A plain, JSON-ready form of a review."""
    return {
        "ready": review.ready,
        "word_count": review.word_count,
        "criteria": [
            {
                "id": item.id,
                "required": item.required,
                "result": "pass" if item.passed else "needs-work",
                "evidence": item.evidence,
                "advice": item.advice,
            }
            for item in review.criteria
        ],
    }


def _criterion(criterion_id: str, parts: _Parts) -> Criterion:
    """Run one check and word its outcome."""
    required = criterion_id in REQUIRED_IDS
    if criterion_id != "subject" and parts.word_count == 0:
        return Criterion(
            id=criterion_id,
            required=required,
            passed=False,
            evidence=EMPTY_BODY_EVIDENCE,
            advice=_empty_body_advice(criterion_id),
        )
    outcome = _CHECKS[criterion_id](parts)
    evidence = EVIDENCE[criterion_id].get(outcome.key, "").format(**outcome.fields)
    advice = outcome.advice_override
    if advice is None:
        advice = ADVICE[criterion_id].get(outcome.key, "").format(**outcome.fields)
    return Criterion(
        id=criterion_id, required=required, passed=outcome.passed, evidence=evidence, advice=advice
    )


def _empty_body_advice(criterion_id: str) -> str:
    """Advice for a criterion that could not be checked because the body is empty."""
    if criterion_id == "mechanics":
        return EMPTY_BODY_MECHANICS_ADVICE
    return ADVICE[criterion_id][EMPTY_BODY_ADVICE_KEY[criterion_id]]


def _check_subject(parts: _Parts) -> _Outcome:
    """A subject that tells the reader the purpose before they open the email."""
    subject = parts.draft.subject
    if subject is None:
        return _Outcome(False, "missing", {})
    words = [word.lower() for word in _WORD_RE.findall(subject)]
    if not words:
        return _Outcome(False, "empty", {})
    quote = _quote(subject)
    if any(word in SUBJECT_PURPOSE_WORDS for word in words):
        return _Outcome(True, "pass", {"quote": quote})
    meaningful = [word for word in words if word not in SUBJECT_FILLER_WORDS]
    if len(words) >= 3 and len(meaningful) >= 2:
        return _Outcome(True, "pass", {"quote": quote})
    return _Outcome(False, "vague", {"quote": quote})


def _check_greeting(parts: _Parts) -> _Outcome:
    """An opening that names the person, with a title and last name for adults."""
    first_line = parts.lines[0]
    opening = " ".join(re.split(r"[,:;]", first_line, maxsplit=1)[0].split()[:GREETING_WORDS_KEPT])
    lowered = opening.lower()
    fields: dict[str, str | int] = {
        "quote": _quote(opening or first_line),
        "suggested": _suggested_salutation(opening),
    }
    if any(lowered.startswith(phrase) for phrase in IMPERSONAL_GREETINGS):
        return _Outcome(False, "impersonal", fields)
    if _starts_with_any(lowered, INFORMAL_GREETING_WORDS):
        return _Outcome(False, "informal", fields)
    greeting_word = _starts_with_any(lowered, GREETING_WORDS)
    if greeting_word is None:
        return _Outcome(False, "missing", fields)
    rest = opening[len(greeting_word) :]
    if "!!" in rest:
        return _Outcome(False, "informal", fields)
    names = re.findall(r"[A-Za-z][\w'-]*\.?", rest)
    if not names or names[0].lower() in NAMELESS_GREETING_WORDS:
        return _Outcome(False, "no_name", fields)
    if names[0].rstrip(".").lower() in TITLES:
        surname = names[1].rstrip(".") if len(names) > 1 else ""
        if not surname:
            return _Outcome(False, "no_name", fields)
        if len(surname) < 2 or not surname[0].isupper():
            return _Outcome(False, "name_format", fields)
        return _Outcome(True, "pass_title", fields)
    if not names[0][0].isupper() or len(names[0].rstrip(".")) < 2:
        return _Outcome(False, "name_format", fields)
    return _Outcome(True, "pass_first_name", fields)


def _suggested_salutation(opening: str) -> str:
    """Their title and surname from the student's own greeting, else an example to copy."""
    words = re.findall(r"[A-Za-z][\w'-]*", opening)
    for title, surname in zip(words, words[1:], strict=False):
        if title.lower() in TITLES and len(surname) >= 2:
            written_title = TITLE_SPELLINGS.get(title.lower(), title.capitalize())
            return f"{written_title} {surname[0].upper()}{surname[1:]}"
    return EXAMPLE_SALUTATION


def _check_introduction(parts: _Parts) -> _Outcome:
    """The student's name plus their school, program, grade or year."""
    sentences = parts.sentences
    named_sentence: str | None = None
    for index, sentence in enumerate(sentences):
        if not _names_the_writer(sentence):
            continue
        named_sentence = named_sentence or sentence
        following = sentences[index + 1] if index + 1 < len(sentences) else ""
        if _AFFILIATION_RE.search(f"{_text_after_name(sentence)} {following}"):
            return _Outcome(True, "pass", {"quote": _quote(sentence)})
    if named_sentence is not None:
        return _Outcome(False, "no_affiliation", {"quote": _quote(named_sentence)})
    for sentence in sentences:
        if re.search(r"\b(?:i'm|i am) (?:a|an|in)\b", sentence, re.IGNORECASE) and (
            _AFFILIATION_RE.search(sentence)
        ):
            return _Outcome(False, "no_name", {"quote": _quote(sentence)})
    return _Outcome(False, "missing", {})


def _check_connection(parts: _Parts) -> _Outcome:
    """How the student knows or found the reader."""
    return _first_sentence_matching(parts, _CONNECTION_RE)


def _check_ask(parts: _Parts) -> _Outcome:
    """At least one specific request, unless the email is a thank-you note.

    Each request sentence is checked alone first, then with its neighbours, so "Would you be
    willing to write one for me?" can borrow the deadline from the sentence before it.
    """
    sentences = parts.sentences
    requests = [
        index
        for index, sentence in enumerate(sentences)
        if _REQUEST_RE.search(sentence) or sentence.endswith("?")
    ][:MAX_ASK_CANDIDATES]
    for index in requests:
        if check_ask(sentences[index]).specific:
            return _Outcome(True, "pass", {"quote": _quote(sentences[index])})
    best: tuple[str, AskCheck] | None = None
    for index in requests:
        result = check_ask(" ".join(sentences[max(0, index - 1) : index + 2]))
        if result.specific:
            return _Outcome(True, "pass", {"quote": _quote(sentences[index])})
        if best is None or len(result.missing) < len(best[1].missing):
            best = (sentences[index], result)
    if _THANK_YOU_SUBJECT_RE.search(parts.draft.subject or ""):
        return _Outcome(True, "thank_you", {})
    if best is None:
        return _Outcome(False, "missing", {})
    sentence, result = best
    key = "vague_what" if "what" in result.missing else "vague_bounds"
    return _Outcome(False, key, {"quote": _quote(sentence)}, advice_override=result.suggestion)


def _check_time_respect(parts: _Parts) -> _Outcome:
    """A sign the student knows the reader is busy or can fit the reader's schedule."""
    return _first_sentence_matching(parts, _TIME_RESPECT_RE)


def _check_thanks(parts: _Parts) -> _Outcome:
    """Any thanks or appreciation, including a "Thank you," closing."""
    return _first_sentence_matching(parts, _THANKS_RE)


def _check_signoff(parts: _Parts) -> _Outcome:
    """A professional closing line followed by the student's full name."""
    lines = parts.lines
    start = max(1, len(lines) - CLOSING_SEARCH_LINES)
    for index in range(len(lines) - 1, start - 1, -1):
        closing, signed = _split_closing(lines[index], PROFESSIONAL_CLOSINGS)
        if closing is None and _is_thanks_closing_line(lines[index]):
            closing = lines[index].rstrip(",")
        if closing is None:
            continue
        if signed is None and index + 1 < len(lines):
            signed = re.split(r"[,|]", lines[index + 1], maxsplit=1)[0].strip(" -–—")
        return _signed_name_outcome(closing, signed, parts.student_name)
    for index in range(len(lines) - 1, start - 1, -1):
        closing, _ = _split_closing(lines[index], INFORMAL_CLOSINGS)
        if closing is not None:
            return _Outcome(False, "informal", {"quote": _quote(lines[index])})
    return _Outcome(False, "missing", {"quote": _quote(lines[-1])})


def _check_length(parts: _Parts) -> _Outcome:
    """A body long enough to explain and short enough to read on a phone."""
    count = parts.word_count
    if count < MIN_WORDS:
        return _Outcome(False, "short", {"count": count})
    if count > MAX_WORDS:
        return _Outcome(False, "long", {"count": f"{count:,}"})
    return _Outcome(True, "pass", {"count": count})


def _check_mechanics(parts: _Parts) -> _Outcome:
    """No text-speak, shouting, emoji, "!!" or lowercase "i" anywhere in the draft."""
    text = f"{parts.draft.subject or ''}\n{parts.draft.body}"
    found: dict[str, list[str]] = {
        "text_speak": [
            _snippet(text, m.start(), m.end())
            for m in _TEXT_SPEAK_RE.finditer(text)
            if m.group(1).lower() not in TEXT_SPEAK_LOWERCASE_ONLY or m.group(1).islower()
        ],
        "caps": [
            word
            for word in _WORD_RE.findall(text)
            if word.isupper()
            and sum(char.isalpha() for char in word) >= MIN_CAPS_LETTERS
            and not any(char.isdigit() for char in word)
            and word not in KNOWN_ACRONYMS
        ],
        "bangs": [_snippet(text, m.start(), m.end()) for m in _BANGS_RE.finditer(text)],
        "lowercase_i": [_snippet(text, m.start(), m.end()) for m in _LOWERCASE_I_RE.finditer(text)],
        "emoji": [m.group(0) for m in _EMOJI_RE.finditer(text)],
    }
    issues = {kind: quotes for kind, quotes in found.items() if quotes}
    if not issues:
        return _Outcome(True, "pass", {})
    examples = _round_robin_quotes(list(issues.values()))
    advice = " ".join(ADVICE["mechanics"][kind] for kind in issues)
    return _Outcome(False, "issues", {"quotes": _join_quotes(examples)}, advice_override=advice)


def _round_robin_quotes(quote_lists: list[list[str]]) -> list[str]:
    """One quote per kind of problem first, then seconds, skipping repeats, up to the cap."""
    chosen: list[str] = []
    for rank in range(MAX_QUOTES_PER_ISSUE):
        for quotes in quote_lists:
            if rank < len(quotes) and not _overlaps_any(quotes[rank], chosen):
                chosen.append(quotes[rank])
    return chosen[:MAX_MECHANICS_QUOTES]


def _overlaps_any(quote: str, chosen: list[str]) -> bool:
    """True when the quote repeats (or contains) one already chosen."""
    return any(quote in other or other in quote for other in chosen)


_CHECKS: dict[str, Callable[[_Parts], _Outcome]] = {
    "subject": _check_subject,
    "greeting": _check_greeting,
    "introduction": _check_introduction,
    "connection": _check_connection,
    "ask": _check_ask,
    "time_respect": _check_time_respect,
    "thanks": _check_thanks,
    "signoff": _check_signoff,
    "length": _check_length,
    "mechanics": _check_mechanics,
}


def _first_sentence_matching(parts: _Parts, pattern: re.Pattern[str]) -> _Outcome:
    """Pass with the first sentence that matches, quoted; fail as missing otherwise."""
    for sentence in parts.sentences:
        if pattern.search(sentence):
            return _Outcome(True, "pass", {"quote": _quote(sentence)})
    return _Outcome(False, "missing", {})


def _names_the_writer(sentence: str) -> bool:
    """True when the sentence gives the writer's name ("My name is Ana", "I'm Ana")."""
    for match in _NAME_INTRO_RE.finditer(sentence):
        name = match.group("any") or match.group("capital")
        if name not in _NOT_NAMES and not name.lower().endswith("ing"):
            return True
    return False


def _text_after_name(sentence: str) -> str:
    """The part of the sentence from the self-introduction on, so a greeting isn't counted."""
    match = _NAME_INTRO_RE.search(sentence)
    return sentence[match.start() :] if match else sentence


def _split_closing(line: str, closings: tuple[str, ...]) -> tuple[str | None, str | None]:
    """Return (closing, name on the same line) when the line is a closing, else (None, None)."""
    lowered = line.lower()
    for closing in sorted(closings, key=len, reverse=True):
        if not lowered.startswith(closing):
            continue
        rest = line[len(closing) :]
        if not rest.strip(" ,.!-–—"):
            return line[: len(closing)], None
        separated = re.match(r"^\s*[,.!–—-]+\s*(.+)$", rest)
        if separated and _looks_like_name(separated.group(1)):
            return line[: len(closing)], separated.group(1).strip()
    return None, None


def _is_thanks_closing_line(line: str) -> bool:
    """A short thanks that ends with a comma works as a closing: "Thank you for your time,"."""
    lowered = line.lower()
    return (
        line.endswith(",")
        and lowered.startswith(THANKS_CLOSING_STARTS)
        and len(line.split()) <= MAX_THANKS_CLOSING_WORDS
    )


def _looks_like_name(text: str) -> bool:
    """One to four word-like tokens and nothing else: a signature, not a sentence."""
    tokens = text.strip().split()
    return 1 <= len(tokens) <= 4 and all(re.fullmatch(r"[A-Za-z][A-Za-z.'-]*", t) for t in tokens)


def _signed_name_outcome(closing: str, signed: str | None, student_name: str | None) -> _Outcome:
    """Judge the name under a professional closing."""
    if not signed or not _looks_like_name(signed):
        return _Outcome(False, "no_name", {"quote": _quote(closing)})
    quote = _quote(f"{closing}, {signed}")
    tokens = [token.strip(".") for token in signed.split()]
    name_words = [token for token in tokens if len(token) >= 2]
    if len(name_words) < 2:
        return _Outcome(False, "short_name", {"quote": _quote(signed)})
    if not all(word[0].isupper() for word in name_words):
        return _Outcome(False, "name_case", {"quote": _quote(signed)})
    if student_name:
        expected = student_name.split()
        signed_lower = {word.lower() for word in name_words}
        if not {expected[0].lower(), expected[-1].lower()} <= signed_lower:
            fields: dict[str, str | int] = {"quote": _quote(signed), "student_name": student_name}
            return _Outcome(False, "name_mismatch", fields)
    return _Outcome(True, "pass", {"quote": quote})


def _looks_english(text: str) -> bool:
    """A cheap language guess: English prose is full of small function words."""
    words = [word.lower() for word in _WORD_RE.findall(text)]
    if len(words) < MIN_WORDS_FOR_LANGUAGE_CHECK:
        return True
    share = sum(word in _ENGLISH_FUNCTION_WORDS for word in words) / len(words)
    return share >= MIN_ENGLISH_SHARE


def _starts_with_any(lowered: str, phrases: tuple[str, ...]) -> str | None:
    """The longest phrase the text starts with as whole words, if any."""
    for phrase in sorted(phrases, key=len, reverse=True):
        if re.match(re.escape(phrase) + r"(?![\w'])", lowered):
            return phrase
    return None


def _normalize(text: str) -> str:
    """Unify line endings, curly quotes and non-breaking spaces."""
    return (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("’", "'")
        .replace("‘", "'")
        .replace("“", '"')
        .replace("”", '"')
        .replace("\u00a0", " ")
    )


def _quote(text: str) -> str:
    """The student's words, on one line and cut to QUOTE_LIMIT characters."""
    flat = " ".join(text.split()).replace('"', "'")
    if len(flat) <= QUOTE_LIMIT:
        return flat
    return flat[: QUOTE_LIMIT - 1].rstrip() + "…"


def _snippet(text: str, start: int, end: int, words_around: int = 2) -> str:
    """A short quote around a match: a couple of words each side, on the same line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before = text[line_start:start].split()[-words_around:] if start > line_start else []
    after = text[end:line_end].split()[:words_around]
    core = text[start:end]
    left = " ".join(before) + (" " if before and text[start - 1].isspace() else "")
    right = (" " if after and end < len(text) and text[end].isspace() else "") + " ".join(after)
    return _quote(left + core + right)


def _join_quotes(quotes: list[str]) -> str:
    """'"a"', '"a" and "b"', '"a", "b" and "c"'."""
    wrapped = [f'"{quote}"' for quote in quotes]
    if len(wrapped) == 1:
        return wrapped[0]
    return ", ".join(wrapped[:-1]) + " and " + wrapped[-1]
