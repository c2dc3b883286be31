"""A Spanish-speaking student walks all three lessons in Spanish, switches language in the
middle of one, and sets their time zone; what is stored is the same as in English."""

from __future__ import annotations

from bot.core.engine import Coach
from bot.store.store import Store
from tests.support.chat import Chat

MAPEO = [
    "hola",
    "sí, claro",
    "Mamá",
    "me escucha y me da consejos",
    "muy cercana",
    "Tío Beto",
    "me da raite",
    "más o menos",
    "listo",  # familia
    "saltar",  # amigos
    "Profe Ramírez",
    "consejos",
    "más o menos",
    "listo",  # escuela
    "saltar",
    "saltar",
    "saltar",
    "saltar",
    "enfermería",
    "Profe Ramírez",
    "la señora Gómez",
]


async def test_a_spanish_student_walks_the_three_lessons(coach: Coach, store: Store) -> None:
    lucia = Chat(coach, user="lucia", language="es-MX")
    welcome = await lucia.say("hola")
    assert "Soy Orbit" in welcome and lucia.choices == ["Sí, empecemos", "No, gracias"]
    summary = await lucia.walk(*MAPEO[1:])
    assert "Familia: Mamá (muy cerca; apoyo emocional y consejos e información)" in summary
    assert "Tío Beto (más o menos; ayuda práctica)" in summary
    assert 'conocer mejor a "la señora Gómez"' in summary

    assert "Pedir ayuda es una habilidad" in await lucia.say("/leccion pedir_ayuda")
    await lucia.say("quiero entrar a un programa de enfermería")
    suggestions = await lucia.say("universidad")
    assert "- Profe Ramírez: te da consejos e información (más o menos)" in suggestions
    await lucia.say("Profe Ramírez")
    assert "muy general" in await lucia.say("ayúdame con la universidad")
    assert "Para cuándo" in await lucia.say("¿Podrías revisar mi ensayo 15 minutos esta semana?")
    assert "Cómo se lo vas a pedir" in await lucia.say("el viernes")
    assert "Vamos a ensayar" in await lucia.say("en persona")
    opening = "Hola profe, soy Lucía. ¿Tiene 15 minutos? Si no puede, no pasa nada."
    assert "Es una apertura muy buena" in await lucia.say(opening)
    saved = await lucia.say("15/12")  # day first: the 15th of December
    assert "para el 2026-11-27, y luego hablamos el 2026-12-15" in saved
    assert "¡Suerte!" in saved
    assert "A quién le vas a escribir" in await lucia.say("/leccion correo")
    await lucia.walk("Profe Ramírez", "una carta de recomendación", "un maestro de mi escuela")
    assert "Un buen correo de este tipo" in await lucia.say("el programa de verano")
    await lucia.say(
        "Asunto: Carta de recomendación\nHola, Profe Ramírez:\nSoy Lucía Pérez, de su clase de "
        "biología de tercera hora. ¿Me podría escribir una carta de recomendación para el "
        "programa de verano de enfermería? La fecha límite es el 1 de marzo y esta semana le "
        "mando mi currículum. Sé que está muy ocupado; cualquier momento le funciona.\n"
        "Gracias,\nLucía Pérez"
    )
    assert "listo para enviar" in await lucia.say("/listo")

    exported = await store.export(lucia.key)
    assert exported is not None
    assert exported["student"]["locale"] == "es"
    people = {p["name"]: p for p in exported["map"]}
    assert people["Mamá"]["domain"] == "family" and people["Mamá"]["closeness"] == "close"
    assert people["Mamá"]["supports"] == ["emotional", "advice"]
    assert people["Tío Beto"]["supports"] == ["practical"]
    assert people["Profe Ramírez"]["domain"] == "school"
    [ask] = exported["asks"]
    assert ask["kind"] == "career" and ask["how"] == "in_person"
    assert ask["by_date"] == "2026-11-27" and ask["follow_up_on"] == "2026-12-15"
    assert {lesson["lesson"] for lesson in exported["lessons"]} >= {"mapping", "help_seeking"}
    assert any(d["ready"] for d in exported["email_drafts"])


