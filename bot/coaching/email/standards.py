"""What "ready" means for this email: its purpose and who reads it (the shared label spec).

Why: a thank-you needs no new ask, a teacher at the student's own school can be greeted
"Hi Mr. D," and needs no more introduction than the class, and a recommendation request
must carry the deadline and what the student will send. When the student did not say, both
are inferred from the draft, and the feedback says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.coaching.email.languages.base import Language, any_of
from bot.coaching.email.parse import Draft

PURPOSES: tuple[str, ...] = (
    "informational",
    "recommendation",
    "thank_you",
    "job_inquiry",
    "teacher_help",
    "follow_up",
)
AUDIENCES: tuple[str, ...] = ("school_staff", "professional", "family_friend")
# Old lesson values and the labels students type, to the ids above.
PURPOSE_ALIASES: dict[str, str] = {
    "advice": "informational",
    "conversation": "informational",
    "internship": "job_inquiry",
    "job_shadow": "job_inquiry",
    "shadow": "job_inquiry",
    "thanks": "thank_you",
    "help": "teacher_help",
}
LENGTHS: dict[str, tuple[int, int]] = {
    "thank_you": (25, 200),
    "teacher_help": (25, 200),
    "follow_up": (25, 150),
    "informational": (40, 250),
    "job_inquiry": (40, 250),
    "recommendation": (40, 250),
}
_THANKS_SUBJECT = any_of(r"^\W*(?:a\s+)?(?:thank|thanks|gracias|agradecimiento)\b")
_FOLLOW_UP = any_of(
    r"\bfollow(?:ing)?[- ]?up\b|\bseguimiento\b",
    r"\b(?:haven't|have not|never|didn't|did not) heard? back\b",
    r"\bcheck(?:ing)? (?:in|back) (?:on|about) my\b|\bin case (?:it|my email) got\b",
    r"\bcircl(?:e|ing) back\b|\bbump(?:ing)? (?:this|my)\b",
    # an earlier email, then a "still" re-ask: "I sent you an email last month... Would you
    # still want help?" (the subject may say only "Hello again")
    r"\bi (?:sent you an? (?:email|message|note)|emailed you|wrote (?:to )?you)\b[^?!]{0,120}"
    r"\b(?:would|could|are|do|will) you still\b",
)
_RECOMMENDATION = any_of(
    r"\brecommendation\b|\breference\b|\brec letter\b|\brecomendaci[oó]n\b|\breferencia\b"
)
_JOB = any_of(
    r"\bintern(?:ship)?s?\b|\bshadow\w*\b|\bjobs?\b|\bvolunteer\w*\b|\bhir(?:e|ing)\b",
    r"\bposition\b|\bpart-time\b|\bsummer work\b|\btrabajo\b|\bvoluntari\w*\b|\bpr[aá]cticas\b",
    r"\bempleo\b|\bpuesto\b|\bapply\b",
)
_STAFF = any_of(
    r"\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh) period\b",
    r"\byour (?:class|room|classroom|homeroom|advisory|caseload)\b|\bin your\b[^.]{0,30}\bclass\b",
    r"\bfrom (?:your |ur )?[\w ]{0,20}(?:class|robotics|club|team|band|advisory)\b",
    r"\b(?:at|during) lunch\b|\bafter school\b|\bredo\b|\blab report\b|\btutoring\b",
    r"\bsu clase\b|\bsu sal[oó]n\b|\bsus (?:alumn|estudiant)\w*|\bmi clase de\b",
    r"\bhomework\b|\bquiz\b|\boffice hours\b|\bretake\b|\bextension\b",
    r"\bmake (?:it|this|the \w+) up\b",
    r"\bfrom (?:varsity |jv )?(?:soccer|football|basketball|volleyball|track|swim|tennis)\b",
    r"\bmy (?:counselor|teacher)\b(?! [^.]{0,40}\b(?:told|suggested|said|gave|mentioned))",
    r"\bone of your (?:students|seniors|juniors|sophomores|freshmen|advisees|runners|players)\b",
    r"\breview session\b|\bgradebook\b|\breport card\b|\bschedule change\b|\bmidterm\b",
    r"\bthe (?:\w+ )?(?:test|exam|quiz)\b|\bcollege list\b|\bcommon app\b",
    r"\b(?:it'?s|this is) [A-Z][\w'-]+ from (?:the )?(?-i:[A-Z][A-Z0-9&]{1,5})\b",  # "from HOSA"
    r"(?-i:\b[A-Z][A-Z0-9&]{1,5}) (?:secretary|president|vice president|treasurer|officer)\b",
    r"\byour mailbox\b|\byour (?:goalie|captain|pitcher|keeper|student|advisee|runner|swimmer)\b",
)
_KIN_OF_NAMED = any_of(
    r"(?-i:\b[A-Z][a-z]+ [A-Z][a-z]+'s) (?:(?:step|grand)?(?:daughter|son)|niece|nephew)\b"
)
_FAMILY = any_of(
    r"\b[A-Z][a-z]+'s (?:(?:step|grand)?(?:daughter|son)|niece|nephew)\b",
    r"\b(?:your|our|next-door) neighbou?rs?\b|\bneighbou?rs? (?:of yours|with you)\b",
    r"\bnext door\b|\bacross the street\b|\b(?:you're|you are|you were) my\b",
    r"\byou (?:taught|coached|know|knew|babysat|worked with) my (?:mom|dad|mother|father|parents|"
    r"brother|sister|family|grandma|grandpa|uncle|aunt)\b",
    r"\b[A-Z][a-z]+'s (?:mom|dad|mother|father|parents)\b|\bpastor\b|\byouth group\b",
    r"\bmy (?:mom|dad|mother|father|parents?)(?: [A-Z]\w+)?'s (?:friend|co-?worker|colleague)\b",
    r"\bchurch\b|\bfamily friend\b|\b(?:parents|mom|dad|family) know you\b",
    r"\bmy (?:mom|dad|mother|father|parents|aunt|uncle|grandma|grandpa)\b[^.]{0,30}"
    r"\b(?:works?|worked) with you\b",  # "my mom, Ana Cruz, works with you at the credit union"
    r"\bknow you from\b|\buncle\b[^.]{0,30}\byour friend\b|\bvecin[oa]\b|\bhij[oa] de\b",
    r"\b(?:amig[oa]|compañer[oa]) de su (?:hij[oa]|niet[oa])\b|\byour (?:son|daughter)\b",
    r"\biglesia\b|\bmis padres\b|\b(?:sobrin|niet|prim)[oa] de\b|\bmi (?:t[ií][ao]|abuel[oa])\b",
)
_TITLE_TAIL = re.compile(r"\b(?:mr|ms|mrs|miss|sr|sra)\.?\s+[A-Z]\.?,", re.IGNORECASE)


@dataclass(frozen=True)
class Standard:
    """The purpose and audience a draft is judged by, and whether each was inferred."""

    purpose: str
    audience: str
    purpose_inferred: bool = False
    audience_inferred: bool = False

    @property
    def length(self) -> tuple[int, int]:
        """The body word range for this purpose."""
        return LENGTHS[self.purpose]


def normalize_purpose(value: str | None) -> str | None:
    """A purpose id from a lesson value or an old label; None when unknown or empty."""
    key = (value or "").strip().lower().replace("-", "_").replace(" ", "_")
    key = PURPOSE_ALIASES.get(key, key)
    return key if key in PURPOSES else None


def normalize_audience(value: str | None) -> str | None:
    """An audience id, or None when unknown or empty."""
    key = (value or "").strip().lower().replace("-", "_").replace(" ", "_")
    return key if key in AUDIENCES else None


def choose_standard(
    draft: Draft, language: Language, *, purpose: str | None, audience: str | None
) -> Standard:
    """The given purpose and audience, or the ones the draft itself points to."""
    given_audience = normalize_audience(audience)
    chosen_audience = given_audience or infer_audience(draft)
    given_purpose = normalize_purpose(purpose)
    chosen_purpose = given_purpose or infer_purpose(draft, language, chosen_audience)
    return Standard(
        purpose=chosen_purpose,
        audience=chosen_audience,
        purpose_inferred=given_purpose is None,
        audience_inferred=given_audience is None,
    )


def infer_audience(draft: Draft) -> str:
    """A teacher at school, a family friend, or (by default) a professional."""
    text = f"{draft.subject or ''}\n{draft.body}"
    if _KIN_OF_NAMED.search(draft.body):
        return "family_friend"  # "It's Marco, Teresa Ruiz's son", even if a test is mentioned
    if _STAFF.search(text) or _TITLE_TAIL.search(draft.body[:80]):
        return "school_staff"
    if _FAMILY.search(text):
        return "family_friend"
    return "professional"


def infer_purpose(draft: Draft, language: Language, audience: str) -> str:
    """Read the subject first, then the body, for what the email is for."""
    subject = draft.subject or ""
    text = f"{subject}\n{draft.body}"
    if _THANKS_SUBJECT.search(subject):
        return "thank_you"
    if _FOLLOW_UP.search(text):
        return "follow_up"
    if _starts_with_thanks(draft.body, language) and "?" not in draft.body:
        return "thank_you"  # "Thank you for writing my recommendation" thanks, asks nothing
    if _RECOMMENDATION.search(text):
        return "recommendation"
    if _JOB.search(text):
        return "job_inquiry"
    return "teacher_help" if audience == "school_staff" else "informational"


def _starts_with_thanks(body: str, language: Language) -> bool:
    """The body's first lines thank them for something."""
    opening = " ".join(body.split("\n")[:4])
    return bool(language.thanks_for.search(opening))
