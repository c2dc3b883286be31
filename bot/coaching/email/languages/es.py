"""Spanish: Asunto, Estimada/o, Me llamo, Atentamente, Muchas gracias -- and how students
really write to a teacher ("Hola profe", "Soy Diego de su clase de álgebra")."""

from __future__ import annotations

from bot.coaching.email.languages.base import Language, any_of, words

_DAYS = r"(?:lunes|martes|miércoles|miercoles|jueves|viernes|sábados?|sabados?|domingos?)"
_MONTHS = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre)"
)
_NUMBERS = r"(?:cinco|diez|quince|veinte|treinta|cuarenta|una|dos|tres)"
_WHEN = any_of(
    rf"\b{_DAYS}\b",
    rf"\b{_MONTHS}\b",
    r"\b(?:hoy|mañana|pasado mañana)\b",
    r"\b(?:esta|la próxima|la proxima|la siguiente) semana\b|\bpróxim[oa]s? \w+",
    r"\b(?:este|el próximo|el proximo) (?:mes|verano|semestre|fin de semana)\b",
    r"\bverano\b|\binvierno\b|\bvacaciones\b|\balmuerzo\b|\bdespués de (?:clases|la escuela)\b",
    r"\bfecha límite\b|\bfecha limite\b|\bplazo\b|\bantes del?\b",
    r"\b\d{1,2}/\d{1,2}\b",
)
_HOW_MUCH = any_of(
    rf"\b(?:\d+|{_NUMBERS})\s*(?:minutos|min|horas?)\b",
    r"\b(?:una|media) hora\b|\bunos minutos\b|\buna mañana\b|\bun día\b|\buna tarde\b",
    r"\b(?:una|dos|tres|unas) (?:preguntas?|páginas?)\b",
)
_CONCRETE = any_of(
    r"\w*llamada\b|\breuni[oó]n\b|\bhablar\b|\bconversaci[oó]n\b|\bvisit\w*\b|\bcarta\b",
    r"\brecomendaci[oó]n\b|\breferencia\b|\bvoluntari\w*\b|\bpr[aá]cticas?\b|\bentrevista\b",
    r"\brepas\w*|\brevis\w*|\bleer\b|\bcorreg\w*|\bcorrij\w*|\bexplic\w*|\bacompañ\w*",
    r"\bobservar\w*\b|\bpuesto\b|\bempleo\b|\bpreguntar\w*\b|\bpreguntas?\b|\breunirme\b|\bverla\b|\bverlo\b",
    r"\bentreg\w*|\bpresentar\w*\b|\brecuperar\b|\breponer\b|\bpr[oó]rroga\b|\bextensi[oó]n\b",
    r"\bplatic\w*|\bconvers\w*|\bcharl\w*|\breun\w*|\bexamen\b|\btrabajar\b|\bpracticar\b",
    r"\bayudar\w* (?:con|a) (?:el|la|los|las|mi|mis) \w+",
    r"\bpracticante\b|\bvacantes?\b|\b(?:lugar|espacio) para\b|\brecibirme\b",
)


# "¿Podría ir a su salón...?", "¿Puedo pasar...?", "me gustaría acompañarla...": a verb after
# "could I / I'd like to" names the thing asked for (LABELS.md section 9), unless it is one
# that names nothing ("saber", "tener", "hacer", "ayudarme" alone).
_MY_ACTION = any_of(
    r"\b(?:podr[ií]a|podr[ií]amos|puedo|pueda|podemos|me gustar[ií]a|quisiera|quer[ií]a|"
    r"ser[ií]a posible|es posible|estar[ií]a bien si|si (?:usted )?pudiera)\s+(?:yo\s+)?"
    r"(?!(?:saber|tener|hacer|ser|estar|decir|dar|aprender|pedir)(?:l[oa]s?|le|les|me|"
    r"nos|se)?\b)(?!ayudar(?:me|nos)\b)[a-záéíóúñ]*(?:ar|er|ir)(?:l[oa]s?|le|les|me|nos|se)?\b",
)


