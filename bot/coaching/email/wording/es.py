"""Spanish wording of the rubric, for drafts written in Spanish.

The student is addressed as "tú" (the coach talks to a teenager); the examples, from
``languages/es.py``, show the "usted" a student uses with the adult they write to.
"""

from __future__ import annotations

from bot.coaching.email.wording.base import Wording

_EVIDENCE: dict[str, dict[str, str]] = {
    "subject": {
        "pass": 'Tu asunto es "{quote}".',
        "missing": "No hay línea de asunto.",
        "empty": "La línea de asunto está, pero vacía.",
        "vague": 'Tu asunto es "{quote}", que no dice de qué trata el correo.',
    },
    "greeting": {
        "pass_title": 'Empezaste con "{quote}".',
        "pass_first_name": 'Empezaste con "{quote}", usando su nombre de pila.',
        "missing": 'El correo empieza con "{quote}", sin saludo.',
        "informal": 'Escribiste "{quote}", que es como saludarías a un amigo.',
        "impersonal": 'Escribiste "{quote}", que no nombra a la persona.',
        "no_name": 'Escribiste "{quote}" sin su nombre.',
        "name_format": 'Escribiste "{quote}", con su nombre incompleto.',
    },
    "introduction": {
        "pass": 'Te presentaste: "{quote}".',
        "missing": "El correo nunca dice quién eres.",
        "signed_only": 'Firmaste "{quote}", pero antes el correo nunca dice quién eres.',
        "no_affiliation": 'Escribiste "{quote}", pero no tu escuela, grado, clase o programa.',
        "no_family_link": 'Escribiste "{quote}", pero no cómo te conoce tu familia.',
    },
    "connection": {
        "pass": 'Dijiste cómo la conoces: "{quote}".',
        "missing": "El correo no dice cómo conoces a la persona ni cómo la encontraste.",
    },
    "ask": {
        "pass": 'Tu petición: "{quote}".',
        "thank_you": "Es una nota de agradecimiento, así que no necesita una petición.",
        "missing": "El correo no le pide nada.",
        "vague_what": 'Tu petición, "{quote}", no nombra una cosa concreta.',
        "vague_bounds": 'Tu petición, "{quote}", no dice cuándo ni cuánto tiempo tomaría.',
        "hedged": 'Tu petición, "{quote}", está tan suavizada que cuesta decirle que sí.',
        "buried": 'Tu petición, "{quote}", llega tarde; alguien ocupado quizá no llegue a leerla.',
        "several": "El correo pide {count} cosas distintas a la vez ({quote}).",
        "rec_deadline": 'Tu petición, "{quote}", no da la fecha límite.',
        "rec_provides": 'Tu petición, "{quote}", no dice qué le vas a enviar.',
        "rec_both": 'Tu petición, "{quote}", no da la fecha límite ni dice qué le vas a enviar.',
    },
    "time_respect": {
        "pass": 'Mostraste respeto por su tiempo: "{quote}".',
        "thank_you": "Una nota de agradecimiento no le pide tiempo.",
        "missing": "Nada muestra que sabes que es una persona ocupada.",
    },
    "thanks": {
        "pass": 'Le diste las gracias: "{quote}".',
        "missing": "El correo nunca le da las gracias.",
    },
    "signoff": {
        "pass": 'Te despediste con "{quote}".',
        "missing": 'El correo termina con "{quote}", sin despedida.',
        "informal": 'Te despediste con "{quote}", como en un mensaje a un amigo.',
        "no_name": 'Te despediste con "{quote}", pero no firmaste con tu nombre.',
        "short_name": 'Firmaste "{quote}", que no es tu nombre completo.',
        "name_case": 'Firmaste "{quote}"; los nombres llevan mayúscula.',
        "name_mismatch": 'Firmaste "{quote}", pero tu nombre es {student_name}.',
    },
    "length": {
        "pass": "El cuerpo tiene {count} palabras.",
        "short": "El cuerpo tiene solo {count} palabras.",
        "long": "El cuerpo tiene {count} palabras.",
    },
    "mechanics": {
        "pass": "No hay abreviaturas de chat, gritos, emojis ni nombres en minúscula.",
        "issues": "Escribiste {quotes}.",
    },
}

