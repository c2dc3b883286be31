"""A Spanish-speaking student walks all three lessons through `orbit chat --language es`
piped (a real subprocess and database file), switches language in the middle of a lesson,
and `orbit export` shows what was stored: option values, not words of either language."""

from __future__ import annotations

import json

from tests.support.cli import db, orbit  # noqa: F401  (db: a migrated SQLite fixture)

WALK = [
    "hola",
    "sí",
    "Mamá",
    "me escucha y me da consejos",
    "muy cercana",
    "listo",  # familia
    "saltar",  # amigos y compañeros
    "/language english",  # mid-lesson: the next part of life comes in English
    "Ms. Rivera",
    "advice",
    "in between",
    "/idioma español",  # and back, still mid-question
    "listo",  # escuela
    "saltar",
    "saltar",
    "saltar",
    "saltar",
    "enfermería",
    "Ms. Rivera",
    "nadie todavía",
    "/leccion pedir_ayuda",
    "quiero entrar a un programa de enfermería",
    "universidad",
    "Ms. Rivera",
    "¿Podrías revisar mi ensayo para la universidad 15 minutos esta semana?",
    "el viernes",
    "en persona",
    "Hola, soy Lucía. ¿Tiene 15 minutos después de clase? Si no puede, no pasa nada.",
    "en dos semanas",
    "/leccion correo",
    "Ms. Rivera",
    "pedirle ayuda a un maestro",
    "un maestro de mi escuela",
    "mi ensayo",
    "Asunto: Pregunta sobre mi ensayo",
    "Hola, Sra. Rivera:",
    "Soy Lucía Pérez, de su clase de inglés de tercera hora. ¿Podría pasar a su salón el "
    "miércoles a la hora del almuerzo 15 minutos para revisar mi ensayo? Sé que está muy "
    "ocupada; si no puede, no pasa nada.",
    "Gracias,",
    "Lucía Pérez",
    "/listo",
]


def test_a_spanish_student_walks_three_lessons_through_orbit_chat(db: str) -> None:  # noqa: F811
    result = orbit(
        "chat", "--user", "lucia", "--language", "es", "--db", db, stdin="\n".join(WALK) + "\n"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Soy Orbit" in out and "Familia (papás, abuelos" in out
    assert "from now on I will speak English" in out and "School staff (teachers" in out
    assert "Desde ahora te hablo en español" in out
    assert "Pedir ayuda es una habilidad" in out and "Tu plan quedó guardado" in out
    assert "Un buen correo de este tipo tiene estas partes" in out
    assert "Traceback" not in result.stderr

    exported = orbit("export", "--user", "lucia", "--db", db)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["student"]["locale"] == "es"
    people = {p["name"]: p for p in data["map"]}
    assert people["Mamá"] == {**people["Mamá"], "domain": "family", "closeness": "close"}
    assert people["Mamá"]["supports"] == ["emotional", "advice"]
    assert people["Ms. Rivera"]["domain"] == "school"  # answered in English
    assert (people["Ms. Rivera"]["supports"], people["Ms. Rivera"]["closeness"]) == (
        ["advice"],
        "between",
    )
    [ask] = data["asks"]
    assert (ask["kind"], ask["how"], ask["helper"]) == ("career", "in_person", "Ms. Rivera")
    done = {lesson["lesson"] for lesson in data["lessons"]}
    assert {"mapping", "help_seeking"} <= done
    assert data["email_drafts"] and data["email_drafts"][-1]["purpose"] == "teacher_help"


def test_a_check_in_with_a_spanish_message_from_the_command_line(db: str) -> None:  # noqa: F811
    made = orbit("cohort", "create", "Room 12", "--timezone", "America/Chicago", "--db", db)
    assert made.returncode == 0, made.stderr
    made = orbit(
        "checkin", "create", "--cohort", "Room 12", "--at", "2026-12-01T15:30",
        "--message", "How is your week?", "--message-in", "es=¿Cómo va tu semana?",
        "--question", "Who helped?", "--question-in", "es=¿Quién te ayudó?", "--db", db,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    bad = orbit(
        "checkin", "create", "--cohort", "Room 12", "--at", "2026-12-01T15:30",
        "--message", "Hi", "--message-in", "spanish: hola", "--db", db,
    )  # fmt: skip
    assert bad.returncode != 0 and 'es="..."' in bad.stderr + bad.stdout
