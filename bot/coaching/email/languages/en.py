"""English: the phrases students really use, from formal drafts to first drafts in text-speak."""

from __future__ import annotations

import re

from bot.coaching.ask_check import check_ask
from bot.coaching.email.languages.base import Language, any_of, phrases, words
from bot.coaching.email.languages.en_ties import CONNECTION, FAMILY, PERSONAL_TIE, STAFF_INTRO

_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
# a time they could offer, so "tmrw during lunch or thurs after school" gives a choice
_SLOT = (
    rf"(?:{_DAYS}|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat)\.?|tomorrow|tmrw|lunch|"
    r"after school|before school|(?:this|next) week|morning|afternoon)"
)
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_DATE = (
    rf"(?:{_DAYS}|{_MONTHS}\.?\s+\d{{1,2}}|\d{{1,2}}/\d{{1,2}}|{_MONTHS}\b|tomorrow|next week|"
    r"the \d{1,2}(?:st|nd|rd|th)\b|"
    r"end of (?:the )?(?:month|week|semester|quarter)|in (?:a|one|two|three|\d+) weeks?)"
)
_NEXT_FEW = re.compile(
    r"\b(?:next|coming|following) (?:few|couple(?: of)?|two|three|\d+) (?:days|weeks|months)\b",
    re.IGNORECASE,
)
_MY_ACTION = re.compile(
    r"\b(?:(?:could|can|may) (?:i|we)|(?:whether|if) (?:i|we) (?:could|can|may|might)) "
    r"(?!ask\b|get\b|have\b|know\b|learn\b|be\b)\w+|"
    r"\bpossible for me to \w+|\b(?:okay|ok|alright|all right|fine|mind) if (?:i|we) \w+|"
    r"\b(?:turn|hand)(?:ed|ing)? (?:in|it in|this in|them in)\b|\bsubmit\w*\b|"
    r"\b(?:get|have|pick up|grab) (?:a |an |another |the |my )?(?:new |extra |second )?(?:copy|"
    r"form|packet|worksheet|handout|pass|slip|notes|study guide)\b",
    re.IGNORECASE,
)
_BOUNDED_TIME = re.compile(
    r"\b(?:have|spare|give me|find|take)\s+(?:about\s+|just\s+)?(?:\d+|a few|five|ten|"
    r"fifteen|twenty|thirty)(?:\s*-\s*\d+)?\s*(?:min|mins|minutes)\b|"
    r"\b(?:\d+|a few|five|ten|fifteen|twenty|thirty) minutes of your time\b",
    re.IGNORECASE,
)


_SEASON_OR_MONTH = re.compile(
    r"\b(?:summer|winter|january|february|april|june|july|august|september|october|november|"
    r"december)\b",
    re.IGNORECASE,
)


_PLURALS = re.compile(
    r"\b(internship|position|interview|tour|visit|opening|apprentice|apprenticeship|intern)s\b",
    re.IGNORECASE,
)


def _specific(text: str) -> bool:
    """The shared ask checker, a request for a bounded piece of their time, or a concrete
    thing with a season or month ("summer internship openings", "from June to August")."""
    found = check_ask(_PLURALS.sub(r"\1", text))  # "any internships" asks for one as well
    if found.specific or _BOUNDED_TIME.search(text):
        return True
    if found.missing == ("what",) and _MY_ACTION.search(text):
        return True  # "Could I walk him on weekday afternoons this summer?"
    timed = _SEASON_OR_MONTH.search(text) or _NEXT_FEW.search(text)
    return found.missing == ("when", "how_much") and bool(timed)