def _specific(text: str) -> bool:
    """One concrete thing (a call, a visit, a letter...) plus when or how long."""
    concrete = _CONCRETE.search(text) or _MY_ACTION.search(text)
    return bool(concrete) and bool(_WHEN.search(text) or _HOW_MUCH.search(text))


LANGUAGE = Language(
    code="es",
    name="Spanish",
    markers=words(
        """
        el la los las y que de en por para su usted me mi es gracias con estimado estimada
        hola soy llamo una un del muy le lo se sobre como pero porque está estoy tengo
        quisiera podría tendría atentamente saludos asunto clase escuela
        """
    ),
    subject_label=any_of(r"^asunto\s*(?::|\s[-–—]+)\s*(.*)$"),
    subject_filler=words(
        """
        hola buenas pregunta preguntas ayuda por favor urgente importante correo mensaje de
        la el un una mi para sobre a otra vez yo soy
        """
    ),
    subject_purpose=words(
        """
        recomendación recomendacion carta gracias agradecimiento entrevista conversación
        llamada trabajo empleo voluntariado prácticas practicas seguimiento visita beca
        solicitud tarea examen proyecto
        """
    ),
    greetings=(
        "estimado",
        "estimada",
        "estimados",
        "hola",
        "buenos días",
        "buenos dias",
        "buenas tardes",
        "buenas noches",
        "querido",
        "querida",
        "apreciado",
        "apreciada",
    ),
    informal_greetings=("qué onda", "que onda", "oye", "buenas", "quiubo", "qué tal", "que tal"),
    impersonal_greetings=("a quien corresponda", "a quien pueda interesar"),
    nameless_greeting_words=words("a todos todas"),  # a bare "señor" is a title with no name
    titles=words(
        """
        sr sra srta señor señora señorita dr dra doctor doctora profesor profesora profe
        enfermera enfermero juez jueza entrenador entrenadora capitán pastor padre chef
        maestro maestra ing ingeniero ingeniera lic licenciado licenciada coach don doña
        mr ms mrs
        """
    ),
    name_intro=any_of(
        r"\b(?i:me llamo|mi nombre es)\s+(?P<name>[^\W\d_][\w'-]*)",
        r"\b(?i:soy|habla|le escribe)\s+(?P<name2>[A-ZÁÉÍÓÚÑ][a-záéíóúñ][\w'-]*)",
        flags=0,
    ),
    not_names=words("Estudiante Alumna Alumno La El Una Un De Muy"),
    affiliation=any_of(
        r"\b(?:estudiante|alumn[oa]|grado|año|preparatoria|prepa|secundaria|escuela|colegio|"
        r"instituto|programa|club|equipo|clase|curso|periodo|primer|segundo|tercer|cuarto|"
        r"último)\b",
    ),
    staff_intro=any_of(
        r"\b(?:de|en) su (?:clase|curso|equipo|club|grupo)\b",
        r"\b(?:un[oa] de )?sus (?:alumn[oa]s|estudiantes|asesorad[oa]s)\b",
    ),
    family_link=any_of(
        r"\b(?:hij[oa]|sobrin[oa]|niet[oa]|prim[oa]) de\b|\bmi (?:mamá|mama|papá|papa|madre|"
        r"padre|tía|tia|tío|tio|abuel[oa]|familia)\b|\bmis padres\b|\bvecin[oa]s?\b|\biglesia\b",
        # a tie with the student, not a talk they heard (LABELS.md section 9)
        r"\busted (?:fue|era|ha sido) mi\b|\bfui (?:su|parte de su)\b|\bme conoce desde\b",
        r"\b(?:la|lo) conozco desde\b|\busted me (?:entren[oó]|enseñ[oó]|cuidaba|cuid[oó])\b",
        r"\b(?:amig[oa]|compañer[oa]) de su (?:hij[oa]|niet[oa]|sobrin[oa])\b",
        r"\bcon su (?:hij[oa]|niet[oa]|sobrin[oa])\b",
    ),
    connection=any_of(
        r"\b(?:la|lo) conoc[ií]\b|\bnos conocimos\b|\bconocí a usted\b",
        r"\b(?:vi|le[ií]|encontr[eé]|escuch[eé])\b[^.]{0,20}\bsu (?:anuncio|publicaci[oó]n|perfil|"
        r"p[aá]gina|art[ií]culo|charla|entrevista|trabajo)\b",
        r"\bme (?:dijo|sugiri[oó]|recomend[oó]|habl[oó]|dio su)\b",
        r"\bvisit[eé]\b|\busted (?:nos|me) (?:dio|dijo|mostr[oó]|enseñ[oó]|habl[oó]|explic[oó])\b",
        r"\bferia\b|\bcharla\b|\bpresentaci[oó]n\b|\bvisita\b|\bevento\b",
        r"\b(?:de|en) su (?:clase|curso|equipo|club|consultorio|oficina)\b",
        r"\bfui su alumn[oa]\b|\bsu (?:alumn[oa]|estudiante)\b|\bsu vecin[oa]\b",
        r"\ble escrib[ií]\b|\bmi (?:último|ultimo|anterior) correo\b|\bmi correo del?\b",
        r"\ble escribo (?:de nuevo|otra vez)\b|\bno he recibido respuesta\b",
        r"\b(?:fui|fue|era|estuve|estuvo|trabaj[eéó]|particip[eéó])\b[^.]{0,40}\ben su\b",
        r"\bhice mi pr[aá]ctica\b|\busted me (?:enseñ[oó]|ayud[oó]|mostr[oó])\b",
        # the student's own relation to the reader, any tense (LABELS.md 4 and 11)
        r"\b(?:trabaj[eé]|fui voluntari[oa]|serv[ií]|estuve|colabor[eé])\b[^.?!]{0,40}"
        r"\b(?:bajo su|con usted|para usted)\b",
        r"\ble (?:mand[eé]|envi[eé]|escrib[ií]|llam[eé])\b",
        r"\busted me (?:contrat[oó]|entren[oó]|atendi[oó]|trat[oó]|dio clases)\b",
        r"\b(?:llev[oa]|llevamos|llevan) (?:\w+ ){0,2}(?:comprando|viniendo|yendo|trayendo)\b"
        r"[^.?!]{0,40}\b(?:su|sus)\b",
        r"\bvecin[oa]s?\b|\biglesia\b|\bencontr[eé] su\b|\ble[ií] su\b",
        r"\bpas[eé] por su\b|\b(?:que|quien) le escrib\w*\b|\ble (?:mand|envi)[eé] un correo\b",
        r"\b(?:llev|compr|adopt|traig|celebr|com[eií]|cen|almorz|desayun)\w*\b[^.]{0,40}"
        r"\b(?:a|en|de) su [a-záéíóúñ]+",
        r"\b(?:trabaj|estudi|colabor)\w* con usted\b",
    ),
    thanks_for=any_of(r"\bgracias por\b|\bagradezco\b|\bagradecid[oa]\b"),
    personal=any_of(r"\b(?:me|mi|mis|m[ií]|conmigo)\b|\b\w+(?:ar|er|ir)me\b"),
    group=any_of(r"\b(?:nuestr[oa]s?|nos|nosotr[oa]s|tod[oa]s)\b"),
    request=any_of(
        r"¿|\?",
        r"\b(?:podr[ií]a|podr[ií]as|puede|tendr[ií]a|estar[ií]a dispuest[oa]|ser[ií]a posible)\b",
        r"\b(?:me gustar[ií]a|quisiera|quer[ií]a (?:ver|saber|preguntar|pedir))\b",
        r"\ble agradecer[ií]a\b|\bsi (?:usted )?pudiera\b",
        r"\ble escribo para (?:pedirle|preguntarle)\b",
        # "¿Tiene algún puesto...?", "¿Hay lugar...?": asking for an opening
        r"\b(?:tiene|tienen|tendr[ií]an|hay|habr[ií]a)\s+(?:alg[uú]n|alguna|algunos|algunas|"
        r"lugar|espacio|tiempo|vacantes?|puestos?)\b",
    ),
    hedges=any_of(
        r"\btal vez\b",
        r"\bquizás?\b",
        r"\bquizas\b",
        r"\ba lo mejor\b",
        r"\bo algo así\b",
        r"\balgún día\b",
        r"\bpor ahí\b",
        r"\bsi no es mucha molestia\b",
    ),
    is_specific=_specific,
    ask_kinds=(
        any_of(r"\bhablar\b|\bllamada\b|\breuni\w*|\bconvers\w*|\bplatic\w*|\bcharl\w*"),
        any_of(r"\bobservar\w*|\bacompañ\w*"),
        any_of(r"\brevis\w*|\bleer\b|\bcorreg\w*|\bcorrij\w*|\bcomentarios\b"),
        any_of(r"\bpr[aá]cticas?\b|\btrabajo\b|\bempleo\b|\bpuesto\b|\bvoluntari\w*"),
        any_of(r"\bvisit\w*|\bpasar por\b|\brecorrido\b"),
        any_of(r"\bcarta\b|\brecomendaci[oó]n\b|\breferencia\b"),
        any_of(r"\bpresentar(?:me)? a\b|\bponerme en contacto\b"),
    ),
    letter=any_of(r"recomendaci", r"\bcarta\b", r"\breferencia\b"),
    reask=any_of(r"\btodav[ií]a\b", r"\bde nuevo\b", r"\botra vez\b", r"\ba[uú]n\b"),
    deadline=any_of(
        r"\bfecha l[ií]mite\b",
        rf"\bantes del?\b[^.?!]{{0,30}}(?:{_MONTHS}|{_DAYS}|\d)",
        rf"\bvence\b|\bse entrega\b[^.?!]{{0,30}}(?:{_MONTHS}|{_DAYS})",
    ),
    provides=any_of(
        r"\b(?:env[ií]|mand|d[aoé]|llev|compart|entreg|adjunt|dej)\w*\b[^.?!]{0,60}\b(?:curr[ií]culum|"
        r"descripci[oó]n|formulario|lista|ensayo|expediente|solicitud|informaci[oó]n)\b",
    ),
    time_respect=any_of(
        r"\bocupad[oa]s?\b|\ble convenga\b|\bcuando (?:le|te) (?:convenga|quede bien)\b",
        r"\bcualquier (?:día|dia|tarde|mañana|momento|hora|lunes|martes|miércoles|jueves|"
        r"viernes|s[aá]bado|domingo|cosa|tarea|turno|horario)\b",
        r"\bsi no,? (?:el|la|puedo)\b|\btambi[eé]n (?:puedo|me funciona|me sirve)\b",
        r"\bestoy libre\b|\bestoy disponible\b|\bsi no es posible\b|\bentiendo si\b",
        r"\bno le funciona\b|\bunos minutos\b",
        rf"\b(?:\d+|{_NUMBERS})\s*minutos\b|\bmedia hora\b|\bno se preocupe\b",
        r"\bcuando (?:usted )?(?:pueda|tenga tiempo)\b|\bsi (?:usted )?(?:puede|tiene tiempo)\b",
        r"\b(?:tiene|tienen|recibe|reciben) (?:muchos|muchas|tantos|tantas|mucho) [a-záéíóúñ]+",
        rf"\b{_DAYS}\b[^.]{{0,20}}\b(?:o|u)\b[^.]{{0,10}}\b{_DAYS}\b",
        r"\bagenda (?:est[aá] )?(?:llena|apretada|ocupada)\b|\bme adapto\b|\bmucho pedir\b",
        r"\b(?:que|cuando|como) usted (?:prefiera|pueda|quiera)\b|\bsin prisa\b",
    ),
    thanks=any_of(r"\b(?:gracias|agradezco|agradecid[oa]|agradecer[ií]a|agradecimiento)\b"),
    closings=(
        "atentamente",
        "saludos cordiales",
        "un saludo",
        "saludos",
        "cordialmente",
        "gracias",
        "muchas gracias",
        "mil gracias",
        "con gratitud",
        "con agradecimiento",
        "con mucho agradecimiento",
        "respetuosamente",
        "le saluda atentamente",
        "muchas gracias por todo",
        "gracias de nuevo",
        "le agradezco su atención",
        "le agradezco su tiempo",
        "agradezco su atención",
        "agradezco su tiempo",
        "gracias por su atención",
        "gracias por su tiempo",
    ),
    informal_closings=(
        "besos",
        "abrazos",
        "un abrazo",
        "chao",
        "chau",
        "bye",
        "nos vemos",
        "con cariño",
        "cariños",
        "cariñosamente",
    ),
    text_speak=words("q xq pq tb tmb porfa xfa bn k salu2 tqm ntp npn"),
    text_speak_lowercase_only=words("q k"),
    acronyms=words("STEM NASA SAT ACT AP FAFSA ICU UNAM IPN ONU EEUU USA CPR"),
    shouted_short_words=words("MUY POR QUE SÍ NO YA"),
    lowercase_i=None,
    fields=(
        "ingeniería",
        "enfermería",
        "medicina",
        "veterinaria",
        "arquitectura",
        "periodismo",
        "derecho",
        "matemáticas",
        "álgebra",
        "historia",
        "biología",
        "química",
        "física",
        "ciencias",
        "cocina",
        "arte",
        "música",
        "programación",
        "negocios",
    ),
    address_titles=words("profe"),
    capitalised_titles=False,
    examples={
        "subject.informational": "Asunto: Llamada de 15 minutos sobre {field}",
        "subject.recommendation": "Asunto: Solicitud de carta de recomendación - {field}",
        "subject.thank_you": "Asunto: Gracias por su ayuda con {field}",
        "subject.job_inquiry": "Asunto: Pregunta sobre prácticas de verano en {field}",
        "subject.teacher_help": "Asunto: Ayuda con {field} antes del examen",
        "subject.follow_up": "Asunto: Seguimiento de mi pregunta sobre {field}",
        "greeting.school_staff": "Hola {title_name},",
        "greeting.professional": "Estimada {title_name},",
        "greeting.family_friend": "Estimado {title_name},",
        "intro.school_staff": "Soy {first}, de su clase de {field} del tercer periodo.",
        "intro.professional": (
            "Me llamo {full} y soy estudiante de tercer año en la preparatoria Lincoln."
        ),
        "intro.family_friend": "Me llamo {full}; mi mamá, Rosa, la conoce de la iglesia.",
        "intro.thank_you": (
            "Soy {full}, de la preparatoria Lincoln, y le escribo para darle las gracias."
        ),
        "intro.follow_up": "Soy {full}; le escribí la semana pasada sobre {field}.",
        "connection.school_staff": "Estoy en su clase de {field} del tercer periodo.",
        "connection.professional": (
            "Mi consejera, la Sra. Ortiz, me dijo que usted trabaja en {field}."
        ),
        "connection.family_friend": "Mi papá me dijo que usted trabaja en {field} desde hace años.",
        "connection.thank_you": "Gracias por mostrarme su trabajo en {field} el martes.",
        "connection.follow_up": "Le escribí el 2 de mayo sobre {field}.",
        "ask.informational": (
            "¿Tendría 15 minutos la próxima semana para hablar de cómo empezó en {field}?"
        ),
        "ask.recommendation": (
            "¿Estaría dispuesta a escribirme una carta de recomendación? La fecha límite es el "
            "1 de marzo y le enviaré mi currículum esta semana."
        ),
        "ask.job_inquiry": (
            "¿Podría acompañarla una mañana durante las vacaciones para conocer {field}?"
        ),
        "ask.teacher_help": (
            "¿Podría ir a su salón el miércoles en el almuerzo por 15 minutos para repasar {field}?"
        ),
        "ask.follow_up": (
            "¿Todavía tendría 15 minutos en las próximas dos semanas para hablar de {field}?"
        ),
        "ask.thank_you": "",
        "time_respect": "Sé que está muy ocupada, así que cualquier día que le convenga está bien.",
        "thanks": "Muchas gracias por su tiempo.",
        "signoff.school_staff": "Muchas gracias,\n{first}",
        "signoff.other": "Atentamente,\n{full}",
        "default_field.informational": "su campo",
        "default_field.recommendation": "verano",
        "default_field.thank_you": "mi proyecto",
        "default_field.job_inquiry": "su trabajo",
        "default_field.teacher_help": "la tarea",
        "default_field.follow_up": "una llamada corta",
        "default_first": "Ana",
        "default_full": "Ana Torres",
        "default_title_name": "Sra. Ortiz",
    },
)