_ADVICE: dict[str, dict[str, str]] = {
    "subject": {
        "missing": 'Añade una primera línea que diga por qué escribes, p. ej. "{example}".',
        "empty": 'Complétala con tu propósito, p. ej. "{example}".',
        "vague": 'Mejor di tu propósito, p. ej. "{example}".',
    },
    "greeting": {
        "pass_first_name": (
            "Está bien si te pidió que usaras su nombre de pila; si no, es más seguro un "
            'título y su apellido, p. ej. "{example}".'
        ),
        "missing": 'Empieza con un saludo y su nombre, p. ej. "{example}".',
        "informal": 'Prueba con "{example}": un título y el apellido muestran respeto.',
        "impersonal": 'Busca su nombre y úsalo, p. ej. "{example}"; una carta genérica se ignora.',
        "no_name": 'Añade su título y apellido, p. ej. "{example}".',
        "name_format": 'Usa su apellido completo, p. ej. "{example}".',
    },
    "introduction": {
        "missing": 'Di quién eres al principio, p. ej. "{example}"',
        "signed_only": 'Di quién eres al principio, p. ej. "{example}"',
        "no_affiliation": 'Añade de dónde te conoce, p. ej. "{example}"',
        "no_family_link": 'Añade cómo te conoce tu familia, p. ej. "{example}"',
    },
    "connection": {
        "missing": 'Añade una línea sobre cómo la conoces o la encontraste, p. ej. "{example}"'
    },
    "ask": {
        "missing": 'Añade una petición clara, p. ej. "{example}"',
        "vague_what": 'Nombra una cosa y cuándo, p. ej. "{example}"',
        "vague_bounds": 'Di cuándo o cuánto tiempo, p. ej. "{example}"',
        "hedged": 'Dilo claro, una sola vez: "{example}"',
        "buried": 'Súbela al primer o segundo párrafo, p. ej. "{example}"',
        "several": 'Elige la que más importa y pide solo eso, p. ej. "{example}"',
        "rec_deadline": 'Añade la fecha límite y lo que le vas a enviar, p. ej. "{example}"',
        "rec_provides": 'Ofrece lo que le vas a enviar, p. ej. "{example}"',
        "rec_both": 'Añade la fecha límite y lo que le vas a enviar, p. ej. "{example}"',
    },
    "time_respect": {"missing": 'Una línea corta ayuda: "{example}"'},
    "thanks": {"missing": 'Dale las gracias antes de despedirte, p. ej. "{example}"'},
    "signoff": {
        "missing": 'Termina con una despedida y tu nombre, p. ej. "{example}".',
        "informal": 'Usa una despedida formal, p. ej. "{example}".',
        "no_name": 'Pon tu nombre en la línea debajo de la despedida, p. ej. "{example}".',
        "short_name": 'Firma con tu nombre y apellido, p. ej. "{example}".',
        "name_case": 'Escribe tu nombre con mayúscula, p. ej. "{example}".',
        "name_mismatch": "Firma con tu nombre tal como es: {student_name}.",
    },
    "length": {
        "short": "Para {standard}, apunta a {low}-{high} palabras: {parts}.",
        "long": (
            "Para {standard}, no pases de {high} palabras: quita la historia de fondo y "
            "guárdala para la conversación."
        ),
    },
    "mechanics": {
        "text_speak": (
            'Escribe las palabras completas ("que", "por favor", "porque"); las abreviaturas '
            "parecen un mensaje de chat."
        ),
        "caps": (
            "Escribe con mayúsculas y minúsculas normales; todo en mayúsculas parece un grito "
            "(las siglas están bien)."
        ),
        "bangs": 'Usa como mucho un "!" o un "?".',
        "lowercase_i": 'En inglés, escribe siempre "I" con mayúscula.',
        "emoji": "Deja fuera los emojis y las caritas en un correo así.",
        "lowercase_name": 'Escribe su nombre con mayúscula en el saludo, p. ej. "{example}".',
    },
}

WORDING = Wording(
    evidence=_EVIDENCE,
    advice=_ADVICE,
    length_parts={
        "thank_you": "qué hizo, qué cambió para ti y las gracias",
        "follow_up": "quién eres, cuándo le escribiste, tu petición otra vez y las gracias",
        "other": "quién eres, cómo la conoces, qué quieres y las gracias",
    },
    purpose_names={
        "informational": "una petición de conversación breve",
        "recommendation": "una petición de carta de recomendación",
        "thank_you": "una nota de agradecimiento",
        "job_inquiry": "una consulta sobre trabajo, prácticas u observación",
        "teacher_help": "una petición de ayuda",
        "follow_up": "un seguimiento",
    },
    audience_names={
        "school_staff": "un maestro o alguien del personal de tu escuela",
        "professional": "un profesional",
        "family_friend": "un amigo de la familia",
    },
    standard="{purpose} a {audience}",
    and_word="y",
)
