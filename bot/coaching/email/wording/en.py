"""English wording of the rubric: what each outcome says and how to fix it.

Evidence quotes the student's own words; advice names one fix and carries an example from
the language's examples, written for the student's purpose, reader and field.
"""

from __future__ import annotations

from bot.coaching.email.wording.base import Wording

_EVIDENCE: dict[str, dict[str, str]] = {
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
        "name_format": 'You wrote "{quote}", with their name cut short.',
    },
    "introduction": {
        "pass": 'You introduced yourself: "{quote}".',
        "missing": "The email never says who you are.",
        "signed_only": 'You signed "{quote}", but the email never says who you are before that.',
        "no_affiliation": 'You wrote "{quote}" but not your school, grade, class or program.',
        "no_family_link": 'You wrote "{quote}" but not how your family knows them.',
    },
    "connection": {
        "pass": 'You said how you know them: "{quote}".',
        "missing": "The email doesn't say how you know them or how you found them.",
    },
    "ask": {
        "pass": 'Your ask: "{quote}".',
        "thank_you": "This is a thank-you note, so it doesn't need an ask.",
        "missing": "The email doesn't ask them for anything.",
        "vague_what": 'Your ask, "{quote}", doesn\'t name one concrete thing you want.',
        "vague_bounds": 'Your ask, "{quote}", doesn\'t say when or how much time it would take.',
        "hedged": 'Your ask, "{quote}", is softened so much it is hard to say yes to.',
        "buried": 'Your ask, "{quote}", comes late; a busy reader may never get to it.',
        "several": "The email asks {count} different things at once ({quote}).",
        "rec_deadline": 'Your ask, "{quote}", doesn\'t give the deadline.',
        "rec_provides": 'Your ask, "{quote}", doesn\'t say what you will send them.',
        "rec_both": 'Your ask, "{quote}", gives neither the deadline nor what you will send.',
    },
    "time_respect": {
        "pass": 'You showed respect for their time: "{quote}".',
        "thank_you": "A thank-you note asks nothing of their time.",
        "missing": "Nothing shows you know they're busy.",
    },
    "thanks": {
        "pass": 'You thanked them: "{quote}".',
        "missing": "The email never thanks them.",
    },
    "signoff": {
        "pass": 'You signed off with "{quote}".',
        "missing": 'The email ends with "{quote}", with no closing.',
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
        "pass": 'No text-speak, shouting, emoji, lowercase "i" or lowercase names found.',
        "issues": "You wrote {quotes}.",
    },
}

_ADVICE: dict[str, dict[str, str]] = {
    "subject": {
        "missing": 'Add a first line that says why you\'re writing, e.g. "{example}".',
        "empty": 'Fill it in with your purpose, e.g. "{example}".',
        "vague": 'Name your purpose instead, e.g. "{example}".',
    },
    "greeting": {
        "pass_first_name": (
            "That's fine if they asked you to use their first name; if not, a title and last "
            'name is safer, e.g. "{example}".'
        ),
        "missing": 'Open with a greeting and their name, e.g. "{example}".',
        "informal": 'Try "{example}" -- a title and last name show respect.',
        "impersonal": 'Find their name and use it, e.g. "{example}"; a form letter gets skipped.',
        "no_name": 'Add their title and last name, e.g. "{example}".',
        "name_format": 'Use their full last name, e.g. "{example}".',
    },
    "introduction": {
        "missing": 'Say who you are near the top, e.g. "{example}"',
        "signed_only": 'Say who you are near the top, e.g. "{example}"',
        "no_affiliation": 'Add where they know you from, e.g. "{example}"',
        "no_family_link": 'Add how your family knows them, e.g. "{example}"',
    },
    "connection": {"missing": 'Add one line on how you know or found them, e.g. "{example}"'},
    "ask": {
        "missing": 'Add one clear request, e.g. "{example}"',
        "vague_what": 'Name one thing and when, e.g. "{example}"',
        "vague_bounds": 'Say when or for how long, e.g. "{example}"',
        "hedged": 'Say it plainly, once: "{example}"',
        "buried": 'Move it up to the first or second paragraph, e.g. "{example}"',
        "several": 'Pick the one that matters most and ask only that, e.g. "{example}"',
        "rec_deadline": 'Add the deadline and what you will send, e.g. "{example}"',
        "rec_provides": 'Offer what you will send them, e.g. "{example}"',
        "rec_both": 'Add the deadline and what you will send, e.g. "{example}"',
    },
    "time_respect": {"missing": 'One short line helps: "{example}"'},
    "thanks": {"missing": 'Thank them before you close, e.g. "{example}"'},
    "signoff": {
        "missing": 'End with a closing and your name, e.g. "{example}".',
        "informal": 'Use a professional closing instead, e.g. "{example}".',
        "no_name": 'Put your name on the line under the closing, e.g. "{example}".',
        "short_name": 'Sign with your first and last name, e.g. "{example}".',
        "name_case": 'Capitalize your name, e.g. "{example}".',
        "name_mismatch": "Sign with your name exactly as it is: {student_name}.",
    },
    "length": {
        "short": "For {standard} aim for {low}-{high} words: {parts}.",
        "long": (
            "For {standard} keep it under {high} words: cut the backstory and save it for "
            "the conversation."
        ),
    },
    "mechanics": {
        "text_speak": (
            'Spell words out ("you", "please", "going to"); text-speak reads like a text.'
        ),
        "caps": "Write words in normal case; all caps reads as shouting (acronyms are fine).",
        "bangs": 'Use one "!" or "?" at most.',
        "lowercase_i": 'Always write "I" as a capital letter.',
        "emoji": "Leave emoji and smileys out of an email like this.",
        "lowercase_name": 'Capitalize their title and name in the greeting, e.g. "{example}".',
    },
}

_LENGTH_PARTS = {
    "thank_you": "what they did, what it changed for you, and thanks",
    "follow_up": "who you are, when you wrote before, your ask again, and thanks",
    "other": "who you are, how you know them, what you want, and thanks",
}
WORDING = Wording(
    evidence=_EVIDENCE,
    advice=_ADVICE,
    length_parts=_LENGTH_PARTS,
    purpose_names={
        "informational": "a request for a short conversation",
        "recommendation": "a recommendation request",
        "thank_you": "a thank-you note",
        "job_inquiry": "a job, internship or shadowing inquiry",
        "teacher_help": "a request for help",
        "follow_up": "a follow-up",
    },
    audience_names={
        "school_staff": "a teacher or staff member at your school",
        "professional": "a professional",
        "family_friend": "a family friend",
    },
    standard="{purpose} to {audience}",
)
