"""Spanish-speaking students and their staff: a crisis said in Spanish gets Spanish
resources and alerts the coordinator (in the deployment's language, naming the
student's); asking for a person in Spanish works too."""

from __future__ import annotations

import pytest

from bot.core.messages import ConversationKey
from bot.core.safety import SafetyRules
from bot.schedule.dispatcher import Dispatcher
from bot.store import cohorts
from bot.vocab.records import utcnow
from tests.support.chat import Chat
from tests.support.schedule import Clock, RecordingSender, make_cohort


async def test_a_spanish_crisis_message_gets_spanish_help_and_alerts_the_coordinator(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    staff = ConversationKey("test", "t1", "msr")
    await tx.run(cohorts.grant, staff, "coordinator", cohort.id, "Ms. Rivera", utcnow())
    lucia = Chat(scoach, user="lucia", language="es")
    await lucia.walk("hola", "sí")
    assert "Room 12" in await lucia.say(f"/unirme {cohort.join_code}")
    reply = await lucia.say("ya no quiero vivir más")
    assert "oprime 2" in reply and "AYUDA" in reply and "741741" in reply
    assert "Ya les avisé a los adultos" in reply and "/seguir" in reply
    await dispatcher.drain()
    (alert,) = sender.to("msr")
    assert alert.startswith("URGENT: Lucia") and "ya no quiero vivir más" in alert
    assert "They write in Spanish" in alert
    assert "Pusiste Orbit en pausa" in await lucia.say("Mamá")


async def test_asking_for_a_person_in_spanish(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    staff = ConversationKey("test", "t1", "msr")
    await tx.run(cohorts.grant, staff, "coordinator", cohort.id, "Ms. Rivera", utcnow())
    lucia = Chat(scoach, user="lucia", language="es")
    await lucia.walk("hola", "sí", f"/unirme {cohort.join_code}")
    assert "Le pedí a Ms. Rivera que te conteste" in await lucia.say(
        "quiero hablar con una persona sobre la universidad"
    )
    await dispatcher.drain()
    (alert,) = sender.to("msr")
    assert "asked to talk to a person" in alert and "They write in Spanish" in alert


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("no quiero vivir", True),
        ("NO KIERO VIVIR", True),
        ("quiero morirme", True),
        ("me quiero matar", True),
        ("me quiero cortar", True),
        ("me corté otra vez", True),
        ("mi papá me pega", True),
        ("mi tío abusó de mí", True),
        ("me corrieron de mi casa", True),
        ("no tengo dónde dormir", True),
        ("a nadie le importo", True),
        ("soy una carga para todos", True),
        ("ya no aguanto", True),  # also said of homework: a false alarm is the cheap mistake
        ("me muero de risa", False),
        ("no estoy seguro", False),
        ("me corté el pelo", False),
        ("mañana me toca exponer", False),
        ("me corrieron de la clase", False),
        ("quiero ser enfermera", False),
        ("matar el tiempo", False),
    ],
)
def test_the_spanish_crisis_list_is_conservative(text: str, crisis: bool) -> None:
    assert SafetyRules.load().is_crisis(text) is crisis


def test_each_language_has_its_own_resources() -> None:
    rules = SafetyRules.load()
    assert any("oprime 2" in line for line in rules.resources_for("es"))
    assert any("AYUDA" in line and "741741" in line for line in rules.resources_for("es"))
    assert rules.resources_for("en") == rules.resources == rules.resources_for("fr")


async def test_a_check_in_speaks_each_students_language(
    tx, scoach, dispatcher: Dispatcher, sender: RecordingSender, clock: Clock
) -> None:
    cohort = await make_cohort(tx, clock)
    lucia = Chat(scoach, user="lucia", language="es")
    await lucia.walk("hola", "sí", f"/unirme {cohort.join_code}")
    ben = Chat(scoach, user="ben")
    await ben.walk("hi", "yes", f"/join {cohort.join_code}")
    checkin = await tx.run(
        lambda conn: cohorts.create_checkin(
            conn,
            cohort_id=cohort.id,
            message="Hi all! Quick check-in.",
            question="",
            cron="",
            at=clock(),
            timezone=cohort.timezone,
            now=clock(),
            translations={"es": {"message": "¡Hola a todos! Un mensaje rápido."}},
        )
    )
    from bot.schedule import checkins

    await tx.run(checkins.enqueue_occurrence, checkin.id, clock(), clock())
    await dispatcher.drain()
    assert sender.to("lucia") == ["Un mensaje de tu programa:\n¡Hola a todos! Un mensaje rápido."]
    assert sender.to("ben") == ["A check-in from your program:\nHi all! Quick check-in."]
