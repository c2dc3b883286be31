"""English: how a student knows or found the reader, and who they are to them.

Why apart: these are the longest phrase lists of the English rubric (a connection comes in
dozens of forms), and they change most often as labellers find new ones.
"""

from __future__ import annotations

_CLUBS = (
    r"(?:class|period|team|club|robotics|band|choir|orchestra|debate|theat(?:er|re)|advisory|"
    r"homeroom|caseload|section|program|academy|chapter|league|troop|squad|lab|ensemble|"
    r"yearbook|drumline|newspaper|"
    r"soccer|football|basketball|volleyball|baseball|softball|track|swim(?:ming)?|tennis|"
    r"wrestling|cheer|chem|bio|physics|math|english|history|art|spanish|french|gov)"
)
FAMILY = (
    r"(?:mom|dad|mother|father|parents?|aunt|uncle|cousin|sister|brother|grandmother|grandma|"
    r"grandfather|grandpa|family|stepmom|stepdad|godmother|godfather|neighbou?r|"
    r"troop|pastor|youth group)"
)
# A tie between the reader and the student (not an event where the student heard them):
# what a family friend needs in place of the family link (LABELS.md sections 8 and 9).
PERSONAL_TIE = (
    r"\byou(?:'ve been| have been| were| are|'re) (?:my|our)\b",
    r"\byou (?:coached|taught|tutored|babysat|mentored|watched|drove|carpooled|hired) "
    r"(?:me|us)\b",
    r"\bi (?:was|used to be|have been|'ve been) (?:in|on) your (?:[\w-]+ ){0,2}(?:troop|team|"
    r"class|crew|group|squad|choir|league|pack)\b",
    r"\b(?:i|we)(?:'ve| have)? (?:known|worked with|volunteered with|babysat for) you\b",
    r"\bsince i was (?:little|a kid|small|young|\d+)\b",
    r"\bwith your (?:son|daughter|kids?|children|grandson|granddaughter|nephew|niece)\b",
    r"\byour (?:son|daughter|kid|grandson|granddaughter)(?:'s| [A-Z]\w+'s) (?:friend|classmate|"
    r"teammate)\b",
    r"\b(?:member|part) of your (?:[\w-]+ ){0,2}(?:group|troop|team|choir|class|church|"
    r"congregation|crew|club|program|ministry)\b",
)
STAFF_INTRO = (
    r"\bfrom (?:your|ur) (?:[\w&'-]+ ){0,3}[\w&'-]+",
    r"(?<!switch )(?<!move )(?<!transfer )(?<!change )(?<!drop )"  # "switch from Spanish 2"
    rf"\b(?:from|in|on) (?:your |ur |the |our )?(?:[\w&'-]+ ){{0,4}}{_CLUBS}\b",
    r"\bone of your\b",
    r"\b(?:during|in|for|after|before) your (?:[\w-]+ )?(?:class|period|lesson|lab)\b",
    r"\(\s*(?:\d+(?:st|nd|rd|th)|period \d+) period\s*\)|\(\s*period \d+\s*\)",
    # a club or program named by its acronym: "It's Samira from HOSA", "in FBLA" (LABELS.md 9)
    r"(?-i:\b(?:from|in|with|on) (?:the |our |your )?[A-Z][A-Z0-9&]{1,5}\b)(?![’'])",
    r"(?-i:\b[A-Z][A-Z0-9&]{1,5}) (?:member|president|vice president|secretary|treasurer|"
    r"captain|officer|cadet)\b",
    r"\byour (?:former )?(?:student|advisee|mentee|caseload|homeroom|juniors|seniors|"
    r"sophomores|freshmen|player|runner|swimmer)s?\b",
)

# The student's own relation to the reader, any tense (LABELS.md 4 and 11): a relation verb
# with "you/your" later in the same clause. The clause stops at "and", "to", "would"...,
# so "I have worked at a shelter and would love to join your team" stays no connection.
_RELATION_VERB = (
    r"(?:worked|work|working|volunteered|volunteering|served|serving|interned|interning|"
    r"trained|apprenticed|shadowed|studied|wrote|written|emailed|called|texted|messaged|dmed|"
    r"met|saw|seen|heard|bussed|babysat|delivered|cleaned|mowed|walked|helped)"
)
_SAME_CLAUSE = (
    r"(?:(?!\b(?:and|but|so|would|could|will|to|hope|want|wanted|love|like|if|because|"
    r"which|who|wondering)\b)[^.?!;]){0,50}"
)
RELATION = (
    rf"\b(?:i|we)(?:'ve| have| had)?(?: also| already| once)?(?: been)? {_RELATION_VERB}\b"
    rf"{_SAME_CLAUSE}\b(?:you|your)\b",
    r"\b(?:working|serving|volunteering|interning|training) (?:under|with|for|alongside) you\b",
    r"\byou (?:hired|trained|interviewed|managed|tutored|supervised|taught|coached|helped|"
    r"treated|mentored) (?:me|us|my)\b",
    r"\bi (?:was|used to be|have been|'ve been) your\b",
    # a regular of a named place: "I've been getting my hair cut at Fresh Fades since 8th grade"
    r"\b(?:i|we|my (?:family|mom|dad|parents))(?:'ve| have| has)? been (?:getting|buying|"
    r"coming|going|bringing|taking|shopping|eating|ordering)\b[^.?!]{0,40}\b(?:at|to|from) "
    r"(?-i:[A-Z][\w&'-]+)\b(?! (?-i:High|School|Middle|Elementary|Academy|College|University))",
    # an earlier message without "you": "I wrote on January 15 about ..."
    r"\b(?:i|we) (?:wrote|emailed|messaged|texted|called|reached out)(?: to you)? "
    r"(?:on|last|earlier|back in|a few)\b",
    r"\bon (?:ig|insta)\b",
)

