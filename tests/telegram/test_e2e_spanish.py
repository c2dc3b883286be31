"""End to end in Spanish: `orbit run telegram` against telegram-test-api, a student whose
Telegram app is in Spanish (`language_code: "es"`) walks the three lessons, typing and
pressing Spanish buttons, switches to English and back in the middle of one; the stored
answers are the same values an English walk stores, and the command menu is set for
Spanish-speaking students too."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.adapters.telegram.incoming import conversation_key
from bot.store.store import Store
from tests.telegram.emulator_client import Emulator, Student
from tests.telegram.test_e2e_emulator import ANA, MISSING, TOKEN, emulator, orbit, texts

pytestmark = pytest.mark.skipif(MISSING is not None, reason=str(MISSING))
__all__ = ["emulator", "orbit"]  # fixtures shared with the English walk


@pytest.fixture
async def lucia(emulator: Emulator) -> AsyncIterator[Student]:
    async with httpx.AsyncClient(base_url=emulator.url, timeout=5) as http:
        yield Student(http, TOKEN, ANA, name="Lucía", language_code="es")


async def test_a_spanish_student_walks_the_three_lessons_on_telegram(
    orbit: subprocess.Popen[str],
    lucia: Student,
    sqlite_url: str,
    emulator: Emulator,
    tmp_path: Path,
) -> None:
    welcome = texts(await lucia.say("/start"))
    assert "Soy Orbit" in welcome and "Lo que guardo y por qué" in welcome
    assert "Familia</b> (papás" in texts(await lucia.press("Sí, empecemos"))
    await lucia.say("Mamá")
    await lucia.press("Apoyo emocional")
    await lucia.press("Consejos e información")
    assert "Qué tan cerca estás de Mamá" in texts(await lucia.press("Listo"))
    assert "Alguien más en familia" in texts(await lucia.press("Muy cerca"))
    await lucia.say("listo")
    english = texts(await lucia.say("/language"))  # mid-lesson, at "amigos y compañeros"
    assert "En qué idioma" in english
    switched = texts(await lucia.press("English"))
    assert "Friends and peers</b> (friends" in switched
    await lucia.say("Sam")
    await lucia.press("Practical help")
    assert "How close are you and Sam?" in texts(await lucia.press("Done"))
    back = texts(await lucia.say("/idioma español"))  # a Spanish command name, with its answer
    assert "Desde ahora te hablo en español" in back and "Qué tan cerca estás de Sam" in back
    await lucia.say("más o menos")
    await lucia.say("listo")
    for _ in range(5):  # escuela ... en línea
        await lucia.say("saltar")
    await lucia.say("enfermería")
    await lucia.say("nadie todavía")
    summary = texts(await lucia.say("nadie"))
    assert (
        "Familia</b>: Mamá (muy cerca" in summary and "Sam (más o menos; ayuda práctica)" in summary
    )

    await lucia.say("/leccion pedir_ayuda")
    await lucia.say("quiero entrar a un programa de enfermería")
    assert "Personas de tu mapa" in texts(await lucia.press("Universidad o carrera"))
    await lucia.say("Mamá")
    await lucia.say("¿Podrías ayudarme a llenar la solicitud 30 minutos el sábado?")
    await lucia.say("el sábado")
    await lucia.press("En persona")
    await lucia.say("Mamá, ¿me ayudas con la solicitud el sábado? Si no puedes, no pasa nada.")
    saved = texts(await lucia.say("en dos semanas"))
    assert "Tu plan quedó guardado" in saved

    assert "A quién le vas a escribir" in texts(await lucia.say("/leccion correo"))
    await lucia.say("Sra. Rivera")
    await lucia.press("Pedirle ayuda a un maestro")
    await lucia.press("Un maestro, entrenador")
    assert "Un buen correo" in texts(await lucia.say("mi ensayo"))
    await lucia.say(
        "Asunto: Pregunta sobre mi ensayo\nHola, Sra. Rivera:\nSoy Lucía Pérez, de su clase "
        "de inglés de tercera hora. ¿Podría pasar a su salón el miércoles a la hora del "
        "almuerzo 15 minutos para revisar mi ensayo? Sé que está muy ocupada; si no puede, no "
        "pasa nada.\nGracias,\nLucía Pérez"
    )
    reviewed = texts(await lucia.say("/listo"))
    assert "listo para enviar" in reviewed or "Comentarios sobre el borrador" in reviewed

    async with httpx.AsyncClient(base_url=emulator.url) as http:
        menu = (await http.post(f"/bot{TOKEN}/getMyCommands", json={"language_code": "es"})).json()[
            "result"
        ]
    assert {"command": "mapa", "description": "Ver tu mapa"} in menu

    orbit.send_signal(signal.SIGTERM)
    orbit.wait(timeout=20)
    stderr = (tmp_path / "orbit.log").read_text()
    assert orbit.returncode == 0 and "Traceback" not in stderr, stderr

    store = await Store(sqlite_url).open()
    try:
        exported = await store.export(conversation_key(ANA))
    finally:
        await store.close()
    assert exported is not None and exported["student"]["locale"] == "es"
    people = {p["name"]: p for p in exported["map"]}
    assert (people["Mamá"]["domain"], people["Mamá"]["closeness"]) == ("family", "close")
    assert sorted(people["Mamá"]["supports"]) == ["advice", "emotional"]
    assert (people["Sam"]["domain"], people["Sam"]["supports"]) == ("peers", ["practical"])
    assert people["Sam"]["closeness"] == "between"
    [ask] = exported["asks"]
    assert (ask["kind"], ask["how"], ask["helper"]) == ("career", "in_person", "Mamá")
    assert {lesson["lesson"] for lesson in exported["lessons"]} >= {"mapping", "help_seeking"}
    assert exported["email_drafts"] and exported["email_drafts"][-1]["purpose"] == "teacher_help"