LANGUAGE = Language(
    code="en",
    name="English",
    markers=words(
        """
        the to and of i you in for my your is it that with at be am are this would could
        can was have if about we from so do will not or but an as what like how our they
        he she his her been were has had there their which when who also just really
        u ur thx pls plz hmu lol idk tbh gonna wanna hey hi dear thanks thank
        """
    ),
    subject_label=any_of(r"^subject(?:\s+line)?\s*(?::|\s[-–—]+)\s*(.*)$"),
    subject_filler=words(
        """
        hi hello hey heyy yo hiya greetings question questions quick help please pls request
        re fw fwd urgent important email message from me a an the student there you your
        note update mr ms mrs dr miss sir madam hola about for to my no subject high
        academy junior senior sophomore freshman grader student students
        did do does get got can could would will is are was were it this that i we us
        any some something thing stuff sorry still waiting checking in its
        """
    ),
    subject_purpose=words(
        """
        shadow shadowing internship internships intern advice recommendation reference
        letter thank thanks informational interview call chat conversation career careers
        mentor mentorship volunteer volunteering job jobs opportunity essay resume
        application scholarship program follow-up follow following meeting visit tour extension
        retake test quiz homework project lab college fafsa
        """
    ),
    greetings=(
        "dear",
        "hello",
        "hi",
        "good morning",
        "good afternoon",
        "good evening",
        "greetings",
        "hola",
        "buenos días",
        "buenos dias",
        "buenas tardes",
    ),
    informal_greetings=(
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
    ),
    impersonal_greetings=(
        "to whom it may concern",
        "dear sir or madam",
        "dear sir",
        "dear madam",
        "dear hiring manager",
    ),
    nameless_greeting_words=words(
        "there all everyone everybody team friend sir madam staff department committee office "
        "again "
        "coordinator members manager folks"
    ),
    titles=words(
        """
        mr mrs ms miss mx dr coach professor prof dean principal judge officer nurse chef teacher
        pastor rabbi reverend rev captain senator sergeant sgt señora señor senora senor
        madame mme mlle monsieur sra sr srta profe
        """
    ),
    name_intro=any_of(
        r"\b(?i:my name is|my name's)\s+(?P<name>[A-Za-z][\w'-]*)",
        r"\b(?i:i am|i'm|im|this is)\s+(?P<name2>[A-Z][a-z][\w'-]*)",
        r"\b(?i:it's|its|it is)(?i: me)?,?\s+(?P<name3>[A-Za-z][a-z][\w'-]*)"
        r"(?:\s+[A-Z][\w'-]+)?(?=\s+(?i:from|in|on|,|\(|the|your|ur|again)|[,.!])",
        flags=0,
    ),
    not_names=words(
        """
        also currently really very so not just still glad happy sorry excited grateful
        thankful interested curious passionate available free part one your my the in at
        on from here a an me writing reaching emailing wondering hoping trying looking
        now going sure thinking applying taking working planning due over only about
        been done like hard difficult again
        """
    ),
    affiliation=any_of(
        r"\b(?:freshman|sophomore|junior|senior|first[- ]year|second[- ]year|"
        r"(?:9|10|11|12)th[- ]grade(?:r)?|(?:ninth|tenth|eleventh|twelfth)[- ]grade(?:r)?|"
        r"grade (?:9|10|11|12)|grader|student|high school|middle school|high|academy|"
        r"program|club|class of \d{4}|class|team|school|intern|cadet|camper|editor|captain|"
        r"member|volunteer|prep)\b",
        *STAFF_INTRO,
    ),
    staff_intro=any_of(*STAFF_INTRO),
    family_link=any_of(
        r"\b[A-Z][a-z]+'s (?:(?:step|grand|great-grand)?(?:daughter|son|kid|child)|niece|nephew|"
        r"grandkid|cousin|friend|sister|brother|stepsister|stepbrother)\b",
        rf"\bmy {FAMILY}\b",
        r"\bneighbou?rs?\b|\bnext door\b|\bchurch\b|\bfamily friend\b|\byour friend\b",
        r"\b(?:knows|knew) you\b|\bknow you from\b|\b(?:parents|mom|dad|family) know you\b",
        *PERSONAL_TIE,
    ),
    connection=any_of(*CONNECTION),
    thanks_for=any_of(
        r"\b(?:thank you|thanks|thx|thank u)(?: so much| very much| again| a lot)? for\b",
        r"\b(?:grateful|appreciate[ds]?) (?:for )?(?:you|your|the|that)\b",
    ),
    personal=any_of(r"\b(?:me|my|myself)\b"),
    group=any_of(
        r"\b(?:our|us|we|everyone|the class|the group|the team)\b",
        r"\b(?:my|the other) (?:classmates|friends|teammates|class|club|team|troop|group)\b",
    ),
    request=any_of(
        r"\b(?:could|would|can|will|may) (?:you|i|we|u)\b",
        r"\bwould it be possible\b|\bis it possible\b|\b(?:is there )?any chance\b",
        r"\b(?:i was|i am|i'm|im) (?:wondering|hoping|asking|writing to ask)\b",
        r"\b(?:would|i'd) be (?:so |very |really )?(?:grateful|honored|thankful) if\b",
        r"\b(?:i'd|i would) (?:also |really |just |so |still )?(?:like|love|be grateful|"
        r"be thankful|"
        r"be honored|really appreciate|appreciate)\b",
        r"\b(?:wanted|want|writing|hoping|trying) to (?:ask|check|see|find out|know|inquire)\b",
        r"\bwould it be (?:okay|ok|alright|all right|fine|possible)\b",
        r"\b(?:would|i'd) (?:like|love) to (?:list|use|name|put) you (?:down )?as\b",
        r"\bis it (?:okay|ok|alright)\b",
        r"\b(?:you'd|you would|you might) be (?:open|willing|available|able)\b",
        r"\bare you (?:open|available|willing)\b",
        r"\b(?:do|would) you have\b|\bare there any\b|\bis there\b|\bdo you know\b",
        r"\blet me know\b|\bany advice\b|\bif you (?:could|would|might)\b",
        r"\b(?:if|whether) (?:i|we) (?:could|can|may|might)\b",
        r"\bi want to ask\b|\bwould you mind\b|\bplease\b",
    ),
    hedges=any_of(
        r"\bmaybe\b",
        r"\bpossibly\b",
        r"\bsometime\b",
        r"\bat some point\b",
        r"\bmight\b",
        r"\bperhaps\b",
        r"\bnot too much trouble\b",
        r"\bif you don't mind\b",
        r"\bkind of\b",
        r"\bsort of\b",
        r"\bor something\b",
        r"\bi guess\b",
        r"\bor whatever\b",
        r"\bjust wondering\b",
    ),
    is_specific=_specific,
    ask_kinds=(
        any_of(r"\b(?:talk|chat|call|meet|meeting|speak|conversation|coffee|zoom)\b"),
        any_of(r"\bshadow\w*|\bobserve\b"),
        any_of(r"\b(?:look (?:over|at|through)|read|review|proofread|edit|feedback|critique)\b"),
        any_of(r"\bintern\w*|\bvolunteer\w*|\b(?:jobs?|positions?|openings?|apply|hiring)\b"),
        any_of(r"\b(?:visit|tour|come (?:by|in|to)|stop by|drop by)\b"),
        any_of(r"\b(?:recommendation|reference|letter)\b"),
        any_of(r"\b(?:introduce|connect me|put me in touch|refer me)\b"),
    ),
    letter=any_of(r"recommend", r"\breferences?\b", r"\bletters?\b"),
    reask=any_of(
        r"\bstill\b",
        r"\bagain\b",
        r"\bmy (?:last|earlier|previous) (?:email|message)\b",
        r"\bhad a chance\b|\b(?:saw|got|read|received) my\b|\bcheck(?:ing)? (?:in|back)\b",
    ),
    deadline=any_of(
        rf"\b(?:due|deadline|by|before|until|clos(?:e|es|ing)|ends?|submit\w*)\b[^.?!]{{0,40}}"
        rf"{_DATE}",
        rf"{_DATE}[^.?!]{{0,20}}\b(?:deadline)\b",
    ),
    provides=any_of(
        r"\b(?:send|bring|give|share|email|forward|drop|dropped|put|leave|left|"
        r"turned in|turn in|handed in|attach(?:ed)?|include"
        r"|provide|get|text|mail|hand|show|upload)\b[^.?!]{0,60}\b(?:resume|résumé|cv|"
        r"brag sheet|form|forms|description|transcript|essay|list|application|materials|"
        r"information|info sheet|draft|portfolio|packet|link|details|questionnaire|activities|"
        r"posting|certificates?|certification|requirements|prompt|guidelines|instructions)\b",
        r"\b(?:resume|brag sheet|transcript)\b[^.?!]{0,40}\b(?:attached|in your (?:box|mailbox)"
        r"|to you)\b",
        # anything the student leaves for them: "I'll put my activity sheet in your mailbox"
        r"\b(?:put|leave|drop|bring|slip|place)\b[^.?!]{0,40}\b(?:in your (?:mailbox|box|inbox|"
        r"office|room)|on your desk|under your door)\b",
    ),
    time_respect=any_of(
        r"\bbusy\b|\bbusiest\b|\bswamped\b|\bslammed\b|\bhectic\b|\bstretched thin\b",
        r"\b(?:a lot|so much|tons) going on\b|\b(?:buried|drowning) in\b",
        r"\btime that (?:works|suits|is convenient)\b|\bconvenien(?:t|ce)\b",
        r"\b(?:works|work|is easier|is easiest|easier|easiest) (?:best )?for you\b",
        r"\bsuits you\b|\bwhenever you(?:'re| are)? (?:free|available|have)\b",
        r"\bif you have (?:the )?(?:time|a few minutes|a moment|a minute|a chance|\d+ minutes)",
        r"\bif your schedule\b|\bif you(?:'re| are) (?:ever )?(?:free|available|able|too)\b",
        r"\b(?:a lot|too much|much|a big ask|a big favou?r) to ask\b|\bbig (?:ask|favou?r)\b",
        r"\b(?:full|packed) for you\b",
        r"\b(?:so|or) (?:i|we) (?:can|could) also (?:drop|bring|come|stop|meet|call|leave|mail)\b",
        r"\bflexib(?:le|ility)\b|\bi(?:'m| am) (?:free|available)\b|\bno (?:pressure|rush)\b",
        r"\b(?:can|could) (?:work|come|start|meet) (?:whenever|any ?time)\b",
        r"\bif not,? (?:i can|i could|\w+day)\b|\bif (?:that|this) (?:doesn't|does not) work\b",
        r"\bwhen(?:ever)? you (?:get|have) a (?:chance|minute|moment|sec|second)\b",
        r"\bno worries\b|\bunderstand if\b|\bcompletely understand\b|\bshort notice\b",
        r"\btake up (?:too much|much|a lot|any more) of your time\b|\bkeep it (?:short|brief)\b",
        r"\b(?:only|just|should only|should just) (?:take|takes|need|be) (?:a|one|a few|five|\d+) "
        r"(?:minute|minutes|min|second|seconds)\b|\b(?:don't|do not) want to (?:bother|bug)\b",
        r"\bsorry to bother\b|\bwhenever (?:it's|it is) (?:convenient|easy|good)\b",
        r"\b(?:have|get|getting|receive|receiving) "
        r"(?:a lot of|lots of|so many|many|tons of|a ton of) (?:these )?"
        r"(?:students|requests|emails|work|messages|applications)\b",
        r"\b(?:whatever|whichever) (?:days?|times?|hours|shifts?) (?:you need|work|is best)\b",
        r"\b(?:many|a lot of|lots of|so many) (?:seniors|students|people) (?:are )?"
        r"(?:asking|emailing)\b",
        r"\b(?:a lot|so much) on your plate\b",
        r"\bi know (?:your|you)\b[^.]{0,30}\b(?:short|full|packed|limited|valuable|a lot|long)\b",
        r"\bif (?:that|it|\w+day|\w+) (?:doesn't|does not|won't|will not) work\b",
        r"\b(?:is|are|would be) (?:fine|okay|ok|good) too\b",
        r"\bif (?:it's|it is|that's|that is|this is) not possible\b",
        r"\bif (?:you can't|you cannot|you're not able|you are not able)\b",
        r"\b(?:work|fit) around (?:your|it)\b|\bon your schedule\b|\bwhatever (?:time|day) works\b",
        r"\b(?:schedule|calendar|plate) is (?:full|packed|busy)\b",
        r"\b(?:any|most|either|whichever) (?:day|time|afternoon|morning|weekday|weekend|evening|"
        rf"shift|week|friday|{_DAYS})s?\b",
        rf"\b{_DAYS}\b[^.]{{0,40}}\bor\b[^.]{{0,20}}\b{_DAYS}\b",
        rf"\b(?:free|available|work|come)\b[^.]{{0,20}}\b{_DAYS}\b[^.]{{0,20}}\band\b[^.]{{0,20}}"
        rf"\b{_DAYS}\b",
        rf"\b{_SLOT}\b[^.]{{0,40}}\bor\b[^.]{{0,20}}\b{_SLOT}\b",
        r"\b\d+\s*(?:-|to|or)?\s*\d*[- ]?(?:min|mins|minutes?)\b",
        r"\b(?:five|ten|fifteen|twenty|thirty)[- ]minutes?\b|\bhalf an hour\b|\ba few minutes\b",
        r"\bhave a minute\b|\bquick\b|\btoo tight\b",
    ),
    thanks=any_of(
        r"\b(?:thank|thanks|thankful|grateful|gratitude|appreciate|appreciated|appreciation|"
        r"thx|thnx|thank u|ty|gracias)\b"
    ),
    closings=(
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
        "thanks a lot",
        "many thanks",
        "with gratitude",
        "gratefully",
        "with appreciation",
        "with thanks",
        "gracias",  # to a Spanish teacher, as "Hola" is a greeting
        "muchas gracias",
    ),
    informal_closings=(
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
        "hmu",
        "- ",
        "lol",
    ),
    text_speak=words(
        "u ur pls plz thx thnx ty idk lol omg gonna wanna r b4 btw tbh bc cuz tmrw ppl ttyl "
        "hmu rn ngl smh imo lmk wyd im thru tho tysm tyvm thnks ily jk"
    ),
    text_speak_lowercase_only=words("u r ty bc im"),
    acronyms=words(
        """
        STEM STEAM NASA SEES LEGO SAT ACT AP IB FAFSA USA CEO CFO PSAT NCAA ROTC JROTC HOSA
        FBLA DECA UCLA USC MIT NYU HTML AVID YMCA YWCA NAACP SHPE IEEE NOAA USDA FIRST NSBE
        MESA LGBTQ CUNY SUNY UNICEF OSHA COVID ICU EMT EMTS CNA CPR GPA DMV NHS NJHS HVAC CAD
        CNC AWS IBM NIH CDC FBI TOEFL PTSA ASB DNA MRI GED ESL IEP NFL NBA WNBA ESPN UCSD
        UCSF UNLV CSUN DPT PTA RN LPN BSN MCAT LSAT SWE TSA SADD FCCLA JSA MUN DARE AAU
        VEX PLTW CTE ESPN SQL AI AR VR IT CS CS50 ROV ASAP CDL ASE CMA STNA PCT EKG
        """
    ),
    shouted_short_words=words(
        """
        SO NOT YES ALL ANY YOU AND BUT THE NOW BIG TOO WAY WHY HOW CAN VERY MUCH LOVE BEST WEEK
        HELP NEED WANT COOL HUGE SUPER GREAT AGAIN THANK SORRY REAL NICE WILL JUST THIS THAT
        WHAT WITH HAVE YOUR FROM WHEN THEY MAKE SURE GOOD LIKE KNOW TIME ONLY EVER MORE MOST
        SOON LATE HARD FAST WORK DEAR HELLO HAPPY CRAZY TOTAL FREE MEAN LOVED STILL HATE DUMB
        WISH HOPE GLAD BEEN DONE FINE OKAY LATER THANKS NO OMG
        """
    ),
    lowercase_i=any_of(r"(?<![\w'.-])i(?=[\s,;:!?)]|'(?:m|ve|ll|d)\b|$)", flags=0),
    fields=phrases(
        """
        aerospace engineering, mechanical engineering, civil engineering, software engineering,
        computer science, physical therapy, veterinary medicine, marine biology, graphic design,
        social work, real estate, music production, engineering, nursing, medicine, dentistry,
        pharmacy, chemistry, biology, physics, math, algebra, geometry, calculus, history,
        English, journalism, law, architecture, film, art, photography, coding, accounting,
        marketing, business, cybersecurity, culinary, cooking, teaching, psychology, economics,
        robotics, FAFSA, college essay, college applications, scholarship, Spanish, government
        """
    ),
    spelled_out=(
        (re.compile(r"\bur\b", re.IGNORECASE), "your"),
        (re.compile(r"\bu\b"), "you"),
        (re.compile(r"\bim\b"), "i'm"),
    ),
    examples={
        "subject.informational": "Subject: 15-minute call about {field}?",
        "subject.recommendation": "Subject: Recommendation request for the {field} program",
        "subject.thank_you": "Subject: Thank you for your help with {field}",
        "subject.job_inquiry": "Subject: Summer {field} internship question",
        "subject.teacher_help": "Subject: Help with {field} before Friday",
        "subject.follow_up": "Subject: Following up on my {field} question",
        "greeting.school_staff": "Hi {title_name},",
        "greeting.professional": "Dear {title_name},",
        "greeting.family_friend": "Dear {title_name},",
        "intro.school_staff": "It's {first} from your 3rd period {field} class.",
        "intro.professional": "My name is {full}, and I'm a junior at Lincoln High.",
        "intro.family_friend": "My name is {full}; my mom, Rosa, knows you from church.",
        "intro.thank_you": "This is {full} from Lincoln High, writing to say thank you.",
        "intro.follow_up": "This is {full}; I emailed you last week about {field}.",
        "connection.school_staff": "I'm in your 3rd period {field} class.",
        "connection.professional": "Ms. Ortiz, my counselor, told me you work in {field}.",
        "connection.family_friend": "My dad told me you've worked in {field} for years.",
        "connection.thank_you": "Thank you for showing me your work in {field} on Tuesday.",
        "connection.follow_up": "I emailed you on May 2 about {field}.",
        "ask.informational": (
            "Would you have 15 minutes for a call next week about how you got started in {field}?"
        ),
        "ask.recommendation": (
            "Would you write a recommendation for the {field} program? It's due March 1, and "
            "I'll send my resume and the program description this week."
        ),
        "ask.job_inquiry": (
            "Could I shadow you for one morning during spring break to see {field} up close?"
        ),
        "ask.teacher_help": (
            "Could I come to your room at lunch on Wednesday for 15 minutes to go over {field}?"
        ),
        "ask.follow_up": (
            "Would you still have 15 minutes in the next two weeks to talk about {field}?"
        ),
        "ask.thank_you": "",
        "time_respect": "I know you're busy, so any day that works for you is great.",
        "thanks": "Thank you for considering this.",
        "signoff.school_staff": "Thank you,\n{first}",
        "signoff.other": "Best regards,\n{full}",
        "default_field.informational": "your field",
        "default_field.recommendation": "summer",
        "default_field.thank_you": "my project",
        "default_field.job_inquiry": "your work",
        "default_field.teacher_help": "the homework",
        "default_field.follow_up": "a short call",
        "default_first": "Ana",
        "default_full": "Ana Torres",
        "default_title_name": "Ms. Ortiz",
    },
)