CONNECTION = (
    *RELATION,
    r"\b(?:we|you) (?:met|talked|spoke)\b|\bi met\b",
    r"\bmet you\b|\bwhen we met\b|\bnice meeting\b",
    r"\b(?:you|your (?:[\w-]+ )?(?:team|clinic|office|shop|crew|staff|company|hospital|store)) "
    r"(?:spoke|talked|presented|visited|came|gave|judged|treated|"
    r"taught|coached|mentored|helped|showed|led|hosted|ran|told|said)\b",
    r"\byour (?:talk|presentation|panel|session|workshop|demo|visit|booth|table|"
    r"article|tour)\b",
    r"\bheard you (?:speak|talk|present)\b",
    r"\b(?:career|job|college|science|portfolio) (?:day|fair|night|panel|expo|festival)\b",
    r"\b(?:at|on|during|from) (?:the|our|your|a|my|this|last)\b[^.]{0,40}\b(?:fair|event|"
    r"assembly|orientation|showcase|festival|conference|competition|tournament|meeting|"
    r"tour|open house|night|summit|camp|career day|expo|match|trip|visit)\b",
    r"\b(?:told|tell|tells) me (?:that |about )?(?:you|your)\b",
    r"\b(?:said|says|mentioned|thinks|knows|thought) (?:that )?(?:you|your)\b",
    r"\b(?:suggested|recommended|encouraged me|asked me) (?:that )?(?:i |me )?"
    r"(?:to )?(?:reach|contact|email|write|talk|ask|speak|get in touch)",
    r"\b(?:suggested|recommended) (?:that )?i\b",
    r"\b(?:said|says|told me|thought|thinks|felt|feels|figured|mentioned) (?:that )?i "
    r"(?:should|could|might|can|ought to) (?:reach|contact|email|write|talk|ask|speak|"
    r"get in touch|call|apply|come)",
    r"\bgot your (?:name|email|contact|information|info|address|number)\b",
    r"\b(?:recommended|suggested|mentioned|referred) you\b",
    r"\byou (?:sponsor|advise|run|lead|organize|coach|host|teach|supervise)\b",
    r"\bi(?:'ve| have)? (?:was|worked|volunteered|interned|went|attended|stayed)\b[^.]{0,40}"
    r"\b(?:at|in|to|of|for) your\b",
    r"\b(?:i|we)(?:'ve| have) (?:emailed|written to|talked (?:to|with)|spoken (?:to|with)|"
    r"met|worked with) you\b|\bremember me\b",
    r"\b(?:follow|followed|read) your (?:work|blog|posts?|page|account|articles?)\b",
    r"\b(?:interned|trained|studied|volunteered|worked) (?:with|under|for) you\b",
    r"\b(?:i|we|i've|i have) shadowed (?:you|with you|at your|in your)\b",
    r"\b(?:following|follow) up on my\b|\bmy (?:email|message|note) (?:from|on|last)\b",
    r"\b(?:works?|worked|volunteers?|volunteered) with you\b",
    r"\b(?:worked|volunteered|interned|trained) (?:at|on|for|in|with) your\b",
    r"\bi(?: was| have been|'ve been| am|'m) an? (?:camper|member|patient|customer|player|"
    r"swimmer|regular)\b[^.]{0,30}\b(?:at|in|with|on|of)\b",
    r"\b(?:came|went|shopped|ate|(?<!could )(?<!can )(?<!may )(?<!would )(?:i|we) "
    r"(?:come|go|shop|eat))(?: in)? (?:to|at|into) your\b",  # not the ask "Could I come to your"
    # a customer who brings their pet or car in: "We take our dog to Oak Hollow Animal Hospital"
    r"\b(?:take|takes|took|bring|brings|brought)\s+(?:our|my)\s+(?:dogs?|cats?|pets?|puppy|"
    r"kitten|horses?|car|truck|bike)\b[^.]{0,30}\bto\b",
    r"\b(?:i|we|my (?:family|mom|dad|parents))(?:'ve| have)? (?:buy|buys|bought|get|gets|got|"
    r"gotten|had|adopted|took|brought|take|takes|keep|keeps|kept|board|boards)\b[^.]{0,30}"
    r"\b(?:at|from|to) your "
    r"(?:shop|store|bakery|restaurant|clinic|office|studio|gym|salon|garage|caf[eé]|"
    r"business|pharmacy|farm|shelter|practice|hospital|marina|stable|kennel|diner|"
    r"dealership|nursery|library|center)\b",
    r"\b(?:came|stopped|dropped|swung|popped|passed) (?:by|in at|into|over to) (?:your|the)\b",
    # a customer of their place, named: "shopped at Novak Hardware", "adopted Luna from Happy Paws"
    r"\b(?:shopped|shop|eaten|eat|ate|adopted|bought)\b[^.]{0,30}\b(?:at|from) (?-i:[A-Z][\w&'-]+)",
    r"\bvisit(?:ed|ing) (?:your|you)\b|\b(?:introduced (?:us|me to you)|connected us)\b",
    r"\breferred me\b|\bpointed me\b|\bpassed along your\b|\bput me in touch\b",
    r"\b(?:gave|sent|passed|forwarded|shared) (?:me )?(?:along |on )?your (?:name|email|"
    r"contact|information|info|address|number)\b",
    r"\b(?:is|was) your (?:sister|brother|cousin|friend|colleague|co-?worker|neighbou?r|"
    r"(?:former )?student|old friend)\b",
    r"\bmentioned (?:you|your)\b",
    # online: "I follow the clinic on Instagram", "your posts about the new suite"
    r"\b(?:follow|followed|found|saw|watch|watched|seen)\b[^.]{0,40}\bon (?:instagram|tiktok|"
    r"youtube|facebook|twitter|social media|linkedin|your website)\b",
    r"\byour (?:posts?|videos?|channel|website|instagram|tiktok|podcast|reels?|book)\b",
    # a guest in their class: "You were a guest speaker in my AP CS class"
    r"\bguest (?:speaker|lecture|lecturer|speaking|judge|visit)\b",
    r"\byou (?:were|came as|came in as) (?:a|our|the) (?:guest|speaker|judge|presenter|mentor)\b",
    # a regular: "I've been coming to the Eastside branch since I was little"
    r"\b(?:i've|i have|i) (?:been )?(?:coming|going) (?:to|into) (?:the|your)\b[^.]{0,40}"
    r"\b(?:since|for|every)\b",
    # "I saw the mural you painted", "read the article you wrote"
    r"\b(?:saw|read|watched|heard|visited|toured|used|tried|listened to)\b[^.]{0,40}"
    r"\b(?:you|your team) (?:\w+ed|wrote|built|made|gave|ran|led|did|drew|sang|taught|spoke)\b",
    r"\b(?:found|saw|read|came across|heard about) (?:your|you|the flyer|the post|a post|"
    r"the ad|an ad|the listing)\b",
    r"\blinkedin\b|\balumni\b|\balum(?:na|nus)?\b|\bfellow (?:alum\w*|graduate)\b",
    r"\byou(?:'ve been| have been| were| are) (?:my|our)\b",
    r"\b(?:i was|i am|i'm|i've been|im) (?:in|on|at) your\b",
    # a past role on their staff: "I was a prep cook on your line", "a runner in your kitchen"
    r"\bi (?:was|worked as|used to be|have been|'ve been) an? (?:[\w-]+ ){1,3}(?:on|in|at|for) "
    r"your\b",
    rf"(?<!interested )\b(?:in|from|on|at) (?:your|ur) (?:[\w-]+ ){{0,3}}{_CLUBS}\b",
    r"\b(?:read|heard|learned|saw) about (?:you|your)\b",
    r"\b(?:heard|watched|listened to|attended|saw) your\b",
    r"\b(?:listen to|watch|read|follow) your (?:[\w-]+ )?(?:show|podcast|blog|videos?|channel|"
    r"column|articles?|posts?|newsletter|station|program|broadcast)\b",
    r"\b(?:saw|noticed|found|read|spotted)\b[^.]{0,40}\b(?:sign|flyer|posting|post|ad|listing)\b",
    r"\bi took your\b|\byour (?:former )?(?:student|mentee|camper|player|intern)\b",
    r"\bneighbou?rs?\b|\bnext door\b|\bdown the (?:street|block|hall)\b|\bchurch\b",
    r"\b(?:i|we|who) (?:emailed|wrote|sent|messaged|reached out|contacted|called) "
    r"(?:to )?you\b",
    r"\b(?:sent|wrote) you (?:an? |my )?(?:email|message|note|letter)\b",
    r"\b(?:my|our) (?:last|earlier|previous) (?:email|message|note)\b",
    r"\b(?:also|both) (?:went to|graduated from|attended)\b|\bwhere you graduated\b",
    r"\bour (?:call|conversation|chat|meeting|talk)\b",
    r"\b(?:knows|knew) you\b|\bknow you from\b|\b(?:parents|mom|dad|family) know you\b",
    r"\byou(?:'ve| have)? (?:treated|fixed|helped|taught|coached|mentored|supervised)\b",
)
