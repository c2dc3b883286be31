"""The email lesson on Telegram: a draft sent one message per paragraph comes back with its
paragraphs, and a Spanish draft is answered with the rubric's Spanish sentences.

The real python-telegram-bot Application and adapter, on the recording Bot API.
"""

from __future__ import annotations

import html

from bot.adapters.telegram.incoming import conversation_key
from tests.telegram.botapi import press_update, text_update
from tests.telegram.harness import Bot

ANA = 502
PARAGRAPHS = [
    "Subject: Question about civil engineering\nDear Ms. Lopez,",
    "My name is Ana Torres and I am a junior at Lincoln High School. You spoke at our career "
    "day last month about your work as a civil engineer.",
    "Would you have 15 minutes for a short phone call in the next two weeks? I know you are "
    "busy, so any time that works for you is great.",
    "Thank you for considering it.",
    "Best regards,\nAna Torres",
]
SPANISH = [
    "Estimada Sra. Fuentes,",
    "Me llamo Lucía Vera y soy estudiante de tercer año en la preparatoria Lincoln. Mi "
    "consejera, la Sra. Ortiz, me dijo que usted es enfermera en el hospital San José.",
    "¿Tendría 15 minutos la próxima semana para hablar de su trabajo? Sé que está muy ocupada.",
    "Muchas gracias,\nLucía Vera",
]


async def start_email_lesson(bot: Bot) -> None:
    ids = iter(range(1, 100))
    await bot.feed(text_update(ANA, "hi", message_id=next(ids)))
    await bot.feed(press_update(ANA, "c:yes", bot.api.last_keyboard()))
    for answer in ("/lesson email", "Ms. Lopez", "1", "2", "civil engineering"):
        await bot.feed(text_update(ANA, answer, message_id=next(ids)))


async def send_draft(bot: Bot, paragraphs: list[str], first_id: int) -> str:
    for offset, paragraph in enumerate([*paragraphs, "/done"]):
        await bot.feed(text_update(ANA, paragraph, message_id=first_id + offset))
    return html.unescape("\n".join(bot.api.texts()))


async def test_a_draft_sent_one_paragraph_per_message_keeps_its_paragraphs(bot: Bot) -> None:
    await start_email_lesson(bot)
    bot.api.calls.clear()
    said = await send_draft(bot, PARAGRAPHS, first_id=50)
    assert "Your email is ready to send!" in said
    assert "\n\n".join(PARAGRAPHS) in said  # in the <pre> block, blank lines between
    exported = await bot.adapter.coach.store.export(conversation_key(ANA))
    assert exported is not None
    assert exported["email_drafts"][-1]["text"] == "\n\n".join(PARAGRAPHS)


async def test_a_spanish_draft_gets_spanish_feedback_on_telegram(bot: Bot) -> None:
    await start_email_lesson(bot)
    bot.api.calls.clear()
    said = await send_draft(bot, SPANISH, first_id=50)  # no "Asunto:" line
    assert "No hay línea de asunto." in said
    assert 'p. ej. "Asunto: Llamada de 15 minutos sobre civil engineering"' in said
    assert "There is no subject line" not in said and "e.g." not in said