async def test_switching_language_mid_lesson_keeps_the_answers(coach: Coach, store: Store) -> None:
    ana = Chat(coach, user="ana", language="es")
    await ana.walk("hola", "sí", "Mamá")
    assert ana.choices[0] == "Apoyo emocional"
    switched = await ana.say("/language")
    assert "En qué idioma" in switched and ana.choices == ["English", "Español"]
    back = await ana.say("English")
    assert "from now on I will speak English" in back and "Back to Relationship mapping" in back
    assert "What does Mom give you" not in back and "What does Mamá give you?" in back
    assert ana.choices[0] == "Emotional support"
    await ana.say("emotional and advice")  # answered in English
    again = await ana.say("/idioma español")
    assert "Desde ahora te hablo en español" in again and "Qué tan cerca estás de Mamá" in again
    more = await ana.say("muy cerca")
    assert "Agregué a Mamá" in more and "alguien más en familia" in more.casefold()
    await ana.say("listo")
    peers = await ana.say("/idioma en")  # the loop's part of life follows the language
    assert "Friends and peers (friends, classmates" in peers
    exported = await store.export(ana.key)
    assert exported is not None and exported["student"]["locale"] == "en"
    [mom] = exported["map"]
    assert mom["supports"] == ["emotional", "advice"] and mom["closeness"] == "close"


async def test_the_choice_beats_the_platform_hint_and_the_hint_beats_the_default(
    coach: Coach,
) -> None:
    sam = Chat(coach, user="sam")  # no hint: the deployment's default
    assert "I'm Orbit" in await sam.say("hi")
    rosa = Chat(coach, user="rosa", language="es")
    await rosa.walk("hola", "dale")
    assert "/mapa: ver tu mapa" in await rosa.say("/ayuda")  # the hint, at consent
    await rosa.walk("/idioma", "1")  # English, by number
    assert "/map: see your map" in await rosa.say("/help")  # the choice beats the hint


async def test_spanish_command_names_work_for_everyone(coach: Coach) -> None:
    sam = Chat(coach, user="sam")
    await sam.walk("hi", "yes", "Mom", "advice", "close")
    assert "Your map (1 person)" in await sam.say("/mapa")
    assert "/privacy: what I store" in await sam.say("/ayuda")
    assert "Paused" in await sam.say("/pausa")
    assert "Welcome back" in await sam.say("/seguir")


async def test_a_student_sets_their_time_zone_with_a_confirmation(
    coach: Coach, store: Store
) -> None:
    ana = Chat(coach, user="ana", language="es")
    await ana.walk("hola", "sí")
    assert "Dónde vives" in await ana.say("/zona")
    assert "No encontré una zona horaria" in await ana.say("Atlantis")
    assert "America/Los_Angeles. ¿Es correcto?" in await ana.say("Los Ángeles")
    assert "Dónde vives" in await ana.say("no")
    assert "America/New_York" in await ana.say("Nueva York")
    saved = await ana.say("sí")
    assert "tu zona horaria es America/New_York" in saved
    exported = await store.export(ana.key)
    assert exported is not None and exported["student"]["timezone"] == "America/New_York"


async def test_nadie_mas_moves_on_and_stores_no_one(coach: Coach, store: Store) -> None:
    """ "Nadie más" at "¿Alguien más en familia?" is no one else, not a person named so."""
    vale = Chat(coach, user="vale", language="es")
    await vale.walk("hola", "sí", "mi prima Vale", "1 y 2", "muy cercana")
    reply = await vale.say("nadie más")
    assert "Nadie" not in reply and "Amigos" in reply  # the next part of life
    exported = await store.export(vale.key)
    assert exported is not None
    assert [p["name"] for p in exported["map"]] == ["Prima Vale"]
